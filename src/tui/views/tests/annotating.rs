//! Annotating in the reader and the `A` list: the picker, the list's
//! filters, delete and undo, copying, questions, hostile text.

use super::*;

#[test]
fn tag_picker_shows_the_set_and_the_current_tags() {
    let (_dir, mut app) = annotated();
    app.act(Action::OpenTagPicker);
    let s = render(&mut app, 80, 24);
    assert!(s.contains("[x] 1  C Claim"), "{s}");
    assert!(s.contains("[ ] 2  K Casualties"), "{s}");
    assert!(s.contains("[x] 9  F Follow-up"), "{s}");
    assert!(
        s.contains("ﺀﺎﻋﺩﺍ"),
        "Arabic label, joined and right to left: {s}"
    );
}

#[test]
fn the_annotations_list_filters_by_tag_and_text_and_jumps() {
    let (_dir, mut app) = annotated();
    app.act(Action::OpenNotesList);
    let s = render(&mut app, 80, 24);
    assert!(s.contains("2/2 annotations"), "{s}");
    app.act(Action::TagKey('2'));
    let s = render(&mut app, 80, 24);
    assert!(
        s.contains("1/2 annotations") && s.contains("tagged casualties"),
        "{s}"
    );
    app.act(Action::TagKey('2'));
    app.act(Action::StartFilter);
    for c in "AP".chars() {
        app.act(Action::PromptInput(c));
    }
    app.act(Action::PromptAccept);
    let s = render(&mut app, 80, 24);
    assert!(s.contains("1/2 annotations"), "{s}");
    app.act(Action::Open);
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(2));
    let s = render(&mut app, 80, 24);
    assert!(s.contains("¶ 3/15"), "{s}");
}

#[test]
fn delete_asks_first_and_undo_brings_it_back() {
    let (_dir, mut app) = annotated();
    app.act(Action::DeleteAnnotation);
    let s = render(&mut app, 80, 24);
    assert!(s.contains("Delete the annotation of ¶ 3? y/n"), "{s}");
    app.act(Action::Confirm(false));
    assert!(
        app.reader
            .as_ref()
            .is_some_and(|r| r.current_marks().is_some())
    );
    app.act(Action::DeleteAnnotation);
    app.act(Action::Confirm(true));
    assert!(
        app.reader
            .as_ref()
            .is_some_and(|r| r.current_marks().is_none())
    );
    app.act(Action::Undo);
    let r = app.reader.as_ref().expect("reader");
    assert_eq!(r.current_marks().map(|m| m.tags.len()), Some(4));
}

#[test]
fn copy_gives_the_logical_paragraph_text() {
    let (_dir, mut app) = annotated();
    let Effect::Copy(text) = app.act(Action::Copy) else {
        panic!("no copy effect")
    };
    assert!(text.starts_with("ويهدف الهجومان"), "{text}");
}

#[test]
fn hostile_notes_and_tag_labels_are_shown_not_obeyed() {
    let (dir, mut app) = annotated();
    // A note and a tag label holding escape sequences and an override.
    write_note(&mut app, "\u{1b}]0;x\u{7}\u{202e}abc");
    let s = render(&mut app, 80, 24);
    // Shown as pictures (and reordered with the Arabic note around them).
    assert!(
        s.contains('␛') && s.contains('␇') && s.contains("⁞abc"),
        "{s}"
    );
    assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'));
    let text = std::fs::read_to_string(
        dir.path()
            .join("004_60d1107e2fb93d1c.txt.annotations.jsonl"),
    )
    .expect("sidecar");
    assert!(
        text.contains("\\u001b]0;x\\u0007"),
        "stored escaped in JSON: {text}"
    );
}

