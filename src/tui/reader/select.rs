//! Selecting a phrase of the current paragraph: by words or characters in
//! reading order, or left and right as seen on screen. The selection is
//! always one run of the paragraph's logical text (bytes here, code points
//! when saved), however bidi scattered it on screen.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::Reader;

/// How the selection's moving end goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Start at the paragraph's first word.
    Start,
    /// A word on, or back, in reading order.
    WordNext,
    WordPrev,
    /// A word left or right as seen on screen.
    Left,
    Right,
    /// A character left or right as seen on screen.
    CharLeft,
    CharRight,
    /// A character on in reading order.
    CharNext,
    /// The other end moves from now on.
    Swap,
    /// No selection.
    Drop,
}

/// A selection in one paragraph: the unit (word or character) where it
/// started, which stays, and the one its moving end is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub para: usize,
    fixed: Range<usize>,
    moving: Range<usize>,
}

impl Selection {
    /// Exactly these bytes of paragraph `para` (a tagged phrase visited).
    pub fn exact(para: usize, bytes: Range<usize>) -> Selection {
        Selection {
            para,
            fixed: bytes.clone(),
            moving: bytes,
        }
    }

    /// The bytes of the paragraph it covers.
    pub fn range(&self) -> Range<usize> {
        self.fixed.start.min(self.moving.start)..self.fixed.end.max(self.moving.end)
    }
}

/// The words of `text` (runs with a letter or digit), as byte ranges.
fn words(text: &str) -> Vec<Range<usize>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| i..i + w.len())
        .collect()
}

/// The characters of `text` as the reader sees them: a letter with its
/// harakat is one.
fn chars(text: &str) -> Vec<Range<usize>> {
    text.grapheme_indices(true)
        .filter(|(_, g)| !g.chars().all(char::is_whitespace))
        .map(|(i, g)| i..i + g.len())
        .collect()
}

/// Byte offset `b` of `text` in code points.
pub fn code_points(text: &str, b: usize) -> usize {
    text.get(..b).map_or(0, |s| s.chars().count())
}

impl Reader {
    /// The phrase selected, in code points of its paragraph, if any.
    pub fn selected_span(&self) -> Option<Range<usize>> {
        let sel = self.selection.as_ref()?;
        let text = self.text(sel.para)?;
        let r = sel.range();
        Some(code_points(&text, r.start)..code_points(&text, r.end))
    }

    /// The selected text, as it is in the article.
    pub fn selected_text(&self) -> Option<String> {
        let sel = self.selection.as_ref()?;
        self.text(sel.para)?.get(sel.range()).map(str::to_string)
    }

    /// The mouse at byte `byte` of paragraph `para` (the current one):
    /// select the word there (or the character, off a word); `drag` moves
    /// the selection's end there instead, in the same paragraph.
    pub fn select_at(&mut self, para: usize, byte: usize, drag: bool) -> bool {
        let Some(text) = self.text(para) else {
            return false;
        };
        let unit = words(&text)
            .into_iter()
            .chain(chars(&text))
            .find(|u| u.start <= byte && byte < u.end);
        let Some(unit) = unit else {
            return false;
        };
        match self.selection.clone() {
            Some(sel) if drag && sel.para == para => {
                self.selection = Some(Selection {
                    moving: unit,
                    ..sel
                });
            }
            _ => self.selection = Some(Selection::exact(para, unit)),
        }
        true
    }

    /// Select exactly the code points `span` of paragraph `para` (a phrase
    /// opened from the `A` list).
    pub fn select_code_points(&mut self, para: usize, span: Range<usize>) {
        let Some(text) = self.text(para) else {
            return;
        };
        let byte = |cp: usize| text.char_indices().nth(cp).map_or(text.len(), |(b, _)| b);
        let bytes = byte(span.start)..byte(span.end);
        if !bytes.is_empty() {
            self.selection = Some(Selection::exact(para, bytes));
        }
    }

    /// Move the selection one step; false if it could not.
    pub fn select(&mut self, step: Step) -> bool {
        let para = self.cursor;
        let Some(text) = self.text(para).map(|t| t.into_owned()) else {
            return false;
        };
        if step == Step::Start {
            let first = words(&text)
                .into_iter()
                .next()
                .or_else(|| chars(&text).into_iter().next());
            self.selection = first.map(|w| Selection {
                para,
                fixed: w.clone(),
                moving: w,
            });
            return self.selection.is_some();
        }
        if step == Step::Drop {
            return self.selection.take().is_some();
        }
        let Some(sel) = self.selection.clone().filter(|s| s.para == para) else {
            return false;
        };
        let moved = match step {
            Step::WordNext => words(&text).into_iter().find(|w| w.start >= sel.moving.end),
            Step::WordPrev => words(&text)
                .into_iter()
                .rev()
                .find(|w| w.end <= sel.moving.start),
            Step::CharNext => chars(&text).into_iter().find(|c| c.start >= sel.moving.end),
            Step::Left | Step::Right | Step::CharLeft | Step::CharRight => {
                let units = if matches!(step, Step::Left | Step::Right) {
                    words(&text)
                } else {
                    chars(&text)
                };
                self.beside(
                    para,
                    &units,
                    &sel.moving,
                    matches!(step, Step::Left | Step::CharLeft),
                )
            }
            Step::Swap => {
                self.selection = Some(Selection {
                    para,
                    fixed: sel.moving,
                    moving: sel.fixed,
                });
                return true;
            }
            Step::Start | Step::Drop => None,
        };
        match moved {
            Some(m) => {
                self.selection = Some(Selection { moving: m, ..sel });
                true
            }
            None => false,
        }
    }

    /// The unit seen just left (or right) of `at` on screen: units in the
    /// order they are seen, row by row, each row read in the paragraph's
    /// direction; left in a right-to-left paragraph is on in that order.
    fn beside(
        &mut self,
        para: usize,
        units: &[Range<usize>],
        at: &Range<usize>,
        left: bool,
    ) -> Option<Range<usize>> {
        // The unit holding a byte: units are in order and apart.
        let unit_of = |b: usize| {
            let k = units.partition_point(|u| u.end <= b);
            units.get(k).filter(|u| u.start <= b).map(|_| k)
        };
        let rows = self.layout(para).text.clone();
        let mut seen: Vec<usize> = Vec::new();
        let mut taken = vec![false; units.len()];
        let mut rtl = false;
        for r in rows {
            let line = self.prepared(para).visual_line(r);
            rtl = line.rtl;
            let mut row: Vec<usize> = Vec::new();
            for seg in &line.segments {
                if let Some(k) = unit_of(seg.logical.start)
                    && !taken[k]
                {
                    taken[k] = true;
                    row.push(k);
                }
            }
            if rtl {
                row.reverse();
            }
            seen.extend(row);
        }
        let here = unit_of(at.start)?;
        let i = seen.iter().position(|&k| k == here)?;
        let forward = left == rtl;
        let j = if forward {
            i.checked_add(1)?
        } else {
            i.checked_sub(1)?
        };
        seen.get(j).map(|&k| units[k].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_characters_of_arabic_with_numbers_and_latin() {
        let t = "قال (AFP) إن 1,500 نزحوا.";
        let w: Vec<&str> = words(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(w, ["قال", "AFP", "إن", "1,500", "نزحوا"]);
        let c: Vec<&str> = chars("شَنَّ هجوما")
            .into_iter()
            .map(|r| &"شَنَّ هجوما"[r])
            .collect();
        assert_eq!(c[..3], ["شَ", "نَّ", "ه"], "a letter with its harakat is one");
    }
}
