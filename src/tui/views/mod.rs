//! Drawing: state in, cells out. `sync` lays out what is in view (it may
//! fill caches); `draw` only paints from `&App`.

mod help;
mod library;
mod notes;
mod reader;
mod tags;

use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::text::{self, Options, VisualLine};

use super::app::{App, Prompt, PromptKind, Screen};

/// Cells for a paragraph's tag marks, right of the text.
pub const MARKS_WIDTH: u16 = 3;
/// Columns of the reader outside the text: a margin left; a space, the tag
/// marks, the cursor gutter and a margin right.
pub const READER_CHROME: u16 = 4 + MARKS_WIDTH;

/// Styles; without colour (`NO_COLOR`) everything still reads through
/// reverse video, bold and marks.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    pub depth: Depth,
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// 24-bit (`COLORTERM=truecolor` or `24bit`).
    True,
    /// `TERM` names a 256-colour terminal.
    Ansi256,
    Ansi16,
}

impl Depth {
    pub fn from_env(colorterm: Option<&str>, term: Option<&str>) -> Depth {
        let ct = colorterm.unwrap_or("").to_ascii_lowercase();
        if ct == "truecolor" || ct == "24bit" {
            Depth::True
        } else if term.is_some_and(|t| t.contains("256color")) {
            Depth::Ansi256
        } else {
            Depth::Ansi16
        }
    }

    /// An RGB colour as this terminal can show it.
    pub fn color(self, (r, g, b): (u8, u8, u8)) -> Color {
        match self {
            Depth::True => Color::Rgb(r, g, b),
            Depth::Ansi256 => {
                let level = |v: u8| (u16::from(v) * 5 + 127) / 255;
                Color::Indexed((16 + 36 * level(r) + 6 * level(g) + level(b)) as u8)
            }
            Depth::Ansi16 => {
                const BASIC: [(Color, (i32, i32, i32)); 14] = [
                    (Color::Red, (205, 0, 0)),
                    (Color::Green, (0, 205, 0)),
                    (Color::Yellow, (205, 205, 0)),
                    (Color::Blue, (0, 0, 238)),
                    (Color::Magenta, (205, 0, 205)),
                    (Color::Cyan, (0, 205, 205)),
                    (Color::Gray, (229, 229, 229)),
                    (Color::DarkGray, (127, 127, 127)),
                    (Color::LightRed, (255, 85, 85)),
                    (Color::LightGreen, (85, 255, 85)),
                    (Color::LightYellow, (255, 255, 85)),
                    (Color::LightBlue, (92, 92, 255)),
                    (Color::LightMagenta, (255, 85, 255)),
                    (Color::LightCyan, (85, 255, 255)),
                ];
                let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
                // A coloured tag stays coloured: greys only for greyish input.
                let greyish = r.max(g).max(b) - r.min(g).min(b) < 40;
                BASIC
                    .iter()
                    .filter(|(c, _)| greyish == matches!(c, Color::Gray | Color::DarkGray))
                    .min_by_key(|(_, (x, y, z))| (r - x).pow(2) + (g - y).pow(2) + (b - z).pow(2))
                    .map_or(Color::White, |(c, _)| *c)
            }
        }
    }
}

impl Theme {
    pub fn from_env() -> Theme {
        let var = |k| std::env::var(k).ok();
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            depth: Depth::from_env(var("COLORTERM").as_deref(), var("TERM").as_deref()),
        }
    }
    fn bar(self) -> Style {
        if self.color {
            Style::new().fg(Color::White).bg(Color::Blue)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    fn cursor_text(self) -> Style {
        match (self.color, self.depth) {
            (false, _) => Style::new(),
            (true, Depth::Ansi16) => Style::new().bg(Color::Black),
            (true, _) => Style::new().bg(Color::Indexed(236)),
        }
    }
    fn gutter(self) -> Style {
        if self.color {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    fn hit(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    fn current_hit(self) -> Style {
        let s =
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED);
        if self.color { s.fg(Color::Yellow) } else { s }
    }
    fn note(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::ITALIC)
        } else {
            Style::new().add_modifier(Modifier::ITALIC)
        }
    }
    /// A tag's mark: its colour, bold (the letter reads without colour).
    fn tag(self, (r, g, b): (u8, u8, u8)) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if self.color {
            s.fg(Color::Rgb(r, g, b))
        } else {
            s
        }
    }
    fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
}

/// The reader's column: the text capped at the configured width (a long
/// line is hard to read), centred on a wide screen.
/// `reading N%` while the library is read in the background.
pub fn reading(app: &App) -> Option<String> {
    app.scanning()
        .then(|| format!("reading {}%", app.scanned * 100 / app.entries.len().max(1)))
}

