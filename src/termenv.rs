//! What hamish can learn about the terminal and the locale, for the
//! start-up warning and `hamish doctor --terminal`.

use std::io::Write;
use std::time::Duration;

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

/// A terminal as the environment names it, with what it does to text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terminal {
    /// Its name, for messages.
    pub name: String,
    /// What a calibration is saved under: the name, and `+tmux` inside tmux.
    pub key: String,
    /// How it reorders rows, if it does and cannot be told not to.
    pub reorders: Option<Reorder>,
    /// What it does, in a sentence (for `doctor`).
    pub behaviour: &'static str,
    /// Settings that make it right, tried in that terminal (for `doctor`).
    pub advice: Option<&'static str>,
}

use crate::text::terminal::{BidiChoice, Reorder};

/// Advice for each terminal that needs some, as printed by `doctor` and
/// listed in the README.
const KONSOLE_ADVICE: &str = "Settings → Edit Current Profile → Advanced: untick \"Bi-Directional text rendering\" (then --bidi app)";
const MLTERM_ADVICE: &str =
    "start it with --ctl=false, or put use_ctl = false in ~/.mlterm/main (then --bidi app)";
const KITTY_ADVICE: &str = "add `force_ltr yes` to kitty.conf";
const FOOT_ADVICE: &str = "add `grapheme-shaping=no` under [tweak] in foot.ini: otherwise a letter carrying a haraka shows as the mark alone";
const TMUX_ADVICE: &str = "tmux keeps the bidi-mode sequences from the terminal outside; if that one reorders (VTE), add to ~/.tmux.conf:\n    set -as terminal-overrides ',*:smcup=\\E[?1049h\\E[8l:rmcup=\\E[?1049l\\E[8h'\n  then run `hamish doctor --calibrate` in tmux";

/// Which terminal `var` (an environment lookup) describes.
pub fn identify(var: &dyn Fn(&str) -> Option<String>) -> Terminal {
    let set = |k: &str| var(k).filter(|v| !v.is_empty());
    let term = set("TERM").unwrap_or_default();
    let program = set("TERM_PROGRAM").unwrap_or_default();
    let t = |name: &str,
             reorders: Option<Reorder>,
             behaviour: &'static str,
             advice: Option<&'static str>| Terminal {
        name: name.to_string(),
        key: name.to_string(),
        reorders,
        behaviour,
        advice,
    };
    let outer = if set("KONSOLE_VERSION").is_some() {
        t(
            "Konsole",
            Some(Reorder::Konsole),
            "reorders each row left to right, brackets not mirrored, and cannot be told not to",
            Some(KONSOLE_ADVICE),
        )
    } else if set("MLTERM").is_some() || term.starts_with("mlterm") {
        t(
            "mlterm",
            Some(Reorder::FirstStrong),
            "reorders each row from its first strong letter and cannot be told not to",
            Some(MLTERM_ADVICE),
        )
    } else if program == "Apple_Terminal" {
        t(
            "Terminal.app",
            Some(Reorder::LeftToRight),
            "reorders each row left to right and cannot be told not to",
            None,
        )
    } else if let Some(v) = set("VTE_VERSION") {
        let mut vte = t(
            "VTE",
            None,
            "reorders rows unless asked not to (ESC [ 8 l), which hamish asks",
            None,
        );
        vte.name = format!("VTE {}", crate::text::sanitize::sanitize(&v));
        vte
    } else if set("KITTY_WINDOW_ID").is_some() || term.contains("kitty") {
        t(
            "kitty",
            None,
            "turns right-to-left runs around as it draws them unless force_ltr is set",
            Some(KITTY_ADVICE),
        )
    } else if term.starts_with("foot") {
        t(
            "foot",
            None,
            "does no bidi; with grapheme-shaping on it draws harakat apart from their letters",
            Some(FOOT_ADVICE),
        )
    } else if program == "WezTerm" || set("WEZTERM_PANE").is_some() {
        t(
            "WezTerm",
            None,
            "does no bidi unless bidi_enabled is set",
            None,
        )
    } else if program == "mintty" {
        t(
            "mintty",
            None,
            "reorders rows unless asked not to (ESC [ 8 l), which hamish asks",
            None,
        )
    } else if program == "iTerm.app" {
        t("iTerm2", None, "draws what it is sent", None)
    } else if set("WT_SESSION").is_some() {
        t("Windows Terminal", None, "does no bidi", None)
    } else if set("XTERM_VERSION").is_some() {
        t("xterm", None, "does no bidi", None)
    } else {
        let name = if term.is_empty() {
            "an unnamed terminal".to_string()
        } else {
            format!("TERM={}", crate::text::sanitize::sanitize(&term))
        };
        Terminal {
            key: name.clone(),
            name,
            reorders: None,
            behaviour: "not known to hamish: if the Arabic reads wrong, run `hamish doctor --calibrate`",
            advice: None,
        }
    };
    if set("TMUX").is_some() {
        // tmux does no bidi, but keeps ESC [ 8 l from the terminal outside,
        // which may then reorder what tmux draws.
        let reorders = match outer.name.as_str() {
            n if n.starts_with("VTE") => Some(Reorder::LeftToRight),
            _ => outer.reorders,
        };
        return Terminal {
            name: format!("tmux in {}", outer.name),
            key: format!("{}+tmux", outer.key),
            reorders,
            behaviour: if reorders.is_some() {
                "tmux does no bidi but keeps ESC [ 8 l from the terminal outside, which reorders each row"
            } else {
                "tmux does no bidi; the terminal outside draws what tmux sends"
            },
            advice: Some(TMUX_ADVICE),
        };
    }
    outer
}

