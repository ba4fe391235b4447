//! Entering and leaving the terminal, in one place (DESIGN §3.7).
//!
//! In `--bidi app` mode we ask the terminal not to reorder (BDSM reset,
//! `ESC [ 8 l`, and SCP LTR, `ESC [ 1 SP k`) before the alternate screen,
//! and restore implicit mode (`ESC [ 8 h`, `ESC [ 0 SP k`) after leaving it,
//! on every exit path: normal, error, panic, SIGTERM/SIGHUP and suspend.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub use crate::termenv::{BIDI_EXPLICIT, BIDI_IMPLICIT, size};

/// Whether the bidi bytes are sent (`--bidi app`); read by the panic hook.
static EXPLICIT: AtomicBool = AtomicBool::new(false);
/// Whether we are in the alternate screen now.
static ENTERED: AtomicBool = AtomicBool::new(false);

pub fn enter(explicit_bidi: bool) -> io::Result<()> {
    EXPLICIT.store(explicit_bidi, Ordering::SeqCst);
    enable_raw_mode()?;
    let mut out = io::stdout();
    if explicit_bidi {
        out.write_all(BIDI_EXPLICIT.as_bytes())?;
    }
    execute!(out, EnterAlternateScreen, EnableMouseCapture, Hide)?;
    ENTERED.store(true, Ordering::SeqCst);
    Ok(())
}

/// Restore the terminal; safe to call more than once.
pub fn leave() {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, Show);
    if EXPLICIT.load(Ordering::SeqCst) {
        let _ = out.write_all(BIDI_IMPLICIT.as_bytes());
    }
    let _ = out.flush();
    let _ = disable_raw_mode();
}

/// Restore the terminal before the default panic message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

/// Stop in the background (Ctrl-Z) and come back.
#[cfg(unix)]
pub fn suspend(explicit_bidi: bool) -> io::Result<()> {
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enter(explicit_bidi)
}

#[cfg(not(unix))]
pub fn suspend(_explicit_bidi: bool) -> io::Result<()> {
    Ok(())
}

/// Restores the terminal when dropped: covers `?` returns and normal exit.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        leave();
    }
}

/// Put `text` on the clipboard with OSC 52 (works over SSH; inside tmux it
/// needs `set -g set-clipboard on`). The payload is base64, so nothing in
/// the text can act as a control.
pub fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{b64}\x07")?;
    out.flush()
}

/// What waiting for input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Keys or mouse reports are waiting, or the window was resized.
    Ready { resized: bool },
    /// Nothing before the timeout (or a signal interrupted the wait).
    Timeout,
    /// The terminal is gone (the SSH connection dropped, the window closed).
    HangUp,
}

/// Wakes [`wait_input`] when the window is resized.
pub struct Waker {
    read: std::os::unix::net::UnixStream,
}

impl Waker {
    pub fn new() -> io::Result<Waker> {
        let (read, write) = std::os::unix::net::UnixStream::pair()?;
        read.set_nonblocking(true)?;
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, write)?;
        Ok(Waker { read })
    }
}

/// Wait up to `timeout` for input on the terminal or a resize. We wait
/// ourselves and ask crossterm for events only once some are there: its
/// poll never returns once the terminal is gone (it re-reads the dead tty
/// forever, crossterm issue 793), where this sees the hang-up.
pub fn wait_input(waker: &Waker, timeout: std::time::Duration) -> io::Result<Input> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = io::stdin();
    let mut fds = [
        PollFd::new(&stdin, PollFlags::IN),
        PollFd::new(&waker.read, PollFlags::IN),
    ];
    let timeout = Timespec {
        tv_sec: timeout.as_secs() as _,
        tv_nsec: timeout.subsec_nanos() as _,
    };
    match poll(&mut fds, Some(&timeout)) {
        Ok(0) | Err(rustix::io::Errno::INTR) => return Ok(Input::Timeout),
        Ok(_) => {}
        Err(e) => return Err(e.into()),
    }
    if fds[0]
        .revents()
        .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
    {
        return Ok(Input::HangUp);
    }
    let resized = fds[1].revents().contains(PollFlags::IN);
    let mut buf = [0u8; 64];
    while let Ok(n) = io::Read::read(&mut &waker.read, &mut buf) {
        if n == 0 {
            break;
        }
    }
    Ok(Input::Ready { resized })
}
