//! A long article opens at once: its first part is shown while the rest
//! is read in the background; annotations, the end and a search over it
//! all come once it is read.

use super::*;

/// An article of `n` numbered paragraphs (about 110 bytes each), alone in
/// a temp folder, annotated on paragraph `tagged` (from 0) by an earlier
/// session.
fn long_article(n: usize, tagged: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.txt");
    let mut text = String::from("عنوان المقال الطويل\n");
    for i in 1..n {
        text.push_str(&format!(
            "الفقرة رقم {i} من المقال، وفيها كلام عن الدولة والناس والأرض.\n"
        ));
    }
    std::fs::write(&path, &text).expect("write");
    let article = crate::article::Article::load(&path).expect("load");
    let mut store = crate::notes::NoteStore::open(&path);
    crate::notes::edit::edit_paragraph(
        &mut store,
        &article.paragraphs,
        &article.doc_sha256,
        tagged,
        "tester",
        |a| a.tags.push("claim".into()),
    );
    store.save().expect("save");
    (dir, path)
}

/// 10,000 numbered paragraphs (about 700 KB) alone in a temp folder,
/// opened and read to the end (drafts kept in `drafts`): the folder, the
/// article, its text, the app.
fn opened_long(drafts: Option<&std::path::Path>) -> (tempfile::TempDir, PathBuf, String, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.txt");
    let text: String = (0..10_000)
        .map(|i| format!("الفقرة رقم {i} من المقال عن الناس والأرض.\n"))
        .collect();
    std::fs::write(&path, &text).expect("write");
    let mut app = app_at(dir.path().to_path_buf());
    app.drafts = drafts.map(std::path::Path::to_path_buf);
    app.wait_for_scan();
    app.act(Action::Open);
    app.wait_for_article();
    (dir, path, text, app)
}

/// A tag key on the current paragraph, refused: the article changed on
/// disk.
fn tag_is_refused(app: &mut App) {
    app.act(Action::OpenTagPicker);
    app.act(Action::TagKey('1'));
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("changed on disk")),
        "{:?}",
        app.message
    );
}

/// 10,000 paragraphs (about 1 MB, past the 256 KB first part): the reader
/// shows the start at once, says it is still reading, and keeps the
/// annotations (placed on the whole text) until the rest is in.
#[test]
fn a_long_article_shows_its_start_while_the_rest_is_read() {
    let (dir, path) = long_article(10_000, 9_000);
    let whole = crate::article::Article::load(&path).expect("load");
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    app.act(Action::Open);
    let r = app.reader.as_ref().expect("open");
    assert!(r.loading(), "the rest is still to be taken");
    assert!(
        r.len() < whole.paragraphs.len() && r.len() > 1000,
        "{}",
        r.len()
    );
    assert!(
        r.marks.is_empty(),
        "no annotation placed on part of the text"
    );
    let s = render(&mut app, 80, 12);
    assert!(s.contains("¶ 1/… ("), "{s}");
    assert!(s.contains("reading the article…"), "{s}");
    // Annotating waits for the whole text.
    app.act(Action::OpenTagPicker);
    assert!(matches!(app.overlay, crate::tui::app::Overlay::None));
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("still reading the article")),
        "{:?}",
        app.message
    );
    // Moving and searching work on what is read.
    app.act(Action::Down);
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(1));
    app.act(Action::StartSearch);
    for c in "رقم 9999 ".chars() {
        app.act(Action::PromptInput(c));
    }
    app.act(Action::PromptAccept);
    assert_eq!(
        app.message.as_deref(),
        Some("not found: رقم 9999  so far (still reading the article)")
    );
    app.wait_for_article();
    // The search goes on into the rest (between frames).
    assert!(app.searching_article());
    app.wait_for_search();
    let r = app.reader.as_ref().expect("open");
    assert!(!r.loading());
    // An annotated article is indexed too: only its first part is held.
    assert!(r.held() * 3 < r.len(), "{} of {}", r.held(), r.len());
    assert_eq!(r.len(), whole.paragraphs.len());
    for (p, text) in whole.paragraphs.iter().enumerate() {
        assert_eq!(r.text(p).as_deref(), Some(text.as_str()), "¶ {}", p + 1);
    }
    assert_eq!(r.article.doc_sha256, whole.doc_sha256);
    // The annotation is placed, on its paragraph; the search found the
    // paragraph in the rest.
    assert!(r.marks.get(&9_000).is_some_and(|m| m.tags == ["claim"]));
    assert_eq!(r.search.hits.len(), 1);
    assert_eq!(r.search.hits[0].0, 9_999);
    let s = render(&mut app, 80, 12);
    assert!(s.contains("¶ 2/10000"), "{s}");
    // Now annotating works.
    app.act(Action::OpenTagPicker);
    assert!(matches!(
        app.overlay,
        crate::tui::app::Overlay::TagPicker { .. }
    ));
}

