//! The tag picker (`t`) and the note editor (`a`), drawn over the reader.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::text;
use crate::tui::app::App;
use crate::tui::editor::Editor;
use crate::tui::reader::Reader;

use super::{Theme, paint_line};

/// A centred box with a border and title; returns the inside.
fn popup(buf: &mut Buffer, area: Rect, w: u16, h: u16, title: &str, theme: Theme) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_string())
        .border_style(theme.gutter());
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

pub fn draw_picker(buf: &mut Buffer, area: Rect, app: &App, r: &Reader, theme: Theme) {
    let current: Vec<String> = r
        .current_marks()
        .map(|m| m.tags.clone())
        .unwrap_or_default();
    let h = app.config.tags.len() as u16 + 3;
    let title = format!(" Tags of ¶ {} — key toggles, Enter closes ", r.cursor + 1);
    let inner = popup(buf, area, 52, h, &title, theme);
    for (i, tag) in app.config.tags.iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.y + inner.height {
            break;
        }
        let on = current.contains(&tag.id);
        let row_style = if on {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let prefix = format!(" [{}] {}  ", if on { 'x' } else { ' ' }, tag.key);
        buf.set_stringn(inner.x, y, &prefix, usize::from(inner.width), row_style);
        let x = inner.x + prefix.chars().count() as u16;
        if x + 2 < inner.x + inner.width {
            buf.set_string(x, y, tag.mark.to_string(), theme.tag(tag.color));
            let rest = (inner.x + inner.width).saturating_sub(x + 2);
            buf.set_stringn(x + 2, y, &tag.label_en, usize::from(rest), row_style);
            let label_w = rest.saturating_sub(tag.label_en.chars().count() as u16 + 2);
            if label_w > 0 {
                let label = text::one_line(&tag.label, usize::from(label_w), app.opts);
                let lx = inner.x + inner.width - label_w - 1;
                paint_line(buf, lx, y, label_w, &label, row_style, |_| None);
            }
        }
    }
}

pub fn draw_editor(buf: &mut Buffer, area: Rect, ed: &Editor, r: &Reader, theme: Theme) {
    let w = area.width.saturating_sub(4).min(72);
    let h = area.height.saturating_sub(2).min(14);
    let title = format!(" Note on ¶ {} — Ctrl-S saves, Esc closes ", r.cursor + 1);
    let inner = popup(buf, area, w, h, &title, theme);
    if inner.width < 3 || inner.height == 0 {
        return;
    }
    let text_w = inner.width - 2;
    let (rows, (crow, ccell)) = ed.layout(usize::from(text_w), r.opts);
    let room = usize::from(
        inner
            .height
            .saturating_sub(if ed.confirm_discard { 1 } else { 0 }),
    )
    .max(1);
    let offset = (crow + 1).saturating_sub(room);
    for (i, line) in rows.iter().enumerate().skip(offset).take(room) {
        let y = inner.y + (i - offset) as u16;
        paint_line(buf, inner.x + 1, y, text_w, line, Style::new(), |_| None);
    }
    // The cursor: a reversed cell at the logical position.
    if crow >= offset && crow < offset + room {
        let x = inner.x + 1 + (ccell as u16).min(text_w.saturating_sub(1));
        let y = inner.y + (crow - offset) as u16;
        buf[(x, y)].set_style(Style::new().add_modifier(Modifier::REVERSED));
    }
    if ed.confirm_discard {
        let y = inner.y + inner.height - 1;
        buf.set_stringn(
            inner.x + 1,
            y,
            "Discard your changes? y/n",
            usize::from(text_w),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        );
    }
}
