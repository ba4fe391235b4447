//! The reader: title bar, paragraphs laid out right to left, status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::article::display_name;
use crate::text::{self, Direction, Options};
use crate::tui::app::App;
use crate::tui::reader::Reader;

use super::{READER_CHROME, Theme, paint_bar, paint_line, prompt_line};

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, r: &Reader, theme: Theme) {
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

    // Text rows.
    let text_w = area.width.saturating_sub(READER_CHROME).max(1);
    let gutter_x = area.x + area.width.saturating_sub(2);
    if r.is_empty() && area.height > 2 {
        buf.set_stringn(
            area.x + 1,
            area.y + 1,
            "(empty article)",
            usize::from(text_w),
            theme.dim(),
        );
    }
    for (i, row) in r.rows.iter().enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.y + area.height - 1 {
            break;
        }
        let Some(line) = &row.line else { continue };
        let is_cursor = row.para == r.cursor;
        let mut base = if is_cursor {
            theme.cursor_text()
        } else {
            Style::new()
        };
        if row.para == 0 && r.article.has_headline {
            base = base.add_modifier(Modifier::BOLD);
        }
        if is_cursor {
            buf.set_style(Rect::new(area.x + 1, y, text_w, 1), base);
            if area.width >= READER_CHROME {
                buf.set_string(gutter_x, y, "┃", theme.gutter());
            }
        }
        let hits: Vec<(usize, std::ops::Range<usize>)> = r
            .search
            .hits
            .iter()
            .enumerate()
            .filter(|(_, (p, _))| *p == row.para)
            .map(|(k, (_, range))| (k, range.clone()))
            .collect();
        paint_line(buf, area.x + 1, y, text_w, line, base, |logical| {
            hits.iter()
                .find(|(_, h)| h.start < logical.end && logical.start < h.end)
                .map(|(k, _)| {
                    if Some(*k) == r.search.current {
                        theme.current_hit()
                    } else {
                        theme.hit()
                    }
                })
        });
    }

    // Status bar.
    let y = area.y + area.height - 1;
    if let Some(p) = &app.prompt {
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
        return;
    }
    let right = format!(
        "¶ {}/{} · {}% · {}",
        (r.cursor + 1).min(r.len()),
        r.len(),
        r.percent(),
        r.opts.direction.name()
    );
    let left = app
        .message
        .clone()
        .unwrap_or_else(|| display_name(&r.article.path));
    let room = usize::from(
        area.width
            .saturating_sub(text::width::str_width(&right) as u16 + 3),
    )
    .max(1);
    let left = text::one_line(&left, room, ltr);
    paint_bar(buf, area, y, &left, &right, theme.bar());
}
