use super::*;

/// Each file in tests/invalid_configs is refused with its line and key.
#[test]
fn invalid_configs_name_line_and_key() {
    let base = Config::builtin();
    let cases = [
        ("bad_color.toml", 6, "tags[0].color"),
        ("duplicate_key.toml", 8, "tags[1].key"),
        ("unknown_key.toml", 2, "colour_scheme"),
        ("syntax.toml", 1, ""),
        ("long_key.toml", 3, "tags[0].key"),
        ("wrong_type.toml", 1, ""),
        ("bad_bidi.toml", 3, "display.bidi"),
        ("narrow.toml", 2, "display.max_width"),
        ("bad_base_iri.toml", 3, "export.base_iri"),
        ("bad_theme.toml", 2, "display.theme"),
        ("unknown_command.toml", 3, "keys.dwon"),
        ("bad_key_name.toml", 3, "keys.down"),
        ("key_conflict.toml", 4, "keys.bottom"),
        ("fixed_key.toml", 2, "keys.redraw"),
        ("searching_conflict.toml", 3, "keys.previous-match"),
        ("key_not_text.toml", 2, "a list of keys"),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
    for (file, line, key) in cases {
        let text = std::fs::read_to_string(dir.join(file)).expect("fixture");
        let e = parse(&text, file, &base).expect_err(file);
        assert_eq!(e.file, file);
        assert_eq!(e.line, line, "{file}: {e}");
        assert!(e.message.contains(key), "{file}: {e}");
    }
}

#[test]
fn builtin_tags_are_the_news_set_on_keys_1_to_9() {
    let c = Config::builtin();
    let ids: Vec<&str> = c.tags.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "claim",
            "casualties",
            "source",
            "actor",
            "location",
            "date",
            "quote",
            "disputed",
            "follow-up"
        ]
    );
    let keys: String = c.tags.iter().map(|t| t.key).collect();
    assert_eq!(keys, "123456789");
    let mut marks: Vec<char> = c.tags.iter().map(|t| t.mark).collect();
    marks.sort_unstable();
    marks.dedup();
    assert_eq!(marks.len(), 9, "marks tell tags apart without colour");
    assert_eq!(c.tag("casualties").map(|t| t.label.as_str()), Some("ضحايا"));
}

#[test]
fn later_files_override_and_a_tag_list_replaces_the_set() {
    let base = Config::builtin();
    let c = parse("author = \"Layla\"\n", "user", &base).expect("valid");
    assert_eq!(c.author_in(Path::new("/")), "Layla");
    assert_eq!(c.tags.len(), 9, "no tags list: the set is kept");
    let c = parse(
        "[[tags]]\nid = \"rumour\"\nkey = \"r\"\nlabel = \"شائعة\"\ncolor = \"#123456\"\n",
        "corpus",
        &c,
    )
    .expect("valid");
    assert_eq!(c.tags.len(), 1);
    assert_eq!(c.tags[0].mark, 'R');
    assert_eq!(c.tags[0].color, (0x12, 0x34, 0x56));
    assert_eq!(
        c.author_in(Path::new("/")),
        "Layla",
        "author kept from the file before"
    );
}

#[test]
fn a_bad_corpus_file_is_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(CORPUS_FILE), "[[tags]]\nid = 3\n").expect("write");
    let (c, warnings) = load(Some(dir.path()));
    assert_eq!(c.tags.len(), 9, "defaults in force");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("hamish.toml") && w.contains("line 2")),
        "{warnings:?}"
    );
}

#[test]
fn display_settings_are_read() {
    let c = parse(
        "[display]\nshape = false\nbidi = \"terminal\"\nmax_width = 72\ntheme = \"light\"\n",
        "user",
        &Config::builtin(),
    )
    .expect("valid");
    assert_eq!(
        c.display,
        Display {
            shape: Some(false),
            bidi: Some(crate::text::terminal::BidiChoice::Terminal(
                crate::text::terminal::Reorder::LeftToRight
            )),
            max_width: Some(72),
            light: Some(true),
        }
    );
}

#[test]
fn a_base_iri_is_taken_when_it_is_an_iri() {
    let c = parse(
        "[export]\nbase_iri = \"https://example.org/corpus/\"\n",
        "t",
        &Config::builtin(),
    )
    .expect("valid");
    assert_eq!(c.base_iri.as_deref(), Some("https://example.org/corpus/"));
    for bad in ["", "corpus/", "https://exa mple.org/", "x:\u{1b}"] {
        assert!(!super::is_iri(bad), "{bad:?}");
    }
    assert!(super::is_iri("urn:isbn:0451450523"));
}

