//! `hamish doctor --calibrate`: four short samples of one right-to-left
//! line, each written for a different kind of terminal; the user says which
//! reads right, and the answer is saved for this terminal (`--bidi auto`
//! then uses it).
//!
//! 1. hamish's visual order, with `ESC [ 8 l` around it: right in terminals
//!    that reorder nothing or can be told not to;
//! 2. written for a terminal that reorders each row left to right;
//! 3. written for one that takes each row's direction from its first strong
//!    letter (mlterm);
//! 4. written for one that reorders left to right but mirrors no bracket
//!    (Konsole).
//!
//! In a terminal that reorders nothing only sample 1 reads right, in one
//! that reorders left to right only 2, by first strong letter only 3, like
//! Konsole only 4 (a unit test checks this with the simulated terminals).

use std::io::{BufRead, Write};

use crate::termenv::{Terminal, calibration_file, save_calibration};
use crate::text::terminal::{BidiChoice, Reorder};
use crate::text::{Options, Prepared};

/// The sample: brackets around Latin and around Arabic (which terminals
/// mirror or not), numbers with a separator, a full stop.
pub const SAMPLE: &str = "قال (AFP) إن 1,500 شخص [نزحوا] في 2017.";

/// The four sample rows, `width` cells each (flush right), as bytes to
/// write; the first without the mode sequences around it.
pub fn samples(width: usize) -> [Vec<u8>; 4] {
    let p = Prepared::new(SAMPLE, Options::default());
    let range = p.wrap(width).into_iter().next().unwrap_or(0..0);
    let line = p.visual_line(range).padded(width);
    let mut two = Vec::new();
    super::render::write_for_terminal(&line, Reorder::LeftToRight, &mut two);
    let mut three = Vec::new();
    super::render::write_for_terminal(&line, Reorder::FirstStrong, &mut three);
    let mut four = Vec::new();
    super::render::write_for_terminal(&line, Reorder::Konsole, &mut four);
    [line.into_bytes(), two, three, four]
}

/// What each answer means.
fn choice_of(answer: &str) -> Option<Option<BidiChoice>> {
    match answer.trim() {
        "1" => Some(Some(BidiChoice::App)),
        "2" => Some(Some(BidiChoice::Terminal(Reorder::LeftToRight))),
        "3" => Some(Some(BidiChoice::Terminal(Reorder::FirstStrong))),
        "4" => Some(Some(BidiChoice::Terminal(Reorder::Konsole))),
        "" => Some(None),
        _ => None,
    }
}

/// Show the samples on `tty`, read the answer from `answers`, and save it
/// for `terminal` in `file`. Returns what was saved.
pub fn calibrate(
    terminal: &Terminal,
    width: usize,
    mut answers: impl BufRead,
    mut tty: impl Write,
    file: &std::path::Path,
) -> anyhow::Result<Option<BidiChoice>> {
    let width = width.clamp(40, 60);
    let rule = "─".repeat(width);
    writeln!(
        tty,
        "Calibrating for {}.\r\n\r\nFour samples of one line follow. It reads right when it runs right to\r\nleft, ends flush with the right end of the rule above it, shows (AFP),\r\n[نزحوا], 1,500 and 2017 as written here, and has its full stop at the left end.\r\n",
        terminal.name
    )?;
    let [one, two, three, four] = samples(width);
    for (n, sample) in [(1, one), (2, two), (3, three), (4, four)] {
        writeln!(tty, "{n} {rule}\r")?;
        write!(tty, "  ")?;
        if n == 1 {
            tty.write_all(crate::termenv::BIDI_EXPLICIT.as_bytes())?;
        }
        tty.write_all(&sample)?;
        if n == 1 {
            tty.write_all(crate::termenv::BIDI_IMPLICIT.as_bytes())?;
        }
        write!(tty, "\r\n\r\n")?;
    }
    let mut picked = None;
    for _ in 0..3 {
        write!(
            tty,
            "Which one reads right? 1, 2, 3 or 4 (if two do, the lower); Enter if none: "
        )?;
        tty.flush()?;
        let mut line = String::new();
        if answers.read_line(&mut line)? == 0 {
            writeln!(tty, "\r\nNo answer: nothing saved.\r")?;
            return Ok(None);
        }
        if let Some(c) = choice_of(&line) {
            picked = Some(c);
            break;
        }
    }
    let Some(Some(choice)) = picked else {
        writeln!(
            tty,
            "Nothing saved. `hamish doctor --terminal` says how to switch this terminal's own bidi off.\r"
        )?;
        return Ok(None);
    };
    save_calibration(file, &terminal.key, choice).map_err(|e| {
        anyhow::anyhow!(
            "cannot save the calibration in {}: {e}",
            crate::text::display::display_path(file)
        )
    })?;
    writeln!(
        tty,
        "Saved: in {}, `--bidi auto` now means `--bidi {}` ({}).\r",
        terminal.name,
        choice.name(),
        crate::text::display::display_path(file)
    )?;
    Ok(Some(choice))
}

