//! Bidi levels per paragraph and reordering per line (DESIGN §3.3).
//!
//! `unicode-bidi` resolves the levels (rules up to I2) and reverses level runs
//! (L2). It leaves L1 for lines, L3 and L4 to us: we reorder whole display
//! units (grapheme clusters, so harakat stay after their letter, L3) and
//! mirror characters at odd levels (L4, `unicode-bidi-mirroring`).

use std::sync::LazyLock;

use unicode_bidi::data_source::BidiMatchedOpeningBracket;
use unicode_bidi::{BidiClass, BidiDataSource, HardcodedBidiData, Level, ParagraphBidiInfo};

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
    let classes = classify(text);
    if let Some(level) = uniform_level(&classes, direction) {
        return (vec![level; text.len()], level == 1);
    }
    if let Some(levels) = rtl_with_numbers(classes, direction) {
        return (levels, true);
    }
    let info = ParagraphBidiInfo::new_with_data_source(&FastData, text, default);
    let levels = info.levels.iter().map(|l| l.number()).collect();
    (levels, info.paragraph_level.is_rtl())
}

/// unicode-bidi's own data, with the classes of Latin-1 and the Arabic
/// block looked up in a table copied from it once, instead of a binary
/// search per character.
struct FastData;

/// Classes of U+0000–U+00FF, then U+0600–U+06FF.
static CLASSES: LazyLock<Vec<BidiClass>> = LazyLock::new(|| {
    (0..0x100u32)
        .chain(0x600..0x700)
        .map(|u| char::from_u32(u).map_or(BidiClass::ON, unicode_bidi::bidi_class))
        .collect()
});

impl BidiDataSource for FastData {
    fn bidi_class(&self, c: char) -> BidiClass {
        match c as usize {
            u @ 0..0x100 => CLASSES[u],
            u @ 0x600..0x700 => CLASSES[u - 0x500],
            _ => unicode_bidi::bidi_class(c),
        }
    }

    fn bidi_matched_opening_bracket(&self, c: char) -> Option<BidiMatchedOpeningBracket> {
        // The table is searched linearly; no other ASCII character is a bracket.
        if c.is_ascii() && !matches!(c, '(' | ')' | '[' | ']' | '{' | '}') {
            return None;
        }
        HardcodedBidiData.bidi_matched_opening_bracket(c)
    }
}

/// The level of every character when the paragraph is all one direction:
/// letters of one direction only, with spaces, punctuation and (in LTR
/// text) European digits, and no explicit controls. Rules W1–W7 and N0–N2
/// then give every character the paragraph's level. `None` otherwise.
fn uniform_level(classes: &Classes, direction: Direction) -> Option<u8> {
    if classes.other || classes.an || (classes.rtl && classes.ltr) {
        return None;
    }
    let (rtl, ltr) = (classes.rtl, classes.ltr);
    match direction {
        Direction::Ltr if !rtl => Some(0),
        Direction::Rtl if !ltr => Some(1),
        Direction::Auto if rtl => Some(1),
        Direction::Auto => Some(0),
        _ => None,
    }
}

/// A paragraph's bidi classes (with each character's UTF-8 length), and
/// what kinds it holds.
struct Classes {
    chars: Vec<(usize, BidiClass)>,
    /// R or AL.
    rtl: bool,
    /// L or EN.
    ltr: bool,
    /// L.
    l: bool,
    an: bool,
    /// Explicit controls, BN, B and anything else the fast paths leave to
    /// unicode-bidi.
    other: bool,
}

fn classify(text: &str) -> Classes {
    use BidiClass::*;
    let mut out = Classes {
        chars: Vec::with_capacity(text.len()),
        rtl: false,
        ltr: false,
        l: false,
        an: false,
        other: false,
    };
    for c in text.chars() {
        let class = FastData.bidi_class(c);
        match class {
            R | AL => out.rtl = true,
            L => (out.ltr, out.l) = (true, true),
            EN => out.ltr = true,
            AN => out.an = true,
            NSM | WS | ON | CS | ES | ET | S => {}
            _ => out.other = true,
        }
        out.chars.push((c.len_utf8(), class));
    }
    out
}