#[test]
fn keys_are_rebound_over_the_files_before() {
    use crate::keys::{Chord, Command};
    let base = Config::builtin();
    let c = parse(
        "[keys]\ndown = [\"J\", \"Ctrl-n\", \"J\"]\nundo = []\n",
        "user",
        &base,
    )
    .expect("valid");
    let j = Chord::parse("J").expect("a key");
    assert_eq!(c.keys.of(Command::Down), [j, Chord::ctrl('n')], "once each");
    assert!(c.keys.of(Command::Undo).is_empty());
    assert_eq!(c.keys.of(Command::Up), base.keys.of(Command::Up));
    // A later file sees the earlier rebinding: j is free again for top.
    let c = parse("[keys]\ntop = \"j\"\n", "corpus", &c).expect("valid");
    assert_eq!(c.keys.of(Command::Top), [Chord::parse("j").expect("a key")]);
    // But not K for top while up has it.
    let e = parse("[keys]\ntop = \"k\"\n", "corpus", &base).expect_err("k is up's");
    assert!(e.message.contains("`up`"), "{e}");
    // A tag set that takes a command's key is used (the command wins in
    // the A list, the tag is set in the picker); a rebinding onto a tag
    // key is a conflict.
    let tags = "[[tags]]\nid = \"x\"\nkey = \"J\"\nlabel = \"x\"\ncolor = \"#000000\"\n";
    let c2 = parse(tags, "corpus", &c).expect("J still moves down");
    assert_eq!(c2.tags[0].key, 'J');
    let e = parse("[keys]\ntop = \"7\"\n", "user", &base).expect_err("7 is a tag");
    assert!(
        e.message.contains("keys.top") && e.message.contains("tag"),
        "{e}"
    );
}

#[test]
fn the_shipped_config_names_every_command_with_its_keys() {
    // assets/config.toml lists the [keys] a user can copy, commented out;
    // uncommented, they are the keys in force.
    for row in crate::keys::ROWS.iter().filter(|r| !r.fixed()) {
        let line = format!("# {} = [", row.name);
        assert!(
            DEFAULT_CONFIG.lines().any(|l| l.starts_with(&line)),
            "assets/config.toml does not name {}",
            row.name
        );
    }
    let keys: String = DEFAULT_CONFIG
        .lines()
        .skip_while(|l| *l != "# [keys]")
        .take_while(|l| l.starts_with("# "))
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    assert!(keys.starts_with("[keys]\n"), "{keys}");
    let base = Config::builtin();
    let c = parse(&keys, "uncommented", &base).expect("valid");
    assert_eq!(c.keys, base.keys);
    assert_eq!(c.keys, crate::keys::Keys::default());
}

#[test]
fn what_a_bad_file_says_is_quoted_harmlessly() {
    let base = Config::builtin();
    for text in [
        "[keys]\n\"do\\u202ewn\\u001b[31m\" = \"j\"\n",
        "[display]\n\"\\u001b]52;c;eA==\\u0007\" = 1\n",
        "[keys]\ndown = \"\\u009b31m\"\n",
    ] {
        let e = parse(text, "config.toml", &base).expect_err(text);
        let shown = e.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{shown:?}"
        );
        assert_eq!(e.line, 2, "{shown}");
    }
}

#[test]
fn a_corpus_file_does_not_choose_the_keys_or_the_author() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join(CORPUS_FILE),
        "author = \"team\"\n[export]\nbase_iri = \"https://example.org/c/\"\n[keys]\nundo = \"j\"\n",
    )
    .expect("write");
    let (c, warnings) = load(Some(dir.path()));
    assert_eq!(
        c.base_iri.as_deref(),
        Some("https://example.org/c/"),
        "the rest is used"
    );
    // Who one is, like one's keys, is the user's own.
    assert_ne!(c.author.as_deref(), Some("team"));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("hamish.toml") && w.contains("author is not used")),
        "{warnings:?}"
    );
    assert_eq!(c.keys, crate::keys::Keys::default());
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("hamish.toml") && w.contains("[keys] are not used")),
        "{warnings:?}"
    );
}
