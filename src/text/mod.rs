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
mod props;
mod visual;

use clusters::cluster_end_of;
pub use clusters::clusters;
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
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    text_len: u32,
    display: String,
    units: Vec<Unit>,
    rtl: bool,
    reorder: bool,
    /// Every unit is at the paragraph's level (and reordered).
    uniform: bool,
}

/// Buffers [`Prepared::prepare`] works in, kept from one paragraph to the
/// next when many are laid out in a row.
#[derive(Debug, Default)]
pub struct Scratch {
    chars: Vec<Ch>,
    classes: Vec<unicode_bidi::BidiClass>,
    levels: Vec<u8>,
    neutral: String,
}

/// A character of the paragraph and what the pipeline asks of it.
#[derive(Debug, Clone, Copy)]
struct Ch {
    /// Byte offset in the paragraph.
    off: u32,
    /// The character; after shaping, its presentation form.
    c: char,
    /// `props` flags.
    flags: u16,
    /// Its bidi class.
    class: unicode_bidi::BidiClass,
}

impl shape::Letters for [Ch] {
    #[inline]
    fn len(&self) -> usize {
        <[Ch]>::len(self)
    }
    #[inline]
    fn char_at(&self, i: usize) -> char {
        self[i].c
    }
    #[inline]
    fn joining(&self, i: usize) -> shape::Joining {
        props::joining(self[i].flags)
    }
    #[inline]
    fn set(&mut self, i: usize, s: Shaped) {
        match s {
            Shaped::Char(c) => self[i].c = c,
            Shaped::Merged => self[i].flags |= props::MERGED,
        }
    }
}

impl Prepared {
    /// Prepare one paragraph (a single logical line of text).
    pub fn new(text: &str, opts: Options) -> Prepared {
        let mut p = Prepared::default();
        p.prepare(text, opts, &mut Scratch::default());
        p
    }

