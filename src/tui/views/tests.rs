//! Whole screens drawn into a `TestBackend` and compared with insta
//! snapshots (read and checked by a person: Arabic right to left, joined,
//! flush right, brackets mirrored).

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::places::Positions;
use crate::text::Options;
use crate::tui::app::{Action, App};

use super::{Theme, draw, sync};

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn app() -> App {
    let mut app = App::new(
        seeds(),
        Options::default(),
        Positions::default(),
        crate::config::Config::builtin(),
    )
    .expect("seeds load");
    app.theme = Theme { color: false };
    app
}

/// The screen as text, one line per row, trailing blanks trimmed.
fn screen(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut row = String::new();
        for x in 0..area.width {
            row.push_str(buf[(x, y)].symbol());
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    sync(app, w, h);
    term.draw(|f| draw(f, app)).expect("draw");
    screen(term.backend().buffer())
}

fn open_004(app: &mut App) {
    app.update(Action::Bottom);
    app.update(Action::Open);
}

#[test]
fn library_80x24() {
    insta::assert_snapshot!(render(&mut app(), 80, 24));
}

#[test]
fn library_40x15() {
    insta::assert_snapshot!(render(&mut app(), 40, 15));
}

#[test]
fn reader_80x24() {
    let mut app = app();
    open_004(&mut app);
    app.update(Action::Down);
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn reader_40x15() {
    let mut app = app();
    open_004(&mut app);
    insta::assert_snapshot!(render(&mut app, 40, 15));
}

#[test]
fn help_fits_80x24() {
    let mut app = app();
    app.update(Action::ToggleHelp);
    let s = render(&mut app, 80, 24);
    assert!(s.contains("Modes: shape on"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn no_screen_panics_at_tiny_sizes() {
    let mut app = app();
    for (w, h) in [(1, 1), (2, 2), (5, 3), (12, 4)] {
        render(&mut app, w, h);
    }
    open_004(&mut app);
    for (w, h) in [(1, 1), (2, 2), (5, 3), (12, 4), (40, 12)] {
        app.update(Action::PageDown);
        render(&mut app, w, h);
        app.update(Action::ToggleHelp);
        render(&mut app, w, h);
        app.update(Action::ToggleHelp);
    }
}

#[test]
fn cursor_is_marked_without_colour() {
    let mut app = app();
    open_004(&mut app);
    app.update(Action::Down);
    let s = render(&mut app, 80, 24);
    // Paragraph 2 (two lines at this width... or more) carries the gutter mark.
    let marked: Vec<&str> = s.lines().filter(|l| l.ends_with('┃')).collect();
    assert!(marked.len() >= 2, "{s}");
    assert!(marked[0].contains("(ﺯﺮﺘﻳﻭﺭ)"), "{s}");
    assert!(s.contains("¶ 2/15"), "{s}");
}

#[test]
fn search_reports_matches_in_the_status_bar() {
    let mut app = app();
    open_004(&mut app);
    app.update(Action::StartSearch);
    for c in "داعش".chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
    let s = render(&mut app, 80, 24);
    assert!(s.contains("match 1/"), "{s}");
    app.update(Action::NextHit);
    let s = render(&mut app, 80, 24);
    assert!(s.contains("match 2/"), "{s}");
}

#[test]
fn filter_narrows_the_library() {
    let mut app = app();
    app.update(Action::StartFilter);
    for c in "هيومن".chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
    let s = render(&mut app, 80, 24);
    assert!(s.contains("1/5 articles"), "{s}");
    assert!(s.contains("003_8dbeb"));
    assert!(!s.contains("004_60d"));
}

#[test]
fn mouse_wheel_scrolls_the_reader_and_keeps_the_cursor_in_view() {
    let mut app = app();
    app.update(Action::Top);
    app.update(Action::Open); // seed 000: long paragraphs
    render(&mut app, 80, 24);
    let before = app.reader.as_ref().map(|r| r.top).expect("reader");
    app.update(Action::ScrollDown(3));
    let s = render(&mut app, 80, 24);
    let r = app.reader.as_ref().expect("reader");
    assert_ne!(r.top, before, "the view moved");
    assert!(
        r.rows
            .iter()
            .any(|row| row.para == r.cursor && row.text().is_some()),
        "{s}"
    );
    app.update(Action::ScrollUp(3));
    render(&mut app, 80, 24);
    assert_eq!(app.reader.as_ref().map(|r| r.top), Some(before));
}