pub fn reader_column(area: Rect, app: &App) -> Rect {
    let max = app
        .config
        .display
        .max_width
        .unwrap_or(crate::config::DEFAULT_MAX_WIDTH);
    let want = u16::try_from(max)
        .unwrap_or(u16::MAX)
        .saturating_add(READER_CHROME);
    if area.width <= want {
        return area;
    }
    Rect::new(area.x + (area.width - want) / 2, area.y, want, area.height)
}

/// Lay out what the next frame shows.
pub fn sync(app: &mut App, width: u16, height: u16) {
    let col = reader_column(Rect::new(0, 0, width, height), app);
    if let Some(r) = &mut app.reader {
        let tw = col.width.saturating_sub(READER_CHROME).max(1);
        r.resize(usize::from(tw), usize::from(height.saturating_sub(2)));
        r.sync();
    }
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    draw_buffer(frame.buffer_mut(), area, app);
}

/// Paint the whole screen into `buf`.
pub fn draw_buffer(buf: &mut Buffer, area: Rect, app: &App) {
    let theme = app.theme;
    match (app.screen, &app.reader) {
        (Screen::Reader, Some(r)) => reader::draw(buf, area, app, r, theme),
        (Screen::Notes, _) => notes::draw(buf, area, app, theme),
        _ => library::draw(buf, area, app, theme),
    }
    if app.help {
        help::draw(buf, area, app, theme);
    }
}

/// A dim row across `area` at `y`: a message, the hints or a prompt.
fn paint_dim_row(buf: &mut Buffer, area: Rect, y: u16, line: &VisualLine, theme: Theme) {
    let width = area.width.saturating_sub(2);
    paint_line(buf, area.x + 1, y, width, line, theme.dim(), |_| None);
}

/// Paint a visual line in `width` cells from `x`: flush right when RTL.
/// `style_of` may restyle segments by their logical range.
fn paint_line(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    line: &VisualLine,
    base: Style,
    style_of: impl Fn(&Range<usize>) -> Option<Style>,
) {
    let mut cx = x + line.indent(usize::from(width)) as u16;
    let end = x.saturating_add(width);
    for seg in &line.segments {
        let cells = seg.cells as u16;
        if cx.saturating_add(cells) > end {
            break;
        }
        let style = style_of(&seg.logical).map_or(base, |s| base.patch(s));
        buf.set_stringn(
            cx,
            y,
            &line.text[seg.text.clone()],
            usize::from(cells),
            style,
        );
        cx += cells;
    }
}

/// The first item to show so that item `selected` is in a list of `rows`.
fn list_offset(selected: usize, rows: u16) -> usize {
    let rows = usize::from(rows);
    if rows == 0 || selected < rows {
        0
    } else {
        selected + 1 - rows
    }
}

/// Paint a list row's background and, when selected, its marker; returns
/// the style for the row's text.
fn list_row(buf: &mut Buffer, area: Rect, y: u16, selected: bool, theme: Theme) -> Style {
    let style = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    buf.set_style(Rect::new(area.x, y, area.width, 1), style);
    if selected {
        buf.set_string(area.x, y, "▶", style);
    }
    style
}

/// A whole-width bar with `left` and `right` texts (already sanitized).
fn paint_bar(buf: &mut Buffer, area: Rect, y: u16, left: &VisualLine, right: &str, style: Style) {
    buf.set_style(Rect::new(area.x, y, area.width, 1), style);
    let right_w = text::width::str_width(right) as u16;
    if right_w + 1 < area.width {
        buf.set_stringn(
            area.x + area.width - right_w - 1,
            y,
            right,
            usize::from(right_w),
            style,
        );
    }
    let left_room = area.width.saturating_sub(right_w + 3);
    if left_room > 0 {
        let mut l = left.clone();
        l.rtl = false; // bars read left to right; the text itself is reordered
        paint_line(buf, area.x + 1, y, left_room, &l, style, |_| None);
    }
}

/// The prompt line: `/` and what was typed, reordered for display.
fn prompt_line(p: &Prompt, width: u16, opts: Options) -> VisualLine {
    let lead = match p.kind {
        PromptKind::Filter => "filter: ",
        PromptKind::Search => "/",
        PromptKind::NotesFilter => "notes: ",
    };
    let shown = format!("{lead}{}▏", p.text);
    let opts = Options {
        direction: text::Direction::Ltr,
        ..opts
    };
    let mut l = text::one_line(&shown, usize::from(width.saturating_sub(2)).max(1), opts);
    l.rtl = false;
    l
}

#[cfg(test)]
mod tests;
