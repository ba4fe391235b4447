//! Selecting phrases with the keyboard in right-to-left, left-to-right and
//! mixed paragraphs, tagging them, and how they are drawn: the screens as
//! text, with a row under each text row marking the selected cells (^)
//! and the underlined (tagged) ones (_). The snapshots were checked by
//! hand: a phrase that bidi splits is marked on exactly its characters
//! (in the first, "Islamic S" and, apart, the space and تنظيم).

use super::*;
use crate::tui::reader::Step;
use ratatui::style::Modifier;

const RTL: &str = "أعلن تنظيم Islamic State في بيان أن 1,500 مقاتل (AFP) وصلوا.";
const LTR: &str = "The statement of الجيش السوري came on Monday.";

/// A corpus of one article with an RTL, then an LTR paragraph.
fn phrases_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), format!("{RTL}\n\n{LTR}\n")).expect("write");
    let mut app = app_at(dir.path().to_path_buf());
    app.wait_for_scan();
    app.act(Action::Open);
    (dir, app)
}

/// The screen with a marker row under each row that has selected (^) or
/// underlined (_) cells.
fn marked(app: &mut App, w: u16, h: u16) -> String {
    let backend = TestBackend::new(w, h);
    let mut term = Terminal::new(backend).expect("terminal");
    term.draw(|f| {
        let laid = lay_out(app, w, h);
        draw(f, app, &laid);
    })
    .expect("draw");
    let buf = term.backend().buffer().clone();
    let text = screen(&buf);
    let mut out = String::new();
    for (y, line) in text.lines().enumerate() {
        out.push_str(line);
        out.push('\n');
        // The title and status bars have styles of their own.
        if y == 0 || y + 1 == usize::from(h) {
            continue;
        }
        let marks: String = (0..w)
            .map(|x| {
                let m = buf[(x, y as u16)].modifier;
                if m.contains(Modifier::REVERSED | Modifier::BOLD) {
                    '^'
                } else if m.contains(Modifier::UNDERLINED) {
                    '_'
                } else {
                    ' '
                }
            })
            .collect();
        if !marks.trim().is_empty() {
            out.push_str(marks.trim_end());
            out.push('\n');
        }
    }
    out
}

fn selected(app: &App) -> String {
    app.reader
        .as_ref()
        .and_then(|r| r.selected_text())
        .unwrap_or_default()
}

#[test]
fn words_in_reading_order_and_as_seen_in_a_right_to_left_paragraph() {
    let (_dir, mut app) = phrases_app();
    app.act(Action::Select(Step::Start));
    assert_eq!(selected(&app), "أعلن");
    app.act(Action::Select(Step::WordNext));
    assert_eq!(selected(&app), "أعلن تنظيم");
    // Left, as seen: in this right-to-left paragraph the English run
    // reads left to right, so the word seen left of تنظيم is "State",
    // and the selection (one run of the text) takes "Islamic" with it.
    app.act(Action::Select(Step::Left));
    assert_eq!(selected(&app), "أعلن تنظيم Islamic State");
    app.act(Action::Select(Step::Left));
    assert_eq!(selected(&app), "أعلن تنظيم Islamic");
    app.act(Action::Select(Step::Left));
    assert_eq!(selected(&app), "أعلن تنظيم Islamic State في");
    // Right goes back the way it came.
    app.act(Action::Select(Step::Right));
    assert_eq!(selected(&app), "أعلن تنظيم Islamic");
    // Swap: the start moves now; a word back in reading order from it
    // cannot go before the first word.
    app.act(Action::Select(Step::Swap));
    app.act(Action::Select(Step::WordNext));
    assert_eq!(selected(&app), "تنظيم Islamic");
    // A character on, in reading order (a space is no stop).
    app.act(Action::Select(Step::Swap));
    app.act(Action::Select(Step::CharNext));
    assert_eq!(selected(&app), "تنظيم Islamic S");
    let s = marked(&mut app, 60, 12);
    insta::assert_snapshot!(s);
    app.act(Action::Select(Step::Drop));
    assert!(app.reader.as_ref().is_some_and(|r| r.selection.is_none()));
}

