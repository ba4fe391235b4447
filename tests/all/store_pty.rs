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
    // In the picker, Esc closes the picker: the bar does not offer it.
    let pid = std::process::id();
    let screen = s.wait_for(&format!("locked by process {pid}: waiting…"));
    assert!(!screen.contains("Esc cancels"), "{screen}");
    // Still responsive: the picker closes, the cursor moves while the
    // save waits; Esc stops waiting.
    s.send("\rj");
    s.wait_for(&format!("locked by process {pid}: waiting… Esc cancels"));
    s.wait_for("¶ 4/15");
    s.send("\x1b");
    let screen = s.wait_for("save cancelled; kept as a draft");
    // The reader now shows the sidecar as it is: the tag is not there.
    assert!(
        !screen.lines().any(|l| l.trim_end().ends_with(" C")),
        "{screen}"
    );
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
    // Tagging is refused at once, saying why (the picker no longer
    // opens on annotations that cannot be saved).
    s.send("t");
    s.wait_for("read-only: ");
    s.send("qq");
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

/// A change `annotate` could not save (the lock held): kept as a draft.
fn draft_from_a_busy_cli(env: &Env) {
    let lock = hold_lock(env);
    let o = env.run(&[
        "annotate",
        env.art(),
        "-p",
        "3",
        "-t",
        "claim",
        "--wait",
        "1",
    ]);
    assert!(!o.status.success());
    drop(lock);
    assert_eq!(env.drafts().len(), 1);
}

#[test]
fn an_offered_draft_survives_a_hang_up_and_stray_keys_and_undo_reaches_it() {
    let env = Env::new();
    draft_from_a_busy_cli(&env);
    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("left unsaved last time? y/n");
    crate::pty::signal(&s, "-HUP");
    assert_eq!(s.wait_exit().exit_code(), 129);
    assert_eq!(
        env.drafts().len(),
        1,
        "a hang-up while it is offered keeps it"
    );

    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("left unsaved last time? y/n");
    s.send("xj ");
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.wait_for("left unsaved last time? y/n");
    s.send("\x1b");
    s.wait_for("kept for next time");
    s.send("qq");
    assert!(s.wait_exit().success());
    assert_eq!(env.drafts().len(), 1, "Esc leaves it for later");

    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("left unsaved last time? y/n");
    s.send("y");
    s.wait_for("saved 1 change(s) from last time");
    assert_eq!(sidecar_json(&env)[0]["tags"], serde_json::json!(["claim"]));
    s.send("u");
    s.wait_for("undone (saved)");
    s.send("qq");
    assert!(s.wait_exit().success());
    assert!(env.drafts().is_empty());
    assert!(sidecar_json(&env).iter().all(|v| v["deleted"] == true));
}

#[test]
fn a_cancelled_save_lives_only_in_the_draft_so_it_is_never_saved_twice() {
    let env = Env::new();
    let lock = hold_lock(&env);
    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("¶ 1/15");
    s.send("jjt1\r");
    s.wait_for("Esc cancels");
    s.send("\x1b");
    s.wait_for("save cancelled; kept as a draft");
    drop(lock);
    // Another window saves the draft's change, then removes it again.
    env.annotate(&["-p", "3", "-t", "claim"]);
    env.annotate(&["-p", "3", "--remove"]);
    // This window edits another paragraph: ¶ 3 stays as it is on disk.
    s.send("jt2");
    s.wait_for("¶ 4: casualties (saved)");
    s.send("\r");
    let tags: Vec<String> = sidecar_json(&env)
        .iter()
        .filter(|v| v["deleted"] != true)
        .flat_map(|v| v["tags"].as_array().cloned().unwrap_or_default())
        .map(|t| t.as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(tags, ["casualties"]);
    // Leaving an article while a save waits says where the change went.
    let lock = hold_lock(&env);
    s.send("t3\r");
    s.wait_for("Esc cancels");
    s.send("q");
    s.wait_for("kept as a draft for next time");
    drop(lock);
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_merge_of_two_notes_interrupted_by_a_hang_up_resolves_when_saved_later() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim", "-n", "الأصل"]);
    let text = fs::read_to_string(env.sidecar()).expect("sidecar");
    let mut v: serde_json::Value =
        serde_json::from_str(text.lines().nth(1).expect("line")).expect("json");
    v["conflicts"] = serde_json::json!([{"note": "نسختهم", "modified": ""}]);
    fs::write(
        env.sidecar(),
        format!("{}\n{v}\n", text.lines().next().expect("h")),
    )
    .expect("write");
    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("¶ 1/15");
    s.send("jja");
    s.wait_for("merge them into one");
    s.send(" معا");
    s.wait_for("ﺎﻌﻣ");
    crate::pty::signal(&s, "-HUP");
    assert_eq!(s.wait_exit().exit_code(), 129);
    let mut s = Session::start(&[env.art()], env.home.path(), 24, 100);
    s.wait_for("recovered the note");
    s.send("\x13");
    s.wait_for("(saved)");
    s.send("qq");
    assert!(s.wait_exit().success());
    let v = &sidecar_json(&env)[0];
    assert!(v.get("conflicts").is_none(), "resolved: {v}");
    assert_eq!(v["note"], "الأصل\n\nنسختهم معا");
}
