//! Input as hamish sees it, free of the terminal library: keys (the text
//! area's own backend-neutral `Input`, so the note editor takes them as
//! they are) and wheel notches. The one place that reads crossterm's
//! events and turns them into these.

use std::io;
use std::time::Duration;

use crossterm::event::{self, Event as Raw, KeyEventKind, MouseButton, MouseEventKind};

pub use ratatui_textarea::{Input as Key, Key as Code};

/// What the reader does something with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(Key),
    /// One notch of the mouse wheel, down or up.
    Wheel {
        down: bool,
    },
    /// The left button pressed (`drag`: moved while held) at a cell.
    Point {
        x: u16,
        y: u16,
        drag: bool,
    },
    /// The window's new size.
    Resize(u16, u16),
}

/// A key with no modifier.
pub fn plain(code: Code) -> Key {
    Key {
        key: code,
        ..Key::default()
    }
}

/// A letter with Ctrl.
pub fn ctrl(c: char) -> Key {
    Key {
        key: Code::Char(c),
        ctrl: true,
        ..Key::default()
    }
}

/// What hamish uses of a crossterm event: key presses and repeats (not
/// releases), wheel notches, sizes.
pub fn from_crossterm(ev: Raw) -> Option<Event> {
    match ev {
        Raw::Key(k) if k.kind == KeyEventKind::Release => None,
        Raw::Key(k) => Some(Event::Key(Key::from(k))),
        Raw::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Event::Wheel { down: true }),
            MouseEventKind::ScrollUp => Some(Event::Wheel { down: false }),
            MouseEventKind::Down(MouseButton::Left) => Some(Event::Point {
                x: m.column,
                y: m.row,
                drag: false,
            }),
            MouseEventKind::Drag(MouseButton::Left) => Some(Event::Point {
                x: m.column,
                y: m.row,
                drag: true,
            }),
            _ => None,
        },
        Raw::Resize(w, h) => Some(Event::Resize(w, h)),
        _ => None,
    }
}

/// Every event waiting now, without blocking (crossterm's reader, on
/// /dev/tty, is level triggered: nothing waiting is missed). A signal ends
/// the reading early.
pub fn waiting() -> io::Result<Vec<Event>> {
    let mut out = Vec::new();
    loop {
        match event::poll(Duration::from_millis(1)) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => break,
            Err(e) => return Err(e),
        }
        match event::read() {
            Ok(ev) => out.extend(from_crossterm(ev)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => break,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};

    #[test]
    fn crossterm_events_become_hamish_input() {
        let press = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(from_crossterm(Raw::Key(press)), Some(Event::Key(ctrl('s'))));
        let release = KeyEvent::new_with_kind(
            KeyCode::Char('j'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        );
        assert_eq!(from_crossterm(Raw::Key(release)), None);
        let arabic = KeyEvent::new(KeyCode::Char('ق'), KeyModifiers::NONE);
        assert_eq!(
            from_crossterm(Raw::Key(arabic)),
            Some(Event::Key(plain(Code::Char('ق'))))
        );
        let wheel = |kind| MouseEvent {
            kind,
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        };
        assert_eq!(
            from_crossterm(Raw::Mouse(wheel(MouseEventKind::ScrollUp))),
            Some(Event::Wheel { down: false })
        );
        assert_eq!(
            from_crossterm(Raw::Mouse(wheel(MouseEventKind::Moved))),
            None
        );
        assert_eq!(
            from_crossterm(Raw::Mouse(wheel(MouseEventKind::Drag(MouseButton::Left)))),
            Some(Event::Point {
                x: 0,
                y: 0,
                drag: true
            })
        );
        assert_eq!(
            from_crossterm(Raw::Resize(80, 24)),
            Some(Event::Resize(80, 24))
        );
    }
}
