//! Which terminal this is, what it does to right-to-left text, the mode
//! `--bidi auto` picks for it, and the calibrations saved per terminal.

use super::*;

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

/// Advice for each terminal that needs some, as printed by `doctor` and
/// listed in the README.
pub(super) const KONSOLE_ADVICE: &str = "Settings → Edit Current Profile → Advanced: untick \"Bi-Directional text rendering\" (then --bidi app)";

pub(super) const MLTERM_ADVICE: &str =
    "start it with --ctl=false, or put use_ctl = false in ~/.mlterm/main (then --bidi app)";

pub(super) const KITTY_ADVICE: &str = "add `force_ltr yes` to kitty.conf";

pub(super) const FOOT_ADVICE: &str = "add `grapheme-shaping=no` under [tweak] in foot.ini: otherwise a letter carrying a haraka shows as the mark alone";

pub(super) const TMUX_ADVICE: &str = "tmux keeps the bidi-mode sequences from the terminal outside; if that one reorders (VTE), add to ~/.tmux.conf:\n    set -as terminal-overrides ',*:smcup=\\E[?1049h\\E[8l:rmcup=\\E[?1049l\\E[8h'\n  then run `hamish doctor --calibrate` in tmux";

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
