//! Arabic joining -> presentation forms (DESIGN §3.6).
//!
//! Most terminals draw each Arabic letter in its isolated form. We choose the
//! isolated/final/initial/medial presentation form (U+FE70–U+FEFC, plus the
//! Persian letters in U+FB50–U+FBFF) from the Unicode joining types of each
//! letter's logical neighbours, and replace lam+alef by its mandatory
//! ligature. Harakat are transparent and kept as combining marks. The joining
//! types come from `unicode-joining-type`; the form table below is the
//! standard one from the Unicode charts (hand-written: no maintained crate
//! offers it without also imposing its own rendering choices).

use std::sync::LazyLock;

use unicode_joining_type::{JoiningType, get_joining_type};

/// [isolated, final, initial, medial]; 0 where the letter has no such form.
fn forms(c: char) -> Option<[u32; 4]> {
    let f = match c {
        '\u{0621}' => [0xFE80, 0, 0, 0],
        '\u{0622}' => [0xFE81, 0xFE82, 0, 0],
        '\u{0623}' => [0xFE83, 0xFE84, 0, 0],
        '\u{0624}' => [0xFE85, 0xFE86, 0, 0],
        '\u{0625}' => [0xFE87, 0xFE88, 0, 0],
        '\u{0626}' => [0xFE89, 0xFE8A, 0xFE8B, 0xFE8C],
        '\u{0627}' => [0xFE8D, 0xFE8E, 0, 0],
        '\u{0628}' => [0xFE8F, 0xFE90, 0xFE91, 0xFE92],
        '\u{0629}' => [0xFE93, 0xFE94, 0, 0],
        '\u{062A}' => [0xFE95, 0xFE96, 0xFE97, 0xFE98],
        '\u{062B}' => [0xFE99, 0xFE9A, 0xFE9B, 0xFE9C],
        '\u{062C}' => [0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0],
        '\u{062D}' => [0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4],
        '\u{062E}' => [0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8],
        '\u{062F}' => [0xFEA9, 0xFEAA, 0, 0],
        '\u{0630}' => [0xFEAB, 0xFEAC, 0, 0],
        '\u{0631}' => [0xFEAD, 0xFEAE, 0, 0],
        '\u{0632}' => [0xFEAF, 0xFEB0, 0, 0],
        '\u{0633}' => [0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4],
        '\u{0634}' => [0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8],
        '\u{0635}' => [0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC],
        '\u{0636}' => [0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0],
        '\u{0637}' => [0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4],
        '\u{0638}' => [0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8],
        '\u{0639}' => [0xFEC9, 0xFECA, 0xFECB, 0xFECC],
        '\u{063A}' => [0xFECD, 0xFECE, 0xFECF, 0xFED0],
        '\u{0641}' => [0xFED1, 0xFED2, 0xFED3, 0xFED4],
        '\u{0642}' => [0xFED5, 0xFED6, 0xFED7, 0xFED8],
        '\u{0643}' => [0xFED9, 0xFEDA, 0xFEDB, 0xFEDC],
        '\u{0644}' => [0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0],
        '\u{0645}' => [0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4],
        '\u{0646}' => [0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8],
        '\u{0647}' => [0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC],
        '\u{0648}' => [0xFEED, 0xFEEE, 0, 0],
        '\u{0649}' => [0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9],
        '\u{064A}' => [0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4],
        '\u{0671}' => [0xFB50, 0xFB51, 0, 0],
        '\u{067E}' => [0xFB56, 0xFB57, 0xFB58, 0xFB59],
        '\u{0686}' => [0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D],
        '\u{0698}' => [0xFB8A, 0xFB8B, 0, 0],
        '\u{06A4}' => [0xFB6A, 0xFB6B, 0xFB6C, 0xFB6D],
        '\u{06A9}' => [0xFB8E, 0xFB8F, 0xFB90, 0xFB91],
        '\u{06AF}' => [0xFB92, 0xFB93, 0xFB94, 0xFB95],
        '\u{06CC}' => [0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF],
        _ => return None,
    };
    Some(f)
}

/// Lam-alef ligature [isolated, final] for the alef that follows a lam.
fn lam_alef(alef: char) -> Option<[u32; 2]> {
    match alef {
        '\u{0622}' => Some([0xFEF5, 0xFEF6]),
        '\u{0623}' => Some([0xFEF7, 0xFEF8]),
        '\u{0625}' => Some([0xFEF9, 0xFEFA]),
        '\u{0627}' => Some([0xFEFB, 0xFEFC]),
        _ => None,
    }
}

/// Nonspacing marks (harakat): a ligature may carry them, nothing else.
fn is_mark(c: char) -> bool {
    unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM
}

