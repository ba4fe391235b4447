//! The help names every key bound on the library and the reader, and no key
//! that does nothing there.

use super::*;
use crate::tui::input::{Code, Key, ctrl, plain};
use crate::tui::keymap::key;

/// The keys each section of `assets/help.txt` names, as written there,
/// and the screens (library, reader) it speaks of.
const NAMED: &[(&str, [bool; 2], &[&str])] = &[
    (
        "Moving (library, reader, lists)",
        [true, true],
        &[
            "j", "k", "↓", "↑", "g", "G", "Home", "End", "Space", "b", "PgDn", "PgUp", "Ctrl-D",
            "Ctrl-U", "Ctrl-F", "Ctrl-B", "Ctrl-E", "Ctrl-Y",
        ],
    ),
    (
        "Library",
        [true, false],
        &["Enter", "l", "→", "/", "A", "q"],
    ),
    (
        "Reader",
        [false, true],
        &["[", "]", "q", "Esc", "/", "n", "N", "d", "B"],
    ),
    (
        "Annotations (current paragraph)",
        [false, true],
        &["t", "a", "x", "u", ")", "(", "y", "N", "A"],
    ),
    (
        "Everywhere",
        [true, true],
        &["?", "F1", "Ctrl-Z", "Ctrl-C", "Ctrl-L", "Esc"],
    ),
];

fn parse(token: &str) -> Key {
    match token {
        "↓" => plain(Code::Down),
        "↑" => plain(Code::Up),
        "→" => plain(Code::Right),
        "Space" => plain(Code::Char(' ')),
        "Enter" => plain(Code::Enter),
        "Esc" => plain(Code::Esc),
        "Home" => plain(Code::Home),
        "End" => plain(Code::End),
        "PgUp" => plain(Code::PageUp),
        "PgDn" => plain(Code::PageDown),
        "F1" => plain(Code::F(1)),
        t if t.starts_with("Ctrl-") => {
            let c = t["Ctrl-".len()..].chars().next().expect("a letter");
            ctrl(c.to_ascii_lowercase())
        }
        t => {
            let mut cs = t.chars();
            let c = cs.next().expect("a key");
            assert!(cs.next().is_none(), "not a key: {t}");
            plain(Code::Char(c))
        }
    }
}

/// Every key a user could press, as far as the keymap looks.
fn every_key() -> Vec<Key> {
    let mut keys: Vec<Key> = (' '..='~').map(|c| plain(Code::Char(c))).collect();
    keys.extend(('a'..='z').map(ctrl));
    keys.extend(
        [
            Code::Enter,
            Code::Esc,
            Code::Up,
            Code::Down,
            Code::Left,
            Code::Right,
            Code::Home,
            Code::End,
            Code::PageUp,
            Code::PageDown,
            Code::Backspace,
            Code::Tab,
            Code::Delete,
        ]
        .map(plain),
    );
    keys.extend((1..=12).map(|n| plain(Code::F(n))));
    keys
}

/// The help's text section by section.
fn sections() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in crate::tui::views::help::HELP.lines() {
        if line.starts_with(' ') {
            if let Some((_, body)) = out.last_mut() {
                body.push_str(line);
                body.push('\n');
            }
        } else {
            out.push((line.to_string(), String::new()));
        }
    }
    out
}

#[test]
fn help_names_every_bound_key_and_no_dead_one() {
    let sections = sections();
    assert_eq!(
        sections.iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>(),
        NAMED.iter().map(|(h, _, _)| *h).collect::<Vec<_>>(),
        "the sections of assets/help.txt"
    );
    let library = app();
    let mut reader = app();
    open_004(&mut reader);
    let screens = [&library, &reader];
    for ((_, body), (heading, on, tokens)) in sections.iter().zip(NAMED) {
        for token in *tokens {
            // Named in the section, as a word of its own.
            assert!(
                body.split_whitespace().any(|w| w == *token),
                "{heading}: help does not name {token}"
            );
            // And bound on the screens the section speaks of.
            for (s, app) in screens.iter().enumerate() {
                if on[s] {
                    assert!(
                        key(app, parse(token)).is_some(),
                        "{heading}: {token} does nothing on screen {s}"
                    );
                }
            }
        }
    }
    // Every key bound on a screen is named in a section about it.
    for (s, app) in screens.iter().enumerate() {
        let named: Vec<Key> = NAMED
            .iter()
            .filter(|(_, on, _)| on[s])
            .flat_map(|(_, _, tokens)| tokens.iter().map(|t| parse(t)))
            .collect();
        let unnamed: Vec<Key> = every_key()
            .into_iter()
            .filter(|k| key(app, k.clone()).is_some() && !named.contains(k))
            .collect();
        assert!(
            unnamed.is_empty(),
            "screen {s}: not in the help: {unnamed:?}"
        );
    }
}