/// `A` opened while the library is still being read shows what is known,
/// says so, and fills in as the scan goes on.
#[test]
fn the_annotation_list_fills_in_while_the_library_is_read() {
    let (dir, _annotating) = annotated();
    let mut app = app_at(dir.path().to_path_buf());
    app.act(Action::OpenNotesList);
    let early = render(&mut app, 100, 12);
    assert!(early.contains("0/0 · reading 0%"), "{early}");
    assert!(
        early.contains("Reading the articles' annotations"),
        "{early}"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.scanning() && std::time::Instant::now() < deadline {
        app.poll_background();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let done = render(&mut app, 100, 12);
    assert!(done.contains("2/2 annotations"), "{done}");
}

#[test]
fn a_question_is_read_whole_at_any_width() {
    use crate::tui::app::{Ask, Overlay};
    let mut app = app();
    open_004(&mut app);
    app.overlay = Overlay::Confirm(Ask::MergeLeftovers(Vec::new()));
    let wide = render(&mut app, 80, 24);
    let last = wide.lines().last().unwrap_or_default();
    assert!(
        last.contains("Merge what an interrupted save left? y/n"),
        "{wide}"
    );
    let narrow = render(&mut app, 30, 12);
    let last = narrow.lines().last().unwrap_or_default();
    assert!(last.contains("Merge interrupted save? y/n"), "{narrow}");
}

/// Two annotators on one article: D goes from one paragraph where they
/// tag differently to the next, saying who tagged what; M shows only
/// mine; editing never touches the other's.
#[test]
fn disagreements_one_after_another_and_mine_only() {
    let (dir, art, _) = open_004_in_temp();
    let article = crate::article::Article::load(&art).expect("article");
    let mut store = crate::notes::NoteStore::open_in(&art, None);
    for (author, para, tag) in [
        ("alice", 1, "claim"),
        ("bob", 1, "claim"),
        ("alice", 3, "source"),
        ("bob", 3, "actor"),
        ("bob", 6, "date"),
    ] {
        for c in crate::notes::edit::change_paragraph(
            &store,
            &article.paragraphs,
            &article.doc_sha256,
            para,
            author,
            |a| a.tags.push(tag.into()),
        ) {
            store.apply(c);
        }
    }
    store.save().expect("saved");
    let mut app = app_at(dir.path().to_path_buf());
    app.author = "alice".into();
    app.wait_for_scan();
    app.act(Action::Open);
    app.act(Action::NextDisagreement);
    assert_eq!(
        app.message.as_deref(),
        Some("¶ 4: alice: source · bob: actor")
    );
    app.act(Action::NextDisagreement);
    assert_eq!(app.message.as_deref(), Some("¶ 7: alice: — · bob: date"));
    // From the last, round to the first again (¶ 2 agrees: skipped).
    app.act(Action::NextDisagreement);
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(3));
    // Mine only: bob's date on ¶ 7 is not shown; everyone's again after.
    app.act(Action::ToggleMineOnly);
    let r = app.reader.as_ref().expect("reader");
    assert!(!r.marks.contains_key(&6), "bob's alone");
    assert_eq!(
        r.marks.get(&3).map(|m| m.tags.clone()),
        Some(vec!["source".to_string()])
    );
    app.act(Action::ToggleMineOnly);
    assert!(
        app.reader
            .as_ref()
            .is_some_and(|r| r.marks.contains_key(&6))
    );
    // At ¶ 4 Alice adopts Bob's version: her tags become his, his stay.
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(3));
    app.act(Action::Adopt);
    assert_eq!(
        app.message.as_deref(),
        Some("¶ 4: adopted bob's tags (actor) as yours; the originals stay (saved)")
    );
    let store = crate::notes::NoteStore::open_in(&art, None);
    let mut on4: Vec<(String, Vec<String>)> = store
        .live()
        .filter(|a| a.anchor.para_index == 3)
        .map(|a| (a.author.clone(), a.tags.clone()))
        .collect();
    on4.sort();
    assert_eq!(
        on4,
        [
            ("alice".to_string(), vec!["actor".to_string()]),
            ("bob".to_string(), vec!["actor".to_string()]),
        ]
    );
    // They agree there now: D goes on to ¶ 7.
    // Alice tags ¶ 7: her own annotation; bob's is as it was.
    app.act(Action::NextDisagreement);
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(6));
    app.act(Action::OpenTagPicker);
    app.act(Action::TagKey('6'));
    let store = crate::notes::NoteStore::open_in(&art, None);
    let mut on7: Vec<(String, Vec<String>)> = store
        .live()
        .filter(|a| a.anchor.para_index == 6)
        .map(|a| (a.author.clone(), a.tags.clone()))
        .collect();
    on7.sort();
    assert_eq!(
        on7,
        [
            ("alice".to_string(), vec!["date".to_string()]),
            ("bob".to_string(), vec!["date".to_string()]),
        ]
    );
    // The A list, a row per paragraph: each annotator side by side.
    app.act(Action::CloseOverlay);
    app.act(Action::Back);
    app.act(Action::OpenNotesList);
    settle(&mut app);
    let before = app.notes_list.visible.len();
    app.act(Action::GroupNotes);
    assert_eq!(
        app.notes_list.visible.len(),
        3,
        "¶ 2, ¶ 4, ¶ 7 (from {before})"
    );
    let s = render(&mut app, 140, 10);
    assert!(s.contains("alice: Claim · bob: Claim"), "{s}");
    assert!(s.contains("alice: Actor · bob: Actor"), "{s}");
    assert!(s.contains("alice: Date · bob: Date"), "{s}");
}