fn joins_forward(t: JoiningType) -> bool {
    matches!(
        t,
        JoiningType::DualJoining | JoiningType::LeftJoining | JoiningType::JoinCausing
    )
}

fn joins_backward(t: JoiningType) -> bool {
    matches!(
        t,
        JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing
    )
}

/// What shaping does to one logical character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shaped {
    /// Print this character (the original or its presentation form).
    Char(char),
    /// This alef was folded into the lam-alef ligature of the lam before it.
    Merged,
}

/// Shape a paragraph given as characters in logical order.
pub fn shape_chars(chars: &[char]) -> Vec<Shaped> {
    struct Chars<'a> {
        chars: &'a [char],
        types: Vec<JoiningType>,
        out: Vec<Shaped>,
    }
    impl Letters for Chars<'_> {
        fn len(&self) -> usize {
            self.chars.len()
        }
        fn char_at(&self, i: usize) -> char {
            self.chars[i]
        }
        fn joining(&self, i: usize) -> Joining {
            Joining::of(self.types[i])
        }
        fn set(&mut self, i: usize, s: Shaped) {
            self.out[i] = s;
        }
    }
    let mut text = Chars {
        chars,
        types: chars.iter().map(|&c| get_joining_type(c)).collect(),
        out: chars.iter().map(|&c| Shaped::Char(c)).collect(),
    };
    shape_each(&mut text);
    text.out
}

/// What shaping needs of a character's joining type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Joining {
    pub transparent: bool,
    pub forward: bool,
    pub backward: bool,
}

impl Joining {
    pub fn of(t: JoiningType) -> Joining {
        Joining {
            transparent: t == JoiningType::Transparent,
            forward: joins_forward(t),
            backward: joins_backward(t),
        }
    }
}

/// Text to shape: its characters, their joining types, and where each
/// shaped character goes.
pub(super) trait Letters {
    fn len(&self) -> usize;
    fn char_at(&self, i: usize) -> char;
    fn joining(&self, i: usize) -> Joining;
    /// The new value of character `i`; shaping reads it no more.
    fn set(&mut self, i: usize, s: Shaped);
}

/// Forms of U+0621–U+06CC as in [`forms`] ('\0' where there is none), in
/// a table built from it once.
static FORMS: LazyLock<Vec<[char; 4]>> = LazyLock::new(|| {
    (0x621..=0x6CCu32)
        .map(|u| {
            let f = char::from_u32(u).and_then(forms).unwrap_or([0; 4]);
            f.map(|x| char::from_u32(x).unwrap_or('\0'))
        })
        .collect()
});

/// [`forms`], looked up in [`FORMS`].
#[inline]
fn forms_of(table: &[[char; 4]], c: char) -> Option<&[char; 4]> {
    let i = (c as usize).wrapping_sub(0x621);
    table.get(i).filter(|f| f[0] != '\0')
}

/// Shape `text` in one pass: each character that shaping changes is
/// [`Letters::set`], and no other. A letter's form depends on the joiners
/// (characters that are not transparent) on either side, so it is decided
/// when the next joiner is reached.
pub(super) fn shape_each<L: Letters + ?Sized>(text: &mut L) {
    /// A letter whose form waits for the next joiner.
    struct Pending {
        at: usize,
        forms: &'static [char; 4],
        joins_prev: bool,
        joins_forward: bool,
        lam: bool,
    }
    /// The form of `p` given whether the next joiner joins back to it.
    fn decide(text: &mut (impl Letters + ?Sized), p: &Pending, next_joins_back: bool) {
        let pick = match (p.joins_prev, p.joins_forward && next_joins_back) {
            (true, true) => p.forms[3],
            (true, false) => p.forms[1],
            (false, true) => p.forms[2],
            (false, false) => p.forms[0],
        };
        if pick != '\0' {
            text.set(p.at, Shaped::Char(pick));
        }
    }
    let table: &'static [[char; 4]] = &FORMS;
    // Whether the last joiner so far joins forward (nothing before: no).
    let mut prev_joins = false;
    let mut pending: Option<Pending> = None;
    // Only marks since the pending lam (a ligature may carry them).
    let mut marks_only = true;
    for i in 0..text.len() {
        let t = text.joining(i);
        if t.transparent {
            if pending.as_ref().is_some_and(|p| p.lam) && marks_only {
                marks_only = is_mark(text.char_at(i));
            }
            continue;
        }
        let c = text.char_at(i);
        if let Some(p) = pending.take() {
            if p.lam
                && marks_only
                && let Some(lig) = lam_alef(c)
            {
                let form = if p.joins_prev { lig[1] } else { lig[0] };
                let lam = text.char_at(p.at);
                text.set(p.at, Shaped::Char(char::from_u32(form).unwrap_or(lam)));
                text.set(i, Shaped::Merged);
                prev_joins = t.forward;
                continue;
            }
            decide(text, &p, t.backward);
        }
        if let Some(forms) = forms_of(table, c) {
            pending = Some(Pending {
                at: i,
                forms,
                joins_prev: t.backward && prev_joins,
                joins_forward: t.forward,
                lam: c == '\u{0644}',
            });
            marks_only = true;
        }
        prev_joins = t.forward;
    }
    if let Some(p) = pending {
        decide(text, &p, false);
    }
}

