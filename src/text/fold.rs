//! Folding for search: Arabic text is written inconsistently (harakat or
//! not, hamza on the alef or not, a tatweel to stretch a word), so search
//! compares folded text, and maps what it finds back to the characters it
//! came from.
//!
//! The table (one place; the README shows it):
//!
//! | written | folded as |
//! | --- | --- |
//! | harakat U+064B–U+065F, superscript alef U+0670, Quranic marks U+06D6–U+06ED | nothing |
//! | tatweel U+0640 | nothing |
//! | أ إ آ ٱ (U+0623 U+0625 U+0622 U+0671) | ا |
//! | ى (U+0649), Persian ی (U+06CC) | ي |
//! | ؤ ئ (U+0624 U+0626) | ء |
//! | Persian ک (U+06A9) | ك |
//! | Arabic-Indic digits ٠–٩, Persian digits ۰–۹ | 0–9 |
//! | ة (U+0629), only with `ta_marbuta` | ه |
//! | any other letter | its lower case |

use std::ops::Range;

/// How loosely to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fold {
    /// Compare as written (no folding at all).
    pub strict: bool,
    /// ة as ه (off by default: they are often different words).
    pub ta_marbuta: bool,
    /// Whole words only, with the prefixes Arabic attaches to a word
    /// (و ف, then ب ك ل, then ال): دولة finds والدولة and بالدولة, not
    /// دولتين.
    pub words: bool,
}

/// Whether `prefix` (folded) is a run of clitics a word may carry: و or
/// ف, then ب ك or ل, then ال (each optional, in that order; ل before ال
/// loses its alef: للدولة).
fn clitics(prefix: &str) -> bool {
    let mut rest = prefix;
    for set in [&["و", "ف"][..], &["ب", "ك", "ل"][..]] {
        if let Some(s) = set.iter().find_map(|c| rest.strip_prefix(c)) {
            rest = s;
        }
    }
    rest.is_empty() || rest == "ال" || rest == "ل"
}

/// Whether `c` is dropped by folding: a mark or a tatweel.
pub fn is_dropped(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// Whether `c` folds to itself in `how`: most of any text (lower-case
/// ASCII, the plain Arabic letters), told apart quickly.
#[inline]
fn is_itself(c: char, how: Fold) -> bool {
    match c {
        '\0'..='\x7f' => !c.is_ascii_uppercase(),
        'آ' | 'أ' | 'ؤ' | 'إ' | 'ئ' | 'ى' => false,
        'ة' => !how.ta_marbuta,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        _ => false,
    }
}

/// `text` folded `how`, added to `out`: what [`fold_char`] makes of each
/// of its characters, with the runs that fold to themselves copied whole.
pub fn fold_str(text: &str, how: Fold, out: &mut String) {
    if how.strict {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if is_itself(c, how) {
            continue;
        }
        out.push_str(&text[start..i]);
        fold_char(c, how, out);
        start = i + c.len_utf8();
    }
    out.push_str(&text[start..]);
}

/// What `c` folds to, in `how`, added to `out` (nothing for a mark).
pub fn fold_char(c: char, how: Fold, out: &mut String) {
    if how.strict {
        out.push(c);
        return;
    }
    if is_dropped(c) {
        return;
    }
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ؤ' | 'ئ' => 'ء',
        'ک' => 'ك',
        'ة' if how.ta_marbuta => 'ه',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        // Quick ways for what most text is: ASCII, and Arabic letters (not
        // cased: each is itself).
        c if c.is_ascii() => c.to_ascii_lowercase(),
        '\u{0600}'..='\u{06FF}' => c,
        c => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(folded);
}

/// A text folded, with where each folded byte comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// Per byte of `text`: the byte range of the character of the
    /// original it comes from.
    from: Vec<Range<usize>>,
}

impl Folded {
    pub fn new(original: &str, how: Fold) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut from = Vec::with_capacity(original.len());
        for (i, c) in original.char_indices() {
            let before = text.len();
            fold_char(c, how, &mut text);
            let r = i..i + c.len_utf8();
            from.extend(std::iter::repeat_n(r, text.len() - before));
        }
        Folded { text, from }
    }

    /// The original's byte range that folded bytes `r` stand for: from the
    /// first character's start to the last one's end, and the marks that
    /// follow it in `original` (they are on its letter).
    pub fn original(&self, r: Range<usize>, original: &str) -> Option<Range<usize>> {
        let first = self.from.get(r.start)?;
        let last = self.from.get(r.end.checked_sub(1)?)?;
        let mut end = last.end;
        for c in original.get(end..)?.chars() {
            if !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}') {
                break;
            }
            end += c.len_utf8();
        }
        Some(first.start..end)
    }
}

/// Every place `query` occurs in `text`, both folded `how`, as byte ranges
/// of `text` (apart, in order).
pub fn find_all(text: &str, query: &str, how: Fold) -> Vec<Range<usize>> {
    let mut needle = String::new();
    fold_str(query, how, &mut needle);
    if needle.is_empty() {
        return Vec::new();
    }
    // Most paragraphs hold no hit: fold them without the map back first.
    let mut quick = String::with_capacity(text.len());
    fold_str(text, how, &mut quick);
    if !quick.contains(&needle) {
        return Vec::new();
    }
    let hay = Folded::new(text, how);
    let mut out: Vec<Range<usize>> = Vec::new();
    for (b, m) in hay.text.match_indices(&needle) {
        // A match that starts or ends inside one character's folding (a
        // letter whose lower case is two) is no match of whole characters.
        let starts = b == 0 || hay.from[b - 1] != hay.from[b];
        let end = b + m.len();
        let ends = end == hay.text.len() || hay.from[end] != hay.from[end - 1];
        if !(starts && ends) {
            continue;
        }
        if how.words {
            let letter = |c: char| c.is_alphanumeric();
            let word_start = hay.text[..b]
                .char_indices()
                .rev()
                .find(|(_, c)| !letter(*c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let after = hay.text[end..].chars().next();
            if after.is_some_and(letter) || !clitics(&hay.text[word_start..b]) {
                continue;
            }
        }
        if let Some(r) = hay.original(b..end, text)
            && out.last().is_none_or(|l| l.end <= r.start)
        {
            out.push(r);
        }
    }
    out
}

/// Whether `text` holds `query`, both folded `how` (without mapping the
/// hit back: quicker than [`find_all`], for filters).
pub fn contains(text: &str, query: &str, how: Fold) -> bool {
    let fold = |s: &str| {
        let mut out = String::with_capacity(s.len());
        fold_str(s, how, &mut out);
        out
    };
    let needle = fold(query);
    !needle.is_empty() && fold(text).contains(&needle)
}

#[cfg(test)]
mod tests;
