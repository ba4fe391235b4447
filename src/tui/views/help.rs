//! The `?` help: every key, and the active display modes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::tui::app::App;

use super::Theme;

pub const HELP: &str = include_str!("../../../assets/help.txt");

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: Theme) {
    let lines: Vec<&str> = HELP.lines().collect();
    let modes = format!(
        "Modes: shape {} · bidi {} · direction {}",
        if app.opts.shape { "on" } else { "off" },
        app.bidi,
        app.reader
            .as_ref()
            .map_or(app.opts.direction, |r| r.opts.direction)
            .name(),
    );
    let inner_w = lines
        .iter()
        .map(|l| crate::text::width::str_width(l))
        .chain([crate::text::width::str_width(&modes)])
        .max()
        .unwrap_or(0) as u16;
    let w = (inner_w + 4).min(area.width);
    let h = (lines.len() as u16 + 4).min(area.height);
    let x = area.x + (area.width - w) / 2;
    let y = area.y + (area.height - h) / 2;
    let rect = Rect::new(x, y, w, h);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Keys — ? or Esc closes ")
        .border_style(theme.gutter());
    let inner = block.inner(rect);
    block.render(rect, buf);
    let heading = Style::new().add_modifier(Modifier::BOLD);
    for (i, line) in lines
        .iter()
        .chain([&""])
        .chain([&modes.as_str()])
        .enumerate()
    {
        let ly = inner.y + i as u16;
        if ly >= inner.y + inner.height {
            break;
        }
        let style = if line.starts_with(' ') {
            Style::new()
        } else {
            heading
        };
        buf.set_stringn(
            inner.x + 1,
            ly,
            line,
            usize::from(inner.width.saturating_sub(1)),
            style,
        );
    }
}
