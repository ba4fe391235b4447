//! The corpus search (`Ctrl-F`): hits of every article listed with their
//! snippets, opened at the hit, and tagged from the list with undo.

use super::*;
use crate::notes::NoteStore;
use crate::notes::edit::on_paragraph;
use std::path::Path;

/// The sample articles copied to a temp folder (annotations can be saved
/// there), read.
fn seeds_in_temp() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    for e in std::fs::read_dir(seeds()).expect("seeds").flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("copy");
    }
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    (dir, app)
}

/// Arabic as a terminal line shows it: joined forms, right to left.
fn seen(s: &str) -> String {
    crate::text::shape::shape(s).chars().rev().collect()
}

/// Where the query is, as (article number, paragraph from 1), in order.
fn places(app: &App) -> Vec<(String, usize)> {
    let h = app.hits.as_ref().expect("a search");
    h.rows
        .iter()
        .map(|r| (r.name[..3].to_string(), r.hit.para + 1))
        .collect()
}

/// The tags on disk of paragraph `para` (from 1) of article `num`.
fn tags_on_disk(dir: &Path, num: &str, para: usize) -> Vec<String> {
    let path = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "txt")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(num))
        })
        .expect("the article");
    let article = crate::article::Article::load(&path).expect("article");
    let store = NoteStore::open(&path);
    let mut tags: Vec<String> = on_paragraph(&store, &article.paragraphs, para - 1)
        .into_iter()
        .flat_map(|a| a.tags)
        .collect();
    tags.sort();
    tags
}

/// الاسلامية is written 12 times in the samples, 11 of them as الإسلامية
/// (counted with grep): once in 000 (line 5, its 5th paragraph), six times
/// in 001 (one line, cut into paragraphs where a sentence end is glued to
/// the next word: paragraphs 1, 7, 11, 15, 19, 22, counted with a Python
/// script written from DESIGN §3.1, not with hamish), three in 003 (lines
/// 21, 25, 29: paragraphs 11, 13, 15 once blank lines are skipped), twice
/// in 004 (paragraphs 8 and 13). Folded, Ctrl-F from the library lists all
/// twelve.
const ISLAMIYYA: [(&str, usize); 12] = [
    ("000", 5),
    ("001", 1),
    ("001", 7),
    ("001", 11),
    ("001", 15),
    ("001", 19),
    ("001", 22),
    ("003", 11),
    ("003", 13),
    ("003", 15),
    ("004", 8),
    ("004", 13),
];

#[test]
fn ctrl_f_lists_every_hit_of_the_corpus_with_its_snippet() {
    let mut app = app();
    search_all(&mut app, "الاسلامية");
    assert_eq!(app.screen, crate::tui::app::Screen::Hits);
    let expected: Vec<(String, usize)> = ISLAMIYYA.map(|(n, p)| (n.to_string(), p)).into();
    assert_eq!(places(&app), expected);
    let h = app.hits.as_ref().expect("a search");
    let written: Vec<&str> = h.rows.iter().map(|r| r.hit.matched.as_str()).collect();
    assert_eq!(written.iter().filter(|w| **w == "الإسلامية").count(), 11);
    assert_eq!(written.iter().filter(|w| **w == "الاسلامية").count(), 1);
    let s = render(&mut app, 100, 20);
    assert!(
        s.contains(&format!("Search all: {}", seen("الاسلامية"))),
        "{s}"
    );
    assert!(s.contains("12 hits in 4 articles"), "{s}");
    // The snippet is laid out right to left: its letters joined (presentation
    // forms), the article and paragraph on the left.
    assert!(s.contains("000_466c34380d8c8cd… ¶    5"), "{s}");
    assert!(s.contains('ﺔ'), "joined Arabic: {s}");
    // Strict: only the one written without hamza.
    app.act(Action::StartCorpusSearch);
    app.act(Action::PromptToggleStrict);
    app.act(Action::PromptAccept);
    app.wait_for_hits();
    assert_eq!(places(&app), [("001".to_string(), 1)]);
    let s = render(&mut app, 100, 20);
    assert!(
        s.contains(&format!("Search all (as written): {}", seen("الاسلامية"))),
        "{s}"
    );
}

