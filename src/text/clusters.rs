//! Display units: grapheme clusters, with Arabic marks kept on their
//! letter.

use super::*;

/// Spaces a line may break at (not the no-break ones).
pub(super) fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// The extended grapheme clusters of `text` with their offsets, exactly as
/// `grapheme_indices(true)` gives them (what the pipeline uses, for tests).
pub fn clusters(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    std::iter::from_fn(move || {
        let &(start, _) = chars.get(k)?;
        k = cluster_end(text, &chars, k);
        let end = chars.get(k).map_or(text.len(), |&(o, _)| o);
        Some((start, &text[start..end]))
    })
}

/// Where the grapheme cluster starting at character `k` ends (an index
/// into `chars`, the character offsets of `text`). Most Arabic and English
/// text is letters, each alone or with harakat: those clusters are found
/// here directly, and everything else is left to unicode-segmentation.
pub(super) fn cluster_end(text: &str, chars: &[(usize, char)], k: usize) -> usize {
    let mut e = k + 1;
    if is_lone(chars[k].1) {
        while e < chars.len() && width::is_haraka(chars[e].1) {
            e += 1;
        }
        if chars.get(e).is_none_or(|&(_, c)| is_lone(c)) {
            return e;
        }
    }
    let start = chars[k].0;
    let rest = &text[start..];
    let end = start + rest.graphemes(true).next().map_or(rest.len(), str::len);
    e = k + 1;
    while e < chars.len() && chars[e].0 < end {
        e += 1;
    }
    e
}

/// [`cluster_end`] for the pipeline's characters, with their flags; and
/// whether the cluster is a lone character with only harakat after it.
#[inline]
pub(super) fn cluster_end_of(text: &str, chars: &[Ch], k: usize) -> (usize, bool) {
    let mut e = k + 1;
    if chars[k].flags & props::LONE != 0 {
        while e < chars.len() && chars[e].flags & props::HARAKA != 0 {
            e += 1;
        }
        if chars.get(e).is_none_or(|ch| ch.flags & props::LONE != 0) {
            return (e, true);
        }
    }
    (grapheme_end(text, chars, k), false)
}

/// Where the grapheme cluster starting at character `k` ends, by
/// unicode-segmentation.
#[inline(never)]
fn grapheme_end(text: &str, chars: &[Ch], k: usize) -> usize {
    let start = chars[k].off as usize;
    let rest = &text[start..];
    let end = start + rest.graphemes(true).next().map_or(rest.len(), str::len);
    let mut e = k + 1;
    while e < chars.len() && (chars[e].off as usize) < end {
        e += 1;
    }
    e
}

/// Characters that no grapheme rule joins to a neighbour, except marks
/// after them (not Prepend, Extend, SpacingMark, ZWJ, Control, Hangul,
/// regional indicators).
pub(super) fn is_lone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{060C}' | '\u{061B}' | '\u{061F}'
        | '\u{0621}'..='\u{064A}'
        | '\u{0660}'..='\u{066D}'
        | '«' | '»'
        | '\u{2013}' | '\u{2014}' | '\u{2018}'..='\u{201F}' | '\u{2026}')
}