/// Left far into a long article, it opens there once that part is read
/// (not at the start for good); and left again before that, the place is
/// kept.
#[test]
fn a_long_article_opens_where_it_was_left() {
    let (dir, _path) = long_article(10_000, 5);
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    app.act(Action::Open);
    app.wait_for_article();
    app.act(Action::Bottom);
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(9_999));
    app.act(Action::Back);
    // Opened again: at the start until the rest is read, then there.
    app.act(Action::Open);
    assert!(app.reader.as_ref().is_some_and(|r| r.loading()));
    // Left before it was read there: the place is kept.
    app.act(Action::Back);
    app.act(Action::Open);
    app.wait_for_article();
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(9_999));
}

/// Opened at a paragraph past the first part (from the A list), the
/// article shows once it is read to there, at that paragraph.
#[test]
fn opening_at_an_annotation_far_in_goes_there_once_read() {
    let (dir, _path) = long_article(10_000, 9_500);
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    app.act(Action::OpenNotesList);
    app.act(Action::Open);
    assert_eq!(
        app.message.as_deref(),
        Some("reading the article up to ¶ 9501…")
    );
    assert!(
        app.reader
            .as_ref()
            .is_some_and(|r| r.loading() && r.cursor == 0)
    );
    app.wait_for_article();
    let r = app.reader.as_ref().expect("open");
    assert!(!r.loading());
    assert_eq!(r.cursor, 9_500);
}

/// Opened at a hit of the corpus search past the first part: the same,
/// with that hit the current one of the same search in the article.
#[test]
fn opening_at_a_hit_far_in_goes_there_once_read() {
    let (dir, _path) = long_article(10_000, 5);
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    search_all(&mut app, "رقم 9876 ");
    let h = app.hits.as_ref().expect("hits");
    assert_eq!(h.rows.len(), 1);
    app.act(Action::Open);
    assert!(app.reader.as_ref().is_some_and(|r| r.loading()));
    app.wait_for_article();
    let r = app.reader.as_ref().expect("open");
    assert_eq!(r.cursor, 9_876);
    assert_eq!(r.search.current, Some(0));
    assert_eq!(r.search.hits[0].0, 9_876);
    app.act(Action::Back);
    assert_eq!(app.screen, crate::tui::app::Screen::Hits);
}