/// The hit's letters, and only they, are drawn as a hit (underlined, so
/// it shows without colour and on the selected row): in the row of 004's
/// 8th paragraph, the highlighted cells read الإسلامية when put back in
/// logical order.
#[test]
fn the_hit_is_highlighted_on_its_own_letters() {
    let mut app = app();
    search_all(&mut app, "الاسلامية");
    let row = places(&app)
        .iter()
        .position(|p| *p == ("004".to_string(), 8))
        .expect("004 ¶8");
    let mut term = Terminal::new(TestBackend::new(100, 20)).expect("terminal");
    let laid = lay_out(&mut app, 100, 20);
    term.draw(|f| draw(f, &app, &laid)).expect("draw");
    let buf = term.backend().buffer().clone();
    let y = 1 + row as u16;
    let cells: String = (0..100)
        .filter(|&x| {
            buf[(x, y)]
                .style()
                .add_modifier
                .contains(ratatui::style::Modifier::UNDERLINED)
        })
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect();
    // The word, drawn right to left as joined forms (spaces either side,
    // so shaped as it is alone): read backwards, the word shaped.
    let backwards: String = cells.chars().rev().collect();
    assert_eq!(backwards, crate::text::shape::shape("الإسلامية"), "{cells}");
    assert!(!cells.contains(' '), "only the word: {cells:?}");
}

/// Enter opens the article at the hit, the same search current there;
/// leaving the reader comes back to the hits.
#[test]
fn enter_opens_at_the_hit_and_back_returns_to_the_list() {
    let mut app = app();
    search_all(&mut app, "الاسلامية");
    let row = places(&app)
        .iter()
        .position(|p| *p == ("003".to_string(), 13))
        .expect("003 ¶13");
    for _ in 0..row {
        app.act(Action::Down);
    }
    app.act(Action::Open);
    let r = app.reader.as_ref().expect("open");
    assert!(r.article.path.ends_with("003_8dbeb5ba9d9aad17.txt"));
    assert_eq!(r.cursor, 12);
    assert_eq!(r.search.hits.len(), 3, "the three hits of 003");
    assert_eq!(r.search.current, Some(1), "the second of them");
    assert_eq!(app.message.as_deref(), Some("match 2/3"));
    app.act(Action::Back);
    assert_eq!(app.screen, crate::tui::app::Screen::Hits);
    assert_eq!(app.hits.as_ref().map(|h| h.selected), Some(row));
    app.act(Action::Back);
    assert_eq!(app.screen, crate::tui::app::Screen::Library);
}

/// From the library's filter, Ctrl-F looks for what was typed in every
/// article instead (and the filter is cleared). العراق is written 23
/// times in the samples (grep -o: 2, 12, 2, 1 and 6 in 000 to 004).
#[test]
fn the_library_filter_turns_into_a_corpus_search() {
    let mut app = app();
    app.act(Action::StartFilter);
    for c in "العراق".chars() {
        app.act(Action::PromptInput(c));
    }
    app.act(Action::StartCorpusSearch);
    let s = render(&mut app, 100, 20);
    assert!(
        s.contains(&format!("search all: {}", seen("العراق"))),
        "{s}"
    );
    app.act(Action::PromptAccept);
    app.wait_for_hits();
    assert!(app.library.filter.is_empty());
    let h = app.hits.as_ref().expect("a search");
    assert_eq!(h.query, "العراق");
    let per_article = |n: &str| h.rows.iter().filter(|r| r.name.starts_with(n)).count();
    assert_eq!(
        ["000", "001", "002", "003", "004"].map(per_article),
        [2, 12, 2, 1, 6]
    );
    assert!(h.rows.iter().all(|r| r.hit.matched == "العراق"));
}

