use super::*;

#[test]
fn decrqm_replies() {
    assert_eq!(parse_decrqm(b"\x1b[8;1$y"), Mode8::Implicit);
    assert_eq!(parse_decrqm(b"\x1b[8;2$y"), Mode8::Explicit);
    assert_eq!(parse_decrqm(b"\x1b[8;0$y"), Mode8::Unknown);
    assert_eq!(parse_decrqm(b""), Mode8::NoAnswer);
    assert_eq!(parse_decrqm(b"garbage"), Mode8::NoAnswer);
}

#[test]
fn utf8_locales() {
    assert!(is_utf8("C.UTF-8"));
    assert!(is_utf8("ar_EG.utf8"));
    assert!(!is_utf8("C"));
    assert!(!is_utf8("ar_EG.ISO-8859-6"));
    assert!(!is_utf8(""));
}