    /// [`Prepared::new`] in place, reusing this paragraph's storage and
    /// `scratch` (for laying out many paragraphs in a row).
    pub fn prepare(&mut self, text: &str, opts: Options, scratch: &mut Scratch) {
        let Scratch {
            chars,
            classes,
            levels,
            neutral,
        } = scratch;
        let text = if !opts.apply_bidi_controls && sanitize::count_bidi_controls(text) > 0 {
            neutral.clear();
            neutral.extend(text.chars().map(|c| {
                if sanitize::is_bidi_control(c) {
                    sanitize::BIDI_CONTROL_MARK
                } else {
                    c
                }
            }));
            neutral.as_str()
        } else {
            text
        };
        // One pass over the characters for what every later step asks.
        let table = props::table();
        chars.clear();
        classes.clear();
        chars.reserve(text.len());
        let mut class_bits = 0u32;
        for (off, c) in text.char_indices() {
            let p = props::props_in(table, c);
            class_bits |= 1 << p.bidi as u32;
            chars.push(Ch {
                off: off as u32,
                c,
                flags: p.flags,
                class: p.bidi,
            });
        }
        // Levels (rules up to I2), from the characters before shaping.
        let uniform = bidi::uniform_level(bidi::Kinds::from_bits(class_bits), opts.direction);
        let rtl = match uniform {
            Some(level) => {
                levels.clear();
                levels.resize(chars.len(), level);
                level == 1
            }
            None => {
                classes.resize(chars.len(), unicode_bidi::BidiClass::ON);
                for (class, ch) in classes.iter_mut().zip(chars.iter()) {
                    *class = ch.class;
                }
                let chars = &chars[..];
                bidi::resolve_chars(text, |i| chars[i].c, classes, opts.direction, levels)
            }
        };
        if !opts.reorder {
            levels.iter_mut().for_each(|l| *l = 0);
        }
        if opts.shape {
            shape::shape_each(&mut chars[..]);
        }
        let chars = &chars[..];

        let display = &mut self.display;
        let units = &mut self.units;
        display.clear();
        units.clear();
        display.reserve(text.len() + text.len() / 4);
        units.reserve(text.len() / 2);
        let mut ci = 0; // index into chars
        while ci < chars.len() {
            let first = ci;
            let lead = chars[first];
            let level = levels[first];
            let space = lead.flags & props::BREAK_SPACE != 0;
            if lead.flags & props::PREPEND != 0 {
                // Joined to what follows by UAX #29 (GB9b), which may be a
                // space to break at or a character of another level; see
                // `width::is_prepend`.
                ci = first + 1;
            } else {
                let lone;
                (ci, lone) = cluster_end_of(text, chars, first);
                // Most units: a letter, digit, space or punctuation shown
                // as it is, perhaps with harakat (which take no cell, never
                // mirror, are never replaced, merged or invisible).
                const SPECIAL: u16 = props::MERGED | props::INVISIBLE | props::REPLACED;
                if lone && lead.flags & SPECIAL == 0 {
                    let c = if level % 2 == 1 && lead.flags & props::MIRRORED != 0 {
                        bidi::mirror(lead.c)
                    } else {
                        lead.c
                    };
                    let cells = (lead.flags >> props::WIDTH_SHIFT) as u8;
                    if cells > 0 {
                        display.push(c);
                        if ci > first + 1 {
                            // The harakat, as they are in the text.
                            let end = chars.get(ci).map_or(text.len(), |ch| ch.off as usize);
                            display.push_str(&text[chars[first + 1].off as usize..end]);
                        }
                        units.push(Unit {
                            start: lead.off,
                            disp_end: display.len() as u32,
                            level,
                            cells,
                            space,
                        });
                        continue;
                    }
                }
            }
            let merge = lead.flags & props::MERGED != 0 && !units.is_empty();
            let piece_start = display.len();
            // The piece's first character, and whether only harakat follow
            // it (then its width is that character's).
            let mut base: Option<char> = None;
            let mut marks_only = true;
            for k in first..ci {
                let ch = chars[k];
                if ch.flags & props::MERGED != 0 {
                    continue;
                }
                let mut c = ch.c;
                if ch.flags & props::INVISIBLE != 0 {
                    // A ZWJ inside a cluster (emoji sequence) is part of the glyph.
                    if !(c == '\u{200D}' && k + 1 < ci) {
                        continue;
                    }
                }
                if ch.flags & props::REPLACED != 0
                    && let Some(r) = sanitize::replacement(c)
                {
                    c = r;
                }
                if levels[k] % 2 == 1 {
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
            units.push(Unit {
                start: lead.off,
                disp_end: display.len() as u32,
                level,
                cells,
                space,
            });
        }
        self.text_len = text.len() as u32;
        self.rtl = rtl;
        self.reorder = opts.reorder;
        self.uniform = uniform.is_some() && opts.reorder;
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
        let cells = self.units[range.clone()]
            .iter()
            .map(|u| u.cells as usize)
            .sum();
        self.write_cells(range, cells, width, out);
    }

    /// Every line at `width`, each as [`Prepared::write_line`] writes it
    /// and a line feed.
    pub fn write_lines(&self, width: usize, out: &mut Vec<u8>) {
        wrap::wrap_each(&self.units, width, |range, cells| {
            self.write_cells(range, cells, width, out);
            out.push(b'\n');
        });
    }

    /// [`Prepared::write_line`] of a range whose units take `cells`.
    fn write_cells(&self, range: Range<usize>, cells: usize, width: usize, out: &mut Vec<u8>) {
        let para_level = u8::from(self.rtl);
        let uniform = self.uniform
            || self.units[range.clone()]
                .iter()
                .all(|u| u.level == para_level);
        if self.rtl {
            out.resize(out.len() + width.saturating_sub(cells), b' ');
        }
        let Some(last) = range.end.checked_sub(1).filter(|_| !range.is_empty()) else {
            return;
        };
        let bytes = self.display.as_bytes();
        let (from, to) = (
            self.unit_display(range.start).start,
            self.unit_display(last).end,
        );
        if !self.reorder || (uniform && !self.rtl) {
            // In logical order: the units' text lies in one piece.
            out.extend_from_slice(&bytes[from..to]);
        } else if uniform {
            // All right to left: the units in reverse, most of them a few
            // bytes long, copied eight bytes at a time (the next unit
            // overwrites what is copied past a unit's end).
            let at = out.len();
            out.resize(at + (to - from) + 8, 0);
            let mut pos = at;
            let mut copy = |start: usize, end: usize| {
                let len = end - start;
                match bytes.get(start..start + 8) {
                    Some(eight) if len <= 8 => out[pos..pos + 8].copy_from_slice(eight),
                    _ => out[pos..pos + len].copy_from_slice(&bytes[start..end]),
                }
                pos += len;
            };
            let line = &self.units[range.start..=last];
            for pair in line.windows(2).rev() {
                copy(pair[0].disp_end as usize, pair[1].disp_end as usize);
            }
            copy(from, line[0].disp_end as usize);
            out.truncate(pos);
        } else {
            for u in self.display_order(&range) {
                out.extend_from_slice(&bytes[self.unit_display(u)]);
            }
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
