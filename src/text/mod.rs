//! Logical paragraph -> visual lines. No terminal types here.
//!
//! A paragraph is prepared once (sanitize, bidi levels, shaping, display
//! units) and then laid out at any width: [`Prepared::wrap`] gives the lines
//! as ranges of units in logical order, [`Prepared::visual_line`] reorders
//! one of them for display.

pub mod bidi;
pub mod display;
pub mod fold;
pub mod sanitize;
pub mod shape;
pub mod terminal;
pub mod width;
pub mod wrap;

mod clusters;
mod visual;

pub use clusters::clusters;
use clusters::{cluster_end, is_break_space};
pub use visual::{Segment, VisualLine};

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

pub use bidi::Direction;
use shape::Shaped;

/// How paragraphs are turned into display text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Replace Arabic letters by their joined presentation forms.
    pub shape: bool,
    /// Paragraph direction (auto = first strong character).
    pub direction: Direction,
    /// Reorder for display. False leaves each line in logical order (a
    /// library option; hamish itself always reorders, and writes rows for
    /// terminals that reorder too with `text::terminal`).
    pub reorder: bool,
    /// Honour the article's own embedding, override and isolate controls.
    /// Off by default: each is shown as a visible `⁞` and has no effect, so
    /// text cannot pose as something else ("Trojan Source").
    pub apply_bidi_controls: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            shape: true,
            direction: Direction::Auto,
            reorder: true,
            apply_bidi_controls: false,
        }
    }
}

/// One display unit: a grapheme cluster, or a lam-alef ligature with its marks.
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// Byte offset of the unit in the logical paragraph text.
    start: u32,
    /// End of the unit's display text in `Prepared::display`.
    disp_end: u32,
    level: u8,
    cells: u8,
    space: bool,
}

impl wrap::WrapUnit for Unit {
    fn cells(&self) -> usize {
        self.cells as usize
    }
    fn is_space(&self) -> bool {
        self.space
    }
}

/// A paragraph ready to be laid out at any width.
#[derive(Debug, Clone)]
pub struct Prepared {
    text_len: u32,
    display: String,
    units: Vec<Unit>,
    rtl: bool,
    reorder: bool,
}