/// A long article with no annotation opens with an index: past its first
/// part only each paragraph's place in the file is kept, and its text is
/// read again when shown. Every paragraph reads back as loading the file
/// whole makes it: a BOM, CRLF, tabs and an escape sequence, harakat, a
/// line longer than a piece (cut in pieces), and an invalid byte far in
/// (past which a paragraph's place in the text is not its place in the
/// file). Annotating still holds only the first part.
#[test]
fn an_indexed_article_reads_back_as_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("indexed.txt");
    let mut bytes = "\u{FEFF}عنوانٌ طويلٌ\r\n".as_bytes().to_vec();
    for i in 0..6000 {
        bytes.extend_from_slice(
            format!("فِقْرَةٌ رقم {i}\tفيها \u{1b}[31mلون و«اقتباس» (قوسان).\r\n").as_bytes(),
        );
    }
    // A line of 600 KB with no break: three pieces.
    for i in 0..60_000 {
        bytes.extend_from_slice(format!("كلمة{i} ").as_bytes());
    }
    bytes.extend_from_slice(b"\n");
    for i in 0..3000 {
        bytes.extend_from_slice(format!("سطر لاحق {i}.\n").as_bytes());
    }
    bytes.extend_from_slice(b"bad \xff byte\n");
    for i in 0..3000 {
        bytes.extend_from_slice(format!("بعد البايت {i}\n").as_bytes());
    }
    std::fs::write(&path, &bytes).expect("write");
    let whole = crate::article::Article::load(&path).expect("load");
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    app.act(Action::Open);
    app.wait_for_article();
    let r = app.reader.as_ref().expect("open");
    assert_eq!(r.len(), whole.paragraphs.len());
    assert!(
        r.held() * 3 < r.len(),
        "only the first part held: {} of {}",
        r.held(),
        r.len()
    );
    for (p, text) in whole.paragraphs.iter().enumerate() {
        assert_eq!(r.text(p).as_deref(), Some(text.as_str()), "¶ {}", p + 1);
    }
    assert_eq!(r.article.doc_sha256, whole.doc_sha256);
    assert_eq!(r.article.invalid_bytes, 1);
    // Tags on the first paragraph, one read by its place in the file, one
    // in the long line's second piece, and the last (after the invalid
    // byte, whose text is held): the texts are still not all held.
    let last = whole.paragraphs.len() - 1;
    let tagged = [0, 5000, 6002, last];
    for p in tagged {
        app.reader.as_mut().expect("open").goto(p);
        app.act(Action::OpenTagPicker);
        app.act(Action::TagKey('1'));
    }
    let r = app.reader.as_ref().expect("open");
    assert!(r.held() * 3 < r.len(), "{} of {}", r.held(), r.len());
    for p in tagged {
        assert!(
            r.marks.get(&p).is_some_and(|m| m.tags == ["claim"]),
            "¶ {p}"
        );
    }
    assert_eq!(r.marks.len(), 4);
    // On disk each anchor holds its paragraph's text, as loaded whole.
    let store = crate::notes::NoteStore::open(&path);
    let mut quotes: Vec<(usize, String)> = store
        .live()
        .map(|a| (a.anchor.para_index, a.anchor.quote.clone()))
        .collect();
    quotes.sort();
    let expected: Vec<(usize, String)> = tagged
        .iter()
        .map(|&p| (p, whole.paragraphs[p].clone()))
        .collect();
    assert_eq!(quotes, expected);
    // Opened again, every annotation is found in place.
    app.act(Action::Back);
    app.act(Action::Open);
    app.wait_for_article();
    let r = app.reader.as_ref().expect("open");
    assert!(r.held() * 3 < r.len());
    assert_eq!(r.orphans, 0);
    assert!(
        tagged.iter().all(|p| r
            .marks
            .get(p)
            .is_some_and(|m| m.status == crate::notes::Status::Exact)),
        "{:?}",
        r.marks
    );
}

/// An article opened with an index and then changed in place on disk:
/// its places no longer hold its paragraphs, so annotating it is refused
/// (the message says why) and nothing is written.
#[test]
fn an_indexed_article_changed_on_disk_is_not_annotated() {
    let (_dir, path, _, mut app) = opened_long(None);
    assert!(app.reader.as_ref().is_some_and(|r| r.held() < r.len()));
    // Written over in place (same file, other words).
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    std::io::Write::write_all(&mut f, "نص آخر تماما".as_bytes()).expect("write");
    f.set_modified(std::time::SystemTime::UNIX_EPOCH)
        .expect("time");
    drop(f);
    tag_is_refused(&mut app);
    assert!(!crate::notes::store::sidecar_beside(&path).exists());
}

/// A long annotated article edited since (a line inserted at its top):
/// its annotation is no longer where it was saved, and is looked for
/// through the whole article in the background once the article is read.
/// Meanwhile the reader is usable, the status bar says so, annotation
/// keys say why they wait; then the annotation shows, moved by one.
#[test]
fn annotations_not_in_place_are_placed_in_the_background() {
    let (dir, path) = long_article(10_000, 9_000);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("سطر جديد في الأعلى\n{text}")).expect("write");
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    app.act(Action::Open);
    // Read to its end: the placing starts then (and is taken at a later
    // look, never the same one).
    while app.reader.as_ref().is_some_and(|r| r.loading()) {
        app.poll_background();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert!(app.reader.as_ref().is_some_and(|r| r.placing()));
    let s = render(&mut app, 80, 12);
    assert!(s.contains("✎ … ·"), "{s}");
    app.act(Action::OpenTagPicker);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("annotations still being placed")),
        "{:?}",
        app.message
    );
    assert!(matches!(app.overlay, crate::tui::app::Overlay::None));
    // Moving on works meanwhile.
    app.act(Action::Down);
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(1));
    while app.reader.as_ref().is_some_and(|r| r.placing()) {
        app.poll_background();
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let r = app.reader.as_ref().expect("open");
    assert!(!r.loading() && !r.placing());
    assert!(
        r.marks
            .get(&9_001)
            .is_some_and(|m| m.tags == ["claim"] && m.status == crate::notes::Status::Moved),
        "{:?}",
        r.marks
    );
    assert_eq!(r.orphans, 0);
}

