//! The note editor: ratatui-textarea keeps the text, the cursor and the
//! editing keys; we lay each line out with the bidi pipeline so Arabic
//! reads right to left while it is typed, and place the cursor on the cell
//! of the logical position.

use ratatui_textarea::TextArea;

use super::input::{Code as KeyCode, Key};
use crate::text::{Options, Prepared, VisualLine};

#[derive(Debug, Clone)]
pub struct Editor {
    pub area: TextArea<'static>,
    /// The note as it was when the editor opened.
    pub original: String,
    /// Other versions of the note, shown below it to be merged into one;
    /// saving resolves them.
    pub resolves: Vec<crate::notes::model::NoteVersion>,
}

/// What a key did in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorOutcome {
    Editing,
    Save(String),
    Close,
    /// Esc with changes: ask before dropping them.
    AskDiscard,
}

impl Editor {
    pub fn new(note: &str) -> Editor {
        let lines: Vec<String> = if note.is_empty() {
            vec![String::new()]
        } else {
            note.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            area,
            original: note.to_string(),
            resolves: Vec::new(),
        }
    }

    /// An editor for a note that has other versions saved at the same
    /// time: all of them, one after the other, to be merged into one.
    pub fn resolving(note: &str, others: &[crate::notes::model::NoteVersion]) -> Editor {
        let mut text = note.trim_end().to_string();
        for o in others {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(o.note.trim_end());
        }
        let mut e = Editor::new(&text);
        e.original = note.to_string();
        e.resolves = others.to_vec();
        e
    }

    /// An editor holding a recovered draft over the saved note `original`.
    pub fn recovered(original: &str, draft: &str) -> Editor {
        let mut e = Editor::new(draft);
        e.original = original.to_string();
        e
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n").trim_end().to_string()
    }

    pub fn modified(&self) -> bool {
        self.text() != self.original.trim_end() || !self.resolves.is_empty()
    }

    pub fn key(&mut self, key: Key) -> EditorOutcome {
        let ctrl = key.ctrl;
        match key.key {
            KeyCode::Char('s') if ctrl => EditorOutcome::Save(self.text()),
            KeyCode::Esc if self.modified() => EditorOutcome::AskDiscard,
            KeyCode::Esc => EditorOutcome::Close,
            _ => {
                self.area.input(key);
                EditorOutcome::Editing
            }
        }
    }

    /// The text laid out in `width` cells: visual rows, and the cursor's
    /// row and cell.
    pub fn layout(&self, width: usize, opts: Options) -> (Vec<VisualLine>, (usize, usize)) {
        let width = width.max(2);
        let cursor = self.area.cursor();
        let (crow, ccol) = (cursor.0, cursor.1);
        let mut rows = Vec::new();
        let mut at = (0, 0);
        for (i, line) in self.area.lines().iter().enumerate() {
            let p = Prepared::new(line, opts);
            // Keep a cell free for a cursor after the last character.
            let ranges = p.wrap(width - 1);
            let byte = line.char_indices().nth(ccol).map_or(line.len(), |(b, _)| b);
            let first_row = rows.len();
            let n = ranges.len();
            for (k, r) in ranges.into_iter().enumerate() {
                let vl = p.visual_line(r);
                if i == crow {
                    let start = vl.segments.iter().map(|s| s.logical.start).min();
                    let end = vl.segments.iter().map(|s| s.logical.end).max();
                    let inside = match (start, end) {
                        (Some(s), Some(e)) => byte >= s && (byte < e || (k + 1 == n && byte == e)),
                        _ => k + 1 == n,
                    };
                    if inside {
                        at = (rows.len(), cursor_cell(&vl, byte, width));
                    }
                }
                rows.push(vl);
            }
            if i == crow && rows.len() == first_row {
                at = (rows.len(), 0);
            }
        }
        (rows, at)
    }
}

/// The cell (from the left of the column) where the cursor stands before
/// logical byte `byte`: on that character's cell, or past the line's
/// logical end (left of an RTL line, right of an LTR one).
fn cursor_cell(line: &VisualLine, byte: usize, width: usize) -> usize {
    let indent = line.indent(width);
    let mut x = indent;
    for s in &line.segments {
        if s.logical.start == byte {
            return x;
        }
        x += s.cells;
    }
    if line.flush_right {
        indent.saturating_sub(1)
    } else {
        (indent + line.cells).min(width.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::input::{ctrl, plain as key};

    #[test]
    fn typing_arabic_lays_out_right_to_left() {
        let mut e = Editor::new("");
        for c in "سلام".chars() {
            e.key(key(KeyCode::Char(c)));
        }
        let opts = Options {
            shape: false,
            ..Options::default()
        };
        let (rows, (row, cell)) = e.layout(10, opts);
        assert_eq!(rows[0].text, "مالس");
        assert!(rows[0].rtl);
        // Flush right in 10 cells: cells 6..9; the cursor after the last
        // letter (the logical end) stands left of the leftmost one.
        assert_eq!((row, cell), (0, 5));
        assert_eq!(e.text(), "سلام");
    }

    #[test]
    fn save_and_discard() {
        let mut e = Editor::new("قديم");
        e.key(key(KeyCode::Char('!')));
        assert!(e.modified());
        assert_eq!(
            e.key(key(KeyCode::Esc)),
            EditorOutcome::AskDiscard,
            "asks first"
        );
        assert_eq!(e.key(ctrl('s')), EditorOutcome::Save("قديم!".into()));
        assert_eq!(
            Editor::new("x").key(key(KeyCode::Esc)),
            EditorOutcome::Close
        );
    }

    #[test]
    fn multi_line_notes() {
        let mut e = Editor::new("أول");
        e.key(key(KeyCode::Enter));
        for c in "second".chars() {
            e.key(key(KeyCode::Char(c)));
        }
        assert_eq!(e.text(), "أول\nsecond");
        let (rows, at) = e.layout(20, Options::default());
        assert_eq!(rows.len(), 2);
        assert_eq!(at, (1, 6), "LTR line: after 'second'");
    }
}