impl Prepared {
    /// Prepare one paragraph (a single logical line of text).
    pub fn new(text: &str, opts: Options) -> Prepared {
        let neutral;
        let text = if !opts.apply_bidi_controls && sanitize::count_bidi_controls(text) > 0 {
            neutral = sanitize::neutralize_bidi_controls(text);
            neutral.as_str()
        } else {
            text
        };
        let (levels, rtl) = if opts.reorder {
            bidi::resolve(text, opts.direction)
        } else {
            let rtl = bidi::resolve(text, opts.direction).1;
            (vec![0; text.len()], rtl)
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let shaped: Vec<Shaped> = if opts.shape {
            let cs: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
            shape::shape_chars(&cs)
        } else {
            chars.iter().map(|&(_, c)| Shaped::Char(c)).collect()
        };

        let mut display = String::with_capacity(text.len() + text.len() / 4);
        let mut units: Vec<Unit> = Vec::with_capacity(text.len() / 2);
        let mut ci = 0; // index into chars
        while ci < chars.len() {
            let first = ci;
            let (start, lead) = chars[first];
            ci = if width::is_prepend(lead) {
                // Joined to what follows by UAX #29 (GB9b), which may be a
                // space to break at or a character of another level; see
                // `width::is_prepend`.
                first + 1
            } else {
                cluster_end(text, &chars, first)
            };
            let merge = shaped.get(first) == Some(&Shaped::Merged) && !units.is_empty();
            let piece_start = display.len();
            // The piece's first character, and whether only harakat follow
            // it (then its width is that character's).
            let mut base: Option<char> = None;
            let mut marks_only = true;
            for k in first..ci {
                let (off, orig) = chars[k];
                let Shaped::Char(mut c) = shaped[k] else {
                    continue;
                };
                if sanitize::is_invisible_format(orig) {
                    // A ZWJ inside a cluster (emoji sequence) is part of the glyph.
                    if !(orig == '\u{200D}' && k + 1 < ci) {
                        continue;
                    }
                }
                if let Some(r) = sanitize::replacement(c) {
                    c = r;
                }
                if opts.reorder && levels.get(off).is_some_and(|l| l % 2 == 1) {
                    c = bidi::mirror(c);
                }
                display.push(c);
                if base.is_none() {
                    base = Some(c);
                } else if !width::is_haraka(c) {
                    marks_only = false;
                }
            }
            if merge {
                let piece_begin = units
                    .len()
                    .checked_sub(2)
                    .map_or(0, |i| units[i].disp_end as usize);
                let cells = width::unit_width(&display[piece_begin..]) as u8;
                let Some(last) = units.last_mut() else {
                    continue;
                };
                last.cells = cells;
                last.disp_end = display.len() as u32;
                continue;
            }
            let mut cells = match base {
                None => 0,
                Some(c) if marks_only => width::char_width(c) as u8,
                Some(_) => width::unit_width(&display[piece_start..]) as u8,
            };
            if cells == 0 && display.len() > piece_start {
                // Combining marks need a base to sit on: a dotted circle
                // (marks on an alef merged into lam-alef sit on the ligature).
                display.insert(piece_start, '\u{25CC}');
                cells = width::unit_width(&display[piece_start..]) as u8;
            }
            let space = is_break_space(lead);
            units.push(Unit {
                start: start as u32,
                disp_end: display.len() as u32,
                level: levels.get(start).copied().unwrap_or(0),
                cells,
                space,
            });
        }
        Prepared {
            text_len: text.len() as u32,
            display,
            units,
            rtl,
            reorder: opts.reorder,
        }
    }

    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// Lines of at most `width` cells, as unit ranges in logical order.
    pub fn wrap(&self, width: usize) -> Vec<Range<usize>> {
        wrap::wrap(&self.units, width)
    }

    fn unit_display(&self, i: usize) -> Range<usize> {
        let start = if i == 0 {
            0
        } else {
            self.units[i - 1].disp_end as usize
        };
        start..self.units[i].disp_end as usize
    }

    fn unit_logical(&self, i: usize) -> Range<usize> {
        let end = self.units.get(i + 1).map_or(self.text_len, |u| u.start);
        self.units[i].start as usize..end as usize
    }

    /// The visual line for a range of units returned by [`Prepared::wrap`].
    /// Units of a line range in display order (indices into `units`,
    /// leftmost first).
    fn display_order(&self, range: &Range<usize>) -> Vec<usize> {
        let para_level = u8::from(self.rtl);
        // Every unit at the paragraph's level: L1 changes nothing and the
        // line reads in order (LTR) or in reverse (RTL).
        let uniform = self.units[range.clone()]
            .iter()
            .all(|u| u.level == para_level);
        if !self.reorder || (uniform && !self.rtl) {
            return range.clone().collect();
        }
        if uniform {
            return range.clone().rev().collect();
        }
        let mut levels: Vec<u8> = self.units[range.clone()].iter().map(|u| u.level).collect();
        bidi::line_levels(&mut levels, para_level, |i| {
            let u = range.start + i;
            if self.units[u].space || self.unit_display(u).is_empty() {
                bidi::L1Class::Whitespace
            } else {
                bidi::L1Class::Other
            }
        });
        bidi::visual_order(&levels)
            .into_iter()
            .map(|i| range.start + i)
            .collect()
    }

    /// The printed line for a range of units: [`VisualLine::padded`] of
    /// [`Prepared::visual_line`], appended to `out` without the pieces
    /// the reader needs (what `render` prints).
    pub fn write_line(&self, range: Range<usize>, width: usize, out: &mut Vec<u8>) {
        let range = range.start.min(self.units.len())..range.end.min(self.units.len());
        let order = self.display_order(&range);
        if self.rtl {
            let cells: usize = self.units[range].iter().map(|u| u.cells as usize).sum();
            out.resize(out.len() + width.saturating_sub(cells), b' ');
        }
        for u in order {
            out.extend_from_slice(self.display[self.unit_display(u)].as_bytes());
        }
    }

    /// The visual line for a range of units returned by [`Prepared::wrap`].
    pub fn visual_line(&self, range: Range<usize>) -> VisualLine {
        let range = range.start.min(self.units.len())..range.end.min(self.units.len());
        let order = self.display_order(&range);
        let mut text = String::new();
        let mut segments = Vec::with_capacity(order.len());
        let mut cells = 0;
        for u in order {
            let d = self.unit_display(u);
            if d.is_empty() {
                continue;
            }
            let at = text.len();
            text.push_str(&self.display[d]);
            let w = self.units[u].cells as usize;
            cells += w;
            segments.push(Segment {
                text: at..text.len(),
                logical: self.unit_logical(u),
                cells: w,
            });
        }
        VisualLine {
            text,
            cells,
            rtl: self.rtl,
            flush_right: self.rtl,
            segments,
        }
    }

    /// All visual lines at `width`.
    pub fn lines(&self, width: usize) -> Vec<VisualLine> {
        self.wrap(width)
            .into_iter()
            .map(|r| self.visual_line(r))
            .collect()
    }
}

/// The first line of `text` in `width` cells, with an ellipsis if cut.
pub fn one_line(text: &str, width: usize, opts: Options) -> VisualLine {
    let p = Prepared::new(text, opts);
    let lines = p.wrap(width.max(1));
    if lines.len() <= 1 || width < 2 {
        return p.visual_line(lines.into_iter().next().unwrap_or(0..0));
    }
    let first = p.wrap(width - 1).into_iter().next().unwrap_or(0..0);
    let mut line = p.visual_line(first);
    line.ellipsize();
    line
}

/// Lay out one paragraph at `width` and return the printed lines (padded).
pub fn render_paragraph(text: &str, width: usize, opts: Options) -> Vec<String> {
    Prepared::new(text, opts)
        .lines(width)
        .iter()
        .map(|l| l.padded(width))
        .collect()
}

#[cfg(test)]
mod tests;
