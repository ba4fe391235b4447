//! Bidi levels per paragraph and reordering per line (DESIGN §3.3).
//!
//! `unicode-bidi` resolves the levels (rules up to I2) and reverses level runs
//! (L2). It leaves L1 for lines, L3 and L4 to us: we reorder whole display
//! units (grapheme clusters, so harakat stay after their letter, L3) and
//! mirror characters at odd levels (L4, `unicode-bidi-mirroring`).

use unicode_bidi::{Level, ParagraphBidiInfo};

/// The direction a paragraph is laid out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// First strong character decides (rules P2/P3); LTR if there is none.
    #[default]
    Auto,
    Rtl,
    Ltr,
}

impl Direction {
    /// auto -> rtl -> ltr -> auto, the order the reader's `d` key cycles in.
    pub fn next(self) -> Self {
        match self {
            Direction::Auto => Direction::Rtl,
            Direction::Rtl => Direction::Ltr,
            Direction::Ltr => Direction::Auto,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Direction::Auto => "auto",
            Direction::Rtl => "rtl",
            Direction::Ltr => "ltr",
        }
    }
}

/// Resolved embedding levels of `text`, one per byte, and whether the
/// paragraph level is RTL.
pub fn resolve(text: &str, direction: Direction) -> (Vec<u8>, bool) {
    let default = match direction {
        Direction::Auto => None,
        Direction::Rtl => Some(Level::rtl()),
        Direction::Ltr => Some(Level::ltr()),
    };
    // Fast path: nothing right-to-left and no forced RTL.
    if direction != Direction::Rtl && !text.chars().any(may_be_rtl) {
        return (vec![0; text.len()], false);
    }
    let info = ParagraphBidiInfo::new(text, default);
    let levels = info.levels.iter().map(|l| l.number()).collect();
    (levels, info.paragraph_level.is_rtl())
}

/// A conservative test: false only for characters that can never raise a level.
fn may_be_rtl(c: char) -> bool {
    c >= '\u{0590}'
}

/// What rule L1 needs to know of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum L1Class {
    /// Segment or paragraph separator (S, B).
    Separator,
    /// Whitespace, isolate formatting or a character removed by X9.
    Whitespace,
    Other,
}

/// The L1 class of a character.
pub fn l1_class(c: char) -> L1Class {
    use unicode_bidi::BidiClass::*;
    match unicode_bidi::bidi_class(c) {
        S | B => L1Class::Separator,
        WS | LRI | RLI | FSI | PDI | BN | LRE | RLE | LRO | RLO | PDF => L1Class::Whitespace,
        _ => L1Class::Other,
    }
}

/// Rule L1 for one line: separators, whitespace before them and trailing
/// whitespace go to the paragraph level.
pub fn line_levels(levels: &mut [u8], para_level: u8, class: impl Fn(usize) -> L1Class) {
    let mut reset = true; // at the line end, or just before a separator
    for i in (0..levels.len()).rev() {
        match class(i) {
            L1Class::Separator => {
                levels[i] = para_level;
                reset = true;
            }
            L1Class::Whitespace if reset => levels[i] = para_level,
            _ => reset = false,
        }
    }
}

/// Rule L2: the visual order of items given their levels (a permutation of
/// `0..levels.len()`, leftmost first).
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let levels: Vec<Level> = levels
        .iter()
        .map(|&n| Level::new(n).unwrap_or_else(|_| Level::ltr()))
        .collect();
    unicode_bidi::BidiInfo::reorder_visual(&levels)
}

/// Rule L4: the glyph to show for `c` at an odd (right-to-left) level.
pub fn mirror(c: char) -> char {
    // Letters and digits never mirror; skip the table for the common case.
    if c.is_ascii_alphanumeric() || c == ' ' || ('\u{0600}'..='\u{06FF}').contains(&c) {
        return c;
    }
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_direction_follows_first_strong() {
        assert!(resolve("مرحبا hello", Direction::Auto).1);
        assert!(!resolve("hello مرحبا", Direction::Auto).1);
        assert!(!resolve("2017", Direction::Auto).1);
        assert!(resolve("2017", Direction::Rtl).1);
        assert!(!resolve("مرحبا", Direction::Ltr).1);
    }

    #[test]
    fn l2_reverses_runs() {
        // Levels of "AB cd" in an RTL paragraph with Latin cd: [1,1,1,2,2]
        assert_eq!(visual_order(&[1, 1, 1, 2, 2]), vec![3, 4, 2, 1, 0]);
        assert_eq!(visual_order(&[0, 0, 1, 1, 0]), vec![0, 1, 3, 2, 4]);
    }

    #[test]
    fn mirroring() {
        assert_eq!(mirror('('), ')');
        assert_eq!(mirror('«'), '»');
        assert_eq!(mirror('a'), 'a');
    }
}
