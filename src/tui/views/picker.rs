//! The tag picker (`t`), drawn over the reader.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::text;
use crate::tui::app::App;
use crate::tui::reader::Reader;

use super::{Theme, paint_line, popup};

pub fn draw_picker(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    r: &Reader,
    article: bool,
    theme: Theme,
) {
    let current: Vec<String> = if article { r.labels() } else { r.target_tags() };
    let h = app.config.tags.len() as u16 + 3;
    let title = if article {
        " Labels of the article — key toggles, Enter closes ".to_string()
    } else {
        let of = match r.selected_text().filter(|_| r.target_span().is_some()) {
            Some(p) => format!("«{}»", crate::text::display::short_phrase(&p)),
            None => format!("¶ {}", r.cursor + 1),
        };
        format!(" Tags of {of} — key toggles, Enter closes ")
    };
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
