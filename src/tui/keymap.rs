//! (screen, key) -> Action. The help screen lists the same keys
//! (`assets/help.txt`); a test (`help_names_every_bound_key_and_no_dead_one`)
//! fails if a key bound here is missing there, or one named there does
//! nothing.

use super::action::Action;
use super::app::{App, Overlay, Screen};
use super::input::{Code as KeyCode, Key};

/// Rows one wheel notch scrolls.
const WHEEL_ROWS: usize = 3;

pub fn key(app: &App, key: Key) -> Option<Action> {
    let ctrl = key.ctrl;
    match &app.overlay {
        // The screen's keys; a prompt takes its own below, once a waiting
        // save has had its Esc; the help closes on q, Esc or ?.
        Overlay::None | Overlay::Prompt(_) | Overlay::Help => {}
        Overlay::Editor(_) => return Some(Action::EditorKey(key)),
        Overlay::TagPicker => {
            return match key.key {
                KeyCode::Enter | KeyCode::Esc => Some(Action::CloseOverlay),
                KeyCode::Char('c') if ctrl => Some(Action::CloseOverlay),
                KeyCode::Char('q') if !app.config.tags.iter().any(|t| t.key == 'q') => {
                    Some(Action::CloseOverlay)
                }
                KeyCode::Char(c) => Some(Action::TagKey(c)),
                _ => None,
            };
        }
        // y or n, Esc (or q, Ctrl-C) for later; any other key is ignored,
        // so a stray key never answers.
        Overlay::Confirm(_) => {
            return match key.key {
                KeyCode::Char('y') | KeyCode::Char('Y') => Some(Action::Confirm(true)),
                KeyCode::Char('n') | KeyCode::Char('N') => Some(Action::Confirm(false)),
                KeyCode::Esc | KeyCode::Char('q') => Some(Action::ConfirmLater),
                KeyCode::Char('c') if ctrl => Some(Action::ConfirmLater),
                _ => None,
            };
        }
    }
    // Esc or Ctrl-C while a save waits for another hamish: stop waiting.
    if app.saving.is_some()
        && matches!(app.overlay, Overlay::None | Overlay::Help)
        && (key.key == KeyCode::Esc || (ctrl && key.key == KeyCode::Char('c')))
    {
        return Some(Action::CancelSave);
    }
    if let Overlay::Prompt(_) = app.overlay {
        return match key.key {
            KeyCode::Enter => Some(Action::PromptAccept),
            KeyCode::Esc => Some(Action::PromptCancel),
            KeyCode::Char('c') if ctrl => Some(Action::PromptCancel),
            KeyCode::Backspace => Some(Action::PromptBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::PromptInput(c)),
            _ => None,
        };
    }
    if ctrl {
        return match key.key {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('z') => Some(Action::Suspend),
            KeyCode::Char('l') => Some(Action::Redraw),
            KeyCode::Char('e') => Some(Action::ScrollDown(1)),
            KeyCode::Char('y') => Some(Action::ScrollUp(1)),
            KeyCode::Char('d') | KeyCode::Char('f') => Some(Action::PageDown),
            KeyCode::Char('u') | KeyCode::Char('b') => Some(Action::PageUp),
            _ => None,
        };
    }
    let reader = app.screen == Screen::Reader;
    let notes = app.screen == Screen::Notes;
    let searching = app
        .reader
        .as_ref()
        .is_some_and(|r| !r.search.query.is_empty());
    Some(match key.key {
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Char(' ') | KeyCode::PageDown => Action::PageDown,
        KeyCode::Char('b') | KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('?') | KeyCode::F(1) => Action::ToggleHelp,
        KeyCode::Char('/') if reader => Action::StartSearch,
        KeyCode::Char('/') => Action::StartFilter,
        KeyCode::Enter if !reader => Action::Open,
        KeyCode::Char('l') | KeyCode::Right if !reader => Action::Open,
        KeyCode::Char('q') if reader || notes => Action::Back,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('A') => Action::OpenNotesList,
        KeyCode::Char('n') if reader => Action::NextHit,
        // N: the previous match while a search is active, else notes on/off.
        KeyCode::Char('N') if reader && searching => Action::PrevHit,
        KeyCode::Char('N') if reader => Action::ToggleNotes,
        KeyCode::Char('t') if reader => Action::OpenTagPicker,
        KeyCode::Char('a') if reader => Action::OpenEditor,
        KeyCode::Char('x') if reader => Action::DeleteAnnotation,
        KeyCode::Char('u') if reader => Action::Undo,
        KeyCode::Char(')') if reader => Action::NextAnnotated,
        KeyCode::Char('(') if reader => Action::PrevAnnotated,
        KeyCode::Char('y') if reader => Action::Copy,
        KeyCode::Char('B') if reader => Action::ToggleBidiControls,
        KeyCode::Char(c) if notes => Action::TagKey(c),
        KeyCode::Char('d') if reader => Action::CycleDirection,
        KeyCode::Char('[') if reader => Action::PrevArticle,
        KeyCode::Char(']') if reader => Action::NextArticle,
        _ => return None,
    })
}

/// One notch of the wheel.
pub fn wheel(down: bool) -> Action {
    if down {
        Action::ScrollDown(WHEEL_ROWS)
    } else {
        Action::ScrollUp(WHEEL_ROWS)
    }
}