/// A tag key tags the paragraphs of every hit (saved in each article's
/// sidecar), `u` undoes it; with hits marked, only theirs; the same key
/// again on paragraphs that all have the tag takes it away.
#[test]
fn tag_keys_tag_the_hits_paragraphs_and_u_undoes() {
    let (dir, mut app) = seeds_in_temp();
    search_all(&mut app, "الاسلامية");
    let paras = ISLAMIYYA;
    // Four articles: asked first; "no" changes nothing.
    app.act(Action::TagKey('1'));
    let s = render(&mut app, 100, 20);
    assert!(
        s.contains("Tag 12 paragraph(s) in 4 articles Claim? y/n"),
        "{s}"
    );
    app.act(Action::Confirm(false));
    assert_eq!(app.message.as_deref(), Some("nothing tagged"));
    assert!(tags_on_disk(dir.path(), "000", 5).is_empty());
    app.act(Action::TagKey('1'));
    app.act(Action::Confirm(true));
    assert_eq!(
        app.message.as_deref(),
        Some("tagged 12 paragraph(s) in 4 article(s) Claim (u undoes)")
    );
    for (n, p) in paras {
        assert_eq!(tags_on_disk(dir.path(), n, p), ["claim"], "{n} ¶{p}");
    }
    // Untouched: a paragraph with no hit.
    assert!(tags_on_disk(dir.path(), "003", 12).is_empty());
    // The list shows the tags' marks now (C, for Claim), and none before.
    let s = render(&mut app, 100, 20);
    assert_eq!(s.matches(" C ").count(), 12, "{s}");
    app.act(Action::Undo);
    assert_eq!(app.message.as_deref(), Some("undone in 4 article(s)"));
    for (n, p) in paras {
        assert!(tags_on_disk(dir.path(), n, p).is_empty(), "{n} ¶{p}");
    }
    // Marked: the first hit (000 ¶5) and the last (004 ¶13).
    app.act(Action::MarkHit);
    app.act(Action::Bottom);
    app.act(Action::MarkHit);
    app.act(Action::TagKey('2'));
    app.act(Action::Confirm(true));
    assert_eq!(tags_on_disk(dir.path(), "000", 5), ["casualties"]);
    assert_eq!(tags_on_disk(dir.path(), "004", 13), ["casualties"]);
    assert!(tags_on_disk(dir.path(), "004", 8).is_empty());
    assert!(tags_on_disk(dir.path(), "001", 22).is_empty());
    // Again: both have it, so it goes.
    app.act(Action::TagKey('2'));
    let s = render(&mut app, 100, 20);
    assert!(
        s.contains("Untag 2 paragraph(s) in 2 articles Casualties? y/n"),
        "{s}"
    );
    app.act(Action::Confirm(true));
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("untagged 2 paragraph(s)")),
        "{:?}",
        app.message
    );
    assert!(tags_on_disk(dir.path(), "000", 5).is_empty());
    assert!(tags_on_disk(dir.path(), "004", 13).is_empty());
    // Undo gives it back.
    app.act(Action::Undo);
    assert_eq!(tags_on_disk(dir.path(), "000", 5), ["casualties"]);
}

/// An article changed since the search is not tagged (its paragraphs may
/// no longer be the hits'): the message names it; the others are tagged.
#[test]
fn an_article_changed_since_the_search_is_left_alone() {
    let (dir, mut app) = seeds_in_temp();
    search_all(&mut app, "الاسلامية");
    let p = dir.path().join("004_60d1107e2fb93d1c.txt");
    let text = std::fs::read_to_string(&p).expect("read");
    std::fs::write(&p, format!("سطر جديد\n{text}")).expect("write");
    app.act(Action::TagKey('1'));
    app.act(Action::Confirm(true));
    let m = app.message.clone().unwrap_or_default();
    assert!(
        m.starts_with("tagged 10 paragraph(s) in 3 article(s)")
            && m.contains("1 not changed: 004_60d1107e2fb93d1c.txt changed since the search"),
        "{m}"
    );
    assert!(!crate::notes::store::sidecar_beside(&p).exists());
    assert_eq!(tags_on_disk(dir.path(), "003", 11), ["claim"]);
}

