//! The full-screen reader. Of the terminal crates, crossterm is used only
//! by `input` (keys, the wheel, sizes) and `terminal` (modes, signals,
//! the clipboard); ratatui only for drawing.

pub mod action;
pub mod app;
pub mod corpus_search;
pub mod diff_writer;
pub mod editor;
pub mod input;
pub mod keymap;
pub mod reader;
pub mod scanner;
pub mod terminal;
pub mod theme;
pub mod views;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};

use crate::article::is_article;
use crate::cli::DisplayArgs;
use crate::places::{self, Positions};
use crate::text::display::display_path;

use action::Effect;
use app::App;
use terminal::Input;

/// The stop flag's value when the terminal hung up: SIGHUP's number, as
/// if the signal had come (exit code 129).
const HANGUP: usize = 1;

/// What to open: a folder, and maybe one of its articles.
fn resolve_target(path: Option<PathBuf>) -> anyhow::Result<(PathBuf, Option<PathBuf>)> {
    match path {
        Some(p) if p.is_dir() => Ok((p, None)),
        Some(p) if p.is_file() => {
            let dir = crate::files::folder_of(&p).to_path_buf();
            Ok((dir, Some(p)))
        }
        Some(p) => bail!("no such file or folder: {}", display_path(&p)),
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            let has_articles = std::fs::read_dir(&cwd)
                .map(|rd| rd.filter_map(Result::ok).any(|e| is_article(&e.path())))
                .unwrap_or(false);
            if has_articles {
                Ok((cwd, None))
            } else {
                Ok((places::default_library()?, None))
            }
        }
    }
}

/// Run the reader until the user quits.
pub fn run(path: Option<PathBuf>, display: DisplayArgs) -> anyhow::Result<ExitCode> {
    let (dir, file) = resolve_target(path)?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the reader needs a terminal; to print an article use `hamish render FILE`");
    }
    let (positions, warning) = Positions::load();
    let (config, config_warnings) = crate::config::load(Some(&dir));
    let opts = display.options(&config.display);
    let (bidi, calibration_warning) = crate::termenv::choose_here(display.bidi(&config.display));
    let auto_theme = config.display.light.is_none()
        && std::env::var_os("COLORFGBG").is_none_or(|v| v.is_empty());
    let titles_cache = places::titles_cache_dir();
    let mut app = App::new(dir, opts, positions, config, titles_cache.as_deref())?;
    app.bidi = format!("{} ({})", bidi.name(), bidi.why);
    // `theme = "auto"` and no COLORFGBG: ask the terminal its background.
    if auto_theme
        && app.theme.color
        && let Some(bg) = crate::termenv::query_background()
    {
        app.theme.light = theme::is_light(bg);
    }
    app.message = crate::termenv::locale_warning()
        .or(config_warnings.into_iter().next())
        .or(calibration_warning)
        .or(warning);
    if let Some(f) = &file {
        let f = std::path::absolute(f).unwrap_or_else(|_| f.clone());
        let in_lib = app
            .library
            .entries
            .iter()
            .find(|e| std::path::absolute(&e.path).ok().as_deref() == Some(Path::new(&f)))
            .map(|e| e.path.clone());
        app.open_path(in_lib.as_deref().unwrap_or(&f));
    }

    let stop = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)?;
    }
    let leaving = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&stop), Arc::clone(&leaving));

    terminal::install_panic_hook();
    let explicit = bidi.reorder.is_none();
    terminal::enter(explicit)?;
    let _guard = terminal::Guard;
    let mut term = diff_writer::DiffWriter::new(std::io::stdout(), bidi.reorder);
    let result = match event_loop(&mut term, &mut app, &stop, explicit) {
        // Reading or writing a terminal that went away: a hang-up.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(terminal_gone) =>
        {
            stop.store(HANGUP, Ordering::SeqCst);
            Ok(())
        }
        other => other,
    };
    leaving.store(true, Ordering::SeqCst);
    // Whatever ended the loop (a signal, a closed terminal, an error), keep
    // the note being typed.
    app.keep_drafts();
    app.save_positions();
    drop(term);
    terminal::leave();
    result?;
    // Killed by a signal: exit as shells expect (128 + signal number).
    Ok(match stop.load(Ordering::SeqCst) {
        0 => ExitCode::SUCCESS,
        sig => ExitCode::from(128u8.saturating_add(sig as u8)),
    })
}

