//! The reader against the sidecar store's hard cases, in a pseudo-terminal:
//! another shell editing the paragraph whose note is being typed, a lock
//! held by another hamish, a sidecar that is a FIFO, a save that was
//! interrupted.

use std::fs;

use crate::pty::Session;
use crate::store::{Env, hold_lock};

fn sidecar_json(env: &Env) -> Vec<serde_json::Value> {
    fs::read_to_string(env.sidecar())
        .expect("sidecar")
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

#[test]
fn an_edit_from_another_shell_while_the_editor_is_open_is_kept() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim", "-n", "الأصل"]);
    let mut s = Session::start(&[env.art()], env.home.path(), 24, 80);
    s.wait_for("¶ 1/15");
    s.send("jj");
    s.wait_for("¶ 3/15");
    s.send("a");
    s.wait_for("Note on ¶ 3");
    s.send(" من القارئ");
    s.wait_for("ﺉﺭﺎﻘﻟﺍ");
    // Meanwhile, from another shell, on the same paragraph.
    env.annotate(&["-p", "3", "-t", "source", "-n", "من سطر الأوامر"]);
    s.send("\x13");
    let screen = s.wait_for("≠ a merges 2 notes");
    assert!(
        screen.contains('≠'),
        "the margin shows the conflict:\n{screen}"
    );
    let v = &sidecar_json(&env)[0];
    assert_eq!(v["tags"], serde_json::json!(["claim", "source"]));
    assert_eq!(v["note"], "الأصل من القارئ");
    assert_eq!(v["conflicts"][0]["note"], "من سطر الأوامر");

    // The tag picker open while the other shell tags: both tags stay.
    s.send("t");
    s.wait_for("Tags of ¶ 3");
    env.annotate(&["-p", "3", "-t", "actor"]);
    s.send("2");
    s.wait_for("casualties");
    s.send("\r");
    let v = &sidecar_json(&env)[0];
    assert_eq!(
        v["tags"],
        serde_json::json!(["claim", "source", "actor", "casualties"])
    );

    // `a` offers both versions to merge; saving resolves the conflict.
    s.send("a");
    s.wait_for("merge them into one");
    s.send("\x13");
    s.wait_for("(saved)");
    let v = &sidecar_json(&env)[0];
    assert!(v.get("conflicts").is_none(), "{v}");
    let note = v["note"].as_str().expect("note");
    assert!(
        note.contains("من القارئ") && note.contains("من سطر الأوامر"),
        "{note}"
    );
    s.send("qq");
    assert!(s.wait_exit().success());
}

#[test]
fn a_held_lock_keeps_the_reader_responsive_and_the_edit_as_a_draft() {
    let env = Env::new();
    let lock = hold_lock(&env);
    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("¶ 1/15");
    s.send("jjt1");
    s.wait_for("saving…");
    s.wait_for(&format!(
        "locked by hamish process {}: waiting… Esc cancels",
        std::process::id()
    ));
    // Still responsive: the picker closes, the cursor moves while the
    // save waits; Esc stops waiting.
    s.send("\rj");
    s.wait_for("¶ 4/15");
    s.send("\x1b");
    s.wait_for("save cancelled; kept as a draft for next time");
    s.send("qq");
    assert!(s.wait_exit().success());
    assert!(!env.sidecar().exists());
    drop(lock);

    // Next time: offered, and saved on `y`.
    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("Save 1 change(s) to ¶ 3 left unsaved last time? y/n");
    s.send("y");
    s.wait_for("saved 1 change(s) from last time");
    s.send("qq");
    assert!(s.wait_exit().success());
    assert_eq!(sidecar_json(&env)[0]["tags"], serde_json::json!(["claim"]));
    assert!(env.drafts().is_empty(), "the draft is used up");
}

#[test]
fn a_sidecar_that_is_a_fifo_is_refused_and_the_reader_stays_usable() {
    let env = Env::new();
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        env.sidecar(),
        rustix::fs::Mode::from(0o644),
    )
    .expect("mkfifo");
    let corpus = env.corpus.to_str().expect("p");
    let mut s = Session::start(&[corpus], env.home.path(), 24, 100);
    s.wait_for("1/1 articles");
    s.send("\r");
    s.wait_for("a FIFO");
    s.send("jj");
    s.wait_for("¶ 3/15");
    s.send("t1");
    s.wait_for("not saved");
    s.send("\rqq");
    assert!(s.wait_exit().success());
}

#[test]
fn the_temp_file_of_an_interrupted_save_is_offered() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let other = Env::new();
    other.annotate(&["-p", "5", "-t", "date"]);
    let mut text = fs::read_to_string(env.sidecar()).expect("sidecar");
    text.push_str(
        fs::read_to_string(other.sidecar())
            .expect("other")
            .lines()
            .nth(1)
            .expect("line"),
    );
    text.push('\n');
    let leftover = env.corpus.join(".a.txt.annotations.jsonl.Qw12Er34.tmp");
    fs::write(&leftover, text).expect("write");
    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("Merge what an interrupted save left? y/n");
    s.send("y");
    s.wait_for("merged 1 annotation(s) (saved)");
    s.send("qq");
    assert!(s.wait_exit().success());
    assert!(!leftover.exists());
    assert_eq!(sidecar_json(&env).len(), 2);
}
