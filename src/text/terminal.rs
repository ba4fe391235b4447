//! Rows for terminals that reorder text themselves.
//!
//! hamish lays every row out in visual order. A terminal in implicit bidi
//! mode applies the bidi algorithm to each row again, and some cannot be
//! told not to (Konsole ignores `ESC [ 8 l`; mlterm reorders unless started
//! with `--ctl=false`). For them hamish writes each row in the order that
//! the terminal's own pass turns back into the row it means to show, so the
//! picture is the one the default mode draws.
//!
//! Terminals differ in one thing that matters here, the base direction of
//! a row: always left to right (VTE in implicit mode, Konsole), or that of
//! the row's first strong letter (mlterm): [`Reorder`].
//!
//! [`write_order`] finds the order. Most rows need nothing but a
//! permutation of their cells: the row's own display order, found by the
//! algorithm, is (nearly always) its inverse too. Where it is not (a number
//! at the edge of a right-to-left run, say), right-to-left marks pin the
//! runs; failing that, a left-to-right override shows the row exactly as
//! written. Every candidate is checked by running the terminal's pass on it,
//! and the first that comes out right is used.
//!
//! A row is given as one base character per cell unit (a wide character is
//! one unit); marks are written after the unit before them, in its cell,
//! as a terminal stores a zero-width character.

use super::bidi::{self, Direction};

/// How a terminal picks the base direction of each row it reorders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reorder {
    /// Left to right (VTE in implicit mode, Konsole).
    LeftToRight,
    /// The first strong letter's, as mlterm does; mlterm also takes
    /// box-drawing and block characters (U+2500–U+259F) for left-to-right
    /// letters (seen in mlterm 3.9: a row that starts with `┃` is laid out
    /// left to right, one that starts with `|` right to left).
    FirstStrong,
}

/// Who puts right-to-left text in order on screen, as asked (`--bidi`,
/// `[display] bidi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BidiChoice {
    /// Chosen from what the environment says about the terminal, or from a
    /// saved calibration.
    #[default]
    Auto,
    /// hamish reorders and asks the terminal not to (`ESC [ 8 l`).
    App,
    /// The terminal reorders each row itself; hamish writes rows so that
    /// they come out right after that.
    Terminal(Reorder),
}

