//! `update` says what to do; the loop does it: opening, saving, closing,
//! answers about what an earlier session left. No file is read or written
//! inside `update`.

use super::*;

#[test]
fn opening_is_an_effect_the_loop_carries_out() {
    let mut app = app();
    app.act(Action::Bottom);
    // update only says what to open: no file is read inside it.
    let effect = app.update(Action::Open);
    let Effect::Open { path, at } = effect else {
        panic!("not an open: {effect:?}");
    };
    assert!(
        path.ends_with("004_60d1107e2fb93d1c.txt"),
        "{}",
        path.display()
    );
    assert_eq!(at, crate::tui::action::OpenAt::LastRead);
    assert!(app.reader.is_none());
    app.open(&path, at);
    assert!(app.reader.is_some());
    // Closing too: the loop keeps an unsaved change as a draft then.
    assert_eq!(app.update(Action::Back), Effect::Close);
    assert!(app.reader.is_some());
    app.close();
    assert!(app.reader.is_none());
    assert_eq!(app.screen, crate::tui::app::Screen::Library);
    // Esc with no save waiting asks for nothing.
    assert_eq!(app.update(Action::CancelSave), Effect::None);
}

#[test]
fn saving_is_an_effect_the_loop_carries_out() {
    let (_dir, art, mut app) = open_004_in_temp();
    app.act(Action::OpenTagPicker);
    // The tag is set in memory; update writes nothing.
    let effect = app.update(Action::TagKey('1'));
    assert_eq!(
        effect,
        Effect::Save {
            done: crate::tui::action::Done::Edit
        }
    );
    let sidecar = crate::notes::sidecar_beside(&art);
    assert!(!sidecar.exists(), "nothing written inside update");
    app.save(crate::tui::action::Done::Edit);
    assert!(sidecar.exists());
    assert_eq!(app.message.as_deref(), Some("¶ 1: claim (saved)"));
}

#[test]
fn answering_about_what_a_session_left_is_an_effect() {
    use crate::tui::action::TakeUp;
    use crate::tui::app::{Ask, Overlay};
    let (_dir, _art, mut app) = open_004_in_temp();
    // update reads no draft and merges no file: it says what to do.
    app.overlay = Overlay::Confirm(Ask::SaveRecovered(Vec::new()));
    assert_eq!(
        app.update(Action::Confirm(true)),
        Effect::TakeUp(TakeUp::Draft { save: true })
    );
    app.overlay = Overlay::Confirm(Ask::SaveRecovered(Vec::new()));
    assert_eq!(
        app.update(Action::Confirm(false)),
        Effect::TakeUp(TakeUp::Draft { save: false })
    );
    let files = vec![PathBuf::from("x.tmp")];
    app.overlay = Overlay::Confirm(Ask::MergeLeftovers(files.clone()));
    assert_eq!(
        app.update(Action::Confirm(true)),
        Effect::TakeUp(TakeUp::Leftovers(files.clone()))
    );
    app.overlay = Overlay::Confirm(Ask::MergeLeftovers(files));
    assert_eq!(app.update(Action::Confirm(false)), Effect::None);
    assert_eq!(
        app.message.as_deref(),
        Some("left as it is (hamish doctor merges it)")
    );
    // Carried out with no draft left (another window took it): said so.
    app.take_up(TakeUp::Draft { save: true });
    assert_eq!(
        app.message.as_deref(),
        Some("already saved or dropped in another window")
    );
}

/// Esc in the note editor with changes asks, as every question does, in
/// the status bar: no goes back to the note as typed, yes drops it.
#[test]
fn dropping_a_typed_note_is_asked_like_any_question() {
    use crate::tui::app::{Ask, Overlay};
    use crate::tui::input::{Code, plain};
    let (_dir, art, mut app) = open_004_in_temp();
    app.act(Action::OpenEditor);
    for c in "رأي".chars() {
        app.act(Action::EditorKey(plain(Code::Char(c))));
    }
    app.act(Action::EditorKey(plain(Code::Esc)));
    assert!(matches!(app.overlay, Overlay::Confirm(Ask::Discard(_))));
    let s = render(&mut app, 80, 24);
    let last = s.lines().last().unwrap_or_default();
    assert!(
        last.contains("Discard your changes to the note on ¶ 1? y/n"),
        "{s}"
    );
    assert!(s.contains("Note on ¶ 1"), "the note stays in view: {s}");
    // A stray key answers nothing.
    let j = crate::tui::keymap::key(&app, plain(Code::Char('j')));
    assert_eq!(j, None);
    app.act(Action::Confirm(false));
    let Overlay::Editor(ed) = &app.overlay else {
        panic!("not back in the editor");
    };
    assert_eq!(ed.text(), "رأي");
    app.act(Action::EditorKey(plain(Code::Esc)));
    app.act(Action::Confirm(true));
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        !crate::notes::sidecar_beside(&art).exists(),
        "nothing saved"
    );
}

/// Changes left unsaved and a note left half typed: saving the changes
/// (an effect) comes before the editor opens on the note, so the editor
/// starts from the note as saved and Ctrl-S replaces it, with no second
/// version.
#[test]
fn a_recovered_note_starts_from_the_recovered_changes() {
    use crate::tui::app::Overlay;
    use crate::tui::input::ctrl;
    let dir = tempfile::tempdir().expect("tempdir");
    let drafts = tempfile::tempdir().expect("drafts");
    let art = dir.path().join("004_60d1107e2fb93d1c.txt");
    std::fs::copy(seeds().join("004_60d1107e2fb93d1c.txt"), &art).expect("copy");
    let article = crate::article::Article::load(&art).expect("article");
    let store = crate::notes::NoteStore::open_in(&art, None);
    // By whoever the app says edits here (its note is theirs).
    let author = crate::config::Config::builtin().author_in(dir.path());
    let changes = crate::notes::edit::change_paragraph(
        &store,
        &article.paragraphs,
        &article.doc_sha256,
        0,
        &author,
        |a| a.note = "قديم".into(),
    );
    crate::notes::drafts::keep_changes(drafts.path(), &art, &changes).expect("kept");
    crate::notes::drafts::save_draft(drafts.path(), &art, 0, "جديد", &[]).expect("draft");
    let mut app = app_at(dir.path().to_path_buf());
    app.drafts = Some(drafts.path().to_path_buf());
    app.wait_for_scan();
    app.act(Action::Open);
    assert!(matches!(app.overlay, Overlay::Confirm(_)), "asked first");
    app.act(Action::Confirm(true));
    let Overlay::Editor(ed) = &app.overlay else {
        panic!("the recovered note is offered next");
    };
    assert_eq!(ed.original, "قديم", "the note as just saved");
    app.act(Action::EditorKey(ctrl('s')));
    let store = crate::notes::NoteStore::open_in(&art, None);
    let notes: Vec<(String, usize)> = store
        .live()
        .map(|a| (a.note.clone(), a.conflicts.len()))
        .collect();
    assert_eq!(notes, [("جديد".to_string(), 0)]);
}