/// Tagging from the hits while the same article is open in the reader:
/// the reader shows the tag at once, and its own undo stays usable.
#[test]
fn the_open_article_shows_tags_given_from_the_hits() {
    let (_dir, _, mut app) = open_004_in_temp();
    search_all(&mut app, "الاسلامية");
    app.act(Action::TagKey('1'));
    app.act(Action::Back);
    assert_eq!(app.screen, crate::tui::app::Screen::Reader);
    let r = app.reader.as_ref().expect("open");
    let store = &r.notes;
    let tagged: Vec<usize> = (0..r.article.paragraphs.len())
        .filter(|&p| {
            on_paragraph(store, &r.article.paragraphs, p)
                .iter()
                .any(|a| a.tags.contains(&"claim".to_string()))
        })
        .collect();
    assert_eq!(tagged, [7, 12]);
}

/// `ة` as `ه` is an option: Ctrl-T while typing (said in the prompt and
/// the title), or `[search] ta_marbuta = true` for every search. الاسلاميه
/// (with ه) then finds the twelve الإسلامية of the samples; without it,
/// none.
#[test]
fn ta_marbuta_as_ha_is_an_option() {
    let mut app = app();
    search_all(&mut app, "الاسلاميه");
    assert!(places(&app).is_empty());
    app.act(Action::StartCorpusSearch);
    app.act(Action::PromptToggleTaMarbuta);
    let s = render(&mut app, 100, 20);
    // Each Arabic letter alone in a left-to-right line: its isolated form.
    assert!(s.contains("(ﺓ as ﻩ) search all: "), "{s}");
    // The keys that change how it matches are said on the same line.
    assert!(
        s.contains("Ctrl-R as written · Ctrl-W words · Ctrl-T ﺓ as ﻩ"),
        "{s}"
    );
    let narrow = render(&mut app, 40, 10);
    assert!(!narrow.contains("Ctrl-R"), "no room at 40: {narrow}");
    app.act(Action::PromptAccept);
    app.wait_for_hits();
    assert_eq!(places(&app).len(), 12);
    // From the config, the reader's / folds the same way.
    let config = crate::config::parse(
        "[search]\nta_marbuta = true\n",
        "config.toml",
        &crate::config::Config::builtin(),
    )
    .expect("valid");
    let mut reading = super::app();
    reading.config = config;
    open_004(&mut reading);
    reading.act(Action::StartSearch);
    for c in "الاسلاميه".chars() {
        reading.act(Action::PromptInput(c));
    }
    // The reader's own status bar says the keys too.
    let s = render(&mut reading, 100, 20);
    assert!(
        s.contains("(ﺓ as ﻩ) /") && s.contains("Ctrl-R as written · Ctrl-W words"),
        "{s}"
    );
    reading.act(Action::PromptAccept);
    assert_eq!(
        reading.reader.as_ref().map(|r| r.search.hits.len()),
        Some(2)
    );
}

