//! Putting frames on the terminal with few bytes (it may be a slow SSH
//! link). ratatui's `Buffer::diff` sends only changed cells; on top of that,
//! when the reader's text moved by whole rows, we ask the terminal to scroll
//! that region (DECSTBM + SU/SD) and shift our copy of the screen the same
//! way, so the diff sends only the rows that came into view.

use std::io::{self, Write};

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use crate::text::terminal::{Reorder, arrange};

use super::app::{App, Overlay, Screen};
use super::views;

/// Identity of a text row: (paragraph, row within the paragraph).
pub type RowId = (usize, usize);

pub struct DiffWriter<W: Write> {
    backend: CrosstermBackend<W>,
    /// How the terminal reorders rows itself, if it does (`--bidi terminal`).
    reorder: Option<Reorder>,
    /// What the terminal shows now.
    shown: Buffer,
    /// The reader rows shown, to recognise a scroll.
    shown_rows: Vec<RowId>,
}

/// How far the rows moved: positive when the content moved up (scrolled
/// down), if the new rows are the old ones shifted by less than a screen.
pub fn shift(old: &[RowId], new: &[RowId]) -> Option<isize> {
    if old.is_empty() || new.is_empty() || old == new {
        return None;
    }
    if let Some(k) = old.iter().position(|r| *r == new[0]).filter(|&k| k > 0) {
        let same = old[k..].iter().zip(new).all(|(a, b)| a == b);
        return same.then_some(k as isize);
    }
    if let Some(k) = new.iter().position(|r| *r == old[0]).filter(|&k| k > 0) {
        let same = new[k..].iter().zip(old).all(|(a, b)| a == b);
        return same.then_some(-(k as isize));
    }
    None
}

/// Shift rows `top..=bottom` of `buf` by `k` (content up when positive),
/// blanking the rows that come free, as the terminal does.
pub fn shift_rows(buf: &mut Buffer, top: u16, bottom: u16, k: isize) {
    let w = usize::from(buf.area.width);
    let row = |y: u16| usize::from(y) * w;
    let n = k.unsigned_abs() as u16;
    if k > 0 {
        for y in top..=bottom {
            let dst = row(y);
            if y + n <= bottom {
                let src = row(y + n);
                for i in 0..w {
                    buf.content[dst + i] = buf.content[src + i].clone();
                }
            } else {
                buf.content[dst..dst + w].fill(Cell::EMPTY);
            }
        }
    } else {
        for y in (top..=bottom).rev() {
            let dst = row(y);
            if y >= top + n {
                let src = row(y - n);
                for i in 0..w {
                    buf.content[dst + i] = buf.content[src + i].clone();
                }
            } else {
                buf.content[dst..dst + w].fill(Cell::EMPTY);
            }
        }
    }
}

/// A cell left unwritten: the terminal's layout leaves it blank. Two
/// noncharacters: a cell drawn from text holds one grapheme (an article
/// may hold U+FFFF, but not two in one cell), plus at most invisible marks.
const UNWRITTEN: &str = "\u{FFFF}\u{FFFF}";

/// Whether `cell` looks like a cleared cell: a space on the default
/// background, with nothing drawn over it.
fn is_blank(cell: &Cell) -> bool {
    cell.symbol() == " "
        && cell.bg == ratatui::style::Color::Reset
        && !cell
            .modifier
            .intersects(ratatui::style::Modifier::REVERSED | ratatui::style::Modifier::UNDERLINED)
}

/// Rewrite every row of `buf` in the order that a terminal reordering rows
/// as `how` turns back into the row drawn (see `text::terminal`). A wide
/// character moves with the cell after it; a mark goes into the cell
/// before it, where the terminal keeps a zero-width character. A row may
/// come out shorter (blank cells at its end left out, to make room for
/// marks in mlterm); the rest of it is [`UNWRITTEN`].
pub fn for_reordering_terminal(buf: &mut Buffer, how: Reorder) {
    let w = usize::from(buf.area.width);
    for y in 0..usize::from(buf.area.height) {
        let row = &buf.content[y * w..(y + 1) * w];
        let mut units = Vec::with_capacity(w);
        let mut x = 0;
        while x < w {
            let cells = crate::text::width::str_width(row[x].symbol()).clamp(1, w - x);
            units.push((x, cells));
            x += cells;
        }
        let texts: Vec<&str> = units.iter().map(|&(x, _)| row[x].symbol()).collect();
        let blank: Vec<bool> = units.iter().map(|&(x, _)| is_blank(&row[x])).collect();
        let Some(written) = arrange(&texts, &blank, how) else {
            continue;
        };
        let mut out: Vec<Cell> = Vec::with_capacity(w);
        for (index, text) in written {
            let (x, cells) = units[index];
            let mut cell = row[x].clone();
            if text != row[x].symbol() {
                cell.set_symbol(&text);
            }
            out.push(cell);
            out.extend(row[x + 1..x + cells].iter().cloned());
        }
        if out.len() <= w {
            out.resize(w, Cell::new(UNWRITTEN));
            buf.content[y * w..(y + 1) * w].clone_from_slice(&out);
        }
    }
}

