//! What the pipeline asks of each character (bidi class, joining type,
//! cluster and display flags), found with one lookup. The answers come
//! from the same functions as everywhere else; for the characters of
//! Latin-1, the Arabic block and General Punctuation they are computed
//! once into a table.

use std::sync::LazyLock;

use unicode_bidi::{BidiClass, BidiDataSource};
use unicode_joining_type::get_joining_type;

use super::bidi::{self, FastData};
use super::clusters::{is_break_space, is_lone};
use super::shape::Joining;
use super::{sanitize, width};

/// [`super::clusters::is_lone`].
pub(super) const LONE: u16 = 1;
/// [`width::is_haraka`].
pub(super) const HARAKA: u16 = 1 << 1;
/// [`super::clusters::is_break_space`].
pub(super) const BREAK_SPACE: u16 = 1 << 2;
/// [`sanitize::is_invisible_format`].
pub(super) const INVISIBLE: u16 = 1 << 3;
/// [`sanitize::replacement`] changes it.
pub(super) const REPLACED: u16 = 1 << 4;
/// [`width::is_prepend`].
pub(super) const PREPEND: u16 = 1 << 5;
/// Joining type Transparent.
pub(super) const TRANSPARENT: u16 = 1 << 6;
/// Joins the letter after it (dual, left or join causing).
pub(super) const JOINS_FORWARD: u16 = 1 << 7;
/// Joins the letter before it (dual, right or join causing).
pub(super) const JOINS_BACKWARD: u16 = 1 << 8;
/// Has a mirrored glyph ([`super::bidi::mirror`] changes it).
pub(super) const MIRRORED: u16 = 1 << 9;
/// Set by shaping on an alef merged into the lam-alef ligature before it.
pub(super) const MERGED: u16 = 1 << 10;
/// [`width::char_width`] (0, 1 or 2) is `flags >> WIDTH_SHIFT`: the same
/// for the character mirrored or shaped (tests check).
pub(super) const WIDTH_SHIFT: u16 = 11;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Props {
    pub bidi: BidiClass,
    pub flags: u16,
}

fn compute(c: char) -> Props {
    let flag = |yes: bool, f: u16| if yes { f } else { 0 };
    let joining = Joining::of(get_joining_type(c));
    Props {
        bidi: FastData.bidi_class(c),
        flags: flag(is_lone(c), LONE)
            | flag(width::is_haraka(c), HARAKA)
            | flag(is_break_space(c), BREAK_SPACE)
            | flag(sanitize::is_invisible_format(c), INVISIBLE)
            | flag(sanitize::replacement(c).is_some(), REPLACED)
            | flag(width::is_prepend(c), PREPEND)
            | flag(joining.transparent, TRANSPARENT)
            | flag(joining.forward, JOINS_FORWARD)
            | flag(joining.backward, JOINS_BACKWARD)
            | flag(bidi::mirror(c) != c, MIRRORED)
            | (width::char_width(c).min(2) as u16) << WIDTH_SHIFT,
    }
}

/// The joining type in `flags`.
#[inline]
pub(super) fn joining(flags: u16) -> Joining {
    Joining {
        transparent: flags & TRANSPARENT != 0,
        forward: flags & JOINS_FORWARD != 0,
        backward: flags & JOINS_BACKWARD != 0,
    }
}

/// U+0000–U+06FF, then U+2000–U+206F.
static TABLE: LazyLock<Vec<Props>> = LazyLock::new(|| {
    (0..0x700u32)
        .chain(0x2000..0x2070)
        .map(|u| compute(char::from_u32(u).unwrap_or('\u{FFFD}')))
        .collect()
});

/// The properties of `c`, from `table` (the table, fetched once by the
/// caller) when it holds them.
#[inline]
pub(super) fn props_in(table: &[Props], c: char) -> Props {
    match c as usize {
        u @ 0..0x700 => table[u],
        u @ 0x2000..0x2070 => table[u - 0x2000 + 0x700],
        _ => compute(c),
    }
}

/// The table for [`props_in`].
pub(super) fn table() -> &'static [Props] {
    &TABLE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_the_functions() {
        for u in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let p = props_in(table(), c);
            assert_eq!(p, compute(c), "{c:?}");
            assert_eq!(p.bidi, unicode_bidi::bidi_class(c), "{c:?}");
            assert_eq!(
                usize::from(p.flags >> WIDTH_SHIFT),
                width::char_width(c),
                "{c:?}"
            );
            let m = bidi::mirror(c);
            assert_eq!(width::char_width(m), width::char_width(c), "{c:?} {m:?}");
            // The pipeline copies harakat as they are.
            if p.flags & HARAKA != 0 {
                assert_eq!(p.flags & (INVISIBLE | REPLACED | MIRRORED), 0, "{c:?}");
            }
            // What replaces a control, and the control, never mirror:
            // mirroring may be decided on the character before that.
            if let Some(r) = sanitize::replacement(c) {
                assert_eq!(bidi::mirror(r), r, "{c:?}");
                assert_eq!(p.flags & MIRRORED, 0, "{c:?}");
            }
        }
        let beh = props_in(table(), 'ب').flags;
        assert_eq!(
            beh & (JOINS_FORWARD | JOINS_BACKWARD),
            JOINS_FORWARD | JOINS_BACKWARD
        );
        // A space: one cell.
        assert_eq!(
            props_in(table(), ' ').flags,
            LONE | BREAK_SPACE | 1 << WIDTH_SHIFT
        );
        assert_eq!(props_in(table(), '(').flags & MIRRORED, MIRRORED);
        assert_eq!(
            props_in(table(), '\u{064E}').flags & (HARAKA | LONE),
            HARAKA
        );
    }
}
