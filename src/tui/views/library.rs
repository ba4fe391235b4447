//! The library: every article of the folder with its title and counts.

use crate::keys::Command;
use crate::keys::help::{hints, key_of};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::text::display::{display_name, display_path};
use crate::text::{self, Direction, Options};
use crate::tui::app::App;

use super::{Theme, paint_dim_row, paint_line, paint_list, paint_status, paint_title};

/// What the status line offers when nothing else is said.
const HINTS: [Command; 5] = [
    Command::Open,
    Command::Filter,
    Command::NotesList,
    Command::Help,
    Command::Quit,
];

/// "Esc clears", with the key that does.
fn clears(app: &App) -> String {
    key_of(&app.config.keys, Command::ClearFilter)
        .map_or_else(|| "/ and Backspace clear".into(), |k| format!("{k} clears"))
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let ltr = Options {
        direction: Direction::Ltr,
        ..app.opts
    };
    // Title bar.
    let (shown, total) = (app.library.visible.len(), app.library.entries.len());
    let count = if let Some(reading) = super::reading(app) {
        format!("{shown}/{total} · {reading}")
    } else if app.library.filter_pending {
        format!("{shown}/{total} · searching…")
    } else if app.library.sort != crate::tui::app::SortBy::Name {
        format!("{shown}/{total} by {}", app.library.sort.name())
    } else {
        format!("{shown}/{total} articles")
    };
    let title = format!("hamish — {}", display_name(&app.dir));
    paint_title(buf, area, &title, &count, app.opts, theme);
    if area.height < 3 {
        return;
    }

    // Columns: file, paragraphs, words, title (the rest, flush right if RTL).
    let w = area.width;
    let name_w = (w * 3 / 10).clamp(4, 30);
    let num_w: u16 = if w >= 40 { 6 } else { 0 };
    // Annotation count and tag marks: "✎12 CKS".
    let notes_w: u16 = if w >= 60 { 8 } else { 0 };
    let notes_x = area.x + 1 + name_w + 1 + 2 * num_w + 1;
    let title_x = notes_x + notes_w + 1;
    let title_w = (area.x + w).saturating_sub(title_x + 1);
    let header_y = area.y + 1;
    let head_style = Style::new().add_modifier(Modifier::BOLD);
    buf.set_stringn(
        area.x + 1,
        header_y,
        "file",
        usize::from(name_w),
        head_style,
    );
    if num_w > 0 {
        buf.set_stringn(area.x + 2 + name_w, header_y, "  para", 6, head_style);
        buf.set_stringn(
            area.x + 2 + name_w + num_w,
            header_y,
            " words",
            6,
            head_style,
        );
    }
    if title_w > 5 {
        buf.set_stringn(title_x + title_w - 5, header_y, "title", 5, head_style);
    }

    let list_top = area.y + 2;
    let rows = area.height.saturating_sub(3);
    if app.library.entries.is_empty() || app.library.visible.is_empty() {
        let msg = if app.library.entries.is_empty() {
            format!("No articles (.txt or .md) in {}", display_path(&app.dir))
        } else if app.library.filter_pending {
            "Searching the articles' text…".to_string()
        } else {
            format!("No article matches the filter ({})", clears(app))
        };
        let line = text::one_line(&msg, usize::from(w.saturating_sub(2)).max(1), ltr);
        paint_dim_row(buf, area, list_top, &line, theme);
    }
    paint_list(
        buf,
        area,
        list_top,
        rows,
        &app.library.visible,
        app.library.selected,
        theme,
        |buf, i, y, style| {
            let e = &app.library.entries[i];
            let name = text::one_line(&e.name, usize::from(name_w), ltr);
            // Opened before: its name dim, as a mail client shows mail read.
            let name_style = if app.positions.get(&e.path).is_some() {
                style.add_modifier(Modifier::DIM)
            } else {
                style
            };
            paint_line(buf, area.x + 1, y, name_w, &name, name_style, |_| None);
            if num_w > 0 && e.loaded {
                let nums = format!(" {:>5} {:>5}", compact(e.paragraphs), compact(e.words));
                buf.set_stringn(area.x + 2 + name_w, y, nums, usize::from(2 * num_w), style);
            }
            if notes_w > 0
                && let Some(n) = app.article_notes.get(&e.path).filter(|n| n.count > 0)
            {
                // Progress: paragraphs annotated, of all (else the count).
                let done = app.annotated_paragraphs(&e.path);
                let count = if done > 0 && e.loaded {
                    format!("✎{}/{}", compact(done), compact(e.paragraphs))
                } else {
                    format!("✎{}", compact(n.count))
                };
                let count_w = count.chars().count().min(usize::from(notes_w));
                buf.set_stringn(notes_x, y, &count, count_w, style);
                let mut mx = notes_x + count_w as u16 + 1;
                let room = usize::from(notes_w).saturating_sub(count_w + 1);
                let tags: Vec<_> = n.tags.iter().filter_map(|id| app.config.tag(id)).collect();
                // More tags than room: the last place says so.
                let shown = if tags.len() > room {
                    room.saturating_sub(1)
                } else {
                    tags.len()
                };
                for t in &tags[..shown] {
                    buf.set_string(mx, y, t.mark.to_string(), theme.tag(t.color).patch(style));
                    mx += 1;
                }
                if shown < tags.len() && room > 0 {
                    buf.set_string(mx, y, "+", style.add_modifier(Modifier::BOLD));
                }
            }
            // The article's labels (T): their letters, reversed, before
            // the title.
            let mut tx = title_x;
            let mut tw = title_w;
            let labels = app
                .article_notes
                .get(&e.path)
                .map_or(&[][..], |n| &n.labels[..]);
            for id in labels.iter().take(3) {
                if tw < 8 {
                    break;
                }
                let mark = app.config.tag(id).map_or('?', |t| t.mark);
                let st = app
                    .config
                    .tag(id)
                    .map_or(style, |t| theme.tag(t.color).patch(style))
                    .add_modifier(Modifier::REVERSED);
                buf.set_string(tx, y, mark.to_string(), st);
                tx += 2;
                tw -= 2;
            }
            if tw > 0 {
                let excerpt = if e.loaded { e.excerpt.as_str() } else { "…" };
                let title = text::one_line(excerpt, usize::from(tw), app.opts);
                paint_line(buf, tx, y, tw, &title, style, |_| None);
            }
        },
    );

    // Status line: the prompt while filtering, else a message or the hints.
    let line = match &app.message {
        Some(m) => m.clone(),
        None if app.library.filter.is_empty() => hints(&app.config.keys, &HINTS),
        None => format!("filter: {} · {}", app.library.filter, clears(app)),
    };
    paint_status(buf, area, app, &line, theme);
}

/// A count in at most five characters: 12345, 123k, 1.2M, 12M.
fn compact(n: usize) -> String {
    match n {
        0..=99_999 => n.to_string(),
        100_000..=999_999 => format!("{}k", n / 1000),
        1_000_000..=9_999_999 => format!("{:.1}M", n as f64 / 1e6),
        10_000_000..=99_999_999 => format!("{}M", n / 1_000_000),
        _ => ">99M".to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_fit_five_characters() {
        assert_eq!(super::compact(41471), "41471");
        assert_eq!(super::compact(1_119_171), "1.1M");
        assert_eq!(super::compact(519_000), "519k");
        for n in [
            0,
            9,
            99_999,
            100_000,
            999_999,
            1_000_000,
            9_999_999,
            99_999_999,
            usize::MAX,
        ] {
            assert!(super::compact(n).len() <= 5, "{n}");
        }
    }
}