impl<W: Write> DiffWriter<W> {
    pub fn new(writer: W, reorder: Option<Reorder>) -> DiffWriter<W> {
        DiffWriter {
            backend: CrosstermBackend::new(writer),
            reorder,
            shown: Buffer::empty(Rect::ZERO),
            shown_rows: Vec::new(),
        }
    }

    /// Forget what is shown: the next frame is drawn in full.
    pub fn invalidate(&mut self) {
        self.shown = Buffer::empty(Rect::ZERO);
        self.shown_rows.clear();
    }

    /// What a cleared screen holds, as far as the diff knows. mlterm lays
    /// a right-to-left row out from the right edge over the cells written
    /// to it only, so for terminals that reorder, blank cells count as
    /// different from spaces and every cell of a row is written.
    fn blank(&self, area: Rect) -> Buffer {
        if self.reorder.is_some() {
            Buffer::filled(area, Cell::new(UNWRITTEN))
        } else {
            Buffer::empty(area)
        }
    }

    /// For a terminal that reorders rows: every row that changed is
    /// cleared and written again whole, left to right, with no cursor
    /// movement inside it. Such a terminal keeps a row as a string of
    /// characters, the invisible marks among them, and moves the cursor
    /// by the row's visual layout (mlterm 3.9: a row drawn in two pieces
    /// around a jump came out with text shifted and a space lost).
    fn draw_whole_rows(&mut self, next: &Buffer) -> io::Result<()> {
        let w = usize::from(next.area.width);
        for y in 0..next.area.height {
            let at = usize::from(y) * w;
            let new = &next.content[at..at + w];
            if self.shown.content.get(at..at + w) == Some(new) {
                continue;
            }
            write!(self.backend, "\x1b[0m\x1b[{};1H\x1b[2K", y + 1)?;
            let mut cells = Vec::with_capacity(w);
            let mut x = 0;
            while x < w && new[x].symbol() != UNWRITTEN {
                cells.push((x as u16, y, &new[x]));
                x += crate::text::width::str_width(new[x].symbol()).clamp(1, w - x);
            }
            self.backend.draw(cells.into_iter())?;
        }
        Ok(())
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.backend.size()?;
        Ok((s.width, s.height))
    }

