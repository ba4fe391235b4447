//! What hamish can learn about the terminal and the locale, for the
//! start-up warning and `hamish doctor --terminal`.

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::Duration;

/// How long `doctor` waits for the terminal's answer to DECRQM.
const DECRQM_TIMEOUT: Duration = Duration::from_millis(400);

/// The locale variable in force and its value (LC_ALL, LC_CTYPE, LANG).
pub fn locale() -> (&'static str, String) {
    for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(v) = std::env::var(name)
            && !v.is_empty()
        {
            return (name, v);
        }
    }
    ("LANG", String::new())
}

pub fn is_utf8(locale: &str) -> bool {
    let l = locale.to_ascii_lowercase();
    l.contains("utf-8") || l.contains("utf8")
}

/// A warning when the locale is not UTF-8 (the terminal may then show
/// Arabic as garbage).
pub fn locale_warning() -> Option<String> {
    let (name, value) = locale();
    if is_utf8(&value) {
        return None;
    }
    let shown = if value.is_empty() {
        "unset".to_string()
    } else {
        format!("{name}={}", crate::text::sanitize::sanitize(&value))
    };
    Some(format!(
        "the locale is not UTF-8 ({shown}): Arabic may show as garbage; set LANG=C.UTF-8 or your language's .UTF-8 locale"
    ))
}

/// The terminal's answer to DECRQM for mode 8 (BDSM): `ESC [ 8 ; Ps $ y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BidiMode {
    /// The terminal reorders text itself (implicit mode, set).
    Implicit,
    /// Explicit mode: it draws what it is sent.
    Explicit,
    /// It answered that it does not know mode 8.
    Unknown,
    /// No answer in time: most terminals without bidi say nothing.
    NoAnswer,
}

/// Parse a DECRQM reply for mode 8.
pub fn parse_decrqm(reply: &[u8]) -> BidiMode {
    let text = String::from_utf8_lossy(reply);
    let Some(at) = text.find("\x1b[8;") else {
        return BidiMode::NoAnswer;
    };
    match text[at + 4..].chars().next() {
        Some('1' | '3') => BidiMode::Implicit,
        Some('2' | '4') => BidiMode::Explicit,
        Some('0') => BidiMode::Unknown,
        _ => BidiMode::NoAnswer,
    }
}

/// Ask the terminal on stdin/stdout about mode 8, waiting briefly.
pub fn query_bidi_mode() -> BidiMode {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return BidiMode::NoAnswer;
    }
    if crossterm::terminal::enable_raw_mode().is_err() {
        return BidiMode::NoAnswer;
    }
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x1b[8$p");
    let _ = out.flush();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 64];
        let mut got = Vec::new();
        let mut stdin = std::io::stdin();
        while let Ok(n) = stdin.read(&mut buf) {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
            if got.contains(&b'y') {
                break;
            }
        }
        let _ = tx.send(got);
    });
    let reply = rx.recv_timeout(DECRQM_TIMEOUT).unwrap_or_default();
    let _ = crossterm::terminal::disable_raw_mode();
    parse_decrqm(&reply)
}

