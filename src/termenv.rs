//! What hamish can learn about the terminal and the locale, for the
//! start-up warning and `hamish doctor --terminal`.

mod identify;

pub use identify::{
    Chosen, Terminal, calibrated, calibration_file, choose, choose_here, identify, save_calibration,
};

use std::io::Write;
use std::time::Duration;

/// Explicit bidi mode: the terminal must not reorder what is drawn
/// (BDSM reset, and SCP: left to right).
pub const BIDI_EXPLICIT: &str = "\x1b[8l\x1b[1 k";
/// Back to the terminal's implicit bidi mode and default presentation.
pub const BIDI_IMPLICIT: &str = "\x1b[8h\x1b[0 k";

/// The window's size in cells.
pub fn size() -> std::io::Result<(u16, u16)> {
    crossterm::terminal::size()
}

/// How long `doctor` waits for the terminal's answer to DECRQM.
const DECRQM_TIMEOUT: Duration = Duration::from_millis(1000);

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
pub enum Mode8 {
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
pub fn parse_decrqm(reply: &[u8]) -> Mode8 {
    let text = String::from_utf8_lossy(reply);
    let Some(at) = text.find("\x1b[8;") else {
        return Mode8::NoAnswer;
    };
    match text[at + 4..].chars().next() {
        Some('1' | '3') => Mode8::Implicit,
        Some('2' | '4') => Mode8::Explicit,
        Some('0') => Mode8::Unknown,
        _ => Mode8::NoAnswer,
    }
}

/// Ask the controlling terminal about mode 8 (through `/dev/tty`, so a
/// piped `doctor` asks too), followed by DA1, which every terminal answers:
/// a terminal that says nothing of mode 8 is known at once.
pub fn query_bidi_mode() -> Mode8 {
    let reply = ask_tty(b"\x1b[8$p\x1b[c", DECRQM_TIMEOUT);
    parse_decrqm(&reply)
}

/// Write `query` to the controlling terminal in raw mode and read its
/// answer until the DA1 reply (which the query must end with) or
/// `timeout`. Empty without a controlling terminal.
fn ask_tty(query: &[u8], timeout: Duration) -> Vec<u8> {
    use std::os::fd::AsFd;
    let Ok(mut tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return Vec::new();
    };
    if crossterm::terminal::enable_raw_mode().is_err() {
        return Vec::new();
    }
    let mut got = Vec::new();
    if tty.write_all(query).and_then(|()| tty.flush()).is_ok() {
        let fd = tty.as_fd();
        let start = std::time::Instant::now();
        let mut buf = [0u8; 256];
        while !da1_answered(&got) {
            let left = timeout.saturating_sub(start.elapsed());
            if left.is_zero() {
                break;
            }
            let mut fds = [rustix::event::PollFd::new(
                &fd,
                rustix::event::PollFlags::IN,
            )];
            let wait = rustix::event::Timespec {
                tv_sec: left.as_secs() as _,
                tv_nsec: i64::from(left.subsec_nanos()),
            };
            match rustix::event::poll(&mut fds, Some(&wait)) {
                Ok(n) if n > 0 => match rustix::io::read(fd, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                },
                _ => break,
            }
        }
    }
    let _ = crossterm::terminal::disable_raw_mode();
    got
}

/// The report `hamish doctor --terminal` prints: what the environment and
/// the terminal say, the bidi mode in force, and advice that was tried in
/// the terminal it is given for.
pub fn report(
    mode: Mode8,
    terminal: &Terminal,
    chosen: &Chosen,
    var: &dyn Fn(&str) -> Option<String>,
) -> String {
    let var = |k: &str| var(k).filter(|v| !v.is_empty());
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
        "locale     {lname}={}{}\n",
        crate::text::sanitize::sanitize(&lvalue),
        if is_utf8(&lvalue) {
            ""
        } else {
            "  ← not UTF-8"
        }
    ));
    out.push_str(&format!(
        "terminal   {}: {}\n",
        terminal.name, terminal.behaviour
    ));
    let mode_text = match mode {
        Mode8::Implicit => "implicit: it reorders text itself, and can be told not to",
        Mode8::Explicit => "explicit: it draws what it is sent",
        Mode8::Unknown => "it does not know mode 8: if it reorders text, it cannot be told not to",
        Mode8::NoAnswer => {
            "no answer about mode 8 (terminals without bidi say nothing, and so do Konsole and mlterm, which reorder)"
        }
    };
    out.push_str(&format!("mode 8     {mode_text}\n"));
    out.push_str(&format!(
        "hamish     --bidi {} ({})\n\nAdvice:\n",
        chosen.name(),
        chosen.why
    ));
    let mut advice = Vec::new();
    if let Some(w) = locale_warning() {
        advice.push(format!("- {w}."));
    }
    if let Some(a) = terminal.advice {
        advice.push(format!("- {}: {a}.", terminal.name));
    }
    if chosen.reorder.is_some() {
        advice.push(format!(
            "- hamish writes each row so that the terminal's own reordering ({}) puts it right; switching the terminal's bidi off and `--bidi app` is still the surest.",
            match chosen.reorder {
                Some(Reorder::FirstStrong) => "from each row's first strong letter",
                Some(Reorder::Konsole) => "left to right, brackets not mirrored",
                _ => "left to right",
            }
        ));
    }
    if mode == Mode8::Implicit && chosen.reorder.is_none() && var("TMUX").is_none() {
        advice.push("- This terminal reorders by itself; hamish switches that off while it runs (ESC [ 8 l) and back after.".into());
    }
    if terminal.name.starts_with("TERM=") || terminal.name.starts_with("an unnamed") {
        advice.push("- If the Arabic reads wrong here, `hamish doctor --calibrate` shows four samples and remembers the one that reads right.".into());
    }
    if advice.is_empty() {
        advice.push("- Nothing to change: hamish lays out the text itself (--bidi app).".into());
    }
    out.push_str(&advice.join("\n"));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests;

/// How long to wait for the terminal to say its background colour.
const BACKGROUND_TIMEOUT: Duration = Duration::from_millis(200);

/// Ask the terminal for its background colour (OSC 11), followed by a
/// primary device attributes request (DA1), which every terminal answers:
/// the replies come in order, so once the DA1 answer is in, no late reply
/// can reach the key reader afterwards. `None` without an answer.
pub fn query_background() -> Option<(u8, u8, u8)> {
    parse_background(&ask_tty(b"\x1b]11;?\x1b\\\x1b[c", BACKGROUND_TIMEOUT))
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
mod background_tests;

use crate::text::terminal::{BidiChoice, Reorder};

#[cfg(test)]
mod choice_tests;
