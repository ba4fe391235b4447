//! Bidi levels per paragraph and reordering per line (DESIGN §3.3).
//!
//! Levels (rules up to I2) of a paragraph without explicit controls, the
//! usual text, are resolved here directly, rule by rule as UAX #9 and
//! unicode-bidi have them (BidiCharacterTest and property tests hold the
//! two to each other); `unicode-bidi` resolves any other paragraph, and
//! reverses level runs (L2). L1 for lines, L3 and L4 are ours: we reorder
//! whole display units (grapheme clusters, so harakat stay after their
//! letter, L3) and mirror characters at odd levels (L4,
//! `unicode-bidi-mirroring`).

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
    let chars: Vec<char> = text.chars().collect();
    let mut classes: Vec<BidiClass> = chars.iter().map(|&c| FastData.bidi_class(c)).collect();
    let mut levels = Vec::new();
    let rtl = resolve_chars(text, |i| chars[i], &mut classes, direction, &mut levels);
    let mut bytes = Vec::with_capacity(text.len());
    for (c, &level) in chars.iter().zip(&levels) {
        bytes.extend(std::iter::repeat_n(level, c.len_utf8()));
    }
    (bytes, rtl)
}

/// [`resolve`] with one level per character: `classes` holds the bidi
/// class of each character of `text` (and is used up), `char_at` gives
/// the character at an index, and `levels` receives the levels. Returns
/// whether the paragraph level is RTL.
///
/// A paragraph without explicit controls (most text) is one isolating run
/// sequence at the paragraph level, resolved here directly by rules W1–W7,
/// N0–N2 and I1–I2 (checked against unicode-bidi by BidiCharacterTest and
/// property tests); any other paragraph is left to unicode-bidi.
pub(crate) fn resolve_chars(
    text: &str,
    char_at: impl Fn(usize) -> char,
    classes: &mut [BidiClass],
    direction: Direction,
    levels: &mut Vec<u8>,
) -> bool {
    levels.clear();
    let kinds = Kinds::of(classes);
    if let Some(level) = uniform_level(kinds, direction) {
        levels.resize(classes.len(), level);
        return level == 1;
    }
    if !kinds.other {
        let rtl = match direction {
            Direction::Rtl => true,
            Direction::Ltr => false,
            // P2, P3: the first strong letter (there is no isolate).
            Direction::Auto => classes
                .iter()
                .find(|c| matches!(c, BidiClass::L | BidiClass::R | BidiClass::AL))
                .is_some_and(|&c| c != BidiClass::L),
        };
        implicit(classes, char_at, rtl, kinds.l, levels);
        return rtl;
    }
    let default = match direction {
        Direction::Auto => None,
        Direction::Rtl => Some(Level::rtl()),
        Direction::Ltr => Some(Level::ltr()),
    };
    let info = ParagraphBidiInfo::new_with_data_source(&FastData, text, default);
    levels.extend(text.char_indices().map(|(i, _)| info.levels[i].number()));
    info.paragraph_level.is_rtl()
}

/// unicode-bidi's own data, with the classes of Latin-1 and the Arabic
/// block looked up in a table copied from it once, instead of a binary
/// search per character.
pub(crate) struct FastData;

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
        // The table is searched linearly; below U+0F3A, only ( ) [ ] { }
        // are brackets (a test checks every character).
        if c < '\u{0F3A}' && !matches!(c, '(' | ')' | '[' | ']' | '{' | '}') {
            return None;
        }
        HardcodedBidiData.bidi_matched_opening_bracket(c)
    }
}

/// What kinds of bidi class a paragraph holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kinds {
    /// R or AL.
    rtl: bool,
    /// L or EN.
    ltr: bool,
    /// L.
    l: bool,
    an: bool,
    /// Explicit controls, BN and B: left to unicode-bidi.
    other: bool,
}

impl Kinds {
    fn of(classes: &[BidiClass]) -> Kinds {
        // One bit per class, gathered without a branch per character.
        Kinds::from_bits(classes.iter().fold(0u32, |acc, &c| acc | 1 << c as u32))
    }

    /// The kinds of a paragraph whose classes are the bits set in `bits`
    /// (`1 << class as u32`).
    pub(crate) fn from_bits(bits: u32) -> Kinds {
        use BidiClass::*;
        let any = |set: &[BidiClass]| set.iter().any(|&c| bits & (1 << c as u32) != 0);
        Kinds {
            rtl: any(&[R, AL]),
            ltr: any(&[L, EN]),
            l: any(&[L]),
            an: any(&[AN]),
            other: any(&[B, BN, LRE, RLE, LRO, RLO, PDF, LRI, RLI, FSI, PDI]),
        }
    }
}

/// The level of every character when the paragraph is all one direction:
/// letters of one direction only, with spaces, punctuation and (in LTR
/// text) European digits, and no explicit controls. Rules W1–W7 and N0–N2
/// then give every character the paragraph's level. `None` otherwise.
pub(crate) fn uniform_level(kinds: Kinds, direction: Direction) -> Option<u8> {
    if kinds.other || kinds.an || (kinds.rtl && kinds.ltr) {
        return None;
    }
    let (rtl, ltr) = (kinds.rtl, kinds.ltr);
    match direction {
        Direction::Ltr if !rtl => Some(0),
        Direction::Rtl if !ltr => Some(1),
        Direction::Auto if rtl => Some(1),
        Direction::Auto => Some(0),
        _ => None,
    }
}

