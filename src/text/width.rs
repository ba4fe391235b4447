//! The one cell-width function (DESIGN §3.4).
//!
//! `UnicodeWidthStr::width` on a whole string counts lam followed by alef as
//! one cell, but terminals (and the TUI's cell buffer) give each its own cell. We
//! therefore always sum per grapheme cluster, on the exact string printed.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Cells taken by one grapheme cluster, as a terminal places it (0, 1 or 2).
pub fn grapheme_width(g: &str) -> usize {
    UnicodeWidthStr::width(g).min(2)
}

/// Cells taken by `s` when printed cluster by cluster.
pub fn str_width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

/// Cells of one display unit (usually a single character); the same as
/// [`str_width`], with a fast path for the common one-character case.
pub fn unit_width(s: &str) -> usize {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => unicode_width::UnicodeWidthChar::width(c)
            .unwrap_or(0)
            .min(2),
        _ => str_width(s),
    }
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
    fn truncate_at_cluster() {
        assert_eq!(truncate("شَنَّ ab", 2), ("شَنَّ", 2));
        assert_eq!(truncate("日本", 3), ("日", 2));
        assert_eq!(truncate("ab", 5), ("ab", 2));
    }
}