impl BidiChoice {
    /// The names used by `--bidi` and the config.
    pub const NAMES: [&'static str; 4] = ["auto", "app", "terminal", "first-strong"];

    pub fn parse(name: &str) -> Option<BidiChoice> {
        Some(match name {
            "auto" => BidiChoice::Auto,
            "app" => BidiChoice::App,
            "terminal" => BidiChoice::Terminal(Reorder::LeftToRight),
            "first-strong" => BidiChoice::Terminal(Reorder::FirstStrong),
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            BidiChoice::Auto => "auto",
            BidiChoice::App => "app",
            BidiChoice::Terminal(Reorder::LeftToRight) => "terminal",
            BidiChoice::Terminal(Reorder::FirstStrong) => "first-strong",
        }
    }
}

/// One item to write: a unit of the visual row (drawn mirrored or not), or
/// an invisible mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Unit { index: usize, mirrored: bool },
    Mark(char),
}

pub const LRM: char = '\u{200E}';
pub const RLM: char = '\u{200F}';
const LRO: char = '\u{202D}';
const PDF: char = '\u{202C}';

/// What a terminal reordering as `how` shows for `written`: for each
/// position, left to right, the index of the written piece shown there and
/// whether it is drawn mirrored. Marks and other zero-width controls take
/// part in the algorithm but show nothing.
pub fn shown(written: &[char], how: Reorder) -> Vec<(usize, bool)> {
    display(written, base_of(how), how)
}

/// A character as the terminal's bidi pass classes it: for mlterm, a
/// box-drawing character is a left-to-right letter (here U+2160, of class L
/// and the same UTF-8 length).
fn as_classed(c: char, how: Reorder) -> char {
    if how == Reorder::FirstStrong && ('\u{2500}'..='\u{259F}').contains(&c) {
        '\u{2160}'
    } else {
        c
    }
}

fn base_of(how: Reorder) -> Direction {
    match how {
        Reorder::LeftToRight => Direction::Ltr,
        Reorder::FirstStrong => Direction::Auto,
    }
}

fn is_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The display order of `row` as one line with paragraph direction `dir`,
/// characters classed as the terminal `how` classes them.
fn display(row: &[char], dir: Direction, how: Reorder) -> Vec<(usize, bool)> {
    if row.is_empty() {
        return Vec::new();
    }
    let text: String = row.iter().map(|&c| as_classed(c, how)).collect();
    let (levels, rtl) = bidi::resolve(&text, dir);
    let mut lv: Vec<u8> = text.char_indices().map(|(i, _)| levels[i]).collect();
    bidi::line_levels(&mut lv, u8::from(rtl), |i| bidi::l1_class(row[i]));
    bidi::visual_order(&lv)
        .into_iter()
        .filter(|&i| !is_control(row[i]))
        .map(|i| (i, lv[i] % 2 == 1 && bidi::mirror(row[i]) != row[i]))
        .collect()
}

/// The characters `pieces` write for the visual row `visual`.
fn written(visual: &[char], pieces: &[Piece]) -> Vec<char> {
    pieces
        .iter()
        .map(|p| match *p {
            Piece::Unit { index, mirrored } if mirrored => bidi::mirror(visual[index]),
            Piece::Unit { index, .. } => visual[index],
            Piece::Mark(c) => c,
        })
        .collect()
}

/// Whether writing `pieces` makes a terminal reordering as `how` show
/// exactly `visual`.
pub fn comes_out_right(visual: &[char], pieces: &[Piece], how: Reorder) -> bool {
    // A mark before the first unit would have no cell to go in.
    if matches!(pieces.first(), Some(Piece::Mark(_))) {
        return false;
    }
    let chars = written(visual, pieces);
    let shown = shown(&chars, how);
    shown.len() == visual.len()
        && shown.iter().enumerate().all(|(pos, &(i, m))| {
            let c = if m { bidi::mirror(chars[i]) } else { chars[i] };
            c == visual[pos]
        })
}

/// The pieces to write so that a terminal reordering as `how` shows the
/// visual row `visual`; `None` if nothing found comes out right.
pub fn write_order(visual: &[char], how: Reorder) -> Option<Vec<Piece>> {
    let plain: Vec<Piece> = (0..visual.len())
        .map(|index| Piece::Unit {
            index,
            mirrored: false,
        })
        .collect();
    if comes_out_right(visual, &plain, how) {
        return Some(plain);
    }
    let bases: &[Direction] = match how {
        Reorder::LeftToRight => &[Direction::Ltr],
        Reorder::FirstStrong => &[Direction::Rtl, Direction::Ltr],
    };
    for &dir in bases {
        let order = display(visual, dir, how);
        let pieces: Vec<Piece> = order
            .iter()
            .map(|&(index, mirrored)| Piece::Unit { index, mirrored })
            .collect();
        if comes_out_right(visual, &pieces, how) {
            return Some(pieces);
        }
        let marked = with_marks(visual, &order, dir, how);
        if comes_out_right(visual, &marked, how) {
            return Some(marked);
        }
    }
    let mut pieces = plain;
    if how == Reorder::FirstStrong {
        pieces.insert(1.min(pieces.len()), Piece::Mark(LRM));
    }
    let at = 1.min(pieces.len());
    pieces.insert(at, Piece::Mark(LRO));
    pieces.push(Piece::Mark(PDF));
    comes_out_right(visual, &pieces, how).then_some(pieces)
}

/// The units of a visual row (each a cell's text: a base character and
/// the marks on it) as they are to be written for a terminal reordering as
/// `how`: for each, the index of the unit it comes from and the text to
/// write, its first character mirrored where the terminal mirrors it back,
/// followed by any invisible marks. `None` if no order comes out right.
pub fn arrange(units: &[&str], how: Reorder) -> Option<Vec<(usize, String)>> {
    let bases: Vec<char> = units
        .iter()
        .map(|u| u.chars().next().unwrap_or(' '))
        .collect();
    let mut out: Vec<(usize, String)> = Vec::with_capacity(units.len());
    for piece in write_order(&bases, how)? {
        match piece {
            Piece::Unit { index, mirrored } => {
                let unit = units[index];
                let text = if mirrored {
                    let base = bases[index];
                    let mut t = String::from(bidi::mirror(base));
                    t.push_str(unit.get(base.len_utf8()..).unwrap_or(""));
                    t
                } else {
                    unit.to_string()
                };
                out.push((index, text));
            }
            // Never first: `comes_out_right` refuses a leading mark.
            Piece::Mark(m) => {
                if let Some((_, last)) = out.last_mut() {
                    last.push(m);
                }
            }
        }
    }
    Some(out)
}

/// `order` with a mark of the base's opposite direction at both ends of
/// every run that goes against the base, so numbers and neutrals at a run's
/// edge stay in it, and one of the base's own direction at the start.
fn with_marks(
    visual: &[char],
    order: &[(usize, bool)],
    dir: Direction,
    how: Reorder,
) -> Vec<Piece> {
    let rtl_base = dir == Direction::Rtl;
    let (against, own) = if rtl_base { (LRM, RLM) } else { (RLM, LRM) };
    let text: String = visual.iter().map(|&c| as_classed(c, how)).collect();
    let (levels, _) = bidi::resolve(&text, dir);
    let lv: Vec<u8> = text.char_indices().map(|(i, _)| levels[i]).collect();
    let base = u8::from(rtl_base);
    let mut out = Vec::with_capacity(order.len() + 8);
    let mut inside = false;
    for (k, &(index, mirrored)) in order.iter().enumerate() {
        let opposed = lv[index] > base && !visual[index].is_whitespace();
        if opposed != inside {
            out.push(Piece::Mark(against));
        }
        inside = opposed;
        out.push(Piece::Unit { index, mirrored });
        if k == 0 && rtl_base {
            out.push(Piece::Mark(own));
        }
    }
    if inside {
        out.push(Piece::Mark(against));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The row a terminal shows after `write_order`.
    fn round_trip(visual: &str, how: Reorder) -> Option<String> {
        let v = chars(visual);
        let pieces = write_order(&v, how)?;
        let w = written(&v, &pieces);
        Some(
            shown(&w, how)
                .into_iter()
                .map(|(i, m)| if m { bidi::mirror(w[i]) } else { w[i] })
                .collect(),
        )
    }

    #[test]
    fn a_terminal_with_a_left_to_right_base_reverses_arabic() {
        // What Konsole does with the logical text of "قال." in a row: the
        // letters reversed, the full stop left at the right end.
        let row = chars("قال.");
        let shown: String = shown(&row, Reorder::LeftToRight)
            .into_iter()
            .map(|(i, _)| row[i])
            .collect();
        assert_eq!(shown, "لاق.");
        // mlterm takes the base from the first letter: the stop goes left.
        let shown: String = shown_fs(&row);
        assert_eq!(shown, ".لاق");
    }

    fn shown_fs(row: &[char]) -> String {
        shown(row, Reorder::FirstStrong)
            .into_iter()
            .map(|(i, m)| if m { bidi::mirror(row[i]) } else { row[i] })
            .collect()
    }

    #[test]
    fn rows_come_out_as_meant_under_both_policies() {
        // Visual rows as the default mode draws them (checked by eye in
        // tmux): a flush-right line with a bracket, a number and Latin; a
        // line that starts with a number; chrome around text.
        let rows = [
            "      .(AFP) 2017 يف [اوحزن] اًصخش 1,500 نإ لاق",
            "                     لتق 2017",
            "┃ .ﺔﻳﺮﺼﻤﻟﺍ ﺔﻣﻮﻜﺤﻟﺍ ﺖﻟﺎﻗ                 │",
            " hamish · a.txt · ¶ 3/12            ",
            "  (1) ملاحظة: «نص»  ",
        ];
        for row in rows {
            for how in [Reorder::LeftToRight, Reorder::FirstStrong] {
                assert_eq!(round_trip(row, how).as_deref(), Some(row), "{how:?}");
            }
        }
    }

    #[test]
    fn mlterm_takes_box_drawing_for_a_left_to_right_letter() {
        // As seen in mlterm 3.9: "┃ قال." is laid out left to right (the
        // Arabic word reversed in place, the bar first), "| قال." right to
        // left (the bar goes to the right end).
        let bar = chars("┃ قال.");
        assert_eq!(shown_fs(&bar), "┃ لاق.");
        let pipe = chars("| قال.");
        assert_eq!(shown_fs(&pipe), ".لاق |");
        // Rows with a popup border or the margin mark still come out right.
        for row in [
            "  ┃ .ﺔﻳﺮﺼﻤﻟﺍ ﺔﻣﻮﻜﺤﻟﺍ ﺖﻟﺎﻗ  │ ﻝﺎﻗ ",
            "│ .(AFP) 2017 يف │   ┃",
        ] {
            assert_eq!(round_trip(row, Reorder::FirstStrong).as_deref(), Some(row));
        }
    }

    #[test]
    fn plain_rows_are_written_as_they_are() {
        let v = chars(" hamish — 12 articles ");
        let pieces = write_order(&v, Reorder::LeftToRight).expect("found");
        assert!(pieces.iter().all(|p| matches!(
            p,
            Piece::Unit {
                mirrored: false,
                ..
            }
        )));
        assert!(pieces.iter().enumerate().all(|(k, p)| *p
            == Piece::Unit {
                index: k,
                mirrored: false
            }));
    }

    #[test]
    fn a_number_at_the_edge_of_an_arabic_run_needs_a_mark() {
        // "2017 قتل" right to left: on screen the word left of the number.
        // No order of these characters alone gives that in a left-to-right
        // row; a right-to-left mark before the run does.
        let v = chars("   لتق 2017");
        let pieces = write_order(&v, Reorder::LeftToRight).expect("found");
        assert!(pieces.contains(&Piece::Mark(RLM)));
        assert_eq!(
            round_trip("   لتق 2017", Reorder::LeftToRight).as_deref(),
            Some("   لتق 2017")
        );
    }
}
