//! The one cell-width function (DESIGN §3.4).
//!
//! `UnicodeWidthStr::width` on a whole string counts lam followed by alef as
//! one cell, but terminals (and the TUI's cell buffer) give each its own cell. We
//! therefore always sum per grapheme cluster, on the exact string printed.

use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Cells taken by one grapheme cluster, as a terminal places it (0, 1 or 2
/// for the cluster, plus one cell for each prepended mark before it).
pub fn grapheme_width(g: &str) -> usize {
    let rest = g.trim_start_matches(is_prepend);
    let marks = g.len() - rest.len();
    if marks == 0 {
        UnicodeWidthStr::width(g).min(2)
    } else {
        // Each mark is its own cell, as the pipeline lays it out. (Not
        // `char_width`: its table is built by this function.)
        let own = |c: char| UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4])).min(2);
        g[..marks].chars().map(own).sum::<usize>() + grapheme_width(rest)
    }
}

/// Grapheme_Cluster_Break=Prepend, as unicode-segmentation has it (a test
/// checks every code point): the Arabic number signs
/// and end of ayah, and a few Indic and Brahmic signs. UAX #29 joins them
/// to whatever follows (a space, a bracket, a letter of another direction),
/// but no terminal draws them over what follows, so hamish gives each its
/// own cell and its own place in the bidi order.
pub fn is_prepend(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{0D4E}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{111C2}'..='\u{111C3}'
        | '\u{113D1}'
        | '\u{1193F}'
        | '\u{11941}'
        | '\u{11A84}'..='\u{11A89}'
        | '\u{11D46}'
        | '\u{11F02}')
}

/// Cells taken by `s` when printed cluster by cluster.
pub fn str_width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

/// Cells of one display unit (usually a letter, perhaps with harakat); the
/// same as [`str_width`], with a fast path for that common case.
pub fn unit_width(s: &str) -> usize {
    let mut chars = s.chars();
    let Some(c) = chars.next() else { return 0 };
    if chars.all(is_haraka) {
        char_width(c)
    } else {
        str_width(s)
    }
}

/// Cells of one character on its own.
pub fn char_width(c: char) -> usize {
    char_width_in(widths(), c)
}

/// [`char_width`], with its table fetched once by the caller
/// ([`widths`]).
#[inline(always)]
pub(crate) fn char_width_in(widths: &[u8], c: char) -> usize {
    match c as usize {
        0x20..=0x7E => 1,
        u @ 0x600..0x700 => usize::from(widths[u - 0x600]),
        u @ 0xFB50..0xFF00 => usize::from(widths[u - 0xFB50 + 0x100]),
        _ => other_width(c),
    }
}

/// The table of Arabic widths, for [`char_width_in`].
pub(crate) fn widths() -> &'static [u8] {
    &ARABIC_WIDTHS
}

#[inline(never)]
fn other_width(c: char) -> usize {
    grapheme_width(c.encode_utf8(&mut [0; 4]))
}

/// Widths of the Arabic block and the presentation forms (U+0600–U+06FF,
/// then U+FB50–U+FEFF), computed once by [`grapheme_width`].
static ARABIC_WIDTHS: LazyLock<Vec<u8>> = LazyLock::new(|| {
    (0x600..0x700u32)
        .chain(0xFB50..0xFF00)
        .map(|u| char::from_u32(u).map_or(1, |c| grapheme_width(c.encode_utf8(&mut [0; 4])) as u8))
        .collect()
});

/// Arabic harakat (Grapheme_Extend, no cell of their own).
pub fn is_haraka(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Longest prefix of `s` that fits in `max` cells, cut at a cluster boundary.
pub fn truncate(s: &str, max: usize) -> (&str, usize) {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = grapheme_width(g);
        if used + w > max {
            return (&s[..i], used);
        }
        used += w;
    }
    (s, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lam_alef_is_two_cells_unshaped() {
        // A person counts: ل ا = two letters, two cells in a terminal.
        assert_eq!(str_width("لا"), 2);
        assert_eq!(str_width("الاستقلال"), 9);
        // The reversed form (alef then lam) as printed in visual order.
        assert_eq!(str_width("ال ال ال"), 8);
    }

    #[test]
    fn harakat_take_no_cell() {
        assert_eq!(str_width("شَنَّ"), 2);
    }

    #[test]
    fn ligature_is_one_cell() {
        assert_eq!(str_width("\u{FEFB}"), 1);
    }

    #[test]
    fn wide_and_ascii() {
        assert_eq!(str_width("abc"), 3);
        assert_eq!(str_width("日本"), 4);
    }

    #[test]
    fn unit_width_agrees_with_str_width() {
        for s in ["a", "ب", "\u{FEFB}", "日", "\u{064E}", "◌\u{064E}", "شَ", ""] {
            assert_eq!(unit_width(s), str_width(s), "{s:?}");
        }
    }

    #[test]
    fn unit_width_fast_path_agrees_everywhere() {
        for u in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let one = c.to_string();
            assert_eq!(unit_width(&one), str_width(&one), "{c:?}");
            let marked = format!("{c}\u{064E}\u{0651}");
            assert_eq!(
                unit_width(&marked),
                str_width(&marked),
                "{c:?} with harakat"
            );
        }
    }

    #[test]
    fn prepend_list_is_unicode_segmentations() {
        // A Prepend character is the only kind that joins a following 'a'.
        for u in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let joins = format!("{c}a").graphemes(true).count() == 1;
            assert_eq!(is_prepend(c), joins, "{c:?}");
        }
    }

    #[test]
    fn prepended_marks_take_their_own_cell() {
        assert_eq!(str_width("\u{06DD}\u{06DD}لا"), 4);
        assert_eq!(str_width("\u{0600}١٢"), 3);
        assert_eq!(truncate("\u{06DD}ab", 2), ("\u{06DD}a", 2));
    }

    #[test]
    fn truncate_at_cluster() {
        assert_eq!(truncate("شَنَّ ab", 2), ("شَنَّ", 2));
        assert_eq!(truncate("日本", 3), ("日", 2));
        assert_eq!(truncate("ab", 5), ("ab", 2));
    }
}
