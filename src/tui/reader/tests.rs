use super::*;
use std::path::Path;

fn reader(paras: usize, words: usize) -> Reader {
    let text: String = (0..paras)
        .map(|i| format!("{i} {}\n", "كلمة ".repeat(words)))
        .collect();
    let a = Article::from_bytes(Path::new("/nonexistent/t.txt"), text.as_bytes());
    let notes = NoteStore::open(&a.path);
    let mut r = Reader::new(a, Options::default(), notes);
    r.resize(20, 10);
    r
}

#[test]
fn cursor_moves_and_view_follows() {
    let mut r = reader(30, 6); // each paragraph: 2 lines + blank
    r.move_cursor(5);
    let rows = r.lay_out();
    assert!(rows.iter().any(|row| row.para == 5 && row.text().is_some()));
    let last_text_row = rows
        .iter()
        .rposition(|row| row.text().is_some())
        .expect("rows");
    assert_eq!(rows[last_text_row].para, 5, "the view scrolled just enough");
    r.move_cursor(-5);
    assert_eq!(r.top, (0, 0));
}

#[test]
fn end_and_start() {
    let mut r = reader(30, 6);
    r.to_end();
    let rows = r.lay_out();
    assert_eq!(r.cursor, 29);
    assert!(rows.iter().any(|row| row.para == 29));
    r.goto(0);
    assert_eq!(r.top, (0, 0));
}

#[test]
fn resize_keeps_the_top_paragraph() {
    let mut r = reader(30, 12);
    r.goto(10);
    let rows = r.lay_out();
    let shown = rows[0].para;
    r.resize(40, 10);
    let rows = r.lay_out();
    assert!(
        rows.iter().any(|row| row.para == 10),
        "cursor paragraph stays in view"
    );
    assert!(rows[0].para >= shown.saturating_sub(1));
    r.resize(9, 10);
    let rows = r.lay_out();
    assert!(rows.iter().any(|row| row.para == 10));
}

#[test]
fn paging_moves_the_cursor_with_the_view() {
    let mut r = reader(30, 6);
    r.page_down();
    let rows = r.lay_out();
    assert!(r.cursor > 0);
    assert!(rows.iter().any(|row| row.para == r.cursor));
    r.page_up();
    assert_eq!(r.cursor, 0);
}

#[test]
fn search_finds_and_cycles() {
    let a = Article::from_bytes(
        Path::new("/nonexistent/t.txt"),
        "ألف\nباء Reuters\nجيم\nreuters دال".as_bytes(),
    );
    let notes = NoteStore::open(&a.path);
    let mut r = Reader::new(a, Options::default(), notes);
    r.resize(30, 5);
    assert_eq!(r.search("REUTERS", Default::default()), 2);
    assert_eq!(r.cursor, 1);
    r.next_hit(true);
    assert_eq!(r.cursor, 3);
    r.next_hit(true);
    assert_eq!(r.cursor, 1, "wraps around");
    assert_eq!(r.search("جيم", Default::default()), 1);
    assert_eq!(r.cursor, 2);
    assert_eq!(r.search("nothing", Default::default()), 0);
    // Folded: أ as ا; as written (strict), not.
    assert_eq!(r.search("الف", Default::default()), 1);
    let strict = crate::text::fold::Fold {
        strict: true,
        ..Default::default()
    };
    assert_eq!(r.search("الف", strict), 0);
}

#[test]
fn annotations_mark_paragraphs_show_notes_and_undo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "ألف\nباء\nجيم\nدال\n").expect("write");
    let a = Article::load(&path).expect("load");
    let mut r = Reader::new(a, Options::default(), NoteStore::open(&path));
    r.resize(30, 20);
    r.goto(2);
    r.edit("t", None, |a| a.tags.push("claim".into()))
        .expect("changed");
    r.edit("t", None, |a| a.note = "سطر\nline two".into())
        .expect("changed");
    r.save().expect("saved");
    assert_eq!(r.marks[&2].tags, ["claim"]);
    let rows = r.lay_out();
    let notes: Vec<&RowKind> = rows
        .iter()
        .filter(|row| row.para == 2)
        .map(|row| &row.kind)
        .collect();
    assert!(
        matches!(notes[1], RowKind::Note(_)) && matches!(notes[2], RowKind::Note(_)),
        "two note rows"
    );
    r.toggle_notes();
    let rows = r.lay_out();
    assert_eq!(
        rows.iter().filter(|row| row.para == 2).count(),
        2,
        "text + blank"
    );
    r.goto(0);
    assert!(r.jump_annotated(true));
    assert_eq!(r.cursor, 2);
    assert!(!r.jump_annotated(true));
    r.goto(2);
    assert!(r.undo());
    r.save().expect("saved");
    assert!(
        r.marks[&2].note.is_empty(),
        "the note is undone, the tag stays"
    );
    assert!(r.undo());
    r.save().expect("saved");
    assert!(!r.marks.contains_key(&2));
    // What was saved on disk agrees.
    let again = NoteStore::open(&path);
    assert_eq!(again.live().count(), 0);
}