/// The mode in force and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// `None`: hamish reorders and asks the terminal not to.
    pub reorder: Option<Reorder>,
    pub why: String,
}

impl Chosen {
    pub fn name(&self) -> &'static str {
        match self.reorder {
            None => "app",
            Some(r) => BidiChoice::Terminal(r).name(),
        }
    }
}

/// The mode for `choice`: as given, or (`auto`) the saved calibration for
/// this terminal, else what is known of it.
pub fn choose(choice: BidiChoice, terminal: &Terminal, calibrated: Option<BidiChoice>) -> Chosen {
    match choice {
        BidiChoice::App => Chosen {
            reorder: None,
            why: "asked".into(),
        },
        BidiChoice::Terminal(r) => Chosen {
            reorder: Some(r),
            why: "asked".into(),
        },
        BidiChoice::Auto => match calibrated {
            Some(BidiChoice::App) => Chosen {
                reorder: None,
                why: format!("calibrated for {}", terminal.name),
            },
            Some(BidiChoice::Terminal(r)) => Chosen {
                reorder: Some(r),
                why: format!("calibrated for {}", terminal.name),
            },
            _ => Chosen {
                reorder: terminal.reorders,
                why: format!("auto: {}", terminal.name),
            },
        },
    }
}

/// Where calibrations are kept: one line per terminal, `key = "mode"`.
pub fn calibration_file() -> Option<std::path::PathBuf> {
    crate::places::config_dir().map(|d| d.join("terminals.toml"))
}

/// The calibration saved for `key` in `file`. A file that cannot be read
/// or parsed counts as none (the message says why).
pub fn calibrated(file: &std::path::Path, key: &str) -> (Option<BidiChoice>, Option<String>) {
    let text = match crate::files::read_regular(file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, None),
        Err(e) => {
            return (
                None,
                Some(format!(
                    "cannot read {}: {e}",
                    crate::text::display::display_path(file)
                )),
            );
        }
    };
    match toml::from_str::<std::collections::BTreeMap<String, String>>(&text) {
        Ok(map) => (map.get(key).and_then(|v| BidiChoice::parse(v)), None),
        Err(_) => (
            None,
            Some(format!(
                "{} is damaged; calibrations in it are ignored until `hamish doctor --calibrate` writes it again",
                crate::text::display::display_path(file)
            )),
        ),
    }
}

/// Save `choice` for `key` in `file`, keeping the other terminals' lines
/// (a damaged file is replaced).
pub fn save_calibration(
    file: &std::path::Path,
    key: &str,
    choice: BidiChoice,
) -> std::io::Result<()> {
    let dir = crate::files::folder_of(file);
    // Read, change and write under the folder's lock: two calibrations at
    // once keep both answers.
    crate::files::locked(dir, || -> std::io::Result<()> {
        let mut map = crate::files::read_regular(file)
            .ok()
            .and_then(|b| {
                toml::from_str::<std::collections::BTreeMap<String, String>>(
                    &String::from_utf8_lossy(&b),
                )
                .ok()
            })
            .unwrap_or_default();
        map.insert(key.to_string(), choice.name().to_string());
        let text = toml::to_string(&map).map_err(std::io::Error::other)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(b"# hamish doctor --calibrate: how each terminal shows Arabic best\n")?;
        tmp.write_all(text.as_bytes())?;
        tmp.persist(file).map_err(|e| e.error)?;
        Ok(())
    })?
}

/// The mode for `choice` in the terminal the process environment names,
/// with a message if the saved calibrations could not be read.
pub fn choose_here(choice: BidiChoice) -> (Chosen, Option<String>) {
    let terminal = identify(&|k| std::env::var(k).ok());
    let (saved, warning) = match (choice, calibration_file()) {
        (BidiChoice::Auto, Some(file)) => calibrated(&file, &terminal.key),
        _ => (None, None),
    };
    (choose(choice, &terminal, saved), warning)
}

#[cfg(test)]
mod choice_tests;
