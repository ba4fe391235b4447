use super::*;

fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |k| {
        pairs
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    }
}

#[test]
fn auto_picks_the_mode_from_the_terminal_the_environment_names() {
    use Reorder::*;
    // (environment, terminal named, mode auto chooses)
    type Row<'a> = (&'a [(&'a str, &'a str)], &'a str, Option<Reorder>);
    let table: &[Row] = &[
        (
            &[("TERM", "xterm-256color"), ("VTE_VERSION", "7000")],
            "VTE 7000",
            None,
        ),
        (
            &[("TERM", "xterm-256color"), ("KONSOLE_VERSION", "221203")],
            "Konsole",
            Some(Konsole),
        ),
        (
            &[("TERM", "xterm"), ("MLTERM", "3.9.0")],
            "mlterm",
            Some(FirstStrong),
        ),
        (&[("TERM", "mlterm")], "mlterm", Some(FirstStrong)),
        (
            &[("TERM_PROGRAM", "Apple_Terminal")],
            "Terminal.app",
            Some(LeftToRight),
        ),
        (
            &[("TERM", "xterm-kitty"), ("KITTY_WINDOW_ID", "1")],
            "kitty",
            None,
        ),
        (&[("TERM_PROGRAM", "WezTerm")], "WezTerm", None),
        (&[("TERM", "foot")], "foot", None),
        (&[("TERM", "foot-extra")], "foot", None),
        (&[("TERM_PROGRAM", "mintty")], "mintty", None),
        (&[("TERM_PROGRAM", "iTerm.app")], "iTerm2", None),
        (&[("WT_SESSION", "abc")], "Windows Terminal", None),
        (&[("XTERM_VERSION", "XTerm(379)")], "xterm", None),
        (&[("TERM", "screen")], "TERM=screen", None),
        (&[], "an unnamed terminal", None),
        // tmux keeps ESC [ 8 l from VTE, which then reorders.
        (
            &[("TMUX", "/tmp/t,1,0"), ("VTE_VERSION", "7000")],
            "tmux in VTE 7000",
            Some(LeftToRight),
        ),
        (
            &[("TMUX", "/tmp/t,1,0"), ("XTERM_VERSION", "XTerm(379)")],
            "tmux in xterm",
            None,
        ),
        (
            &[("TMUX", "/tmp/t,1,0"), ("MLTERM", "3.9.0")],
            "tmux in mlterm",
            Some(FirstStrong),
        ),
        // An empty variable names nothing.
        (
            &[("KONSOLE_VERSION", ""), ("XTERM_VERSION", "XTerm(379)")],
            "xterm",
            None,
        ),
    ];
    for (vars, name, mode) in table {
        let t = identify(&env(vars));
        assert_eq!(t.name, *name, "{vars:?}");
        let chosen = choose(BidiChoice::Auto, &t, None);
        assert_eq!(chosen.reorder, *mode, "{vars:?}");
        assert!(chosen.why.contains(name), "{}", chosen.why);
    }
}

#[test]
fn a_flag_wins_and_a_calibration_wins_over_the_table() {
    let konsole = identify(&env(&[("KONSOLE_VERSION", "221203")]));
    assert_eq!(choose(BidiChoice::App, &konsole, None).reorder, None);
    let fs = BidiChoice::Terminal(Reorder::FirstStrong);
    assert_eq!(
        choose(fs, &konsole, Some(BidiChoice::App)).reorder,
        Some(Reorder::FirstStrong)
    );
    // Bi-Directional rendering switched off and calibrated: app.
    let c = choose(BidiChoice::Auto, &konsole, Some(BidiChoice::App));
    assert_eq!(c.reorder, None);
    assert_eq!(c.why, "calibrated for Konsole");
    // A calibration saved as "auto" means nothing.
    let c = choose(BidiChoice::Auto, &konsole, Some(BidiChoice::Auto));
    assert_eq!(c.reorder, Some(Reorder::Konsole));
}

#[test]
fn terminal_names_cannot_smuggle_escapes() {
    let t = identify(&env(&[("TERM", "x\u{1b}]0;owned\u{7}")]));
    assert!(!t.name.contains('\u{1b}') && !t.name.contains('\u{7}'));
}

#[test]
fn calibrations_are_kept_per_terminal_and_damage_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("sub").join("terminals.toml");
    assert_eq!(calibrated(&file, "Konsole"), (None, None));
    save_calibration(&file, "Konsole", BidiChoice::App).expect("saved");
    save_calibration(
        &file,
        "mlterm+tmux",
        BidiChoice::Terminal(Reorder::FirstStrong),
    )
    .expect("saved");
    assert_eq!(calibrated(&file, "Konsole").0, Some(BidiChoice::App));
    assert_eq!(
        calibrated(&file, "mlterm+tmux").0,
        Some(BidiChoice::Terminal(Reorder::FirstStrong))
    );
    assert_eq!(calibrated(&file, "xterm"), (None, None));
    // Damaged: ignored with a message naming the file; saving repairs it.
    std::fs::write(&file, "Konsole = [unclosed").expect("write");
    let (got, warning) = calibrated(&file, "Konsole");
    assert_eq!(got, None);
    assert!(warning.expect("a warning").contains("terminals.toml"));
    save_calibration(&file, "xterm", BidiChoice::App).expect("saved");
    assert_eq!(calibrated(&file, "xterm").0, Some(BidiChoice::App));
    // Two processes calibrating at once keep both answers.
    let both = dir.path().join("both.toml");
    let writers: Vec<_> = (0..2)
        .map(|t| {
            let both = both.clone();
            std::thread::spawn(move || {
                for k in 0..20 {
                    save_calibration(&both, &format!("t{t}-{k}"), BidiChoice::App).expect("saved");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    for t in 0..2 {
        for k in 0..20 {
            assert_eq!(
                calibrated(&both, &format!("t{t}-{k}")).0,
                Some(BidiChoice::App)
            );
        }
    }
    // An unknown mode name is no calibration.
    std::fs::write(&file, "xterm = \"sideways\"\n").expect("write");
    assert_eq!(calibrated(&file, "xterm"), (None, None));
    // A FIFO in its place is refused, not waited on.
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.toml");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        assert!(calibrated(&fifo, "xterm").1.is_some());
    }
}