/// The report `hamish doctor --terminal` prints.
pub fn report(mode: BidiMode) -> String {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let show = |v: Option<String>| {
        v.map_or("(unset)".to_string(), |v| {
            crate::text::sanitize::sanitize(&v)
        })
    };
    let (lname, lvalue) = locale();
    let mut out = String::new();
    out.push_str(&format!("TERM       {}\n", show(var("TERM"))));
    out.push_str(&format!("COLORTERM  {}\n", show(var("COLORTERM"))));
    out.push_str(&format!(
        "TMUX       {}\n",
        if var("TMUX").is_some() {
            "inside tmux"
        } else {
            "(not in tmux)"
        }
    ));
    out.push_str(&format!(
        "locale     {lname}={}{}\n",
        crate::text::sanitize::sanitize(&lvalue),
        if is_utf8(&lvalue) {
            ""
        } else {
            "  ← not UTF-8"
        }
    ));
    let mode_text = match mode {
        BidiMode::Implicit => "implicit: the terminal reorders text itself",
        BidiMode::Explicit => "explicit: the terminal draws what it is sent",
        BidiMode::Unknown => "the terminal does not know mode 8 (no bidi of its own)",
        BidiMode::NoAnswer => "no answer (most terminals without bidi say nothing)",
    };
    out.push_str(&format!("bidi mode  {mode_text}\n\nAdvice:\n"));
    let mut advice = Vec::new();
    if let Some(w) = locale_warning() {
        advice.push(format!("- {w}."));
    }
    if var("TMUX").is_some() {
        advice.push("- tmux swallows the bidi-mode sequences. If the terminal outside tmux does bidi (VTE, Konsole), add to ~/.tmux.conf:\n    set -as terminal-overrides ',*:smcup=\\E[?1049h\\E[8l:rmcup=\\E[?1049l\\E[8h'".into());
    }
    if var("KITTY_WINDOW_ID").is_some() || var("TERM").is_some_and(|t| t.contains("kitty")) {
        advice.push("- kitty: add `force_ltr yes` to kitty.conf.".into());
    }
    if var("KONSOLE_VERSION").is_some() {
        advice.push("- Konsole: Settings → Edit Current Profile → Advanced → untick \"Bi-Directional text rendering\".".into());
    }
    if var("MLTERM").is_some() || var("TERM").is_some_and(|t| t.contains("mlterm")) {
        advice.push("- mlterm: start it with -D false (use_bidi = false), or run hamish with --bidi terminal.".into());
    }
    if var("VTE_VERSION").is_some() {
        advice.push(
            "- VTE (GNOME Terminal, Tilix…) understands the bidi-mode sequences: nothing to do."
                .into(),
        );
    }
    if mode == BidiMode::Implicit && var("TMUX").is_none() {
        advice.push("- This terminal reorders by itself; hamish switches that off while it runs (--bidi app). Or let the terminal do it: --bidi terminal.".into());
    }
    if advice.is_empty() {
        advice.push("- Nothing to change: hamish lays out the text itself (--bidi app).".into());
    }
    out.push_str(&advice.join("\n"));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decrqm_replies() {
        assert_eq!(parse_decrqm(b"\x1b[8;1$y"), BidiMode::Implicit);
        assert_eq!(parse_decrqm(b"\x1b[8;2$y"), BidiMode::Explicit);
        assert_eq!(parse_decrqm(b"\x1b[8;0$y"), BidiMode::Unknown);
        assert_eq!(parse_decrqm(b""), BidiMode::NoAnswer);
        assert_eq!(parse_decrqm(b"garbage"), BidiMode::NoAnswer);
    }

    #[test]
    fn utf8_locales() {
        assert!(is_utf8("C.UTF-8"));
        assert!(is_utf8("ar_EG.utf8"));
        assert!(!is_utf8("C"));
        assert!(!is_utf8("ar_EG.ISO-8859-6"));
        assert!(!is_utf8(""));
    }
}

/// How long to wait for the terminal to say its background colour.
const BACKGROUND_TIMEOUT: Duration = Duration::from_millis(200);

/// Ask the terminal for its background colour (OSC 11), followed by a
/// primary device attributes request (DA1), which every terminal answers:
/// the replies come in order, so once the DA1 answer is in, no late reply
/// can reach the key reader afterwards. `None` without an answer.
pub fn query_background() -> Option<(u8, u8, u8)> {
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::enable_raw_mode().ok()?;
    let mut out = std::io::stdout();
    let sent = out
        .write_all(b"\x1b]11;?\x1b\\\x1b[c")
        .and_then(|()| out.flush());
    let mut got = Vec::new();
    if sent.is_ok() {
        let stdin = std::io::stdin();
        let fd = stdin.as_fd();
        let start = std::time::Instant::now();
        let mut buf = [0u8; 256];
        while !da1_answered(&got) {
            let left = BACKGROUND_TIMEOUT.saturating_sub(start.elapsed());
            if left.is_zero() {
                break;
            }
            let mut fds = [rustix::event::PollFd::new(
                &fd,
                rustix::event::PollFlags::IN,
            )];
            let timeout = rustix::event::Timespec {
                tv_sec: 0,
                tv_nsec: i64::from(left.subsec_nanos()),
            };
            match rustix::event::poll(&mut fds, Some(&timeout)) {
                Ok(n) if n > 0 => match rustix::io::read(fd, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                },
                _ => break,
            }
        }
    }
    let _ = crossterm::terminal::disable_raw_mode();
    parse_background(&got)
}

/// Whether `got` holds the answer to DA1 (`ESC [ ? … c`).
fn da1_answered(got: &[u8]) -> bool {
    got.windows(3)
        .position(|w| w == b"\x1b[?")
        .is_some_and(|at| got[at + 3..].contains(&b'c'))
}

/// The colour in an OSC 11 reply: `ESC ] 11 ; rgb:RRRR/GGGG/BBBB`, with one
/// to four hex digits per channel.
pub fn parse_background(reply: &[u8]) -> Option<(u8, u8, u8)> {
    let text = String::from_utf8_lossy(reply);
    let rest = &text[text.find("]11;rgb:")? + 8..];
    let end = rest
        .find(|c: char| !(c.is_ascii_hexdigit() || c == '/'))
        .unwrap_or(rest.len());
    let mut channels = rest[..end].split('/').map(|h| {
        let v = u32::from_str_radix(h, 16).ok()?;
        let max = (1u32 << (4 * h.len().clamp(1, 4))) - 1;
        Some((v * 255 / max) as u8)
    });
    Some((channels.next()??, channels.next()??, channels.next()??))
}

#[cfg(test)]
mod background_tests {
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
}
