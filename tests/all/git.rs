//! Two git clones of one corpus, each annotating, merged both ways with
//! the driver `hamish git-setup` installs: no conflict, nothing lost, the
//! same bytes on both sides.

use std::path::{Path, PathBuf};
use std::process::Command;

const SEED_004: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/004_60d1107e2fb93d1c.txt"
);
const SEED_000: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/000_466c34380d8c8cd3.txt"
);

fn run(dir: &Path, program: &str, args: &[&str], user: &str) -> String {
    let o = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".none"))
        .env("XDG_DATA_HOME", dir.join(".none"))
        .env("XDG_STATE_HOME", dir.join(".none"))
        .env("USER", user)
        .env("GIT_AUTHOR_NAME", user)
        .env("GIT_AUTHOR_EMAIL", format!("{user}@example.org"))
        .env("GIT_COMMITTER_NAME", user)
        .env("GIT_COMMITTER_EMAIL", format!("{user}@example.org"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        o.status.success(),
        "{program} {args:?} in {}: {out}{err}",
        dir.display()
    );
    out + &err
}

fn git(dir: &Path, args: &[&str], user: &str) -> String {
    run(dir, "git", args, user)
}

fn hamish(dir: &Path, args: &[&str], user: &str) -> String {
    run(dir, env!("CARGO_BIN_EXE_hamish"), args, user)
}

/// A bare origin with a corpus of two articles, and two clones of it with
/// the driver set up.
fn two_clones(root: &Path) -> (PathBuf, PathBuf) {
    let origin = root.join("origin.git");
    std::fs::create_dir(&origin).expect("mkdir");
    git(&origin, &["init", "--bare", "-q", "-b", "main"], "x");
    let one = root.join("one");
    git(
        root,
        &["clone", "-q", origin.to_str().expect("utf-8"), "one"],
        "alice",
    );
    std::fs::copy(SEED_004, one.join("a.txt")).expect("copy");
    std::fs::copy(SEED_000, one.join("b.txt")).expect("copy");
    let setup = hamish(&one, &["git-setup", "."], "alice");
    assert!(setup.contains("merge=hamish"), "{setup}");
    git(&one, &["add", "."], "alice");
    git(&one, &["commit", "-q", "-m", "corpus"], "alice");
    git(&one, &["push", "-q", "origin", "main"], "alice");
    let two = root.join("two");
    git(
        root,
        &["clone", "-q", origin.to_str().expect("utf-8"), "two"],
        "bob",
    );
    hamish(&two, &["git-setup", "."], "bob");
    (one, two)
}

fn commit(dir: &Path, user: &str, what: &str) {
    git(dir, &["add", "-A"], user);
    git(dir, &["commit", "-q", "-m", what], user);
}

