//! A key as hamish names it in `config.toml` and in the help: `j`, `G`,
//! `Space`, `PgDn`, `↓`, `Ctrl-D`, `Alt-x`, `F1`. Free of any terminal
//! library; the reader turns its key events into these.

use std::fmt;

/// A key without its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Backspace,
    Tab,
    Delete,
    F(u8),
}

/// A key with Ctrl or Alt held; Shift is in the letter (`G`), and held
/// with a key that is not a character (`Shift-←`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// The names of keys other than characters, as written; the first of each
/// is how the help writes it.
const NAMES: &[(Code, &[&str])] = &[
    (Code::Char(' '), &["Space"]),
    (Code::Enter, &["Enter", "Return"]),
    (Code::Esc, &["Esc", "Escape"]),
    (Code::Up, &["↑", "Up"]),
    (Code::Down, &["↓", "Down"]),
    (Code::Left, &["←", "Left"]),
    (Code::Right, &["→", "Right"]),
    (Code::Home, &["Home"]),
    (Code::End, &["End"]),
    (Code::PageUp, &["PgUp", "PageUp"]),
    (Code::PageDown, &["PgDn", "PageDown"]),
    (Code::Backspace, &["Backspace"]),
    (Code::Tab, &["Tab"]),
    (Code::Delete, &["Del", "Delete"]),
];

impl Chord {
    pub const fn plain(code: Code) -> Chord {
        Chord {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub const fn ctrl(letter: char) -> Chord {
        Chord {
            code: Code::Char(letter.to_ascii_lowercase()),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    /// A key as a terminal reports it: Ctrl with a letter is the same key
    /// whatever the case of the letter, and Shift counts only with keys
    /// that are not characters (a character says it: `G`).
    pub fn new(code: Code, ctrl: bool, alt: bool, shift: bool) -> Chord {
        let (code, shift) = match code {
            Code::Char(c) if ctrl => (Code::Char(c.to_ascii_lowercase()), false),
            Code::Char(c) => (Code::Char(c), false),
            other => (other, shift),
        };
        Chord {
            code,
            ctrl,
            alt,
            shift,
        }
    }

    /// Read a key as a user writes it: `j`, `Space`, `PgDn` or `PageDown`,
    /// `↓` or `Down`, `F5`, `Ctrl-d` (or `Ctrl+D`), `Alt-x`. The error says
    /// what is wrong, for a config message.
    pub fn parse(text: &str) -> Result<Chord, String> {
        let mut rest = text;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            let lower = rest.get(..5).map(str::to_ascii_lowercase);
            let lower4 = rest.get(..4).map(str::to_ascii_lowercase);
            let lower6 = rest.get(..6).map(str::to_ascii_lowercase);
            if matches!(lower.as_deref(), Some("ctrl-" | "ctrl+")) && rest.len() > 5 {
                ctrl = true;
                rest = &rest[5..];
            } else if matches!(lower4.as_deref(), Some("alt-" | "alt+")) && rest.len() > 4 {
                alt = true;
                rest = &rest[4..];
            } else if matches!(lower6.as_deref(), Some("shift-" | "shift+")) && rest.len() > 6 {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let code = if let Some((code, _)) = NAMES
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(rest)))
        {
            *code
        } else if let Some(n) = rest
            .strip_prefix(['F', 'f'])
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
        {
            Code::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                // A key the help can show: no control or invisible
                // character, nothing that only marks another.
                (Some(c), None)
                    if !c.is_control()
                        && (c == ' ' || !c.is_whitespace())
                        && crate::text::width::str_width(rest) > 0 =>
                {
                    Code::Char(c)
                }
                _ => {
                    return Err(format!(
                        "not a key: {text:?} (write one character, a name such as \
                         \"Space\", \"Enter\", \"PgDn\", \"F1\", or \"Ctrl-\" with a letter)"
                    ));
                }
            }
        };
        if ctrl && !matches!(code, Code::Char(c) if c.is_ascii_alphabetic()) {
            return Err(format!(
                "not a key: {text:?} (terminals send Ctrl only with a letter)"
            ));
        }
        // Terminals send Tab for Ctrl-I and Enter for Ctrl-M: no key press
        // would ever reach such a binding.
        if let (true, Code::Char(c @ ('i' | 'm' | 'I' | 'M'))) = (ctrl, code) {
            let sent = if c.eq_ignore_ascii_case(&'i') {
                "Tab"
            } else {
                "Enter"
            };
            return Err(format!(
                "not a key: {text:?} (terminals send it as {sent}; write \"{sent}\")"
            ));
        }
        if shift && matches!(code, Code::Char(_)) {
            return Err(format!(
                "not a key: {text:?} (for Shift with a character, write the character: \"G\")"
            ));
        }
        Ok(Chord::new(code, ctrl, alt, shift))
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        if let Some((_, names)) = NAMES.iter().find(|(code, _)| *code == self.code) {
            return f.write_str(names[0]);
        }
        match self.code {
            Code::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            Code::Char(c) => write!(f, "{c}"),
            Code::F(n) => write!(f, "F{n}"),
            // Every other code has a name above.
            _ => f.write_str("?"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_users_write_them_and_print_as_the_help_does() {
        for (written, printed) in [
            ("j", "j"),
            ("G", "G"),
            ("(", "("),
            ("ق", "ق"),
            (" ", "Space"),
            ("space", "Space"),
            ("PageDown", "PgDn"),
            ("pgdn", "PgDn"),
            ("Down", "↓"),
            ("→", "→"),
            ("F1", "F1"),
            ("f12", "F12"),
            ("Ctrl-d", "Ctrl-D"),
            ("ctrl+D", "Ctrl-D"),
            ("Alt-x", "Alt-x"),
            ("Ctrl-Alt-k", "Ctrl-Alt-K"),
            ("Shift-Left", "Shift-←"),
            ("shift+PgDn", "Shift-PgDn"),
            ("Esc", "Esc"),
            ("-", "-"),
            ("+", "+"),
        ] {
            let chord = Chord::parse(written).unwrap_or_else(|e| panic!("{written}: {e}"));
            assert_eq!(chord.to_string(), printed, "{written}");
            // What is printed reads back as the same key.
            assert_eq!(Chord::parse(printed), Ok(chord), "{printed}");
        }
        assert_eq!(Chord::parse("Ctrl-D"), Ok(Chord::ctrl('d')));
        assert_eq!(
            Chord::new(Code::Char('D'), true, false, false),
            Chord::ctrl('d')
        );
        // Shift is in the character: Shift with G is G.
        assert_eq!(
            Chord::new(Code::Char('G'), false, false, true),
            Chord::plain(Code::Char('G'))
        );
    }

    #[test]
    fn what_is_not_a_key_says_so() {
        for bad in [
            "",
            "jj",
            "Ctrl-",
            "Ctrl-1",
            "Ctrl-Space",
            "F13",
            "F0",
            "\u{1b}",
            "\u{202e}",
            "\u{64e}",
            "Hyper-x",
            "Shift-g",
            "Ctrl-I",
            "ctrl-m",
            "\u{3000}",
            "\u{a0}",
            "F+1",
        ] {
            let e = Chord::parse(bad).expect_err(bad);
            assert!(e.contains("not a key"), "{bad}: {e}");
        }
    }
}
