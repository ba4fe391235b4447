//! `hamish render` on any bytes: no panic, UTF-8 out, no control character,
//! no line wider than the width, no trailing space unless bidi controls
//! are applied.
#![no_main]

use hamish::cli::render::render_from;
use hamish::text::Options;
use hamish::text::width::str_width;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&w, rest)) = data.split_first() else { return };
    let width = usize::from(w) % 200 + 2;
    let opts = Options {
        shape: w & 1 == 0,
        apply_bidi_controls: w & 2 == 0,
        ..Options::default()
    };
    let mut out = Vec::new();
    render_from(rest, width, opts, None, &mut out).expect("render never fails on bytes");
    let text = std::str::from_utf8(&out).expect("UTF-8 out");
    for line in text.lines() {
        assert!(!line.chars().any(char::is_control), "control in {line:?}");
        assert!(str_width(line) <= width, "{line:?} wider than {width}");
        // An applied embedding or override may rightly hold a space at the
        // line's edge (see the text tests); neutralised, none may.
        if !opts.apply_bidi_controls {
            assert!(!line.ends_with(' '), "trailing space in {line:?}");
        }
    }
});
