//! The `?` help: every key in force, written from the binding table, and
//! the active display modes. It scrolls when the window is too short.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::keys::Command;
use crate::keys::help::{key_of, lines, parts, wrap};
use crate::text::width::str_width;
use crate::tui::app::{App, Overlay};

use super::Theme;

/// The help's lines for a window `width` cells wide.
pub fn text(app: &App, width: u16) -> Vec<String> {
    let tags: Vec<char> = app.config.tags.iter().map(|t| t.key).collect();
    let mut out = lines(
        &parts(&app.config.keys, &tags),
        usize::from(width.saturating_sub(4)),
    );
    out.push(String::new());
    let modes = format!(
        "Modes: shape {} · bidi {} · direction {}",
        if app.opts.shape { "on" } else { "off" },
        app.bidi,
        app.reader
            .as_ref()
            .map_or(app.opts.direction, |r| r.opts.direction)
            .name(),
    );
    out.extend(wrap(&modes, usize::from(width.saturating_sub(4)), 2));
    out
}

/// Where the help's box goes, for lines of text in `area`.
fn frame(area: Rect, lines: &[String]) -> Rect {
    let inner_w = lines.iter().map(|l| str_width(l)).max().unwrap_or(0);
    let w = (inner_w.min(usize::from(u16::MAX)) as u16)
        .saturating_add(4)
        .min(area.width);
    let h = (lines.len().min(usize::from(u16::MAX)) as u16)
        .saturating_add(2)
        .min(area.height);
    let x = area.x + (area.width - w) / 2;
    let y = area.y + (area.height - h) / 2;
    Rect::new(x, y, w, h)
}

/// The furthest the help scrolls in a window this size.
pub fn last_top(app: &App, width: u16, height: u16) -> usize {
    let lines = text(app, width);
    let shown = usize::from(height.saturating_sub(2));
    lines.len().saturating_sub(shown)
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: Theme) {
    let Overlay::Help(top) = app.overlay else {
        return;
    };
    let lines = text(app, area.width);
    let rect = frame(area, &lines);
    let shown = usize::from(rect.height.saturating_sub(2));
    let top = top.min(lines.len().saturating_sub(shown));
    let more = match (top > 0, top + shown < lines.len()) {
        (true, true) => " ↑↓ more ",
        (false, true) => " ↓ more ",
        (true, false) => " ↑ more ",
        (false, false) => "",
    };
    // The keys that close it, as they are now: Esc always does.
    let closes = match key_of(&app.config.keys, Command::Help) {
        Some(k) if k != "Esc" => format!(" Keys — {k} or Esc closes "),
        _ => " Keys — Esc closes ".to_string(),
    };
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(closes)
        .title_bottom(Line::from(more).right_aligned())
        .border_style(theme.gutter());
    let inner = block.inner(rect);
    block.render(rect, buf);
    let heading = Style::new().add_modifier(Modifier::BOLD);
    for (i, line) in lines.iter().skip(top).take(shown).enumerate() {
        let ly = inner.y + i as u16;
        if ly >= inner.y + inner.height {
            break;
        }
        let style = if line.starts_with(' ') || line.starts_with("Modes:") {
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