/// Rules W1–W7, N0–N2 and I1–I2 for a paragraph that is a single
/// isolating run sequence at the paragraph level (no explicit control, no
/// BN, no paragraph separator): `classes` are the characters' bidi
/// classes, `char_at` the characters (for brackets), `has_l` whether any
/// is L. Follows UAX #9 and unicode-bidi's reading of it step by step.
fn implicit(
    classes: &mut [BidiClass],
    char_at: impl Fn(usize) -> char,
    rtl: bool,
    has_l: bool,
    levels: &mut Vec<u8>,
) {
    use BidiClass::*;
    let n = classes.len();
    // sos and eos: the paragraph's own direction.
    let e = if rtl { R } else { L };
    // W1: a mark takes the class of the character before. W2: European
    // digits after an Arabic letter are Arabic numbers. W3: AL is R.
    let mut prev = e;
    let mut last_al = false;
    // What W4, W5 and W7 may change: numbers, and terminators.
    let (mut en, mut an, mut et) = (false, false, false);
    for class in classes.iter_mut() {
        if *class == NSM {
            *class = prev;
        }
        prev = *class;
        match *class {
            L | R => last_al = false,
            AL => {
                last_al = true;
                *class = R;
            }
            EN if last_al => {
                *class = AN;
                an = true;
            }
            EN => en = true,
            AN => an = true,
            ET => et = true,
            _ => {}
        }
    }
    // W4: one separator between two numbers of the same kind joins them.
    if en || an {
        for i in 1..n.saturating_sub(1) {
            let (before, after) = (classes[i - 1], classes[i + 1]);
            let joined = match classes[i] {
                ES => before == EN && after == EN,
                CS => before == after && matches!(before, EN | AN),
                _ => false,
            };
            if joined {
                classes[i] = before;
            }
        }
    }
    // W5: terminators next to European numbers become numbers. (W6, the
    // other separators and terminators becoming ON, changes nothing below:
    // the later rules take ES, CS, ET and ON alike as neutrals.)
    if en && et {
        let mut i = 0;
        while i < n {
            if classes[i] != ET {
                i += 1;
                continue;
            }
            let run = i;
            while i < n && classes[i] == ET {
                i += 1;
            }
            let touches_en =
                (run > 0 && classes[run - 1] == EN) || classes.get(i).is_some_and(|&c| c == EN);
            if touches_en {
                classes[run..i].iter_mut().for_each(|c| *c = EN);
            }
        }
    }
    if rtl && !has_l {
        // Right-to-left text with numbers (the usual news paragraph): no
        // W7, and every neutral, bracket or not, is between types that
        // count as R (N0-N2). Numbers go one level up (I2).
        levels.extend(
            classes
                .iter()
                .map(|&c| if matches!(c, EN | AN) { 2 } else { 1 }),
        );
        return;
    }
    // W7: European numbers after a left-to-right letter are L.
    if en {
        let mut last_l = !rtl;
        for class in classes.iter_mut() {
            match *class {
                L => last_l = true,
                R => last_l = false,
                EN if last_l => *class = L,
                _ => {}
            }
        }
    }
    brackets(classes, &char_at, e);
    // N1, N2: a run of neutrals between two strong types of the same
    // direction (numbers count as R) takes it; otherwise the paragraph's.
    // I1, I2: the levels, as each type is known.
    let strong = |c: BidiClass| match c {
        L => Some(L),
        R | EN | AN => Some(R),
        _ => None,
    };
    let level = |c: BidiClass| match (rtl, c) {
        (false, R) => 1,
        (false, AN | EN) => 2,
        (true, L | EN | AN) => 2,
        (b, _) => u8::from(b),
    };
    let mut i = 0;
    let mut before = e;
    while i < n {
        if let Some(s) = strong(classes[i]) {
            before = s;
            levels.push(level(classes[i]));
            i += 1;
            continue;
        }
        let run = i;
        while i < n && strong(classes[i]).is_none() {
            i += 1;
        }
        let after = classes.get(i).map_or(Some(e), |&c| strong(c));
        let to = if after == Some(before) { before } else { e };
        levels.extend(std::iter::repeat_n(level(to), i - run));
    }
}

