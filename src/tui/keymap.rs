//! (focus, key) -> Action. The screens' keys come from the one binding
//! table ([`crate::keys`]) as the config left it; the overlays keep fixed
//! keys, named in their titles. A test (`help_and_keymap`) fails if a key
//! that does something is missing from the help, or the help names one
//! that does nothing.

use super::action::Action;
use super::app::{App, Overlay, Screen};
use super::input::{Code as KeyCode, Key};
use super::reader::Step;
use crate::keys::{Chord, Code, Command, Place, State};

/// Rows one wheel notch scrolls.
const WHEEL_ROWS: usize = 3;

pub fn key(app: &App, key: Key) -> Option<Action> {
    let ctrl = key.ctrl;
    match &app.overlay {
        // The screen's keys; a prompt takes its own below, once a waiting
        // save has had its Esc; the help closes on q, Esc or ?.
        Overlay::None | Overlay::Prompt(_) | Overlay::Help(_) => {}
        Overlay::Editor(_) => return Some(Action::EditorKey(key)),
        Overlay::TagPicker { .. } | Overlay::JumpToTag => {
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
    let chord = chord(&key);
    let keys = &app.config.keys;
    let place = match app.screen {
        Screen::Library => Place::Library,
        Screen::Reader => Place::Reader,
        Screen::Notes => Place::List,
        Screen::Hits => Place::Hits,
    };
    // Esc or Ctrl-C while a save waits for another hamish: stop waiting.
    if app.saving.is_some() && matches!(app.overlay, Overlay::None | Overlay::Help(_)) {
        let saving = State {
            saving: true,
            ..State::default()
        };
        if let Some(Command::CancelSave) = chord.and_then(|c| keys.lookup(place, c, saving)) {
            return Some(Action::CancelSave);
        }
    }
    // Esc always closes the help, whatever the keys.
    if let (Overlay::Help(_), KeyCode::Esc) = (&app.overlay, &key.key) {
        return Some(Action::ToggleHelp);
    }
    if let Overlay::Prompt(_) = app.overlay {
        return match key.key {
            KeyCode::Enter => Some(Action::PromptAccept),
            KeyCode::Esc => Some(Action::PromptCancel),
            KeyCode::Char('c') if ctrl => Some(Action::PromptCancel),
            KeyCode::Backspace => Some(Action::PromptBackspace),
            KeyCode::Char('r') if ctrl => Some(Action::PromptToggleStrict),
            KeyCode::Char('w') if ctrl => Some(Action::PromptToggleWords),
            KeyCode::Char('t') if ctrl => Some(Action::PromptToggleTaMarbuta),
            KeyCode::Char('f') if ctrl => Some(Action::StartCorpusSearch),
            KeyCode::Char(c) if !ctrl => Some(Action::PromptInput(c)),
            _ => None,
        };
    }
    let chord = chord?;
    let reader = app.reader.as_ref().filter(|_| place == Place::Reader);
    let state = State {
        searching: reader.is_some_and(|r| !r.search.query.is_empty()),
        selecting: reader.is_some_and(|r| r.selection.is_some()),
        ..State::default()
    };
    match keys.lookup(place, chord, state) {
        Some(command) => Some(action(command)),
        // In the A list a tag's key shows that tag; in the hits it tags
        // them.
        None => match chord {
            Chord {
                code: Code::Char(c),
                ctrl: false,
                alt: false,
                ..
            } if (matches!(place, Place::List | Place::Hits) || state.selecting)
                && app.config.tags.iter().any(|t| t.key == c) =>
            {
                Some(Action::TagKey(c))
            }
            // Alt with a key bound alone (Esc then the key, typed fast,
            // comes as Alt): the key.
            Chord { alt: true, .. } => keys
                .lookup(
                    place,
                    Chord {
                        alt: false,
                        ..chord
                    },
                    state,
                )
                .map(action),
            _ => None,
        },
    }
}

/// The key as the binding table names it; `None` for keys it never names.
pub fn chord(key: &Key) -> Option<Chord> {
    let code = match key.key {
        KeyCode::Char(c) => Code::Char(c),
        KeyCode::Enter => Code::Enter,
        KeyCode::Esc => Code::Esc,
        KeyCode::Up => Code::Up,
        KeyCode::Down => Code::Down,
        KeyCode::Left => Code::Left,
        KeyCode::Right => Code::Right,
        KeyCode::Home => Code::Home,
        KeyCode::End => Code::End,
        KeyCode::PageUp => Code::PageUp,
        KeyCode::PageDown => Code::PageDown,
        KeyCode::Backspace => Code::Backspace,
        KeyCode::Tab => Code::Tab,
        KeyCode::Delete => Code::Delete,
        KeyCode::F(n) => Code::F(n),
        _ => return None,
    };
    Some(Chord::new(code, key.ctrl, key.alt, key.shift))
}

/// What a command of the binding table asks of the app.
fn action(command: Command) -> Action {
    match command {
        Command::Down => Action::Down,
        Command::Up => Action::Up,
        Command::Top => Action::Top,
        Command::Bottom => Action::Bottom,
        Command::PageDown => Action::PageDown,
        Command::PageUp => Action::PageUp,
        Command::LineDown => Action::ScrollDown(1),
        Command::LineUp => Action::ScrollUp(1),
        Command::Open => Action::Open,
        Command::Filter => Action::StartFilter,
        Command::ClearFilter => Action::ClearFilter,
        Command::Sort => Action::SortLibrary,
        Command::CorpusSearch => Action::StartCorpusSearch,
        Command::MarkHit => Action::MarkHit,
        Command::NotesList => Action::OpenNotesList,
        Command::Quit => Action::Quit,
        Command::Interrupt => Action::Interrupt,
        Command::Back => Action::Back,
        Command::PrevArticle => Action::PrevArticle,
        Command::NextArticle => Action::NextArticle,
        Command::Search => Action::StartSearch,
        Command::NextMatch => Action::NextHit,
        Command::PrevMatch => Action::PrevHit,
        Command::Direction => Action::CycleDirection,
        Command::BidiControls => Action::ToggleBidiControls,
        Command::Tags => Action::OpenTagPicker,
        Command::Labels => Action::OpenLabelPicker,
        Command::Details => Action::ShowDetails,
        Command::NextDisagreement => Action::NextDisagreement,
        Command::MineOnly => Action::ToggleMineOnly,
        Command::Adopt => Action::Adopt,
        Command::NextUnannotated => Action::NextUnannotated,
        Command::PrevUnannotated => Action::PrevUnannotated,
        Command::JumpToTag => Action::AskTagToJump,
        Command::GroupNotes => Action::GroupNotes,
        Command::Note => Action::OpenEditor,
        Command::Delete => Action::DeleteAnnotation,
        Command::Undo => Action::Undo,
        Command::NextAnnotated => Action::NextAnnotated,
        Command::PrevAnnotated => Action::PrevAnnotated,
        Command::Copy => Action::Copy,
        Command::ToggleNotes => Action::ToggleNotes,
        Command::Select => Action::Select(Step::Start),
        Command::SelectWordNext => Action::Select(Step::WordNext),
        Command::SelectWordPrev => Action::Select(Step::WordPrev),
        Command::SelectLeft => Action::Select(Step::Left),
        Command::SelectRight => Action::Select(Step::Right),
        Command::SelectCharLeft => Action::Select(Step::CharLeft),
        Command::SelectCharRight => Action::Select(Step::CharRight),
        Command::SelectCharNext => Action::Select(Step::CharNext),
        Command::SelectSwap => Action::Select(Step::Swap),
        Command::SelectDrop => Action::Select(Step::Drop),
        Command::Help => Action::ToggleHelp,
        Command::Suspend => Action::Suspend,
        Command::Redraw => Action::Redraw,
        Command::CancelSave => Action::CancelSave,
    }
}

/// One notch of the wheel.
pub fn wheel(down: bool) -> Action {
    if down {
        Action::ScrollDown(WHEEL_ROWS)
    } else {
        Action::ScrollUp(WHEEL_ROWS)
    }
}
