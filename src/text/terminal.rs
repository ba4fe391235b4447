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

mod model;

pub use model::shown;
use model::{as_classed, display, is_box, mlterm_from_right, written};

use super::bidi::{self, Direction};

/// How a terminal picks the base direction of each row it reorders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reorder {
    /// Left to right, mirroring brackets at odd levels (VTE in implicit
    /// mode).
    LeftToRight,
    /// Left to right, as Konsole 22.12 does it (ICU per row, read in its
    /// `TerminalDisplay::bidiMap`, and seen in a window): box-drawing and
    /// geometric shapes (U+2500–U+25FF) taken for left-to-right letters,
    /// and nothing mirrored.
    Konsole,
    /// The first strong letter's, as mlterm does, with mlterm's own
    /// rules (its `vt_bidi.c`): a row with a box-drawing or block character
    /// (U+2500–U+259F) is cut at them and laid out left to right piece by
    /// piece; a character is mirrored by its neighbours; a row holds no
    /// more characters than columns, marks included. See `mlterm`.
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
    pub const NAMES: [&'static str; 5] = ["auto", "app", "terminal", "konsole", "first-strong"];

    pub fn parse(name: &str) -> Option<BidiChoice> {
        Some(match name {
            "auto" => BidiChoice::Auto,
            "app" => BidiChoice::App,
            "terminal" => BidiChoice::Terminal(Reorder::LeftToRight),
            "konsole" => BidiChoice::Terminal(Reorder::Konsole),
            "first-strong" => BidiChoice::Terminal(Reorder::FirstStrong),
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            BidiChoice::Auto => "auto",
            BidiChoice::App => "app",
            BidiChoice::Terminal(Reorder::LeftToRight) => "terminal",
            BidiChoice::Terminal(Reorder::Konsole) => "konsole",
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

/// Whether writing `pieces` makes a terminal reordering as `how` show
/// exactly `visual`. Units left out must be blank (`blank`): a terminal
/// that reorders lays a shorter row out from its base direction's edge
/// (mlterm: from the right when the base is right to left), so what is left
/// out at the other edge shows as the cleared cells it is.
pub fn comes_out_right(visual: &[char], blank: &[bool], pieces: &[Piece], how: Reorder) -> bool {
    check(visual, blank, pieces, how).is_ok()
}

/// [`comes_out_right`]; when only mirroring is wrong, what the terminal
/// shows (the characters written, and for each position the piece shown
/// and whether it is mirrored), so that a caller can mend the mirroring
/// without running the terminal's pass again.
#[allow(clippy::type_complexity)]
fn check(
    visual: &[char],
    blank: &[bool],
    pieces: &[Piece],
    how: Reorder,
) -> Result<(), Option<(Vec<char>, Vec<(usize, bool)>)>> {
    // A mark before the first unit would have no cell to go in.
    if matches!(pieces.first(), Some(Piece::Mark(_))) {
        return Err(None);
    }
    let chars = written(visual, pieces);
    let shown = shown(&chars, how);
    let Some(missing) = visual.len().checked_sub(shown.len()) else {
        return Err(None);
    };
    let from_right = missing > 0 && how == Reorder::FirstStrong && mlterm_from_right(&chars);
    let lead = if from_right { missing } else { 0 };
    let is_blank = |pos: usize| blank.get(pos).copied().unwrap_or(false);
    if !((0..lead).all(is_blank) && (lead + shown.len()..visual.len()).all(is_blank)) {
        return Err(None);
    }
    let mut only_mirroring = false;
    for (k, &(i, m)) in shown.iter().enumerate() {
        let c = if m { bidi::mirror(chars[i]) } else { chars[i] };
        let want = visual[lead + k];
        if c != want {
            if bidi::mirror(c) != want {
                // Out of order: mirroring cannot mend that.
                return Err(None);
            }
            only_mirroring = true;
        }
    }
    if only_mirroring {
        Err(Some((chars, shown)))
    } else {
        Ok(())
    }
}

/// `pieces`, or the same order with each unit written mirrored exactly
/// where the terminal mirrors it, if either comes out right. (Terminals
/// decide mirroring differently: by level, or, in mlterm, by neighbours.)
fn settled(
    visual: &[char],
    blank: &[bool],
    mut pieces: Vec<Piece>,
    how: Reorder,
) -> Option<Vec<Piece>> {
    for _ in 0..3 {
        let (chars, turned) = match check(visual, blank, &pieces, how) {
            Ok(()) => return Some(pieces),
            Err(None) => return None,
            Err(Some(seen)) => seen,
        };
        let mut changed = false;
        for (k, m) in turned {
            // Written mirrored exactly where the terminal mirrors, so it
            // is turned back to what is meant.
            if let Piece::Unit { mirrored, .. } = &mut pieces[k]
                && *mirrored != m
                && bidi::mirror(chars[k]) != chars[k]
            {
                *mirrored = m;
                changed = true;
            }
        }
        if !changed {
            return None;
        }
    }
    comes_out_right(visual, blank, &pieces, how).then_some(pieces)
}

/// mlterm keeps a row as at most as many characters as it has columns,
/// invisible marks included; more run over into the next row. So a row
/// with marks is written without as many blank units at its end, where the
/// layout leaves cleared cells anyway; `None` if there are not enough.
fn fitted(
    visual: &[char],
    blank: &[bool],
    mut pieces: Vec<Piece>,
    how: Reorder,
) -> Option<Vec<Piece>> {
    if how != Reorder::FirstStrong {
        return Some(pieces);
    }
    let mut over = pieces.len().saturating_sub(visual.len());
    if over == 0 {
        // Already checked as it is.
        return Some(pieces);
    }
    while over > 0 {
        match pieces.last()? {
            Piece::Unit { index, .. } if blank.get(*index) == Some(&true) => {
                pieces.pop();
                over -= 1;
            }
            // A mark at the end goes, with nothing after it to pin.
            Piece::Mark(_) => {
                pieces.pop();
                over -= 1;
            }
            Piece::Unit { .. } => return None,
        }
    }
    comes_out_right(visual, blank, &pieces, how).then_some(pieces)
}

/// `pieces` settled and fitted, if they come out right.
fn accept(visual: &[char], blank: &[bool], pieces: Vec<Piece>, how: Reorder) -> Option<Vec<Piece>> {
    let pieces = settled(visual, blank, pieces, how)?;
    fitted(visual, blank, pieces, how)
}

/// The pieces to write so that a terminal reordering as `how` shows the
/// visual row `visual` (`blank`: which units are blank cells, which a
/// terminal's layout may supply instead); `None` if nothing found comes out
/// right. Orders with fewer marks are tried first.
pub fn write_order(visual: &[char], blank: &[bool], how: Reorder) -> Option<Vec<Piece>> {
    if how == Reorder::FirstStrong && visual.iter().any(|&c| is_box(c)) {
        return cut_at_boxes(visual, blank);
    }
    let plain: Vec<Piece> = (0..visual.len())
        .map(|index| Piece::Unit {
            index,
            mirrored: false,
        })
        .collect();
    if let Some(p) = accept(visual, blank, plain.clone(), how) {
        return Some(p);
    }
    let bases: &[Direction] = match how {
        Reorder::LeftToRight | Reorder::Konsole => &[Direction::Ltr],
        Reorder::FirstStrong => &[Direction::Rtl, Direction::Ltr],
    };
    let orders: Vec<(Direction, Vec<(usize, bool)>)> = bases
        .iter()
        .map(|&dir| (dir, display(visual, dir, how)))
        .collect();
    let units = |order: &[(usize, bool)]| -> Vec<Piece> {
        order
            .iter()
            .map(|&(index, mirrored)| Piece::Unit { index, mirrored })
            .collect()
    };
    for (_, order) in &orders {
        if let Some(p) = accept(visual, blank, units(order), how) {
            return Some(p);
        }
    }
    if how == Reorder::FirstStrong {
        // One mark of the base's direction after the first unit, so the
        // terminal takes that base.
        for (dir, order) in &orders {
            let mut pieces = units(order);
            let own = if *dir == Direction::Rtl { RLM } else { LRM };
            pieces.insert(1.min(pieces.len()), Piece::Mark(own));
            if let Some(p) = accept(visual, blank, pieces, how) {
                return Some(p);
            }
        }
    }
    for (dir, order) in &orders {
        let marked = with_marks(visual, order, *dir, how);
        if let Some(p) = accept(visual, blank, marked, how) {
            return Some(p);
        }
    }
    let mut pieces = plain;
    if how == Reorder::FirstStrong {
        pieces.insert(1.min(pieces.len()), Piece::Mark(LRM));
    }
    let at = 1.min(pieces.len());
    pieces.insert(at, Piece::Mark(LRO));
    pieces.push(Piece::Mark(PDF));
    accept(visual, blank, pieces, how)
}

/// mlterm with a box-drawing character in the row: each piece between
/// them is reordered alone, left to right, so each is written as for such
/// a terminal and the box characters stay in place.
fn cut_at_boxes(visual: &[char], blank: &[bool]) -> Option<Vec<Piece>> {
    let mut pieces = Vec::with_capacity(visual.len() + 4);
    let mut start = 0;
    for i in 0..=visual.len() {
        if i == visual.len() || is_box(visual[i]) {
            let part = write_order(
                &visual[start..i],
                blank.get(start..i).unwrap_or(&[]),
                Reorder::LeftToRight,
            )?;
            for p in part {
                pieces.push(match p {
                    Piece::Unit { index, mirrored } => Piece::Unit {
                        index: index + start,
                        mirrored,
                    },
                    mark => mark,
                });
            }
            if i < visual.len() {
                pieces.push(Piece::Unit {
                    index: i,
                    mirrored: false,
                });
            }
            start = i + 1;
        }
    }
    accept(visual, blank, pieces, Reorder::FirstStrong)
}

/// The units of a visual row (each a cell's text: a base character and
/// the marks on it) as they are to be written for a terminal reordering as
/// `how`: for each, the index of the unit it comes from and the text to
/// write, its first character mirrored where the terminal mirrors it back,
/// followed by any invisible marks. `blank` tells which units are blank
/// cells (a space on the default background); some of those may be left
/// out, for the terminal's layout leaves them blank. `None` if no order
/// comes out right.
pub fn arrange(units: &[&str], blank: &[bool], how: Reorder) -> Option<Vec<(usize, String)>> {
    let bases: Vec<char> = units
        .iter()
        .map(|u| u.chars().next().unwrap_or(' '))
        .collect();
    let mut out: Vec<(usize, String)> = Vec::with_capacity(units.len());
    for piece in write_order(&bases, blank, how)? {
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
        if k == 0 && (rtl_base || how == Reorder::FirstStrong) {
            out.push(Piece::Mark(own));
        }
    }
    if inside {
        out.push(Piece::Mark(against));
    }
    out
}

#[cfg(test)]
mod tests;
