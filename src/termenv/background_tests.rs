use super::*;

#[test]
fn background_replies_are_read_in_every_form() {
    let white = b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?1;2c";
    assert_eq!(parse_background(white), Some((255, 255, 255)));
    assert!(da1_answered(white));
    assert_eq!(
        parse_background(b"\x1b]11;rgb:1e/1e/2e\x07"),
        Some((30, 30, 46))
    );
    assert_eq!(
        parse_background(b"\x1b]11;rgb:0/8/f\x07"),
        Some((0, 136, 255))
    );
    assert_eq!(parse_background(b"\x1b[?1;2c"), None);
    assert_eq!(parse_background(b"\x1b]11;rgb:zz/00/00\x07"), None);
    assert!(!da1_answered(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"));
}
