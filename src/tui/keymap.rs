//! (screen, key) -> Action. The help screen lists the same keys
//! (`assets/help.txt`).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::app::{Action, App, Screen};

/// Rows one wheel notch scrolls.
const WHEEL_ROWS: usize = 3;

pub fn key(app: &App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if app.prompt.is_some() {
        return match key.code {
            KeyCode::Enter => Some(Action::PromptAccept),
            KeyCode::Esc => Some(Action::PromptCancel),
            KeyCode::Char('c') if ctrl => Some(Action::PromptCancel),
            KeyCode::Backspace => Some(Action::PromptBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::PromptInput(c)),
            _ => None,
        };
    }
    if ctrl {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('z') => Some(Action::Suspend),
            KeyCode::Char('d') | KeyCode::Char('f') => Some(Action::PageDown),
            KeyCode::Char('u') | KeyCode::Char('b') => Some(Action::PageUp),
            _ => None,
        };
    }
    let reader = app.screen == Screen::Reader;
    Some(match key.code {
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
        KeyCode::Char('q') if reader => Action::Back,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('n') if reader => Action::NextHit,
        KeyCode::Char('N') if reader => Action::PrevHit,
        KeyCode::Char('d') if reader => Action::CycleDirection,
        KeyCode::Char('[') if reader => Action::PrevArticle,
        KeyCode::Char(']') if reader => Action::NextArticle,
        _ => return None,
    })
}

pub fn mouse(ev: MouseEvent) -> Option<Action> {
    match ev.kind {
        MouseEventKind::ScrollDown => Some(Action::ScrollDown(WHEEL_ROWS)),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp(WHEEL_ROWS)),
        _ => None,
    }
}
