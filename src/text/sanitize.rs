//! Untrusted text in, printable text out (DESIGN §3.2).
//!
//! Nothing from an article, sidecar, config file or file name may reach the
//! terminal as a control. C0/C1 controls become visible pictures; tabs
//! become a space. Bidi format characters and ZWJ/ZWNJ are kept here (the
//! bidi and shaping steps need them) and dropped when printing, see
//! [`is_invisible_format`].

/// Bytes decoded as UTF-8; each invalid sequence becomes U+FFFD and is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub invalid: usize,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Ok(valid) = simdutf8::basic::from_utf8(bytes) {
        return Decoded {
            text: valid.to_owned(),
            invalid: 0,
        };
    }
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            invalid += 1;
        }
    }
    Decoded { text, invalid }
}

/// The visible stand-in for a control character, or `None` if `c` may be shown.
pub fn replacement(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        // C0 controls -> U+2400 "control pictures" (␀ ␛ ...).
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        // C1 controls (CSI 0x9B, OSC 0x9D, ...) have no pictures.
        '\u{80}'..='\u{9f}' => Some(char::REPLACEMENT_CHARACTER),
        // Line and paragraph separators would break our one-line-per-row model.
        '\u{2028}' | '\u{2029}' => Some(' '),
        _ => None,
    }
}

/// Replace every control of `s` by its visible stand-in.
pub fn sanitize(s: &str) -> String {
    if !has_controls(s.as_bytes()) {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut copied, mut i) = (0, 0);
    // Every character `replacement` changes starts with one of these bytes
    // (C1 controls with 0xC2, U+2028/9 with 0xE2); each is ASCII or a lead
    // byte, so it starts a character.
    while let Some(k) = bytes[i..]
        .iter()
        .position(|&b| b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xE2)
    {
        let at = i + k;
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        i = at + c.len_utf8();
        if let Some(r) = replacement(c) {
            out.push_str(&s[copied..at]);
            out.push(r);
            copied = i;
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// Whether [`sanitize`] leaves `s` as it is (it holds no control).
pub fn is_clean(s: &str) -> bool {
    !has_controls(s.as_bytes())
}

/// Whether `b` (UTF-8) holds a character [`replacement`] changes: a C0
/// control or DEL, a C1 control (C2 80–9F) or U+2028/9 (E2 80 A8/A9).
/// Most text has none, and this check runs over it in wide steps.
fn has_controls(b: &[u8]) -> bool {
    let ascii = |x: u8| x < 0x20 || x == 0x7F;
    let chunks = b.chunks_exact(32);
    let tail = chunks.remainder();
    // Without an early exit per byte, so the compiler can use vector
    // instructions.
    let c0 = chunks
        .into_iter()
        .any(|c| c.iter().fold(false, |acc, &x| acc | ascii(x)))
        || tail.iter().any(|&x| ascii(x));
    c0 || memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| {
        matches!(
            (b[i], b.get(i + 1), b.get(i + 2)),
            (0xC2, Some(0x80..=0x9F), _) | (0xE2, Some(0x80), Some(0xA8 | 0xA9))
        )
    })
}

/// The mark shown in place of a neutralised bidi control: a neutral (ON)
/// character of the same UTF-8 length, so byte offsets do not move.
pub const BIDI_CONTROL_MARK: char = '\u{205E}';

/// Explicit embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI
/// RLI FSI PDI): the characters that can make text display as something
/// other than what it is.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How many bidi controls `s` holds. Each is encoded E2 80 AA–AE or
/// E2 81 A6–A9, so only the bytes after each 0xE2 are looked at.
pub fn count_bidi_controls(s: &str) -> usize {
    let b = s.as_bytes();
    memchr::memchr_iter(0xE2, b)
        .filter(|&at| {
            matches!(
                b.get(at + 1..at + 3),
                Some(&[0x80, 0xAA..=0xAE] | &[0x81, 0xA6..=0xA9])
            )
        })
        .count()
}

/// Untrusted text for one line of a terminal: no control (shown as its
/// picture) and no bidi control at work (shown as a mark).
pub fn shown(s: &str) -> String {
    neutralize_bidi_controls(&sanitize(s))
}

/// Replace each bidi control by [`BIDI_CONTROL_MARK`].
pub fn neutralize_bidi_controls(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_bidi_control(c) {
                BIDI_CONTROL_MARK
            } else {
                c
            }
        })
        .collect()
}

/// Characters that steer bidi or joining but must never be printed.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'              // ARABIC LETTER MARK
        | '\u{200B}'..='\u{200F}' // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}' // LRE RLE PDF LRO RLO
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // LRI RLI FSI PDI
        | '\u{FEFF}'              // BOM / ZWNBSP
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation controls
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_counts_invalid_sequences() {
        let d = decode(b"ab\xff\xfecd\xd8");
        assert_eq!(d.text, "ab\u{FFFD}\u{FFFD}cd\u{FFFD}");
        assert_eq!(d.invalid, 3);
        assert_eq!(decode("سلام".as_bytes()).invalid, 0);
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\u{241b}[31mb");
        assert_eq!(sanitize("x\u{9b}y\u{7}"), "x\u{FFFD}y\u{2407}");
        assert_eq!(sanitize("a\tb"), "a b");
        assert_eq!(sanitize("مرحبا"), "مرحبا");
        assert_eq!(sanitize("\u{1b}\u{1b}«x»\u{2028}"), "\u{241b}\u{241b}«x» ");
    }

    #[test]
    fn bidi_controls_are_counted_by_their_bytes() {
        for u in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("a{c}“{c}");
            let expected = s.chars().filter(|&c| is_bidi_control(c)).count();
            assert_eq!(count_bidi_controls(&s), expected, "{c:?}");
        }
    }

    #[test]
    fn the_quick_check_finds_every_control() {
        for u in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            // At every offset of a 32-byte step, and in the tail.
            for pad in [0, 5, 31, 40] {
                let s = format!("{}{c}«»“", "a".repeat(pad));
                assert_eq!(
                    has_controls(s.as_bytes()),
                    replacement(c).is_some(),
                    "{c:?} at {pad}"
                );
            }
        }
    }

    #[test]
    fn nothing_below_space_survives() {
        for b in 0u32..0x100 {
            let c = char::from_u32(b).expect("latin-1 is valid");
            let out = sanitize(&c.to_string());
            assert!(
                out.chars().all(|o| !o.is_control()),
                "U+{b:04X} survived as a control"
            );
        }
    }
}
