//! The keymap, screen by screen and overlay by overlay, without a terminal.

use super::*;
use crate::tui::app::Overlay;
use crate::tui::input::{Code, Key, ctrl, plain};
use crate::tui::keymap::{key, wheel};

fn c(ch: char) -> Key {
    plain(Code::Char(ch))
}

#[test]
fn the_library_moves_opens_filters_and_quits() {
    let app = app();
    assert_eq!(key(&app, c('j')), Some(Action::Down));
    assert_eq!(key(&app, plain(Code::Down)), Some(Action::Down));
    assert_eq!(key(&app, c('G')), Some(Action::Bottom));
    assert_eq!(key(&app, plain(Code::Enter)), Some(Action::Open));
    assert_eq!(key(&app, c('/')), Some(Action::StartFilter));
    assert_eq!(key(&app, c('A')), Some(Action::OpenNotesList));
    assert_eq!(key(&app, plain(Code::F(1))), Some(Action::ToggleHelp));
    assert_eq!(key(&app, c('q')), Some(Action::Quit));
    assert_eq!(key(&app, ctrl('c')), Some(Action::Interrupt));
    assert_eq!(key(&app, ctrl('l')), Some(Action::Redraw));
    // Reader keys do nothing here.
    assert_eq!(key(&app, c('t')), None);
    assert_eq!(key(&app, c('x')), None);
    assert_eq!(wheel(true), Action::ScrollDown(3));
    assert_eq!(wheel(false), Action::ScrollUp(3));
}

#[test]
fn the_reader_has_its_own_keys() {
    let mut app = app();
    open_004(&mut app);
    assert_eq!(key(&app, c('q')), Some(Action::Back));
    assert_eq!(key(&app, c('/')), Some(Action::StartSearch));
    assert_eq!(key(&app, c('t')), Some(Action::OpenTagPicker));
    assert_eq!(key(&app, c('a')), Some(Action::OpenEditor));
    assert_eq!(key(&app, c(')')), Some(Action::NextAnnotated));
    assert_eq!(key(&app, c(']')), Some(Action::NextArticle));
    // N: notes on/off, unless a search is active.
    assert_eq!(key(&app, c('N')), Some(Action::ToggleNotes));
    app.act(Action::StartSearch);
    for ch in "داعش".chars() {
        app.act(Action::PromptInput(ch));
    }
    app.act(Action::PromptAccept);
    assert_eq!(key(&app, c('N')), Some(Action::PrevHit));
    assert_eq!(key(&app, c('n')), Some(Action::NextHit));
}

#[test]
fn what_has_the_focus_takes_the_keys_first() {
    let mut app = app();
    open_004(&mut app);
    // A prompt takes letters as text.
    app.act(Action::StartSearch);
    assert_eq!(key(&app, c('j')), Some(Action::PromptInput('j')));
    assert_eq!(key(&app, plain(Code::Esc)), Some(Action::PromptCancel));
    app.act(Action::PromptCancel);
    // The tag picker: keys are tags; Esc, Enter and q close it.
    app.act(Action::OpenTagPicker);
    assert!(matches!(app.overlay, Overlay::TagPicker { article: false }));
    assert_eq!(key(&app, c('1')), Some(Action::TagKey('1')));
    assert_eq!(key(&app, c('j')), Some(Action::TagKey('j')));
    assert_eq!(key(&app, c('q')), Some(Action::CloseOverlay));
    assert_eq!(key(&app, plain(Code::Enter)), Some(Action::CloseOverlay));
    app.act(Action::CloseOverlay);
    // The note editor takes every key, Ctrl-C included.
    app.act(Action::OpenEditor);
    assert_eq!(key(&app, c('q')), Some(Action::EditorKey(c('q'))));
    assert_eq!(key(&app, ctrl('c')), Some(Action::EditorKey(ctrl('c'))));
}
