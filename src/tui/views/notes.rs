//! `A`: every annotation of the corpus, filterable by tag and text.

use crate::keys::Command;
use crate::keys::help::{hints, key_of, tag_keys};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use crate::notes::Status;
use crate::text::{self, Direction, Options};
use crate::tui::app::App;

use super::reader::paint_marks;
use super::{MARKS_WIDTH, Theme, paint_dim_row, paint_line, paint_list, paint_status, paint_title};

/// What the status line offers when nothing else is said: opening,
/// filtering, the tag keys, going back.
fn hint_line(app: &App) -> String {
    let keys = &app.config.keys;
    let tags: Vec<char> = app.config.tags.iter().map(|t| t.key).collect();
    let mut parts = vec![hints(
        keys,
        &[Command::Open, Command::Filter, Command::GroupNotes],
    )];
    if !tags.is_empty() {
        parts.push(format!("{} tag filter", tag_keys(&tags)));
    }
    parts.push(hints(keys, &[Command::Back]));
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let list = &app.notes_list;
    let ltr = Options {
        direction: Direction::Ltr,
        ..app.opts
    };
    let (shown, total) = (list.visible.len(), list.rows.len());
    let count = if let Some(reading) = super::reading(app) {
        format!("{shown}/{total} · {reading}")
    } else {
        format!("{shown}/{total} annotations")
    };
    let filter = if list.tags.is_empty() {
        "Annotations".to_string()
    } else {
        format!("Annotations tagged {}", list.tags.join(" + "))
    };
    paint_title(buf, area, &filter, &count, app.opts, theme);
    if area.height < 3 {
        return;
    }
    let w = area.width;
    let name_w = (w / 4).clamp(6, 28);
    let largest = list
        .rows
        .iter()
        .filter_map(|r| r.para)
        .max()
        .map_or(1, |p| p + 1);
    let para_w = super::para_cells(largest);
    let marks_x = area.x + 1 + name_w + 1 + para_w + 1;
    let note_x = marks_x + MARKS_WIDTH + 2;
    let note_w = (area.x + w).saturating_sub(note_x + 1);
    let rows = area.height.saturating_sub(2);
    let top = area.y + 1;
    if list.visible.is_empty() {
        let msg = if list.rows.is_empty() && app.scanning() {
            "Reading the articles' annotations…".to_string()
        } else if list.rows.is_empty() {
            let keys = &app.config.keys;
            match (key_of(keys, Command::Tags), key_of(keys, Command::Note)) {
                (Some(t), Some(a)) => format!(
                    "No annotations yet: in the reader, {t} tags a paragraph and {a} writes a note"
                ),
                _ => "No annotations yet".to_string(),
            }
        } else {
            "No annotation matches the filter".to_string()
        };
        let line = text::one_line(&msg, usize::from(w.saturating_sub(2)).max(1), ltr);
        paint_dim_row(buf, area, top, &line, theme);
    }
    let several = list
        .rows
        .iter()
        .any(|r| list.rows.first().is_some_and(|f| f.author != r.author));
    paint_list(
        buf,
        area,
        top,
        rows,
        &list.visible,
        list.selected,
        theme,
        |buf, i, y, style| {
            let row = &list.rows[i];
            let group = list.group_of(i);
            let name = text::one_line(&row.article, usize::from(name_w), ltr);
            paint_line(buf, area.x + 1, y, name_w, &name, style, |_| None);
            let para = match (row.para, row.whole) {
                (Some(p), _) => format!("¶{:>1$}", p + 1, usize::from(para_w) - 1),
                (None, true) => "all".to_string(),
                (None, false) => "orphan".to_string(),
            };
            buf.set_stringn(area.x + 2 + name_w, y, para, usize::from(para_w), style);
            if note_x < area.x + w {
                let mut tags: Vec<String> = Vec::new();
                for r in &group {
                    for t in &r.tags {
                        if !tags.contains(t) {
                            tags.push(t.clone());
                        }
                    }
                }
                paint_marks(buf, marks_x, y, &tags, row.status, app, theme);
            }
            if note_w > 0 {
                let first = row.note.lines().next().unwrap_or("");
                // A phrase shows first, quoted, then its note; and whose it
                // is, when the list holds several authors'.
                let mut shown = match &row.quote {
                    Some(q) if first.is_empty() => format!("«{q}»"),
                    Some(q) => format!("«{q}» {first}"),
                    None => first.to_string(),
                };
                if group.len() > 1 {
                    // Side by side: each annotator's tags (English names).
                    shown = group
                        .iter()
                        .map(|r| {
                            let tags: Vec<&str> = r
                                .tags
                                .iter()
                                .map(|t| {
                                    app.config
                                        .tag(t)
                                        .map_or(t.as_str(), |t| t.label_en.as_str())
                                })
                                .collect();
                            format!(
                                "{}: {}",
                                r.author,
                                if tags.is_empty() {
                                    "—".to_string()
                                } else {
                                    tags.join(", ")
                                }
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" · ");
                } else if several {
                    shown = format!("{}: {shown}", row.author);
                }
                let note = text::one_line(&shown, usize::from(note_w), app.opts);
                let st = if row.status == Status::Orphan {
                    style.add_modifier(Modifier::DIM)
                } else {
                    style
                };
                paint_line(buf, note_x, y, note_w, &note, st, |_| None);
            }
        },
    );
    let hints = hint_line(app);
    paint_status(
        buf,
        area,
        app,
        app.message.as_deref().unwrap_or(&hints),
        theme,
    );
}