/// Rule N0: bracket pairs (BD16) take the direction of what they enclose,
/// or of the context before them, in the order of their opening brackets.
fn brackets(classes: &mut [BidiClass], char_at: &impl Fn(usize) -> char, e: BidiClass) {
    use BidiClass::*;
    // BD16: pairs of an opening and a closing bracket, both still ON.
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, &class) in classes.iter().enumerate() {
        if class != ON {
            continue;
        }
        let Some(b) = FastData.bidi_matched_opening_bracket(char_at(i)) else {
            continue;
        };
        if b.is_open {
            if stack.len() >= 63 {
                break;
            }
            stack.push((b.opening, i));
        } else if let Some(k) = stack.iter().rposition(|&(open, _)| open == b.opening) {
            pairs.push((stack[k].1, i));
            stack.truncate(k);
        }
    }
    if pairs.is_empty() {
        return;
    }
    pairs.sort_unstable_by_key(|&(open, _)| open);
    // Within N0, numbers count as R.
    let strong = |c: BidiClass| match c {
        L => Some(L),
        R | EN | AN => Some(R),
        _ => None,
    };
    for (open, close) in pairs {
        let mut found_e = false;
        let mut found_not_e = false;
        for &c in &classes[open + 1..close] {
            match strong(c) {
                Some(s) if s == e => {
                    found_e = true;
                    break;
                }
                Some(_) => found_not_e = true,
                None => {}
            }
        }
        let to = if found_e {
            e
        } else if found_not_e {
            // The first strong type before the pair (sos if none).
            classes[..open]
                .iter()
                .rev()
                .find_map(|&c| strong(c))
                .unwrap_or(e)
        } else {
            continue;
        };
        for at in [open, close] {
            classes[at] = to;
            // Marks right after a bracket that changed follow it.
            let mut j = at + 1;
            while j < classes.len() && FastData.bidi_class(char_at(j)) == NSM {
                classes[j] = to;
                j += 1;
            }
        }
    }
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

    fn kinds(text: &str) -> Kinds {
        let classes: Vec<BidiClass> = text.chars().map(|c| FastData.bidi_class(c)).collect();
        Kinds::of(&classes)
    }

    /// Levels by the direct rules (per byte), and the paragraph direction.
    fn direct(text: &str, d: Direction) -> (Vec<u8>, bool) {
        let chars: Vec<char> = text.chars().collect();
        let mut classes: Vec<BidiClass> = chars.iter().map(|&c| FastData.bidi_class(c)).collect();
        assert!(!Kinds::of(&classes).other, "{text:?} is for unicode-bidi");
        let rtl = match d {
            Direction::Rtl => true,
            Direction::Ltr => false,
            Direction::Auto => ParagraphBidiInfo::new(text, None).paragraph_level.is_rtl(),
        };
        let mut levels = Vec::new();
        let has_l = Kinds::of(&classes).l;
        implicit(&mut classes, |i| chars[i], rtl, has_l, &mut levels);
        let bytes = chars
            .iter()
            .zip(&levels)
            .flat_map(|(c, &l)| std::iter::repeat_n(l, c.len_utf8()))
            .collect();
        (bytes, rtl)
    }

    fn full(text: &str, d: Direction) -> (Vec<u8>, bool) {
        let default = match d {
            Direction::Auto => None,
            Direction::Rtl => Some(Level::rtl()),
            Direction::Ltr => Some(Level::ltr()),
        };
        let info = ParagraphBidiInfo::new(text, default);
        let levels = info.levels.iter().map(|l| l.number()).collect();
        (levels, info.paragraph_level.is_rtl())
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
                let Some(level) = uniform_level(kinds(text), d) else {
                    continue;
                };
                let (levels, rtl) = full(text, d);
                assert_eq!(vec![level; text.len()], levels, "{text:?} {d:?}");
                assert_eq!(level == 1, rtl, "{text:?} {d:?}");
            }
        }
        assert_eq!(uniform_level(kinds("abc مرحبا"), Direction::Auto), None);
        assert_eq!(uniform_level(kinds("مرحبا 2017"), Direction::Auto), None);
    }

    #[test]
    fn direct_rules_match_the_full_algorithm() {
        let texts = [
            "قتل 12 شخصا في 11.30 من مساء 2017/10/3",
            "بنسبة 45% و$300 و+5 و-7 و1,000 و١٢٫٥",
            "2017 عام",
            "%12 مرحبا",
            "12%% ،3:45 (قال) «نعم» [1]",
            "שלום 12.5 עולם",
            "قال: \u{064E}1\u{064E} 2\u{0651}",
            "ب ٣ ,4 .5, 6- +7 \u{064E}",
            // Latin in Arabic, Arabic in Latin, brackets around either.
            "قالت (Reuters) إن 5 قتلى",
            "قالت Reuters (وكالة) news [12] «BBC»",
            "he said (قال) 12 times [a (b] c) x",
            "a (ب) c (d [ب] e) ب (1) ج",
            "ب (a)\u{064E} c",
            "(a ب) 12 (ج d)",
            "abc 12 مرحبا",
            "12 3",
            "〈a〉 〈ب\u{3009} \u{2329}c\u{232A}",
        ];
        for text in texts {
            for d in [Direction::Auto, Direction::Rtl, Direction::Ltr] {
                assert_eq!(direct(text, d), full(text, d), "{text:?} {d:?}");
            }
        }
        assert!(kinds("مرحبا\u{2067}12").other);
        assert!(kinds("a\u{202B}b").other);
        assert!(!kinds("قالت (Reuters) 12").other);
    }

    #[test]
    fn mirroring() {
        assert_eq!(mirror('('), ')');
        assert_eq!(mirror('«'), '»');
        assert_eq!(mirror('a'), 'a');
    }
}
