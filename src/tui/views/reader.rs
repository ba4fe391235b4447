//! The reader: title bar, paragraphs laid out right to left with their tag
//! marks and notes, status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::notes::Status;
use crate::text::display::display_name;
use crate::text::{self, Direction, Options};
use crate::tui::app::{App, Overlay};
use crate::tui::reader::{Reader, Row, RowKind};

use super::{MARKS_WIDTH, READER_CHROME, Theme, paint_bar, paint_line, prompt_line};

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, r: &Reader, rows: &[Row], theme: Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let ltr = Options {
        direction: Direction::Ltr,
        ..r.opts
    };
    let title = text::one_line(
        &r.article.title,
        usize::from(area.width.saturating_sub(2)).max(1),
        r.opts,
    );
    buf.set_style(Rect::new(area.x, area.y, area.width, 1), theme.bar());
    paint_line(
        buf,
        area.x + 1,
        area.y,
        area.width.saturating_sub(2),
        &title,
        theme.bar().add_modifier(Modifier::BOLD),
        |_| None,
    );
    if area.height < 2 {
        return;
    }

    // Text rows: [margin][text][space][marks][cursor][margin], in a column
    // capped to a readable width.
    let col = super::reader_column(area, app);
    let text_w = col.width.saturating_sub(READER_CHROME).max(1);
    let chrome = col.width > READER_CHROME;
    let marks_x = col.x + 1 + text_w + 1;
    let gutter_x = col.x + col.width.saturating_sub(2);
    if r.is_empty() && area.height > 2 {
        buf.set_stringn(
            col.x + 1,
            area.y + 1,
            "(empty article)",
            usize::from(text_w),
            theme.dim(),
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.y + area.height - 1 {
            break;
        }
        let is_cursor = row.para == r.cursor;
        if is_cursor && chrome && !matches!(row.kind, RowKind::Blank) {
            buf.set_string(gutter_x, y, "┃", theme.gutter());
        }
        if row.first
            && chrome
            && let Some(m) = r.marks.get(&row.para)
        {
            paint_marks(buf, marks_x, y, &m.tags, m.status, app, theme);
            if m.conflicts > 0 {
                // Versions of the note saved at the same time: `a` merges them.
                buf.set_string(
                    marks_x + MARKS_WIDTH - 1,
                    y,
                    "≠",
                    Style::new().add_modifier(Modifier::BOLD),
                );
            }
        }
        match &row.kind {
            RowKind::Blank => {}
            RowKind::Note(line) => {
                let indent = if line.flush_right { 0 } else { 2 };
                paint_line(
                    buf,
                    col.x + 1 + indent,
                    y,
                    text_w.saturating_sub(2),
                    line,
                    theme.note(),
                    |_| None,
                );
            }
            RowKind::Text(line) => {
                let mut base = if is_cursor {
                    theme.cursor_text()
                } else {
                    Style::new()
                };
                if row.para == 0 && r.article.has_headline {
                    base = base.add_modifier(Modifier::BOLD);
                }
                if is_cursor {
                    buf.set_style(Rect::new(col.x + 1, y, text_w, 1), base);
                }
                let hits: Vec<(usize, std::ops::Range<usize>)> = r
                    .search
                    .hits
                    .iter()
                    .enumerate()
                    .filter(|(_, (p, _))| *p == row.para)
                    .map(|(k, (_, range))| (k, range.clone()))
                    .collect();
                let meets = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
                    a.start < b.end && b.start < a.end
                };
                let selected = r
                    .selection
                    .as_ref()
                    .filter(|s| s.para == row.para)
                    .map(|s| s.range());
                let phrases = r.phrases.get(&row.para);
                paint_line(buf, col.x + 1, y, text_w, line, base, |logical| {
                    if selected.as_ref().is_some_and(|s| meets(s, logical)) {
                        return Some(theme.selection());
                    }
                    let hit = hits.iter().find(|(_, h)| meets(h, logical)).map(|(k, _)| {
                        if Some(*k) == r.search.current {
                            theme.current_hit()
                        } else {
                            theme.hit()
                        }
                    });
                    // The innermost phrase (the shortest: they are longest
                    // first) shows its colour.
                    hit.or_else(|| {
                        phrases?
                            .iter()
                            .rev()
                            .find(|m| meets(&m.bytes, logical))
                            .map(|m| {
                                let rgb = m
                                    .tags
                                    .first()
                                    .and_then(|t| app.config.tag(t))
                                    .map(|t| t.color);
                                theme.phrase(rgb)
                            })
                    })
                });
            }
        }
    }

    if let Overlay::TagPicker { article } = app.overlay {
        super::picker::draw_picker(buf, area, app, r, article, theme);
    }
    if let Some(ed) = app.overlay.editor() {
        super::editor::draw_editor(buf, area, ed, r, theme);
    }

    // Status bar.
    let y = area.y + area.height - 1;
    if let Some(p) = app.overlay.prompt() {
        buf.set_style(Rect::new(area.x, y, area.width, 1), theme.bar());
        let line = prompt_line(p, area.width, r.opts);
        paint_line(
            buf,
            area.x + 1,
            y,
            area.width.saturating_sub(2),
            &line,
            theme.bar(),
            |_| None,
        );
        super::paint_search_keys(buf, area, y, app, &line, theme.bar());
        return;
    }
    let orphans = if r.orphans > 0 {
        format!("{} orphan(s) · ", r.orphans)
    } else {
        String::new()
    };
    // How far a review has come: paragraphs annotated, of all.
    let progress = if r.placing() {
        // Annotations placed in the background: not shown yet.
        "✎ … · ".to_string()
    } else if r.marks.is_empty() {
        String::new()
    } else {
        format!("✎ {}/{} · ", r.marks.len(), r.len())
    };
    // While the rest is read: how far it has come, no total yet.
    let right = if r.loading() {
        format!(
            "¶ {}/… ({} read) · {}",
            (r.cursor + 1).min(r.len()),
            r.read_so_far(),
            r.opts.direction.name()
        )
    } else {
        format!(
            "{orphans}{progress}¶ {}/{} · {}% · {}",
            (r.cursor + 1).min(r.len()),
            r.len(),
            r.percent(),
            r.opts.direction.name()
        )
    };
    let width = |s: &str| text::width::str_width(s) as u16;
    let (left, right) = match &app.overlay {
        // A question must be read whole, `y/n` included: it takes the
        // whole bar, in a shorter form when even that is too narrow.
        Overlay::Confirm(ask) => {
            let q = ask.question(r.cursor);
            let q = if width(&q) + 2 > area.width {
                ask.short_question(r.cursor)
            } else {
                q
            };
            (q, String::new())
        }
        _ => (
            app.message
                .clone()
                .unwrap_or_else(|| display_name(&r.article.path)),
            right,
        ),
    };
    let room = usize::from(area.width.saturating_sub(width(&right) + 3)).max(1);
    let left = text::one_line(&left, room, ltr);
    paint_bar(buf, area, y, &left, &right, theme.bar());
}

/// Up to three tag letters in their colours (a `+` when there are more),
/// then `?` for an annotation that needs review.
pub fn paint_marks(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    tags: &[String],
    status: Status,
    app: &App,
    theme: Theme,
) {
    let mut cx = x;
    let shown = if tags.len() > MARKS_WIDTH as usize {
        2
    } else {
        tags.len()
    };
    for id in tags.iter().take(shown) {
        let (mark, style) = match app.config.tag(id) {
            Some(t) => (t.mark, theme.tag(t.color)),
            None => ('·', Style::new()),
        };
        buf.set_string(cx, y, mark.to_string(), style);
        cx += 1;
    }
    if tags.len() > shown {
        buf.set_string(cx, y, "+", Style::new().add_modifier(Modifier::BOLD));
        cx += 1;
    }
    if status == Status::NeedsReview && cx < x + MARKS_WIDTH {
        buf.set_string(cx, y, "?", Style::new().add_modifier(Modifier::BOLD));
    } else if tags.is_empty() && cx < x + MARKS_WIDTH {
        buf.set_string(cx, y, "✎", theme.note());
    }
}
