use super::help::{hints, lines, parts, tag_keys};
use super::*;

fn k(s: &str) -> Chord {
    Chord::parse(s).expect(s)
}

const DIGITS: [char; 9] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

#[test]
fn every_default_key_is_a_key_and_none_is_taken_twice() {
    for r in ROWS {
        for d in r.defaults {
            assert!(Chord::parse(d).is_ok(), "{}: {d}", r.help);
        }
    }
    let keys = Keys::default();
    assert_eq!(keys.conflict(&DIGITS, &[]), None);
    // Names are unique, and every command has a row.
    let mut names: Vec<&str> = ROWS.iter().filter(|r| !r.fixed()).map(|r| r.name).collect();
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n);
}

#[test]
fn a_key_runs_what_its_screen_binds() {
    let keys = Keys::default();
    let now = State::default();
    assert_eq!(
        keys.lookup(Place::Library, k("q"), now),
        Some(Command::Quit)
    );
    assert_eq!(keys.lookup(Place::Reader, k("q"), now), Some(Command::Back));
    assert_eq!(keys.lookup(Place::List, k("q"), now), Some(Command::Back));
    assert_eq!(
        keys.lookup(Place::Library, k("Esc"), now),
        Some(Command::ClearFilter)
    );
    assert_eq!(
        keys.lookup(Place::Reader, k("/"), now),
        Some(Command::Search)
    );
    assert_eq!(keys.lookup(Place::List, k("/"), now), Some(Command::Filter));
    assert_eq!(keys.lookup(Place::Library, k("t"), now), None);
    assert_eq!(
        keys.lookup(Place::List, k("Ctrl-d"), now),
        Some(Command::PageDown)
    );
    // N: notes on/off, but the previous match while searching.
    assert_eq!(
        keys.lookup(Place::Reader, k("N"), now),
        Some(Command::ToggleNotes)
    );
    let searching = State {
        searching: true,
        ..now
    };
    assert_eq!(
        keys.lookup(Place::Reader, k("N"), searching),
        Some(Command::PrevMatch)
    );
    // Esc and Ctrl-C stop a waiting save before anything else.
    let saving = State {
        saving: true,
        ..now
    };
    assert_eq!(
        keys.lookup(Place::Reader, k("Esc"), saving),
        Some(Command::CancelSave)
    );
    assert_eq!(
        keys.lookup(Place::Library, k("Ctrl-C"), now),
        Some(Command::Interrupt)
    );
}

#[test]
fn rebinding_replaces_a_commands_keys() {
    let mut keys = Keys::default();
    keys.set("down", vec![k("J"), k("Ctrl-N")])
        .expect("a command");
    let now = State::default();
    assert_eq!(keys.lookup(Place::Reader, k("J"), now), Some(Command::Down));
    assert_eq!(
        keys.lookup(Place::Reader, k("Ctrl-n"), now),
        Some(Command::Down)
    );
    assert_eq!(keys.lookup(Place::Reader, k("j"), now), None);
    assert_eq!(keys.lookup(Place::Reader, k("↓"), now), None);
    // An empty list unbinds.
    keys.set("undo", vec![]).expect("a command");
    assert_eq!(keys.lookup(Place::Reader, k("u"), now), None);
    let e = keys.set("dwon", vec![]).expect_err("no such command");
    assert!(
        e.contains("no command named \"dwon\"") && e.contains("down"),
        "{e}"
    );
    // Fixed keys have no name to rebind.
    assert!(keys.set("", vec![]).is_err());
}

#[test]
fn two_commands_on_one_key_are_a_conflict() {
    let mut keys = Keys::default();
    keys.set("top", vec![k("j")]).expect("a command");
    let c = keys.conflict(&DIGITS, &["top"]).expect("j twice");
    assert_eq!(c.row, "top");
    assert!(
        c.message.contains("j") && c.message.contains("`down`"),
        "{}",
        c.message
    );
    // The same key on screens that never meet is fine: / searches in the
    // reader and filters the lists.
    let mut keys = Keys::default();
    keys.set("delete", vec![k("q")]).expect("a command");
    let c = keys
        .conflict(&DIGITS, &["delete"])
        .expect("q is back in the reader");
    assert_eq!(c.row, "delete");
    assert!(c.message.contains("the reader"), "{}", c.message);
    let mut keys = Keys::default();
    keys.set("quit", vec![k("x")]).expect("a command");
    assert_eq!(
        keys.conflict(&DIGITS, &["quit"]),
        None,
        "x deletes only in the reader"
    );
    // A fixed key cannot be taken.
    let mut keys = Keys::default();
    keys.set("redraw", vec![k("Ctrl-C")]).expect("a command");
    let c = keys.conflict(&DIGITS, &[]).expect("Ctrl-C is fixed");
    assert_eq!(c.row, "redraw");
    assert!(
        c.message
            .contains("cannot be bound: it always does \"quit\""),
        "{}",
        c.message
    );
    // A key while searching is a conflict with one always there (next
    // match could no longer be reached)...
    let mut keys = Keys::default();
    keys.set("previous-match", vec![k("n")]).expect("a command");
    let c = keys
        .conflict(&DIGITS, &["previous-match"])
        .expect("n is next-match's");
    assert_eq!(c.row, "previous-match");
    // ...but for N, which by design is the previous match while
    // searching and notes on/off otherwise, wherever the user puts both.
    let mut keys = Keys::default();
    keys.set("previous-match", vec![k("Z")]).expect("a command");
    keys.set("notes", vec![k("Z")]).expect("a command");
    assert_eq!(keys.conflict(&DIGITS, &["notes"]), None);
}

