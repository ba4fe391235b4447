//! The background colour asked of the terminal (OSC 11), in a pty.

use std::time::{Duration, Instant};

use crate::pty::Session;

/// The background colour of the cell at the start of the current
/// paragraph's band (row 4 of seed 004 with the cursor on ¶ 2).
fn band_color(s: &Session) -> vt100::Color {
    let nz = |n: u16| std::num::NonZeroU16::new(n).expect("size");
    let mut p = vt100::Parser::new(nz(24), nz(80), 0);
    p.process(&s.raw());
    let screen = p.screen();
    // Rows between the title bar and the status bar.
    (1..23)
        .find_map(|row| {
            let cell = screen.cell(row, 40)?;
            (cell.bgcolor() != vt100::Color::Default).then(|| cell.bgcolor())
        })
        .unwrap_or(vt100::Color::Default)
}

fn start(home: &std::path::Path) -> Session {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/004_60d1107e2fb93d1c.txt"
    );
    Session::start_env(
        &[seed],
        home,
        24,
        80,
        &[("TERM", "xterm-256color"), ("COLORFGBG", "")],
    )
}

#[test]
fn a_terminal_that_says_its_background_is_light_gets_the_light_colours() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = start(home.path());
    let since = Instant::now();
    while !s.raw().windows(7).any(|w| w == b"\x1b]11;?\x1b") {
        assert!(
            since.elapsed() < Duration::from_secs(10),
            "asked for the background"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    s.send("\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?1;2c");
    s.wait_for("¶ 1/15");
    s.send("j");
    s.wait_for("¶ 2/15");
    assert_eq!(band_color(&s), vt100::Color::Idx(254), "a light band");
    s.send("qq");
    assert!(s.wait_exit().success());
}

#[test]
fn no_answer_means_dark_and_no_wait_to_speak_of() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = start(home.path());
    s.wait_for("¶ 1/15");
    s.send("j");
    s.wait_for("¶ 2/15");
    assert_eq!(band_color(&s), vt100::Color::Idx(236), "a dark band");
    s.send("qq");
    assert!(s.wait_exit().success());
}
