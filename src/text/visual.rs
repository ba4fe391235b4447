//! A line as drawn: its text in visual order, its segments and alignment.

use super::*;

/// A piece of a visual line: one unit, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range of the unit's text in [`VisualLine::text`].
    pub text: Range<usize>,
    /// Byte range of the unit in the logical paragraph.
    pub logical: Range<usize>,
    pub cells: usize,
}

/// One screen line in display order, without padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualLine {
    pub text: String,
    /// Cells of `text` (DESIGN §3.4).
    pub cells: usize,
    /// Its paragraph runs right to left (an ellipsis goes at the left).
    pub rtl: bool,
    /// Drawn flush with the right edge of its column: a right-to-left
    /// paragraph's lines are, unless the place it is drawn in says
    /// otherwise (a title bar reads left to right whatever its text).
    pub flush_right: bool,
    pub segments: Vec<Segment>,
}

impl VisualLine {
    /// The line as printed in a column of `width` cells: RTL lines padded on
    /// the left to end exactly at the last column, LTR lines flush left.
    pub fn padded(&self, width: usize) -> String {
        if self.flush_right && self.cells < width {
            let mut s = " ".repeat(width - self.cells);
            s.push_str(&self.text);
            s
        } else {
            self.text.clone()
        }
    }

    /// Mark the line as cut short: an ellipsis where the text goes on
    /// (left of an RTL line, right of an LTR one).
    pub fn ellipsize(&mut self) {
        const ELLIPSIS: &str = "…";
        let n = ELLIPSIS.len();
        let at_end = self.text.len();
        let (pos, logical) = if self.rtl {
            (0, at_end..at_end)
        } else {
            (at_end, at_end..at_end)
        };
        if self.rtl {
            for s in &mut self.segments {
                s.text = s.text.start + n..s.text.end + n;
            }
            self.segments.insert(
                0,
                Segment {
                    text: 0..n,
                    logical,
                    cells: 1,
                },
            );
        } else {
            self.segments.push(Segment {
                text: pos..pos + n,
                logical,
                cells: 1,
            });
        }
        self.text.insert_str(pos, ELLIPSIS);
        self.cells += 1;
    }

    /// The cells that show characters of the logical byte range `range`,
    /// as (first cell, cells) runs from the left of a column `width`
    /// wide, in display order: a unit is shown as part of the range when
    /// any of its characters is in it (a ligature or a letter with its
    /// harakat is one unit). Each character of the paragraph is shown by
    /// exactly one unit of one line, so a range is drawn where its
    /// characters are, however bidi scattered them.
    pub fn cells_of(&self, range: &Range<usize>, width: usize) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut x = self.indent(width);
        for s in &self.segments {
            let inside = s.logical.start < s.logical.end
                && s.logical.start < range.end
                && range.start < s.logical.end;
            if inside {
                match out.last_mut() {
                    Some((at, n)) if *at + *n == x => *n += s.cells,
                    _ => out.push((x, s.cells)),
                }
            }
            x += s.cells;
        }
        out
    }

    /// Left offset in cells of this line in a column of `width` cells.
    pub fn indent(&self, width: usize) -> usize {
        if self.flush_right {
            width.saturating_sub(self.cells)
        } else {
            0
        }
    }
}