/// Review moves: } and { to the paragraphs left to annotate, ' then a
/// tag key to the next paragraph with that tag.
#[test]
fn review_moves_to_unannotated_and_tagged_paragraphs() {
    let (_dir, _art, mut app) = open_004_in_temp();
    // ¶ 2 and ¶ 3 tagged claim, ¶ 5 source.
    for (para, key) in [(1, '1'), (2, '1'), (4, '3')] {
        app.act(Action::Top);
        for _ in 0..para {
            app.act(Action::Down);
        }
        app.act(Action::OpenTagPicker);
        app.act(Action::TagKey(key));
        app.act(Action::CloseOverlay);
    }
    let at = |app: &App| app.reader.as_ref().map(|r| r.cursor);
    app.act(Action::Top);
    app.act(Action::NextUnannotated);
    assert_eq!(at(&app), Some(3), "¶ 4: ¶ 2 and ¶ 3 are annotated");
    app.act(Action::NextUnannotated);
    assert_eq!(at(&app), Some(5), "¶ 6, past ¶ 5");
    app.act(Action::PrevUnannotated);
    assert_eq!(at(&app), Some(3));
    app.act(Action::PrevUnannotated);
    assert_eq!(at(&app), Some(0));
    app.act(Action::PrevUnannotated);
    assert_eq!(
        app.message.as_deref(),
        Some("every paragraph above is annotated")
    );
    // ' then 3: the next paragraph tagged source.
    app.act(Action::AskTagToJump);
    assert!(matches!(app.overlay, crate::tui::app::Overlay::JumpToTag));
    app.act(Action::TagKey('3'));
    assert_eq!(at(&app), Some(4));
    assert_eq!(app.message.as_deref(), Some("¶ 5: Source"));
    // ' then 1 twice: ¶ 2, then ¶ 3.
    app.act(Action::AskTagToJump);
    app.act(Action::TagKey('1'));
    assert_eq!(at(&app), Some(1), "round to the first");
    app.act(Action::AskTagToJump);
    app.act(Action::TagKey('1'));
    assert_eq!(at(&app), Some(2));
    app.act(Action::AskTagToJump);
    app.act(Action::TagKey('9'));
    assert_eq!(
        app.message.as_deref(),
        Some("no paragraph tagged Follow-up")
    );
}

/// s orders the library by name, title, size (longest first), number
/// of annotations (most first) and last opened, keeping the selected
/// article selected; an article opened before is drawn dim.
#[test]
fn the_library_sorts_and_marks_what_was_opened() {
    let mut app = app();
    let names = |app: &App| -> Vec<String> {
        app.library
            .visible
            .iter()
            .map(|&i| app.library.entries[i].name[..3].to_string())
            .collect()
    };
    assert_eq!(names(&app), ["000", "001", "002", "003", "004"]);
    app.act(Action::Down); // 001 selected
    app.act(Action::SortLibrary);
    // Titles (checked by reading): أحبط, أعلنت, العراق, خسر, هيومن.
    assert_eq!(names(&app), ["002", "000", "004", "001", "003"]);
    assert_eq!(app.library.selected, 3, "001 still selected");
    app.act(Action::SortLibrary);
    // Words (the list's own counts): 675, 642, 597, 519, 373.
    assert_eq!(names(&app), ["002", "001", "003", "000", "004"]);
    let s = render(&mut app, 100, 10);
    assert!(s.contains("5/5 by size"), "{s}");
    app.act(Action::SortLibrary);
    app.act(Action::SortLibrary);
    assert_eq!(app.library.sort.name(), "last opened");
    // Nothing opened yet: by name.
    assert_eq!(names(&app), ["000", "001", "002", "003", "004"]);
    app.act(Action::SortLibrary);
    assert_eq!(app.library.sort.name(), "name");
    // 003, then 001 opened and left: last opened first, then the rest.
    app.act(Action::Bottom);
    app.act(Action::Up);
    app.act(Action::Open);
    app.act(Action::Back);
    app.act(Action::Top);
    app.act(Action::Down);
    app.act(Action::Open);
    app.act(Action::Back);
    for _ in 0..4 {
        app.act(Action::SortLibrary);
    }
    assert_eq!(names(&app), ["001", "003", "000", "002", "004"]);
    assert_eq!(app.library.selected, 0, "001 still selected");
    app.act(Action::SortLibrary);
    // 001 opened and left: its name dim; the others not.
    let backend = TestBackend::new(100, 10);
    let mut term = Terminal::new(backend).expect("terminal");
    term.draw(|f| {
        let laid = lay_out(&mut app, 100, 10);
        draw(f, &app, &laid);
    })
    .expect("draw");
    let buf = term.backend().buffer().clone();
    let dim = |y: u16| buf[(2, y)].modifier.contains(ratatui::style::Modifier::DIM);
    assert!(dim(3) && dim(5), "001 and 003, opened");
    assert!(!dim(2) && !dim(4), "000 and 002, never opened");
}

/// The library's column of tag marks says when there are more tags than
/// room: the last place is a `+` (five tags, room for two: K then +).
#[test]
fn the_library_says_when_tags_do_not_fit() {
    let (_dir, mut app) = annotated();
    app.act(Action::Back);
    let s = render(&mut app, 100, 8);
    assert!(s.contains("✎2/15 K+ "), "{s}");
}

/// A paragraph number takes six cells (`¶` and five digits), more past
/// 99,999, so ¶ 174438 is not cut to ¶17443.
#[test]
fn paragraph_numbers_get_the_cells_they_need() {
    use crate::tui::views::para_cells;
    assert_eq!(para_cells(1), 6);
    assert_eq!(para_cells(99_999), 6);
    assert_eq!(para_cells(100_000), 7);
    assert_eq!(para_cells(1_744_400), 8);
    assert_eq!(
        format!("¶{:>1$}", 174_438, usize::from(para_cells(174_438)) - 1),
        "¶174438"
    );
}