#[test]
fn words_as_seen_in_a_left_to_right_paragraph() {
    let (_dir, mut app) = phrases_app();
    app.act(Action::Down);
    app.act(Action::Select(Step::Start));
    assert_eq!(selected(&app), "The");
    app.act(Action::Select(Step::Right));
    app.act(Action::Select(Step::Right));
    app.act(Action::Select(Step::Right));
    // Right as seen: "of", then the Arabic run read right to left, so its
    // second word is seen first.
    assert_eq!(selected(&app), "The statement of الجيش السوري");
    app.act(Action::Select(Step::Right));
    assert_eq!(selected(&app), "The statement of الجيش");
    // A character left as seen, from the first letter of الجيش (its
    // rightmost): the letter seen left of it is its second.
    app.act(Action::Select(Step::CharLeft));
    assert_eq!(selected(&app), "The statement of ال");
    let s = marked(&mut app, 60, 12);
    insta::assert_snapshot!(s);
    // Moving to another paragraph drops the selection.
    app.act(Action::Up);
    assert!(app.reader.as_ref().is_some_and(|r| r.selection.is_none()));
}

#[test]
fn a_selected_phrase_is_tagged_noted_copied_and_drawn_apart() {
    let (dir, mut app) = phrases_app();
    app.act(Action::Select(Step::Start));
    for _ in 0..9 {
        app.act(Action::Select(Step::WordNext));
    }
    app.act(Action::Select(Step::WordPrev));
    assert_eq!(selected(&app), RTL[..RTL.find(" (AFP)").expect("there")]);
    // The start moves now: up to the number.
    app.act(Action::Select(Step::Swap));
    for _ in 0..7 {
        app.act(Action::Select(Step::WordNext));
    }
    assert_eq!(selected(&app), "1,500 مقاتل");
    // 2 is a tag key: with a selection it tags the phrase.
    app.act(Action::TagKey('2'));
    assert_eq!(
        app.message.as_deref(),
        Some("«1,500 مقاتل»: casualties (saved)")
    );
    let Effect::Copy(text) = app.act(Action::Copy) else {
        panic!("copy is an effect");
    };
    assert_eq!(text, "1,500 مقاتل");
    app.act(Action::Select(Step::Drop));
    // The paragraph itself carries no tag; the phrase does, stored with
    // its code points.
    let r = app.reader.as_ref().expect("reader");
    assert!(r.target_tags().is_empty());
    let store = crate::notes::NoteStore::open_in(&dir.path().join("a.txt"), None);
    let spans: Vec<(String, Option<std::ops::Range<usize>>)> = store
        .live()
        .map(|a| (a.anchor.quote.clone(), a.anchor.span()))
        .collect();
    let at = RTL.find("1,500").expect("there");
    let cp = RTL[..at].chars().count();
    assert_eq!(spans, [("1,500 مقاتل".to_string(), Some(cp..cp + 11))]);
    // Drawn underlined where its characters are; the margin has its tag
    // letter (K); the status bar counts the annotated paragraph (✎ 1/2).
    let s = marked(&mut app, 60, 12);
    assert!(s.contains("K"), "{s}");
    insta::assert_snapshot!(s);
    // From the A list, the phrase opens selected.
    app.act(Action::Back);
    app.act(Action::OpenNotesList);
    settle(&mut app);
    app.act(Action::Open);
    assert_eq!(selected(&app), "1,500 مقاتل");
}

#[test]
fn labels_of_the_whole_article_show_in_the_library_and_filter_it() {
    let (_dir, mut app) = phrases_app();
    app.act(Action::OpenLabelPicker);
    let s = render(&mut app, 80, 20);
    assert!(s.contains("Labels of the article"), "{s}");
    // 8 is "disputed".
    app.act(Action::TagKey('8'));
    assert_eq!(app.message.as_deref(), Some("article: disputed (saved)"));
    app.act(Action::CloseOverlay);
    // Not a tag of the paragraph.
    assert!(
        app.reader
            .as_ref()
            .is_some_and(|r| r.target_tags().is_empty())
    );
    app.act(Action::Back);
    let s = render(&mut app, 100, 10);
    // Its letter (X) before the title.
    let row = s.lines().find(|l| l.contains("a.txt")).unwrap_or_default();
    assert!(row.contains(" X "), "{s}");
    // The filter finds it by the label, in English or Arabic.
    for word in ["disputed", "متنازع"] {
        app.act(Action::StartFilter);
        for c in word.chars() {
            app.act(Action::PromptInput(c));
        }
        app.act(Action::PromptAccept);
        assert_eq!(app.library.visible.len(), 1, "{word}");
        app.act(Action::ClearFilter);
    }
    app.act(Action::StartFilter);
    for c in "rumour".chars() {
        app.act(Action::PromptInput(c));
    }
    app.act(Action::PromptAccept);
    settle(&mut app);
    assert!(app.library.visible.is_empty());
    app.act(Action::ClearFilter);
    // The A list has it as a row on the whole article.
    app.act(Action::OpenNotesList);
    settle(&mut app);
    let s = render(&mut app, 100, 10);
    assert!(
        s.lines()
            .any(|l| l.contains("a.txt") && l.contains(" all ")),
        "{s}"
    );
}

