//! Greedy wrapping of a paragraph's display units by cell width (DESIGN §3.5).
//!
//! Units are grapheme clusters (a lam-alef ligature is one unit), so a line
//! never breaks inside a cluster or between a letter and its harakat. Lines
//! break after runs of spaces; the spaces at a break are dropped, with any
//! invisible unit (a mark such as RLM or ZWNJ) among them. A word wider
//! than the line is cut at unit boundaries.

use std::ops::Range;

/// What wrapping needs to know about a unit.
pub trait WrapUnit {
    fn cells(&self) -> usize;
    fn is_space(&self) -> bool;
}

/// Break `units` into lines of at most `max` cells (`max` >= 1). Each line is
/// a range of unit indices in logical order, without the spaces at breaks.
pub fn wrap<U: WrapUnit>(units: &[U], max: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    wrap_each(units, max, |range, _| lines.push(range));
    lines
}

/// [`wrap`], giving each line in turn to `line` with its cells.
pub fn wrap_each<U: WrapUnit>(units: &[U], max: usize, mut line: impl FnMut(Range<usize>, usize)) {
    let max = max.max(1);
    let mut any = false; // a line was given

    let mut start = 0; // first unit of the current line
    let mut end = 0; // end of the line's last word (exclusive)
    let mut width = 0; // cells of start..end
    let mut i = 0;
    while i < units.len() {
        // A space run, then a word. Invisible units (no cells) before a
        // word go with the spaces: they must not keep a space at a line's
        // start or end (where an RTL line would show it at its right edge).
        let space_start = i;
        let mut space_w = 0;
        while i < units.len() && (units[i].is_space() || units[i].cells() == 0) {
            space_w += units[i].cells();
            i += 1;
        }
        let word_start = i;
        let mut word_w = 0;
        while i < units.len() && !units[i].is_space() {
            word_w += units[i].cells();
            i += 1;
        }
        if word_start == i {
            break; // trailing spaces
        }
        if end > start || space_start > start {
            // The line already holds something (or leading spaces).
            if width + space_w + word_w <= max {
                width += space_w + word_w;
                end = i;
                continue;
            }
            if end > start {
                any = true;
                line(start..end, width);
            }
            start = word_start;
            width = 0;
        } else {
            start = word_start;
        }
        // Place the word on a fresh line, cutting it if it is too wide.
        let mut j = word_start;
        while j < i {
            let w = units[j].cells();
            if width + w > max && j > start {
                any = true;
                line(start..j, width);
                start = j;
                width = 0;
            }
            width += w;
            j += 1;
        }
        end = i;
    }
    if end > start || !any {
        line(start..end.max(start), width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct C(char);
    impl WrapUnit for C {
        fn cells(&self) -> usize {
            match self.0 {
                'W' => 2,
                'z' => 0, // an invisible unit
                _ => 1,
            }
        }
        fn is_space(&self) -> bool {
            self.0 == ' '
        }
    }

    fn lines(s: &str, max: usize) -> Vec<String> {
        let units: Vec<C> = s.chars().map(C).collect();
        wrap(&units, max)
            .into_iter()
            .map(|r| s.chars().skip(r.start).take(r.len()).collect())
            .collect()
    }

    #[test]
    fn each_line_comes_with_its_cells() {
        for (s, max) in [
            ("aa bb cc", 5),
            ("WWW", 5),
            ("x abcdefg", 3),
            ("z ab", 5),
            ("ab z cd", 4),
            ("  ", 3),
            ("aWa aa", 3),
        ] {
            let units: Vec<C> = s.chars().map(C).collect();
            let mut seen = Vec::new();
            wrap_each(&units, max, |r, cells| seen.push((r, cells)));
            let want: Vec<_> = wrap(&units, max)
                .into_iter()
                .map(|r| {
                    let cells = units[r.clone()].iter().map(|u| u.cells()).sum::<usize>();
                    (r, cells)
                })
                .collect();
            assert_eq!(seen, want, "{s:?} {max}");
        }
        // Checked by hand: "aa bb" is 5 cells, "cc" 2.
        let units: Vec<C> = "aa bb cc".chars().map(C).collect();
        let mut seen = Vec::new();
        wrap_each(&units, 5, |r, cells| seen.push((r, cells)));
        assert_eq!(seen, [(0..5, 5), (6..8, 2)]);
    }

    #[test]
    fn greedy_fill() {
        assert_eq!(lines("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(lines("aa bb cc", 8), ["aa bb cc"]);
        assert_eq!(lines("aa bb cc", 4), ["aa", "bb", "cc"]);
    }

    #[test]
    fn long_word_is_cut() {
        assert_eq!(lines("abcdefg hi", 3), ["abc", "def", "g", "hi"]);
        assert_eq!(lines("x abcdefg", 3), ["x", "abc", "def", "g"]);
    }

    #[test]
    fn spaces_at_breaks_dropped_inner_kept() {
        assert_eq!(lines("aa   bb", 4), ["aa", "bb"]);
        assert_eq!(lines("aa  bb", 6), ["aa  bb"]);
        assert_eq!(lines("aa bb   ", 5), ["aa bb"]);
    }

    #[test]
    fn wide_units_never_overflow() {
        assert_eq!(lines("WWW", 5), ["WW", "W"]);
        assert_eq!(lines("WW", 2), ["W", "W"]);
    }

    #[test]
    fn empty_and_leading_spaces() {
        assert_eq!(lines("", 5), [""]);
        assert_eq!(lines("  ab", 5), ["ab"]);
    }

    #[test]
    fn invisible_units_never_keep_a_space_at_an_edge() {
        // At the start, at the end and at a break.
        assert_eq!(lines("z ab", 5), ["ab"]);
        assert_eq!(lines("ab z", 5), ["ab"]);
        assert_eq!(lines("ab z cd", 4), ["ab", "cd"]);
        // Inside a word it stays.
        assert_eq!(lines("azb cd", 4), ["azb", "cd"]);
        assert_eq!(lines("z", 4), [""]);
    }
}
