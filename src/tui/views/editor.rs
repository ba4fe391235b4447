//! The note editor (`a`), drawn over the reader.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::tui::editor::Editor;
use crate::tui::reader::Reader;

use super::{Theme, paint_line, popup};

pub fn draw_editor(buf: &mut Buffer, area: Rect, ed: &Editor, r: &Reader, theme: Theme) {
    let w = area.width.saturating_sub(4).min(72);
    let h = area.height.saturating_sub(2).min(14);
    let on = match r.selected_text().filter(|_| r.target_span().is_some()) {
        Some(p) => format!("«{}»", crate::text::display::short_phrase(&p)),
        None => format!("¶ {}", r.cursor + 1),
    };
    let title = format!(" Note on {on} — Ctrl-S saves, Esc closes ");
    let inner = popup(buf, area, w, h, &title, theme);
    if inner.width < 3 || inner.height == 0 {
        return;
    }
    let text_w = inner.width - 2;
    let (rows, (crow, ccell)) = ed.layout(usize::from(text_w), r.opts);
    let room = usize::from(inner.height).max(1);
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
}