#[test]
fn undo_follows_a_first_annotation_joined_to_one_made_meanwhile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "ألف\nباء\nجيم\n").expect("write");
    let a = Article::load(&path).expect("load");
    let mut r = Reader::new(
        a.clone(),
        Options::default(),
        NoteStore::open_in(&path, None),
    );
    // Another window of the same author tags ¶ 2 first.
    let mut other = NoteStore::open_in(&path, None);
    edit::edit_paragraph(&mut other, &a.paragraphs, &a.doc_sha256, 1, "t", |x| {
        x.tags.push("source".into())
    });
    other.save().expect("save");
    r.goto(1);
    assert_eq!(
        r.edit("t", None, |x| x.tags.push("claim".into())).ok(),
        Some(true)
    );
    r.save().expect("saved");
    let on_disk = NoteStore::open_in(&path, None);
    let live: Vec<_> = on_disk.live().collect();
    assert_eq!(live.len(), 1, "one annotation");
    assert_eq!(live[0].tags, ["source", "claim"]);
    assert!(r.undo());
    r.save().expect("saved");
    let on_disk = NoteStore::open_in(&path, None);
    let all: Vec<_> = on_disk.live().collect();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].tags, ["source"], "the undo reached it");
}

#[test]
fn a_line_scroll_stays_scrolled_across_frames() {
    let mut r = reader(30, 6);
    r.scroll_down(1);
    assert_eq!(r.top, (0, 1));
    r.resize(20, 10); // what every frame does
    r.lay_out();
    assert_eq!(r.top, (0, 1), "the next frame keeps the view");
    r.scroll_up(1);
    assert_eq!(r.top, (0, 0));
}

#[test]
fn tiny_sizes_do_not_panic() {
    let mut r = reader(5, 30);
    for (w, h) in [(1, 1), (2, 1), (1, 3), (3, 2)] {
        r.resize(w, h);
        r.to_end();
        r.page_up();
        r.page_down();
        r.scroll_down(3);
        r.scroll_up(7);
        let rows = r.lay_out();
        assert!(rows.len() <= h);
    }
}

/// A search done a slice at a time (a long article's, between frames)
/// ends with what one done at once finds: the same hits in article
/// order, the first at or after the cursor current (else the first), and
/// the view at it. Checked from every paragraph of a sample article, a
/// slice of 1 byte, 300 bytes and all at once; the hits (العراق, 6 times in
/// 004 by grep) are counted by hand.
#[test]
fn a_search_in_slices_ends_as_one_at_once() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/004_60d1107e2fb93d1c.txt");
    let a = Article::load(&path).expect("load");
    let n = a.paragraphs.len();
    let how = crate::text::fold::Fold::default();
    let mut whole = Reader::new(a.clone(), Options::default(), NoteStore::open(&path));
    whole.search("العراق", how);
    assert_eq!(whole.search.hits.len(), 6);
    assert!(!whole.search.going_on());
    for cursor in 0..n {
        for slice in [1, 300, usize::MAX] {
            let mut r = Reader::new(a.clone(), Options::default(), NoteStore::open(&path));
            r.resize(40, 10);
            r.goto(cursor);
            r.search_with("العراق", how, slice);
            if slice == 1 {
                assert!(r.search.going_on(), "at {cursor}: one byte is no article");
            }
            while !r.search_more(slice, None) {}
            assert_eq!(
                r.search.hits, whole.search.hits,
                "from ¶{cursor}, slice {slice}"
            );
            let first_after = whole
                .search
                .hits
                .iter()
                .position(|(p, _)| *p >= cursor)
                .unwrap_or(0);
            assert_eq!(r.search.current, Some(first_after), "from ¶{cursor}");
            assert_eq!(r.cursor, whole.search.hits[first_after].0, "from ¶{cursor}");
        }
    }
}

/// Paragraphs coming while a search goes on (a long article read in the
/// background) are searched once each: whatever the slices and however
/// the batches fall between them, the hits end as one search at once of
/// the whole article finds them, each once.
#[test]
fn paragraphs_coming_during_a_search_are_searched_once() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/001_334c5c13315cfcf7.txt");
    let whole = Article::load(&path).expect("load");
    // The same article twice over, so that hits come in every batch.
    let mut paras = whole.paragraphs.clone();
    paras.extend(whole.paragraphs.clone());
    let how = crate::text::fold::Fold::default();
    let mut all = whole.clone();
    all.paragraphs = paras.clone();
    let mut once = Reader::new(all, Options::default(), NoteStore::open(&path));
    once.search("العراق", how);
    assert_eq!(once.search.hits.len(), 24, "12 in 001, by grep, twice");
    for first in [1, 5, 20] {
        for batch in [1, 3, 7] {
            for slice in [1, 200, 5000] {
                let mut part = whole.clone();
                part.paragraphs = paras[..first].to_vec();
                let mut r = Reader::new(part, Options::default(), NoteStore::open(&path));
                r.search_with("العراق", how, slice);
                let mut next = first;
                while next < paras.len() || r.search.going_on() {
                    if next < paras.len() {
                        let end = (next + batch).min(paras.len());
                        r.append(
                            paras[next..end]
                                .iter()
                                .cloned()
                                .map(crate::article::loading::Para::Text)
                                .collect::<Vec<_>>(),
                        );
                        next = end;
                    }
                    r.search_more(slice, None);
                }
                assert_eq!(
                    r.search.hits, once.search.hits,
                    "first {first}, batches of {batch}, slices of {slice}"
                );
            }
        }
    }
}