#[test]
fn next_annotated_visits_phrases_and_enter_says_what_is_there() {
    let (_dir, mut app) = phrases_app();
    // ¶ 1 gets a tag of its own and a tagged phrase with a note; ¶ 2 a
    // tagged phrase.
    app.act(Action::OpenTagPicker);
    app.act(Action::TagKey('1'));
    app.act(Action::CloseOverlay);
    app.act(Action::Select(Step::Start));
    app.act(Action::Select(Step::WordNext));
    app.act(Action::TagKey('4'));
    app.act(Action::OpenEditor);
    for c in "الفاعل".chars() {
        app.act(Action::EditorKey(crate::tui::input::plain(
            crate::tui::input::Code::Char(c),
        )));
    }
    app.act(Action::EditorKey(crate::tui::input::ctrl('s')));
    app.act(Action::Select(Step::Drop));
    app.act(Action::Down);
    app.act(Action::Select(Step::Start));
    app.act(Action::TagKey('5'));
    app.act(Action::Select(Step::Drop));
    app.act(Action::Top);
    // Enter on the paragraph: its own tags, and how many phrases.
    app.act(Action::ShowDetails);
    assert_eq!(
        app.message.as_deref(),
        Some("¶ 1: claim · 1 tagged phrase(s)")
    );
    // ) visits the phrase of ¶ 1 (selected), then the phrase of ¶ 2.
    app.act(Action::NextAnnotated);
    assert_eq!(selected(&app), "أعلن تنظيم");
    assert_eq!(app.message.as_deref(), Some("«أعلن تنظيم»: actor — الفاعل"));
    app.act(Action::NextAnnotated);
    assert_eq!(selected(&app), "The");
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(1));
    app.act(Action::NextAnnotated);
    assert_eq!(app.message.as_deref(), Some("no annotation below"));
    // ( goes back the same way, to the paragraph's own last.
    app.act(Action::PrevAnnotated);
    assert_eq!(selected(&app), "أعلن تنظيم");
    app.act(Action::PrevAnnotated);
    assert_eq!(selected(&app), "");
    assert_eq!(
        app.message.as_deref(),
        Some("¶ 1: claim · 1 tagged phrase(s)")
    );
}

/// The column where `word` is drawn on row `y` of a rendered screen.
fn column_of(screen: &str, y: usize, word: &str) -> u16 {
    let line = screen.lines().nth(y).unwrap_or_default();
    let byte = line
        .find(word)
        .unwrap_or_else(|| panic!("{word} not on row {y}: {line}"));
    crate::text::width::str_width(&line[..byte]) as u16
}

#[test]
fn the_mouse_selects_a_word_and_drags_the_selection() {
    let (_dir, mut app) = phrases_app();
    let s = render(&mut app, 60, 12);
    // "Islamic" on the first text row; pressed there, it is selected.
    let x = column_of(&s, 1, "Islamic");
    let (para, byte) = super::super::hit(&mut app, 60, 12, x + 2, 1).expect("on the text");
    assert_eq!(para, 0);
    app.act(Action::SelectAt {
        para,
        byte,
        drag: false,
    });
    assert_eq!(selected(&app), "Islamic");
    // Dragged to 1,500, seen left of it: the selection runs in the text
    // from Islamic to 1,500.
    let x = column_of(&s, 1, "1,500");
    let (para, byte) = super::super::hit(&mut app, 60, 12, x, 1).expect("on the text");
    app.act(Action::SelectAt {
        para,
        byte,
        drag: true,
    });
    assert_eq!(selected(&app), "Islamic State في بيان أن 1,500");
    // Off the text (the title bar, the margin), nothing.
    assert_eq!(super::super::hit(&mut app, 60, 12, 3, 0), None);
    assert_eq!(super::super::hit(&mut app, 60, 12, 59, 1), None);
    // A press on the other paragraph moves there and selects its word.
    let s = render(&mut app, 60, 12);
    let x = column_of(&s, 4, "Monday");
    let (para, byte) = super::super::hit(&mut app, 60, 12, x, 4).expect("on the text");
    app.act(Action::SelectAt {
        para,
        byte,
        drag: false,
    });
    assert_eq!(selected(&app), "Monday");
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(1));
}