/// `doctor --calibrate` on the controlling terminal.
pub fn calibrate_here() -> anyhow::Result<Option<BidiChoice>> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|e| anyhow::anyhow!("`doctor --calibrate` needs a terminal: {e}"))?;
    let file = calibration_file()
        .ok_or_else(|| anyhow::anyhow!("no home folder to save the calibration in"))?;
    let terminal = crate::termenv::identify(&|k| std::env::var(k).ok());
    let width = crate::termenv::size().map_or(48, |(w, _)| usize::from(w).saturating_sub(4));
    let reader = std::io::BufReader::new(tty.try_clone()?);
    calibrate(&terminal, width, reader, tty, &file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::terminal::shown;

    /// The row a terminal shows for `bytes`: `None` reorders nothing.
    fn seen(bytes: &[u8], how: Option<Reorder>) -> String {
        let chars: Vec<char> = String::from_utf8_lossy(bytes).chars().collect();
        match how {
            None => chars.iter().filter(|c| !is_mark(**c)).collect(),
            Some(how) => shown(&chars, how)
                .into_iter()
                .map(|(i, m)| {
                    if m {
                        crate::text::bidi::mirror(chars[i])
                    } else {
                        chars[i]
                    }
                })
                .collect(),
        }
    }

    fn is_mark(c: char) -> bool {
        matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
    }

    #[test]
    fn each_kind_of_terminal_reads_exactly_one_sample_right() {
        for width in [40, 50, 60] {
            let samples = samples(width);
            let right = String::from_utf8(samples[0].clone()).expect("utf-8");
            // Checked by eye: the visual line, flush right, stop at the left.
            assert!(right.trim_start().starts_with(".2017 "), "{right}");
            assert!(right.ends_with("ﻝﺎﻗ") && right.contains("(AFP)") && right.contains("1,500"));
            assert_eq!(crate::text::width::str_width(&right), width);
            for (k, how) in [
                None,
                Some(Reorder::LeftToRight),
                Some(Reorder::FirstStrong),
                Some(Reorder::Konsole),
            ]
            .into_iter()
            .enumerate()
            {
                let good: Vec<usize> = (0..4)
                    .filter(|&n| seen(&samples[n], how) == right)
                    .collect();
                assert_eq!(good, vec![k], "width {width}, {how:?}");
            }
        }
    }

    #[test]
    fn the_answer_is_saved_for_this_terminal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("terminals.toml");
        let t = crate::termenv::identify(&|k| (k == "MLTERM").then(|| "3.9.0".to_string()));
        let mut shown = Vec::new();
        let got = calibrate(&t, 40, &b"x\n3\n"[..], &mut shown, &file).expect("ok");
        assert_eq!(got, Some(BidiChoice::Terminal(Reorder::FirstStrong)));
        assert_eq!(
            crate::termenv::calibrated(&file, "mlterm").0,
            Some(BidiChoice::Terminal(Reorder::FirstStrong))
        );
        let shown = String::from_utf8(shown).expect("utf-8");
        assert!(shown.contains("Which one reads right?"));
        assert!(shown.contains("--bidi first-strong"));
        // Enter: nothing saved; end of input: nothing saved.
        let file2 = dir.path().join("none.toml");
        assert_eq!(
            calibrate(&t, 40, &b"\n"[..], Vec::new(), &file2).expect("ok"),
            None
        );
        assert_eq!(
            calibrate(&t, 40, &b""[..], Vec::new(), &file2).expect("ok"),
            None
        );
        assert!(!file2.exists());
    }
}
