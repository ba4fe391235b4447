//! The help names every key bound on the library, the reader, the `A`
//! list and the corpus search's hits, and no key that does nothing there; rebinding in the config moves
//! both the keymap and the help.

use super::*;
use crate::keys::help::parts;
use crate::keys::{Chord, Code as K};
use crate::tui::input::{Code, Key, ctrl, plain};
use crate::tui::keymap::key;

/// The key a terminal sends for a chord of the help.
fn press(chord: Chord) -> Key {
    let code = match chord.code {
        K::Char(c) => Code::Char(c),
        K::Enter => Code::Enter,
        K::Esc => Code::Esc,
        K::Up => Code::Up,
        K::Down => Code::Down,
        K::Left => Code::Left,
        K::Right => Code::Right,
        K::Home => Code::Home,
        K::End => Code::End,
        K::PageUp => Code::PageUp,
        K::PageDown => Code::PageDown,
        K::Backspace => Code::Backspace,
        K::Tab => Code::Tab,
        K::Delete => Code::Delete,
        K::F(n) => Code::F(n),
    };
    Key {
        key: code,
        ctrl: chord.ctrl,
        alt: chord.alt,
        ..Key::default()
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

/// The app on each screen the help speaks of: library, reader, A list,
/// the hits of a corpus search; and the reader with a phrase selected.
fn screens(config: &crate::config::Config) -> [App; 5] {
    let with = || {
        let mut a = app();
        a.config = config.clone();
        a
    };
    let library = with();
    let mut reader = with();
    open_004(&mut reader);
    let mut list = with();
    list.act(Action::OpenNotesList);
    let mut hits = with();
    search_all(&mut hits, "العراق");
    assert!(hits.hits.as_ref().is_some_and(|h| !h.rows.is_empty()));
    let mut selecting = with();
    open_004(&mut selecting);
    selecting.act(Action::Select(crate::tui::reader::Step::Start));
    assert!(
        selecting
            .reader
            .as_ref()
            .is_some_and(|r| r.selection.is_some())
    );
    [library, reader, list, hits, selecting]
}

/// The apps a section's keys work in: the selecting reader for the
/// selection's keys, else each screen the section speaks of.
fn probed(section: crate::keys::Section) -> Vec<usize> {
    use crate::keys::{Place, Section};
    if section == Section::Selecting {
        return vec![4];
    }
    section
        .places()
        .iter()
        .map(|p| Place::ALL.iter().position(|q| q == p).unwrap_or(0))
        .collect()
}

/// Every key named by the help on a screen does something there, and
/// every key that does something there is named in a section about it.
fn help_matches_keymap(config: &crate::config::Config) {
    let apps = screens(config);
    let tags: Vec<char> = config.tags.iter().map(|t| t.key).collect();
    let parts = parts(&config.keys, &tags);
    let places = crate::keys::Place::ALL;
    for part in &parts {
        for entry in &part.entries {
            for chord in &entry.chords {
                for s in probed(part.section) {
                    assert!(
                        key(&apps[s], press(*chord)).is_some(),
                        "{}: {chord} does nothing on screen {s}",
                        part.section.title(),
                    );
                }
            }
        }
    }
    for (s, app) in apps.iter().enumerate() {
        // The selecting reader is the reader.
        let place = if s == 4 { places[1] } else { places[s] };
        let named: Vec<Key> = parts
            .iter()
            .filter(|p| p.section.places().contains(&place))
            .flat_map(|p| p.entries.iter().flat_map(|e| e.chords.iter()))
            .map(|c| press(*c))
            .collect();
        let unnamed: Vec<Key> = every_key()
            .into_iter()
            .filter(|k| key(app, k.clone()).is_some() && !named.contains(k))
            .collect();
        assert!(
            unnamed.is_empty(),
            "{}: not in the help: {unnamed:?}",
            place.name()
        );
    }
}

#[test]
fn help_names_every_bound_key_and_no_dead_one() {
    help_matches_keymap(&crate::config::Config::builtin());
}

/// A config that moves keys about: the help and the keymap follow it.
#[test]
fn rebound_keys_move_in_the_keymap_and_the_help() {
    let text = r#"
[keys]
down = ["J", "Ctrl-N"]
copy = []
quit = "Q"
"#;
    let config = crate::config::parse(text, "config.toml", &crate::config::Config::builtin())
        .expect("valid");
    help_matches_keymap(&config);
    let [library, reader, ..] = screens(&config);
    assert_eq!(key(&library, plain(Code::Char('J'))), Some(Action::Down));
    assert_eq!(key(&library, ctrl('n')), Some(Action::Down));
    assert_eq!(key(&library, plain(Code::Char('j'))), None);
    assert_eq!(key(&library, plain(Code::Char('Q'))), Some(Action::Quit));
    assert_eq!(key(&library, plain(Code::Char('q'))), None);
    assert_eq!(key(&reader, plain(Code::Char('y'))), None);
    // Ctrl-C still quits.
    assert_eq!(key(&library, ctrl('c')), Some(Action::Interrupt));
    // What is drawn says the same.
    let mut library = library;
    library.act(Action::ToggleHelp);
    let s = render(&mut library, 100, 40);
    let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("J Ctrl-N / k ↑ down / up"), "{s}");
    assert!(
        words.contains(" Q quit") && !words.contains(" q quit"),
        "{s}"
    );
    assert!(!s.contains("copy the text"), "{s}");
    library.act(Action::ToggleHelp);
    let s = render(&mut library, 100, 40);
    assert!(s.contains("? help · Q quit"), "{s}");
}

/// With the help open, Esc still closes it whatever the keys, the title
/// names the help key in force, and Ctrl-C quits.
#[test]
fn the_help_closes_on_esc_and_says_its_own_key() {
    let text = "[keys]\nhelp = \"F2\"\nback = \"h\"\nclear-filter = []\n";
    let config = crate::config::parse(text, "config.toml", &crate::config::Config::builtin())
        .expect("valid");
    let [mut library, ..] = screens(&config);
    library.act(Action::ToggleHelp);
    let s = render(&mut library, 100, 40);
    assert!(s.contains("Keys — F2 or Esc closes"), "{s}");
    assert_eq!(key(&library, plain(Code::Esc)), Some(Action::ToggleHelp));
    assert_eq!(library.act(Action::Interrupt), Effect::Quit);
    library.act(Action::ToggleHelp);
    assert!(matches!(library.overlay, crate::tui::app::Overlay::None));
}