/// A paragraph far in rewritten at the same size with its time set back
/// (as a colleague's script could): the tag there is refused, nothing is
/// written. A file only touched is the same article: tagging goes on.
#[test]
fn a_paragraph_rewritten_in_place_is_not_annotated_a_touched_file_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.txt");
    let line = |i: usize| format!("الفقرة رقم {i:05} من المقال عن الناس والأرض.\n");
    let text: String = (0..10_000).map(line).collect();
    std::fs::write(&path, &text).expect("write");
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    app.act(Action::Open);
    app.wait_for_article();
    // Touched: its bytes are the same.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    f.set_modified(std::time::SystemTime::now()).expect("time");
    drop(f);
    app.reader.as_mut().expect("open").goto(9_000);
    app.act(Action::OpenTagPicker);
    app.act(Action::TagKey('1'));
    let store = crate::notes::NoteStore::open(&path);
    let quotes: Vec<String> = store.live().map(|a| a.anchor.quote.clone()).collect();
    assert_eq!(quotes, [line(9_000).trim_end().to_string()]);
    // Paragraph 9,500 rewritten: the same length, other digits, the time
    // set back.
    let before = std::fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("time");
    let at = text.find(&line(9_500)).expect("there") as u64;
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    std::os::unix::fs::FileExt::write_all_at(&f, line(9_599).as_bytes(), at).expect("write");
    f.set_modified(before).expect("time");
    drop(f);
    app.reader.as_mut().expect("open").goto(9_500);
    tag_is_refused(&mut app);
    let store = crate::notes::NoteStore::open(&path);
    assert_eq!(store.live().count(), 1, "nothing more written");
}

/// A note typed while the article is changed on disk: Ctrl-S cannot save
/// it, so the editor stays open with the text, which is kept as a draft;
/// opening the editor afterwards is refused at once, saying why.
#[test]
fn a_note_typed_while_the_article_changed_is_kept() {
    use crate::tui::input::{Code, ctrl, plain};
    let drafts = tempfile::tempdir().expect("drafts");
    let (_dir, path, text, mut app) = opened_long(Some(drafts.path()));
    app.reader.as_mut().expect("open").goto(9_000);
    app.act(Action::OpenEditor);
    for c in "ملاحظة".chars() {
        app.act(Action::EditorKey(plain(Code::Char(c))));
    }
    std::fs::write(&path, format!("{text}سطر أخير\n")).expect("append");
    app.act(Action::EditorKey(ctrl('s')));
    let crate::tui::app::Overlay::Editor(ed) = &app.overlay else {
        panic!("the editor stays open: {:?}", app.message);
    };
    assert_eq!(ed.text(), "ملاحظة");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("draft kept, not saved: the article changed on disk")),
        "{:?}",
        app.message
    );
    assert!(!crate::notes::store::sidecar_beside(&path).exists());
    let kept = crate::notes::drafts::peek_draft(drafts.path(), &path).expect("a draft");
    assert_eq!((kept.paragraph, kept.text.as_str()), (9_000, "ملاحظة"));
    // Left, the note dropped (its draft too); then the editor is refused
    // at once.
    app.act(Action::EditorKey(plain(Code::Esc)));
    app.act(Action::Confirm(true));
    assert!(
        crate::notes::drafts::peek_draft(drafts.path(), &path).is_none_or(|d| d.text.is_empty())
    );
    app.act(Action::OpenEditor);
    assert!(matches!(app.overlay, crate::tui::app::Overlay::None));
    assert_eq!(
        app.message.as_deref(),
        Some("read-only: the article changed on disk; reopen it")
    );
}

/// The article's path given another file while it is open (as editors
/// and `git checkout` save: a new file renamed over it): with the same
/// bytes it is the same article; with others, tagging is refused.
#[test]
fn an_article_replaced_at_its_path_is_not_annotated() {
    let (dir, path, text, mut app) = opened_long(None);
    let other = dir.path().join("new.tmp");
    std::fs::write(&other, &text).expect("write");
    std::fs::rename(&other, &path).expect("rename");
    app.reader.as_mut().expect("open").goto(9_000);
    app.act(Action::OpenTagPicker);
    app.act(Action::TagKey('1'));
    assert_eq!(crate::notes::NoteStore::open(&path).live().count(), 1);
    std::fs::write(&other, text.replace("9001", "9999")).expect("write");
    std::fs::rename(&other, &path).expect("rename");
    app.reader.as_mut().expect("open").goto(9_001);
    tag_is_refused(&mut app);
    assert_eq!(crate::notes::NoteStore::open(&path).live().count(), 1);
}
