//! Drawing: state in, cells out. `sync` lays out what is in view (it may
//! fill caches); `draw` only paints from `&App`.

mod editor;
pub(crate) mod help;
mod hits;
mod library;
mod notes;
mod picker;
mod reader;

use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::text::{self, Options, VisualLine};

use super::app::{App, Overlay, Prompt, PromptKind, Screen};

/// Cells for a paragraph's tag marks, right of the text.
pub const MARKS_WIDTH: u16 = 3;
/// Columns of the reader outside the text: a margin left; a space, the tag
/// marks, the cursor gutter and a margin right.
pub const READER_CHROME: u16 = 4 + MARKS_WIDTH;

pub use super::theme::{Depth, Theme};

/// The reader's column: the text capped at the configured width (a long
/// line is hard to read), centred on a wide screen.
/// `reading N%` while the library is read in the background.
pub fn reading(app: &App) -> Option<String> {
    app.scanning().then(|| {
        format!(
            "reading {}%",
            app.library.scanned * 100 / app.library.entries.len().max(1)
        )
    })
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

/// What one frame shows that is worked out before drawing: the reader's
/// rows in view. Made from the size for each frame, and handed to the
/// drawing; nothing of it is kept in the app.
#[derive(Debug, Default)]
pub struct Laid {
    pub rows: Vec<crate::tui::reader::Row>,
}

/// Lay out what the next frame shows at `width`×`height`.
pub fn lay_out(app: &mut App, width: u16, height: u16) -> Laid {
    if let Overlay::Help(top) = app.overlay {
        let last = help::last_top(app, width, height);
        app.overlay = Overlay::Help(top.min(last));
    }
    let col = reader_column(Rect::new(0, 0, width, height), app);
    let Some(r) = &mut app.reader else {
        return Laid::default();
    };
    let tw = col.width.saturating_sub(READER_CHROME).max(1);
    r.resize(usize::from(tw), usize::from(height.saturating_sub(2)));
    Laid { rows: r.lay_out() }
}

/// What the reader shows at cell (`x`, `y`) of a `width`×`height` screen:
/// a paragraph and the byte of its text there; `None` off the text, or
/// when something is drawn over it.
pub fn hit(app: &mut App, width: u16, height: u16, x: u16, y: u16) -> Option<(usize, usize)> {
    if app.screen != Screen::Reader || !matches!(app.overlay, Overlay::None) {
        return None;
    }
    let laid = lay_out(app, width, height);
    let col = reader_column(Rect::new(0, 0, width, height), app);
    let text_w = col.width.saturating_sub(READER_CHROME).max(1);
    let row = laid.rows.get(usize::from(y.checked_sub(1)?))?;
    let line = row.text()?;
    let mut cx = col.x + 1 + line.indent(usize::from(text_w)) as u16;
    for seg in &line.segments {
        let cells = seg.cells as u16;
        if x >= cx && x < cx + cells && !seg.logical.is_empty() {
            return Some((row.para, seg.logical.start));
        }
        cx += cells;
    }
    None
}

pub fn draw(frame: &mut Frame, app: &App, laid: &Laid) {
    let area = frame.area();
    draw_buffer(frame.buffer_mut(), area, app, laid);
}

/// Paint the whole screen into `buf`.
pub fn draw_buffer(buf: &mut Buffer, area: Rect, app: &App, laid: &Laid) {
    let theme = app.theme;
    match (app.screen, &app.reader) {
        (Screen::Reader, Some(r)) => reader::draw(buf, area, app, r, &laid.rows, theme),
        (Screen::Notes, _) => notes::draw(buf, area, app, theme),
        (Screen::Hits, _) if app.hits.is_some() => hits::draw(buf, area, app, theme),
        _ => library::draw(buf, area, app, theme),
    }
    if let Overlay::Help(_) = app.overlay {
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

/// Cells for a paragraph number as the lists write it (`¶` and the number
/// right-aligned): six, or more for numbers past 99,999.
pub(crate) fn para_cells(largest: usize) -> u16 {
    let digits = largest.max(1).ilog10() as u16 + 1;
    1 + digits.max(5)
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

/// A list screen's title bar: `title` at the left, `count` at the right.
fn paint_title(
    buf: &mut Buffer,
    area: Rect,
    title: &str,
    count: &str,
    opts: Options,
    theme: Theme,
) {
    let ltr = Options {
        direction: text::Direction::Ltr,
        ..opts
    };
    let width = usize::from(area.width.saturating_sub(count.len() as u16 + 4)).max(1);
    let head = text::one_line(title, width, ltr);
    paint_bar(buf, area, area.y, &head, count, theme.bar());
}

/// A list screen's status bar: the prompt being typed, else `line`.
fn paint_status(buf: &mut Buffer, area: Rect, app: &App, line: &str, theme: Theme) {
    let w = area.width;
    let ltr = Options {
        direction: text::Direction::Ltr,
        ..app.opts
    };
    let line = match app.overlay.prompt() {
        Some(p) => prompt_line(p, w, app.opts),
        None => text::one_line(line, usize::from(w.saturating_sub(2)).max(1), ltr),
    };
    let y = area.y + area.height - 1;
    paint_dim_row(buf, area, y, &line, theme);
    paint_search_keys(buf, area, y, app, &line, theme.dim());
}

/// While a search is typed (the prompt `line` on row `y`), its own keys,
/// on the right where they fit.
fn paint_search_keys(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    app: &App,
    line: &VisualLine,
    style: Style,
) {
    let searching = app
        .overlay
        .prompt()
        .is_some_and(|p| matches!(p.kind, PromptKind::Search | PromptKind::CorpusSearch));
    if !searching {
        return;
    }
    let ltr = Options {
        direction: text::Direction::Ltr,
        ..app.opts
    };
    let keys = "Ctrl-R as written · Ctrl-W words · Ctrl-T ة as ه";
    let mut shown = text::one_line(keys, usize::from(area.width), ltr);
    shown.flush_right = false;
    let room = usize::from(area.width.saturating_sub(2));
    if line.cells + shown.cells + 3 <= room {
        let x = area.x + 1 + (room - shown.cells) as u16;
        paint_line(buf, x, y, shown.cells as u16, &shown, style, |_| None);
    }
}

/// Paint the rows of a list from `top`: `visible` holds the items' indices,
/// `selected` one of its positions, scrolled into view. Each row gets its
/// background and, when selected, its marker; `paint` draws the item at a
/// row in the row's style.
#[allow(clippy::too_many_arguments)]
fn paint_list(
    buf: &mut Buffer,
    area: Rect,
    top: u16,
    rows: u16,
    visible: &[usize],
    selected: usize,
    theme: Theme,
    mut paint: impl FnMut(&mut Buffer, usize, u16, Style),
) {
    let offset = list_offset(selected, rows);
    for (k, &i) in visible
        .iter()
        .skip(offset)
        .take(usize::from(rows))
        .enumerate()
    {
        let y = top + k as u16;
        let style = list_row(buf, area, y, offset + k == selected, theme);
        paint(buf, i, y, style);
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
        l.flush_right = false; // bars read left to right; the text itself is reordered
        paint_line(buf, area.x + 1, y, left_room, &l, style, |_| None);
    }
}

/// The prompt line: `/` and what was typed, reordered for display.
fn prompt_line(p: &Prompt, width: u16, opts: Options) -> VisualLine {
    let how = hits::how_said(p.how());
    let how = if how.is_empty() {
        how
    } else {
        format!("({how}) ")
    };
    let lead = match p.kind {
        PromptKind::Filter => "filter: ".to_string(),
        PromptKind::Search => format!("{how}/"),
        PromptKind::CorpusSearch => format!("{how}search all: "),
        PromptKind::NotesFilter => "notes: ".to_string(),
    };
    let shown = format!("{lead}{}▏", p.text);
    let opts = Options {
        direction: text::Direction::Ltr,
        ..opts
    };
    let mut l = text::one_line(&shown, usize::from(width.saturating_sub(2)).max(1), opts);
    l.flush_right = false;
    l
}

/// A centred box with a border and title; returns the inside.
pub(super) fn popup(
    buf: &mut Buffer,
    area: Rect,
    w: u16,
    h: u16,
    title: &str,
    theme: Theme,
) -> Rect {
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

#[cfg(test)]
mod tests;