/// Levels of a right-to-left paragraph with no left-to-right letter and no
/// explicit control: Arabic or Hebrew text with digits, spaces and
/// punctuation, the usual news paragraph. Rules W1–W7 reduce to a few
/// passes, every neutral then resolves to R (N0–N2, numbers count as R),
/// and numbers go one level up (I2). `None` for any other paragraph.
fn rtl_with_numbers(classes: Classes, direction: Direction) -> Option<Vec<u8>> {
    use BidiClass::*;
    if direction == Direction::Ltr || classes.l || classes.other {
        return None;
    }
    if direction == Direction::Auto && !classes.rtl {
        return None; // no strong letter: a left-to-right paragraph
    }
    let text_len: usize = classes.chars.iter().map(|&(len, _)| len).sum();
    let mut classes = classes.chars;
    // W1: a mark takes the class of the character before (sos is R). W2:
    // European digits after Arabic letters are Arabic numbers. W3: AL is R.
    let mut last_strong = R;
    let mut prev = R;
    for (_, class) in classes.iter_mut() {
        if *class == NSM {
            *class = prev;
        }
        match *class {
            R | AL => last_strong = *class,
            EN if last_strong == AL => *class = AN,
            _ => {}
        }
        prev = *class;
        if *class == AL {
            *class = R;
        }
    }
    // W4: one separator between two numbers of the same kind joins them.
    for i in 1..classes.len().saturating_sub(1) {
        let (before, after) = (classes[i - 1].1, classes[i + 1].1);
        let joined = match classes[i].1 {
            ES => before == EN && after == EN,
            CS => before == after && matches!(before, EN | AN),
            _ => false,
        };
        if joined {
            classes[i].1 = before;
        }
    }
    // W5: terminators next to European numbers become numbers.
    let mut i = 0;
    while i < classes.len() {
        if classes[i].1 != ET {
            i += 1;
            continue;
        }
        let run = i;
        while i < classes.len() && classes[i].1 == ET {
            i += 1;
        }
        let touches_en =
            (run > 0 && classes[run - 1].1 == EN) || classes.get(i).is_some_and(|c| c.1 == EN);
        if touches_en {
            classes[run..i].iter_mut().for_each(|c| c.1 = EN);
        }
    }
    // W6, N0–N2 and I2: numbers at level 2, everything else at level 1.
    let mut levels = Vec::with_capacity(text_len);
    for (len, class) in classes {
        let level = if matches!(class, EN | AN) { 2 } else { 1 };
        levels.extend(std::iter::repeat_n(level, len));
    }
    Some(levels)
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
    // Letters and digits never mirror; skip the table for the common case
    // (Arabic letters arrive here already in their presentation forms).
    if c.is_ascii_alphanumeric()
        || c == ' '
        || ('\u{0600}'..='\u{06FF}').contains(&c)
        || ('\u{FB50}'..='\u{FDFF}').contains(&c)
        || ('\u{FE70}'..='\u{FEFC}').contains(&c)
    {
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
    fn fast_data_agrees_with_unicode_bidi() {
        for u in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(FastData.bidi_class(c), unicode_bidi::bidi_class(c), "{c:?}");
            assert_eq!(
                FastData
                    .bidi_matched_opening_bracket(c)
                    .map(|b| (b.opening, b.is_open)),
                HardcodedBidiData
                    .bidi_matched_opening_bracket(c)
                    .map(|b| (b.opening, b.is_open)),
                "{c:?}"
            );
            assert_eq!(
                mirror(c),
                unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
            );
        }
    }

    #[test]
    fn uniform_paragraphs_match_the_full_algorithm() {
        let texts = [
            "مرحبا بكم، (قال) «نعم» - 'لا'!",
            "hello, world (1999) - 3.5% «x»",
            "שלום עולם",
            "...!?",
            "",
            "شَنَّ  \tهجوما",
            "abc مرحبا",
            "مرحبا 2017",
        ];
        for text in texts {
            for d in [Direction::Auto, Direction::Rtl, Direction::Ltr] {
                let Some(level) = uniform_level(&classify(text), d) else {
                    continue;
                };
                let default = match d {
                    Direction::Auto => None,
                    Direction::Rtl => Some(Level::rtl()),
                    Direction::Ltr => Some(Level::ltr()),
                };
                let info = ParagraphBidiInfo::new(text, default);
                let full: Vec<u8> = info.levels.iter().map(|l| l.number()).collect();
                assert_eq!(vec![level; text.len()], full, "{text:?} {d:?}");
                assert_eq!(level == 1, info.paragraph_level.is_rtl(), "{text:?} {d:?}");
            }
        }
        assert_eq!(uniform_level(&classify("abc مرحبا"), Direction::Auto), None);
        assert_eq!(
            uniform_level(&classify("مرحبا 2017"), Direction::Auto),
            None
        );
    }

    #[test]
    fn rtl_with_numbers_matches_the_full_algorithm() {
        let texts = [
            "قتل 12 شخصا في 11.30 من مساء 2017/10/3",
            "بنسبة 45% و$300 و+5 و-7 و1,000 و١٢٫٥",
            "2017 عام",
            "%12 مرحبا",
            "12%% ،3:45 (قال) «نعم» [1]",
            "שלום 12.5 עולם",
            "قال: \u{064E}1\u{064E} 2\u{0651}",
            "ب ٣ ,4 .5, 6- +7 \u{064E}",
        ];
        for text in texts {
            for d in [Direction::Auto, Direction::Rtl] {
                let levels = rtl_with_numbers(classify(text), d).expect("in the fast path");
                let default = (d == Direction::Rtl).then(Level::rtl);
                let info = ParagraphBidiInfo::new(text, default);
                let full: Vec<u8> = info.levels.iter().map(|l| l.number()).collect();
                assert_eq!(levels, full, "{text:?} {d:?}");
            }
        }
        assert_eq!(
            rtl_with_numbers(classify("abc 12 مرحبا"), Direction::Auto),
            None
        );
        assert_eq!(rtl_with_numbers(classify("12 3"), Direction::Auto), None);
        assert_eq!(
            rtl_with_numbers(classify("مرحبا\u{2067}12"), Direction::Auto),
            None
        );
    }

    #[test]
    fn mirroring() {
        assert_eq!(mirror('('), ')');
        assert_eq!(mirror('«'), '»');
        assert_eq!(mirror('a'), 'a');
    }
}