/// (paragraph, tags, author) of the live annotations of `article`.
fn annotations(article: &Path) -> Vec<(usize, Vec<String>, String)> {
    let store = hamish::notes::NoteStore::open_in(article, None);
    let mut v: Vec<_> = store
        .live()
        .map(|a| (a.anchor.para_index + 1, a.tags.clone(), a.author.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn two_clones_annotate_and_merge_without_conflict() {
    let root = tempfile::tempdir().expect("tempdir");
    let (one, two) = two_clones(root.path());
    // Alice: ¶ 2 of a and ¶ 3 of b. Bob: ¶ 2 of a too, and ¶ 5 of a.
    hamish(
        &one,
        &["annotate", "a.txt", "-p", "2", "-t", "claim"],
        "alice",
    );
    hamish(
        &one,
        &["annotate", "b.txt", "-p", "3", "-t", "actor"],
        "alice",
    );
    commit(&one, "alice", "alice's tags");
    git(&one, &["push", "-q", "origin", "main"], "alice");
    hamish(
        &two,
        &["annotate", "a.txt", "-p", "2", "-t", "source"],
        "bob",
    );
    hamish(
        &two,
        &["annotate", "a.txt", "-p", "5", "-t", "date", "-n", "تاريخ"],
        "bob",
    );
    commit(&two, "bob", "bob's tags");
    let pulled = git(
        &two,
        &["pull", "-q", "--no-rebase", "origin", "main"],
        "bob",
    );
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    git(&two, &["push", "-q", "origin", "main"], "bob");
    git(
        &one,
        &["pull", "-q", "--no-rebase", "origin", "main"],
        "alice",
    );
    for side in [&one, &two] {
        let sidecar =
            std::fs::read_to_string(side.join("a.txt.annotations.jsonl")).expect("sidecar");
        assert!(
            !sidecar.contains("<<<<<<<") && !sidecar.contains(">>>>>>>"),
            "{sidecar}"
        );
    }
    assert_eq!(
        std::fs::read(one.join("a.txt.annotations.jsonl")).expect("one"),
        std::fs::read(two.join("a.txt.annotations.jsonl")).expect("two"),
        "the same bytes on both sides"
    );
    let want_a = vec![
        (2, vec!["claim".to_string()], "alice".to_string()),
        (2, vec!["source".to_string()], "bob".to_string()),
        (5, vec!["date".to_string()], "bob".to_string()),
    ];
    assert_eq!(annotations(&one.join("a.txt")), want_a);
    assert_eq!(annotations(&two.join("a.txt")), want_a);
    assert_eq!(
        annotations(&two.join("b.txt")),
        [(3, vec!["actor".to_string()], "alice".to_string())]
    );

    // Now Bob changes his ¶ 5 of a from both machines at once: he deletes
    // it in one clone and adds a tag in the other. Merged both ways:
    // nothing lost.
    hamish(&one, &["annotate", "a.txt", "-p", "5", "--remove"], "bob");
    commit(&one, "bob", "delete");
    hamish(
        &two,
        &["annotate", "a.txt", "-p", "5", "-t", "quote"],
        "bob",
    );
    commit(&two, "bob", "edit");
    git(&one, &["push", "-q", "origin", "main"], "alice");
    let pulled = git(
        &two,
        &["pull", "-q", "--no-rebase", "origin", "main"],
        "bob",
    );
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    git(&two, &["push", "-q", "origin", "main"], "bob");
    git(
        &one,
        &["pull", "-q", "--no-rebase", "origin", "main"],
        "alice",
    );
    assert_eq!(
        std::fs::read(one.join("a.txt.annotations.jsonl")).expect("one"),
        std::fs::read(two.join("a.txt.annotations.jsonl")).expect("two"),
    );
    let after = annotations(&one.join("a.txt"));
    // Bob's new tag survives the delete made at the same time.
    assert!(
        after
            .iter()
            .any(|(p, tags, _)| *p == 5 && tags.contains(&"quote".to_string())),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|(p, tags, _)| *p == 2 && tags == &["claim"])
    );
}

/// Without the driver (a clone where `git-setup` was not run), git merges
/// sidecars as text and may leave conflict markers. hamish still reads
/// both sides' annotations, and `doctor` removes the markers.
#[test]
fn a_merge_without_the_driver_is_repaired_by_doctor() {
    let root = tempfile::tempdir().expect("tempdir");
    let (one, two) = two_clones(root.path());
    // As in a fresh clone: no merge.hamish entry at all.
    git(&two, &["config", "--remove-section", "merge.hamish"], "bob");
    hamish(
        &one,
        &["annotate", "a.txt", "-p", "2", "-t", "claim"],
        "alice",
    );
    commit(&one, "alice", "alice");
    git(&one, &["push", "-q", "origin", "main"], "alice");
    hamish(
        &two,
        &["annotate", "a.txt", "-p", "3", "-t", "actor"],
        "bob",
    );
    commit(&two, "bob", "bob");
    let o = Command::new("git")
        .args(["pull", "--no-rebase", "origin", "main"])
        .current_dir(&two)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "bob")
        .env("GIT_AUTHOR_EMAIL", "bob@example.org")
        .env("GIT_COMMITTER_NAME", "bob")
        .env("GIT_COMMITTER_EMAIL", "bob@example.org")
        .output()
        .expect("git runs");
    assert!(
        !o.status.success(),
        "a text merge of both additions conflicts: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let sidecar = two.join("a.txt.annotations.jsonl");
    assert!(
        std::fs::read_to_string(&sidecar)
            .expect("sidecar")
            .contains("<<<<<<<")
    );
    // Both sides' annotations are read as they are.
    let both = vec![
        (2, vec!["claim".to_string()], "alice".to_string()),
        (3, vec!["actor".to_string()], "bob".to_string()),
    ];
    assert_eq!(annotations(&two.join("a.txt")), both);
    let report = hamish(&two, &["doctor", "."], "bob");
    assert!(
        report.contains("removed 3 git conflict marker or extra header line(s)"),
        "{report}"
    );
    let text = std::fs::read_to_string(&sidecar).expect("sidecar");
    assert!(
        !text.contains("<<<<<<<") && !text.contains("=======") && !text.contains(">>>>>>>"),
        "{text}"
    );
    assert_eq!(annotations(&two.join("a.txt")), both);
    assert!(hamish::notes::sidecar::starts_as_sidecar(text.as_bytes()));
}

/// Who an annotation is by: --author, else `author` in the config, else
/// git's user.name for the corpus, else $USER.
#[test]
fn the_author_comes_from_the_flag_the_config_git_or_user() {
    let root = tempfile::tempdir().expect("tempdir");
    let corpus = root.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::copy(SEED_004, corpus.join("a.txt")).expect("copy");
    let by = |p: &str| -> String {
        annotations(&corpus.join("a.txt"))
            .into_iter()
            .find(|(para, _, _)| para.to_string() == p)
            .map(|(_, _, a)| a)
            .unwrap_or_default()
    };
    // Not a git repository: $USER.
    hamish(
        &corpus,
        &["annotate", "a.txt", "-p", "2", "-t", "claim"],
        "layla",
    );
    assert_eq!(by("2"), "layla");
    // In one with a user.name: that name.
    git(&corpus, &["init", "-q"], "x");
    git(&corpus, &["config", "user.name", "Layla Haddad"], "x");
    hamish(
        &corpus,
        &["annotate", "a.txt", "-p", "3", "-t", "claim"],
        "layla",
    );
    assert_eq!(by("3"), "Layla Haddad");
    // The config's author first.
    let config = corpus.join(".none").join("hamish");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(config.join("config.toml"), "author = \"L. H.\"\n").expect("config");
    hamish(
        &corpus,
        &["annotate", "a.txt", "-p", "4", "-t", "claim"],
        "layla",
    );
    assert_eq!(by("4"), "L. H.");
    // And --author before all.
    hamish(
        &corpus,
        &[
            "annotate", "a.txt", "-p", "5", "-t", "claim", "--author", "reviewer",
        ],
        "layla",
    );
    assert_eq!(by("5"), "reviewer");
}

/// Editing acts on my annotations only: another's on the same paragraph
/// is never rewritten, and removing mine leaves theirs.
#[test]
fn editing_never_changes_another_authors_annotation() {
    let root = tempfile::tempdir().expect("tempdir");
    let corpus = root.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::copy(SEED_004, corpus.join("a.txt")).expect("copy");
    hamish(
        &corpus,
        &["annotate", "a.txt", "-p", "2", "-t", "claim", "-n", "رأيي"],
        "alice",
    );
    hamish(
        &corpus,
        &["annotate", "a.txt", "-p", "2", "-t", "source", "-n", "رأيه"],
        "bob",
    );
    let both = vec![
        (2, vec!["claim".to_string()], "alice".to_string()),
        (2, vec!["source".to_string()], "bob".to_string()),
    ];
    assert_eq!(annotations(&corpus.join("a.txt")), both);
    // Bob removing Alice's tag from the paragraph: his own has no such
    // tag, and hers is not his to change.
    hamish(
        &corpus,
        &["annotate", "a.txt", "-p", "2", "-t", "claim", "--remove"],
        "bob",
    );
    assert_eq!(annotations(&corpus.join("a.txt")), both);
    // Bob removing his own: Alice's stays, note and all.
    hamish(
        &corpus,
        &["annotate", "a.txt", "-p", "2", "--remove"],
        "bob",
    );
    assert_eq!(
        annotations(&corpus.join("a.txt")),
        [(2, vec!["claim".to_string()], "alice".to_string())]
    );
    let store = hamish::notes::NoteStore::open_in(&corpus.join("a.txt"), None);
    assert_eq!(
        store.live().map(|a| a.note.clone()).collect::<Vec<_>>(),
        ["رأيي"]
    );
}

/// A `.gitattributes` that is a link (to a file elsewhere) is left alone,
/// and what it points at is not written.
#[test]
fn git_setup_writes_through_no_link() {
    let root = tempfile::tempdir().expect("tempdir");
    let corpus = root.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    git(&corpus, &["init", "-q"], "x");
    let outside = root.path().join("outside");
    std::fs::write(&outside, "secret\n").expect("write");
    std::os::unix::fs::symlink(&outside, corpus.join(".gitattributes")).expect("link");
    let o = Command::new(env!("CARGO_BIN_EXE_hamish"))
        .args(["git-setup", "."])
        .current_dir(&corpus)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("runs");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not a regular file"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&outside).expect("outside"),
        "secret\n"
    );
}

/// A tag removed in one clone while the note changes in the other: after
/// the merge the tag stays removed and the note is the new one (the
/// driver merges three ways, from the common ancestor).
#[test]
fn a_removal_on_one_side_survives_an_edit_on_the_other() {
    let root = tempfile::tempdir().expect("tempdir");
    let (one, two) = two_clones(root.path());
    hamish(
        &one,
        &[
            "annotate", "a.txt", "-p", "11", "-t", "claim", "-t", "actor",
        ],
        "alice",
    );
    commit(&one, "alice", "tags");
    git(&one, &["push", "-q", "origin", "main"], "alice");
    git(
        &two,
        &["pull", "-q", "--no-rebase", "origin", "main"],
        "alice",
    );
    hamish(
        &one,
        &["annotate", "a.txt", "-p", "11", "-t", "actor", "--remove"],
        "alice",
    );
    commit(&one, "alice", "actor removed");
    git(&one, &["push", "-q", "origin", "main"], "alice");
    hamish(
        &two,
        &["annotate", "a.txt", "-p", "11", "-n", "ملاحظة جديدة"],
        "alice",
    );
    commit(&two, "alice", "note");
    let pulled = git(
        &two,
        &["pull", "-q", "--no-rebase", "origin", "main"],
        "alice",
    );
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    let store = hamish::notes::NoteStore::open_in(&two.join("a.txt"), None);
    let got: Vec<(Vec<String>, String)> = store
        .live()
        .map(|a| (a.tags.clone(), a.note.clone()))
        .collect();
    assert_eq!(
        got,
        [(vec!["claim".to_string()], "ملاحظة جديدة".to_string())]
    );
}