    /// Draw `app` at `width`×`height`.
    pub fn frame(
        &mut self,
        app: &App,
        laid: &views::Laid,
        width: u16,
        height: u16,
    ) -> io::Result<()> {
        let area = Rect::new(0, 0, width, height);
        if self.shown.area != area {
            self.backend.clear()?;
            self.shown = self.blank(area);
            self.shown_rows.clear();
        }
        let mut next = Buffer::empty(area);
        views::draw_buffer(&mut next, area, app, laid);
        if let Some(how) = self.reorder {
            for_reordering_terminal(&mut next, how);
        }

        let rows: Vec<RowId> = match (&app.reader, app.screen) {
            (Some(r), Screen::Reader) => r.row_ids(&laid.rows),
            _ => Vec::new(),
        };
        // A terminal that reorders rows takes their length from the cells
        // written, so there every row is written whole, and not scrolled.
        let plain =
            matches!(app.overlay, Overlay::None | Overlay::Prompt(_)) && self.reorder.is_none();
        // The text region: between the title bar and the status bar.
        if plain
            && height > 3
            && let Some(k) = shift(&self.shown_rows, &rows)
        {
            let (top, bottom) = (1u16, height - 2);
            if k.unsigned_abs() < usize::from(bottom - top + 1) {
                // Margins, scroll, margins back (1-based rows).
                let scroll = if k > 0 {
                    format!("{}S", k)
                } else {
                    format!("{}T", -k)
                };
                write!(
                    self.backend,
                    "\x1b[{};{}r\x1b[{scroll}\x1b[r",
                    top + 1,
                    bottom + 1
                )?;
                shift_rows(&mut self.shown, top, bottom, k);
            }
        }
        if self.reorder.is_some() {
            self.draw_whole_rows(&next)?;
        } else {
            let diff = self.shown.diff(&next);
            if !diff.is_empty() {
                self.backend.draw(diff.into_iter())?;
            }
        }
        Backend::flush(&mut self.backend)?;
        self.shown = next;
        self.shown_rows = if plain { rows } else { Vec::new() };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn shifts_are_recognised() {
        let old = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)];
        let down = [(0, 2), (1, 0), (1, 1), (2, 0), (2, 1)];
        assert_eq!(shift(&old, &down), Some(2));
        assert_eq!(shift(&down, &old), Some(-2));
        assert_eq!(shift(&old, &old), None);
        assert_eq!(shift(&old, &[(7, 0)]), None);
        assert_eq!(shift(&[], &old), None);
    }

    #[test]
    fn shifting_rows_matches_a_terminal_scroll() {
        let mut b = Buffer::empty(Rect::new(0, 0, 2, 5));
        for y in 0..5 {
            b[(0, y)].set_symbol(&y.to_string());
        }
        shift_rows(&mut b, 1, 3, 1);
        let col: String = (0..5).map(|y| b[(0, y)].symbol().to_string()).collect();
        assert_eq!(col, "023 4");
        shift_rows(&mut b, 1, 3, -2);
        let col: String = (0..5).map(|y| b[(0, y)].symbol().to_string()).collect();
        assert_eq!(col, "0  24");
    }

    #[test]
    fn for_a_reordering_terminal_a_changed_row_is_written_whole_and_in_one_run() {
        let area = Rect::new(0, 0, 4, 3);
        let row = |b: &mut Buffer, y: u16, s: &str| {
            for (x, c) in s.chars().enumerate() {
                b[(x as u16, y)].set_symbol(&c.to_string());
            }
        };
        let mut shown = Buffer::empty(area);
        row(&mut shown, 0, "abcd");
        row(&mut shown, 1, "efgh");
        row(&mut shown, 2, "ijkl");
        let mut next = shown.clone();
        // One cell of the middle row changes; the marks ride in a cell.
        row(&mut next, 1, "eXgh");
        next[(0u16, 1u16)].set_symbol("e\u{200F}");
        let bytes = Shared::default();
        let mut screen = DiffWriter::new(bytes.clone(), Some(Reorder::FirstStrong));
        screen.shown = shown;
        screen.draw_whole_rows(&next).expect("drawn");
        Backend::flush(&mut screen.backend).expect("flushed");
        let out = String::from_utf8(bytes.0.borrow().clone()).expect("UTF-8");
        // Only row 2 (1-based) is written: cleared, then from its first
        // column, every cell, with no cursor movement in between.
        let start = out
            .find("\x1b[0m\x1b[2;1H\x1b[2K")
            .expect("row cleared first");
        let rest = &out[start + "\x1b[0m\x1b[2;1H\x1b[2K".len()..];
        let text: String = {
            // Drop colour and attribute settings; keep everything else.
            let mut t = String::new();
            let mut chars = rest.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\x1b' {
                    let mut seq = String::from(c);
                    for d in chars.by_ref() {
                        seq.push(d);
                        if d.is_ascii_alphabetic() && d != '[' {
                            break;
                        }
                    }
                    if !seq.ends_with('m') {
                        t.push_str(&seq);
                    }
                } else {
                    t.push(c);
                }
            }
            t
        };
        assert!(
            text.starts_with("\x1b[2;1He\u{200F}Xgh"),
            "written as {text:?}"
        );
        assert!(!out.contains("\x1b[1;1H") && !out.contains("\x1b[3;1H"));
        assert!(!text["\x1b[2;1H".len()..].contains("\x1b["), "{text:?}");
    }

    #[test]
    fn a_noncharacter_in_the_text_is_written_like_any_other() {
        let area = Rect::new(0, 0, 3, 1);
        let mut next = Buffer::empty(area);
        next[(0u16, 0u16)].set_symbol("a");
        next[(1u16, 0u16)].set_symbol("\u{FFFF}");
        next[(2u16, 0u16)].set_symbol("b");
        let bytes = Shared::default();
        let mut screen = DiffWriter::new(bytes.clone(), Some(Reorder::FirstStrong));
        screen.shown = screen.blank(area);
        // Not taken for an unwritten cell, nor for what a cleared screen
        // holds: the whole row is written.
        assert_ne!(screen.shown.content[1], next.content[1]);
        let mut written = next.clone();
        for_reordering_terminal(&mut written, Reorder::FirstStrong);
        assert!(written.content.iter().all(|c| c.symbol() != UNWRITTEN));
        screen.draw_whole_rows(&next).expect("drawn");
        Backend::flush(&mut screen.backend).expect("flushed");
        let out = String::from_utf8(bytes.0.borrow().clone()).expect("UTF-8");
        assert!(out.contains("a\u{FFFF}b"), "{out:?}");
    }
}
