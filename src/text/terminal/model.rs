//! How each kind of terminal reorders a row: the Unicode algorithm from the
//! left (VTE), the same without mirroring and with box drawing as letters
//! (Konsole), or mlterm's own pass.

use super::*;

/// What a terminal reordering as `how` shows for `written`: for each
/// position, left to right, the index of the written piece shown there and
/// whether it is drawn mirrored. Marks and other zero-width controls take
/// part in the algorithm but show nothing.
pub fn shown(written: &[char], how: Reorder) -> Vec<(usize, bool)> {
    match how {
        Reorder::LeftToRight => display(written, Direction::Ltr, how),
        Reorder::Konsole => display(written, Direction::Ltr, how)
            .into_iter()
            .map(|(i, _)| (i, false))
            .collect(),
        Reorder::FirstStrong => mlterm(written),
    }
}

/// Box-drawing and block characters, which mlterm takes for separators
/// of a row (and as left-to-right when classing a row for hamish's own
/// candidate orders).
pub(super) fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// A character as the terminal's bidi pass classes it: for mlterm, a
/// box-drawing character is a left-to-right letter, for Konsole also a
/// geometric shape (here U+2160, of class L and the same UTF-8 length).
pub(super) fn as_classed(c: char, how: Reorder) -> char {
    let letter = match how {
        Reorder::FirstStrong => is_box(c),
        Reorder::Konsole => ('\u{2500}'..='\u{25FF}').contains(&c),
        Reorder::LeftToRight => false,
    };
    if letter { '\u{2160}' } else { c }
}

pub(super) fn is_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The visual order of `row` as one line with paragraph direction `dir`
/// (indices, leftmost first, controls included) and each item's level.
pub(super) fn order_of(row: &[char], dir: Direction, how: Reorder) -> (Vec<usize>, Vec<u8>) {
    if row.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let text: String = row.iter().map(|&c| as_classed(c, how)).collect();
    let (levels, rtl) = bidi::resolve(&text, dir);
    let mut lv: Vec<u8> = text.char_indices().map(|(i, _)| levels[i]).collect();
    bidi::line_levels(&mut lv, u8::from(rtl), |i| bidi::l1_class(row[i]));
    (bidi::visual_order(&lv), lv)
}

/// The display order of `row` as one line with paragraph direction `dir`,
/// characters classed as the terminal `how` classes them, mirrored at odd
/// levels.
pub(super) fn display(row: &[char], dir: Direction, how: Reorder) -> Vec<(usize, bool)> {
    let (order, lv) = order_of(row, dir, how);
    order
        .into_iter()
        .filter(|&i| !is_control(row[i]))
        .map(|i| (i, lv[i] % 2 == 1 && bidi::mirror(row[i]) != row[i]))
        .collect()
}

/// What mlterm 3.9 shows for a row (its `vt_bidi.c`, read and checked in a
/// real window):
/// - a row without a right-to-left character (R, AL, RLE, RLO) is left as
///   it is;
/// - a row with a box-drawing or block character (U+2500–U+259F) is cut at
///   each of them; the characters stay where they are, and every piece
///   between them is reordered alone with a left-to-right base;
/// - any other row is reordered whole, its base from the first strong
///   letter (left to right if there is none);
/// - a character is mirrored when a neighbour in the row comes right
///   before it on screen in the reverse order (mlterm's test for "inside a
///   right-to-left run"), not by its level.
pub(super) fn mlterm(row: &[char]) -> Vec<(usize, bool)> {
    use unicode_bidi::BidiClass::{AL, R, RLE, RLO};
    let n = row.len();
    let rtl = row
        .iter()
        .any(|&c| !is_box(c) && matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO));
    let order: Vec<usize> = if !rtl {
        (0..n).collect()
    } else if row.iter().any(|&c| is_box(c)) {
        let mut out = Vec::with_capacity(n);
        let mut start = 0;
        for i in 0..=n {
            if i == n || is_box(row[i]) {
                let (piece, _) = order_of(&row[start..i], Direction::Ltr, Reorder::LeftToRight);
                out.extend(piece.into_iter().map(|k| k + start));
                if i < n {
                    out.push(i);
                }
                start = i + 1;
            }
        }
        out
    } else {
        order_of(row, Direction::Auto, Reorder::LeftToRight).0
    };
    let mut at = vec![0usize; n];
    for (v, &i) in order.iter().enumerate() {
        at[i] = v;
    }
    let turned =
        |i: usize| (i > 0 && at[i - 1] == at[i] + 1) || (i + 1 < n && at[i] == at[i + 1] + 1);
    order
        .into_iter()
        .filter(|&i| !is_control(row[i]))
        .map(|i| (i, turned(i) && bidi::mirror(row[i]) != row[i]))
        .collect()
}

/// The characters `pieces` write for the visual row `visual`.
pub(super) fn written(visual: &[char], pieces: &[Piece]) -> Vec<char> {
    pieces
        .iter()
        .map(|p| match *p {
            Piece::Unit { index, mirrored } if mirrored => bidi::mirror(visual[index]),
            Piece::Unit { index, .. } => visual[index],
            Piece::Mark(c) => c,
        })
        .collect()
}

/// Whether mlterm lays out the written row `row` from the right edge: it
/// has a right-to-left character, no box-drawing character, and its first
/// strong letter is right to left.
pub(super) fn mlterm_from_right(row: &[char]) -> bool {
    use unicode_bidi::BidiClass::{AL, L, LRE, LRO, R, RLE, RLO};
    if row.iter().any(|&c| is_box(c)) {
        return false;
    }
    for &c in row {
        match unicode_bidi::bidi_class(c) {
            R | AL | RLE | RLO => return true,
            L | LRE | LRO => return false,
            _ => {}
        }
    }
    false
}