/// Whether an I/O error means the terminal is gone: EIO once the other end
/// closed, or a closed pipe.
fn terminal_gone(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, UnexpectedEof};
    e.raw_os_error() == Some(rustix::io::Errno::IO.raw_os_error())
        || matches!(e.kind(), BrokenPipe | UnexpectedEof)
}

/// A backstop for a stop signal the event loop cannot see (blocked on a
/// terminal that went away): if the loop has not ended within a grace
/// period, restore what can be restored and exit. Once the loop has ended,
/// the way out (saving a draft may wait on the disk) is left to finish.
fn watchdog(stop: Arc<AtomicUsize>, leaving: Arc<AtomicBool>) {
    const GRACE: Duration = Duration::from_secs(3);
    std::thread::spawn(move || {
        while stop.load(Ordering::SeqCst) == 0 {
            std::thread::sleep(Duration::from_millis(100));
        }
        let since = std::time::Instant::now();
        while since.elapsed() < GRACE {
            if leaving.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        terminal::leave();
        std::process::exit(128 + stop.load(Ordering::SeqCst) as i32);
    });
}

fn event_loop(
    term: &mut diff_writer::DiffWriter<std::io::Stdout>,
    app: &mut App,
    stop: &AtomicUsize,
    explicit_bidi: bool,
) -> anyhow::Result<()> {
    let waker = terminal::Waker::new()?;
    // Lets the end-to-end tests check that a panic restores the terminal.
    let panic_for_test = std::env::var_os("HAMISH_TEST_PANIC").is_some();
    // Draw only when something happened: an idle reader sends nothing.
    let mut dirty = true;
    // The size is asked once, then taken from resize events; a failed or
    // empty answer never blanks the screen.
    let mut size = term
        .size()
        .ok()
        .filter(|&(w, h)| w > 0 && h > 0)
        .unwrap_or((80, 24));
    loop {
        if stop.load(Ordering::SeqCst) != 0 {
            return Ok(());
        }
        dirty |= app.poll_background();
        dirty |= app.tick();
        if dirty {
            let (width, height) = size;
            let laid = views::lay_out(app, width, height);
            term.frame(app, &laid, width, height)?;
            dirty = false;
            app.start_background();
        }
        if panic_for_test {
            panic!("HAMISH_TEST_PANIC is set");
        }
        // While the library is read in the background, look for its
        // reports often; otherwise wait for the user.
        // Hits of a corpus search stream in: look for them more often.
        // A long article being searched: only a look at the keys between
        // slices of the search.
        let wait = if app.searching_article() || app.tagging() {
            0
        } else if app.hits.as_ref().is_some_and(|h| h.searching()) {
            15
        } else if app.busy() {
            50
        } else {
            250
        };
        match terminal::wait_input(&waker, Duration::from_millis(wait))? {
            Input::Timeout => continue,
            Input::HangUp => {
                // The terminal is gone but no SIGHUP came (a parent shell
                // that ignores it): leave as if it had come.
                stop.store(HANGUP, Ordering::SeqCst);
                return Ok(());
            }
            Input::Ready { resized } => {
                if resized {
                    // Asked here, not left to crossterm: its own resize
                    // events only start once it has been polled.
                    if let Ok((w, h)) = terminal::size()
                        && w > 0
                        && h > 0
                    {
                        size = (w, h);
                    }
                    dirty = true;
                }
            }
        }
        for event in input::waiting()? {
            dirty = true;
            let action = match event {
                input::Event::Key(k) => keymap::key(app, k),
                input::Event::Wheel { down } => Some(keymap::wheel(down)),
                input::Event::Point { x, y, drag } => {
                    let (width, height) = size;
                    views::hit(app, width, height, x, y)
                        .map(|(para, byte)| action::Action::SelectAt { para, byte, drag })
                }
                input::Event::Resize(w, h) => {
                    if w > 0 && h > 0 {
                        size = (w, h);
                    }
                    None
                }
            };
            let Some(action) = action else { continue };
            match app.update(action) {
                Effect::Quit => return Ok(()),
                Effect::Suspend => {
                    terminal::suspend(explicit_bidi)?;
                    term.invalidate();
                }
                Effect::Copy(text) => terminal::copy_osc52(&text)?,
                Effect::Open { path, at } => app.open(&path, at),
                Effect::Save { done } => app.save(done),
                Effect::TakeUp(what) => app.take_up(what),
                Effect::Close => app.close(),
                Effect::StopSaving => app.stop_saving(),
                Effect::TagHits(tag) => app.tag_hits(tag),
                Effect::UntagHits => app.untag_hits(),
                Effect::Redraw => term.invalidate(),
                Effect::None => {}
            }
        }
    }
}