#[test]
fn a_tag_key_cannot_be_a_command_in_the_a_list() {
    let mut keys = Keys::default();
    keys.set("top", vec![k("1")]).expect("a command");
    let c = keys.conflict(&DIGITS, &["top"]).expect("1 is a tag");
    assert_eq!((c.row, c.tag), ("top", Some('1')));
    // In the reader alone it is fine: tags are typed in the picker there.
    let mut keys = Keys::default();
    keys.set("undo", vec![k("1")]).expect("a command");
    assert_eq!(keys.conflict(&DIGITS, &[]), None);
    // A tag set on j, with j left to down: down wins in the A list (the
    // tag is still set in the picker), as it always did.
    assert_eq!(Keys::default().conflict(&['j'], &[]), None);
    // But down given j's tag key just now is a conflict.
    let c = Keys::default()
        .conflict(&['j'], &["down"])
        .expect("j rebound");
    assert_eq!((c.row, c.tag), ("down", Some('j')));
}

#[test]
fn the_help_lists_the_keys_in_force() {
    let mut keys = Keys::default();
    let help = lines(&parts(&keys, &DIGITS), 80);
    // Checked by hand against the keymap: two columns at 80 cells, the
    // keys of a section aligned, a pair's keys as its text is.
    assert_eq!(help[0], "Moving (library, reader, lists)");
    assert_eq!(
        help[1],
        "  j ↓ / k ↑        down / up          g Home / G End   first / last"
    );
    assert_eq!(
        help[2],
        // Ctrl-F searches every article since issue 14.
        "  Space PgDn Ctrl-D / b PgUp Ctrl-U Ctrl-B  page down / up"
    );
    assert!(help.iter().all(|l| str_w(l) <= 80), "{help:#?}");
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat: Vec<String> = help.iter().map(|l| words(l)).collect();
    assert!(
        flat.iter().any(|l| l.contains("t tags: 1-9 toggle")),
        "{help:#?}"
    );
    assert!(flat.iter().any(|l| l.contains("1-9 by tag")), "{help:#?}");
    // Rebound, the help says so; unbound, it is not listed.
    keys.set("down", vec![k("J")]).expect("a command");
    keys.set("copy", vec![]).expect("a command");
    let help = lines(&parts(&keys, &DIGITS), 80);
    let flat = help.iter().map(|l| words(l)).collect::<Vec<_>>().join("\n");
    assert!(flat.contains("J / k ↑ down / up"), "{flat}");
    assert!(!flat.contains("j ↓"), "{flat}");
    assert!(!flat.contains("copy the text"), "{flat}");
    // Narrow: one entry per line, each under its heading.
    let narrow = lines(&parts(&keys, &DIGITS), 40);
    assert_eq!(narrow[1], "  J / k ↑          down / up");
    // Nothing wider than the window; entries too wide are cut at spaces,
    // nothing lost or reordered.
    assert!(narrow.iter().all(|l| str_w(l) <= 40), "{narrow:#?}");
    assert!(
        narrow.contains(&"    Ctrl-B  page down / up".to_string()),
        "{narrow:#?}"
    );
    let said: Vec<String> = parts(&keys, &DIGITS)
        .iter()
        .flat_map(|p| {
            std::iter::once(p.section.title().to_string())
                .chain(p.entries.iter().map(|e| format!("{} {}", e.keys, e.text)))
        })
        .collect();
    assert_eq!(words(&narrow.join(" ")), words(&said.join(" ")));
}

fn str_w(s: &str) -> usize {
    crate::text::width::str_width(s)
}

#[test]
fn hint_lines_name_the_first_key_of_each_command() {
    let mut keys = Keys::default();
    let cmds = [Command::Open, Command::Filter, Command::Help, Command::Quit];
    assert_eq!(
        hints(&keys, &cmds),
        "Enter open · / filter · ? help · q quit"
    );
    keys.set("quit", vec![k("Q")]).expect("a command");
    keys.set("filter", vec![]).expect("a command");
    assert_eq!(hints(&keys, &cmds), "Enter open · ? help · Q quit");
}

#[test]
fn tag_keys_in_few_cells() {
    assert_eq!(tag_keys(&DIGITS), "1-9");
    assert_eq!(tag_keys(&['a', 'b']), "a b");
    assert_eq!(tag_keys(&['1', '3', '4']), "1 3 4");
    assert_eq!(tag_keys(&[]), "");
}