/// Tags for many articles are saved an article at a time between frames:
/// meanwhile another tag key or `u` waits, and `q` in the library says
/// what leaving would leave undone (a second `q` leaves).
#[test]
fn tags_are_saved_between_frames_and_quitting_warns() {
    let (dir, mut app) = seeds_in_temp();
    search_all(&mut app, "الاسلامية");
    app.act(Action::TagKey('1'));
    // As the event loop does: the effect starts the saving, frames go on.
    let Effect::TagHits(tag) = app.update(Action::Confirm(true)) else {
        panic!("the answer asks for the tagging");
    };
    app.tag_hits(tag);
    assert!(app.tagging());
    assert_eq!(app.message.as_deref(), Some("saving tags…"));
    app.act(Action::TagKey('2'));
    assert_eq!(
        app.message.as_deref(),
        Some("still saving the last tags: a moment")
    );
    app.act(Action::Back);
    assert_eq!(app.update(Action::Quit), Effect::None);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("q again leaves")),
        "{:?}",
        app.message
    );
    while app.tagging() {
        app.poll_background();
    }
    assert_eq!(
        app.message.as_deref(),
        Some("tagged 12 paragraph(s) in 4 article(s) Claim (u undoes)")
    );
    assert_eq!(tags_on_disk(dir.path(), "004", 13), ["claim"]);
    // Done: q quits at once again.
    assert_eq!(app.update(Action::Quit), Effect::Quit);
}

/// Another annotator's tag on the hits' paragraphs does not make the tag
/// key take it away (it changes only one's own annotations): it adds it
/// for this annotator too, and both keep theirs.
#[test]
fn another_annotators_tags_are_no_reason_to_untag() {
    let (dir, mut app) = seeds_in_temp();
    app.author = "alice".into();
    search_all(&mut app, "الاسلامية");
    app.act(Action::TagKey('1'));
    app.act(Action::Confirm(true));
    app.author = "tester".into();
    search_all(&mut app, "الاسلامية");
    app.act(Action::TagKey('1'));
    let s = render(&mut app, 100, 20);
    assert!(
        s.contains("Tag 12 paragraph(s) in 4 articles Claim? y/n"),
        "{s}"
    );
    app.act(Action::Confirm(true));
    let path = dir.path().join("004_60d1107e2fb93d1c.txt");
    let article = crate::article::Article::load(&path).expect("article");
    let store = NoteStore::open(&path);
    let mut authors: Vec<String> = on_paragraph(&store, &article.paragraphs, 12)
        .into_iter()
        .filter(|a| a.tags == ["claim"])
        .map(|a| a.author)
        .collect();
    authors.sort();
    assert_eq!(authors, ["alice", "tester"]);
}

/// The hits show the tags on their paragraphs as they are when searched:
/// tags another hamish gave since this one read the library are shown,
/// and a tag key goes by them.
#[test]
fn hits_show_the_tags_as_they_are_now() {
    let (dir, mut other) = seeds_in_temp();
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    // Another hamish tags every hit.
    search_all(&mut other, "الاسلامية");
    other.act(Action::TagKey('1'));
    other.act(Action::Confirm(true));
    // This one, whose library was read before, searches.
    search_all(&mut app, "الاسلامية");
    let s = render(&mut app, 100, 20);
    assert_eq!(s.matches(" C ").count(), 12, "{s}");
    app.act(Action::TagKey('1'));
    let s = render(&mut app, 100, 20);
    assert!(
        s.contains("Untag 12 paragraph(s) in 4 articles Claim? y/n"),
        "{s}"
    );
}

/// Tags another hamish took away since this one read them are gone from
/// the hits too.
#[test]
fn hits_show_tags_taken_away_meanwhile_as_gone() {
    let (dir, mut app) = seeds_in_temp();
    search_all(&mut app, "الاسلامية");
    app.act(Action::TagKey('1'));
    app.act(Action::Confirm(true));
    let s = render(&mut app, 100, 20);
    assert_eq!(s.matches(" C ").count(), 12, "{s}");
    // Another hamish undoes them all (its sidecars, emptied).
    let mut other = app_at(dir.path().to_path_buf());
    other.wait_for_scan();
    search_all(&mut other, "الاسلامية");
    other.act(Action::TagKey('1'));
    other.act(Action::Confirm(true));
    assert!(
        other
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("untagged 12")),
        "{:?}",
        other.message
    );
    search_all(&mut app, "الاسلامية");
    let s = render(&mut app, 100, 20);
    assert_eq!(s.matches(" C ").count(), 0, "{s}");
}