/// Shape a string; convenient for tests and one-off labels.
pub fn shape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    shape_chars(&chars)
        .into_iter()
        .filter_map(|s| match s {
            Shaped::Char(c) => Some(c),
            Shaped::Merged => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_gets_initial_medial_final() {
        // كتب: kaf initial, teh medial, beh final (checked against the chart).
        assert_eq!(shape("كتب"), "\u{FEDB}\u{FE98}\u{FE90}");
    }

    #[test]
    fn right_joiner_breaks_the_chain() {
        // دار: dal isolated (nothing before), alef final? No: dal does not
        // join forward, so alef is isolated too; reh isolated.
        assert_eq!(shape("دار"), "\u{FEA9}\u{FE8D}\u{FEAD}");
        // باب: beh initial, alef final, beh isolated.
        assert_eq!(shape("باب"), "\u{FE91}\u{FE8E}\u{FE8F}");
    }

    #[test]
    fn lam_alef_ligatures() {
        assert_eq!(shape("لا"), "\u{FEFB}");
        // سلام: seen initial, lam-alef final ligature, meem isolated.
        assert_eq!(shape("سلام"), "\u{FEB3}\u{FEFC}\u{FEE1}");
        assert_eq!(shape("الأمن"), "\u{FE8D}\u{FEF7}\u{FEE3}\u{FEE6}");
    }

    #[test]
    fn harakat_are_transparent_and_kept() {
        // شَنَّ: sheen initial + fatha, noon final + shadda + fatha.
        assert_eq!(
            shape("\u{0634}\u{064E}\u{0646}\u{0651}\u{064E}"),
            "\u{FEB7}\u{064E}\u{FEE6}\u{0651}\u{064E}"
        );
        // Marks between lam and alef stay, after the ligature.
        assert_eq!(shape("لَا"), "\u{FEFB}\u{064E}");
    }

    #[test]
    fn zwnj_breaks_and_zwj_forces() {
        assert_eq!(shape("ب\u{200C}ب"), "\u{FE8F}\u{200C}\u{FE8F}");
        assert_eq!(shape("ب\u{200D}"), "\u{FE91}\u{200D}");
    }

    #[test]
    fn forms_table_is_the_match() {
        for u in 0..0x1_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let want = forms(c).map(|f| f.map(|x| char::from_u32(x).unwrap_or('\0')));
            assert_eq!(forms_of(&FORMS, c).copied(), want, "{c:?}");
            if let Some(f) = forms(c) {
                // The isolated form always exists; the others are
                // characters or 0.
                assert_ne!(f[0], 0, "{c:?}");
                assert!(
                    f.iter().all(|&x| x == 0 || char::from_u32(x).is_some()),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn no_shaped_letter_mirrors() {
        // Mirroring is decided on the letter before shaping
        // (`props::MIRRORED`); neither the letters nor their forms mirror.
        for u in 0x600..0x700u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let shaped = forms(c)
                .into_iter()
                .flatten()
                .chain(lam_alef(c).into_iter().flatten());
            for f in shaped.filter(|&f| f != 0).filter_map(char::from_u32) {
                assert_eq!(crate::text::bidi::mirror(f), f, "{c:?} {f:?}");
            }
            assert_eq!(crate::text::bidi::mirror(c), c, "{c:?}");
        }
    }

    #[test]
    fn shaped_letters_are_as_wide_as_the_letter() {
        // The pipeline takes a letter's width from the letter before
        // shaping (`props::WIDTH_SHIFT`).
        use crate::text::width::char_width;
        for u in 0x600..0x700u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut shaped: Vec<u32> = forms(c).into_iter().flatten().collect();
            if c == '\u{0644}' {
                for alef in ['\u{0622}', '\u{0623}', '\u{0625}', '\u{0627}'] {
                    shaped.extend(lam_alef(alef).into_iter().flatten());
                }
            }
            for f in shaped
                .into_iter()
                .filter(|&f| f != 0)
                .filter_map(char::from_u32)
            {
                assert_eq!(char_width(f), char_width(c), "{c:?} {f:?}");
            }
        }
        assert_eq!(char_width('\u{FEFB}'), 1);
    }

    #[test]
    fn latin_untouched() {
        assert_eq!(shape("U.S. (2017)"), "U.S. (2017)");
    }
}
