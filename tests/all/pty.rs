//! The real binary in a pseudo-terminal, its screen read with vt100.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const EXPLICIT: &[u8] = b"\x1b[8l\x1b[1 k";
const IMPLICIT: &[u8] = b"\x1b[8h\x1b[0 k";
const ALT_ON: &[u8] = b"\x1b[?1049h";
const ALT_OFF: &[u8] = b"\x1b[?1049l";

pub(crate) struct Session {
    master: Arc<Mutex<Box<dyn portable_pty::MasterPty + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    raw: Arc<Mutex<Vec<u8>>>,
    rows: u16,
    cols: u16,
    /// Where the stream for the current size starts.
    screen_from: usize,
    /// The reader thread saw the end of the stream.
    eof: Arc<std::sync::atomic::AtomicBool>,
    /// Asks the reader thread to let go of the terminal.
    let_go: Arc<std::sync::atomic::AtomicBool>,
}

impl Session {
    pub(crate) fn start(args: &[&str], home: &Path, rows: u16, cols: u16) -> Session {
        Session::start_env(args, home, rows, cols, &[])
    }

    pub(crate) fn start_env(
        args: &[&str],
        home: &Path,
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
    ) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_hamish"), args, home, rows, cols, env)
    }

    fn start_program(
        program: &str,
        args: &[&str],
        home: &Path,
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("HOME", home);
        cmd.env("USER", "tester");
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_CACHE_HOME", home.join("cache"));
        cmd.env("TERM", "xterm-256color");
        // What names the terminal hamish runs in: none of the developer's.
        for k in [
            "TMUX",
            "VTE_VERSION",
            "KONSOLE_VERSION",
            "MLTERM",
            "KITTY_WINDOW_ID",
            "TERM_PROGRAM",
            "WT_SESSION",
            "XTERM_VERSION",
            "WEZTERM_PANE",
        ] {
            cmd.env_remove(k);
        }
        cmd.cwd(home);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn hamish");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let raw = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&raw);
        let master = Arc::new(Mutex::new(pair.master));
        let eof = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let done = Arc::clone(&eof);
        let let_go = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = Arc::clone(&let_go);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                sink.lock().expect("lock").extend_from_slice(&buf[..n]);
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Session {
            master,
            child,
            writer,
            raw,
            rows,
            cols,
            screen_from: 0,
            eof,
            let_go,
        }
    }

    /// Close the pseudo-terminal, as a dropped SSH connection or a closed
    /// window does; returns the child to wait for.
    fn hang_up(mut self, nudge: &str) -> Box<dyn portable_pty::Child + Send + Sync> {
        // The reader holds a copy of the terminal: it lets go after its
        // next read, which the nudge (a key that redraws) provokes.
        self.let_go.store(true, std::sync::atomic::Ordering::SeqCst);
        self.send(nudge);
        let start = Instant::now();
        while !self.eof.load(std::sync::atomic::Ordering::SeqCst) {
            assert!(start.elapsed() < Duration::from_secs(20), "reader let go");
            std::thread::sleep(Duration::from_millis(10));
        }
        let Session {
            master,
            writer,
            child,
            ..
        } = self;
        // portable-pty's writer, when dropped, types a newline and an EOF
        // (Ctrl-J, Ctrl-D) to end the child's input; a dropped connection
        // types nothing, so the EOF character is unset first.
        let slave = master
            .lock()
            .expect("lock")
            .tty_name()
            .expect("the pty's name");
        let fd = rustix::fs::open(
            &slave,
            rustix::fs::OFlags::RDWR | rustix::fs::OFlags::NOCTTY,
            rustix::fs::Mode::empty(),
        )
        .expect("open the pty");
        let mut termios = rustix::termios::tcgetattr(&fd).expect("tcgetattr");
        termios.special_codes[rustix::termios::SpecialCodeIndex::VEOF] = 0;
        rustix::termios::tcsetattr(&fd, rustix::termios::OptionalActions::Now, &termios)
            .expect("tcsetattr");
        drop(fd);
        drop(writer);
        drop(master);
        child
    }

    pub(crate) fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("lock").clone()
    }

    pub(crate) fn screen(&self) -> String {
        self.parser().screen().contents()
    }

    /// The terminal's state after what hamish wrote at the current size.
    pub(crate) fn parser(&self) -> vt100::Parser {
        let nz = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero size");
        let mut p = vt100::Parser::new(nz(self.rows), nz(self.cols), 0);
        p.process(&self.raw()[self.screen_from..]);
        p
    }

    pub(crate) fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {what:?}; last bytes {:?}; screen:\n{s}",
                String::from_utf8_lossy(&self.raw()[self.raw().len().saturating_sub(200)..])
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub(crate) fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    pub(crate) fn resize(&mut self, rows: u16, cols: u16) {
        // Read the screen from what is drawn at the new size: mark the
        // place first, or the start of the redraw could fall before it.
        self.screen_from = self.raw.lock().expect("lock").len();
        self.master
            .lock()
            .expect("lock")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.rows = rows;
        self.cols = cols;
    }

    pub(crate) fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader drain what the child wrote last.
                while !self.eof.load(std::sync::atomic::Ordering::SeqCst)
                    && start.elapsed() < Duration::from_secs(20)
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "hamish did not exit"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn open_an_article_read_and_quit() {
    let home = tempfile::tempdir().expect("tempdir");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut s = Session::start(&[seeds], home.path(), 24, 80);
    s.wait_for("5/5 articles");
    s.send("G\r");
    let screen = s.wait_for("¶ 1/15");
    // The headline of seed 004, joined and right to left.
    assert!(screen.contains("ﻕﺍﺮﻌﻟﺍ"), "{screen}");
    s.send("jj");
    s.wait_for("¶ 3/15");
    // Narrower: re-wrapped at once, the current paragraph still in view.
    s.resize(15, 40);
    let screen = s.wait_for("¶ 3/15");
    assert!(
        screen.contains('┃'),
        "the cursor paragraph is in view:\n{screen}"
    );
    assert!(screen.lines().all(|l| l.chars().count() <= 40));
    s.send("q");
    s.wait_for("5/5 articles");
    s.send("q");
    assert!(s.wait_exit().success());

    let raw = s.raw();
    let explicit = find(&raw, EXPLICIT).expect("explicit bidi mode sent");
    let alt_on = find(&raw, ALT_ON).expect("alternate screen");
    let alt_off = rfind(&raw, ALT_OFF).expect("left the alternate screen");
    let implicit = rfind(&raw, IMPLICIT).expect("implicit bidi mode restored");
    assert!(explicit < alt_on && alt_off < implicit);

    // The reading position was saved and is restored.
    let mut s = Session::start(
        &[&format!("{seeds}/004_60d1107e2fb93d1c.txt")],
        home.path(),
        24,
        80,
    );
    s.wait_for("¶ 3/15");
    s.send("qq");
    assert!(s.wait_exit().success());
}

#[test]
fn no_path_and_no_articles_opens_the_sample_library() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(&[], home.path(), 15, 40);
    let screen = s.wait_for("5/5 articles");
    assert!(screen.contains("hamish — library"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(
        home.path()
            .join("data/hamish/library/004_60d1107e2fb93d1c.txt")
            .is_file()
    );
}

/// The library's scan leaves its titles cache in the cache folder
/// (`XDG_CACHE_HOME`), readable by the user only.
#[test]
fn the_library_keeps_its_titles_in_the_cache_folder() {
    let home = tempfile::tempdir().expect("tempdir");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let titles = home.path().join("cache/hamish/titles");
    let mut s = Session::start(&[seeds], home.path(), 15, 60);
    s.wait_for("5/5 articles");
    // Saved once every article is read: wait for the file, then quit.
    let start = Instant::now();
    let cache = loop {
        let files: Vec<_> = std::fs::read_dir(&titles)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        if let [one] = &files[..] {
            break one.clone();
        }
        assert!(start.elapsed() < Duration::from_secs(20), "{files:?}");
        std::thread::sleep(Duration::from_millis(30));
    };
    s.send("q");
    assert!(s.wait_exit().success());
    let bytes = std::fs::read(&cache).expect("the cache");
    assert!(bytes.starts_with(b"hamish titles\n"), "{bytes:?}");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&cache).expect("meta").permissions(),
    );
    assert_eq!(mode & 0o077, 0, "only the user reads it");
}

/// The terminal is handed back in implicit bidi mode after leaving the
/// alternate screen, whatever ended the reader.
fn assert_restored(raw: &[u8]) {
    let explicit = find(raw, EXPLICIT).expect("explicit bidi mode sent");
    let alt_off = rfind(raw, ALT_OFF).expect("left the alternate screen");
    let implicit = rfind(raw, IMPLICIT).expect("implicit bidi mode restored");
    assert!(explicit < alt_off && alt_off < implicit);
}

#[test]
fn sigterm_restores_the_terminal() {
    let home = tempfile::tempdir().expect("tempdir");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut s = Session::start(&[seeds], home.path(), 24, 80);
    s.wait_for("5/5 articles");
    let pid = s.child.process_id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 143, "128 + SIGTERM");
    assert_restored(&s.raw());
}

#[test]
fn a_panic_restores_the_terminal() {
    let home = tempfile::tempdir().expect("tempdir");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut s = Session::start_env(&[seeds], home.path(), 24, 80, &[("HAMISH_TEST_PANIC", "1")]);
    let status = s.wait_exit();
    assert!(!status.success());
    let raw = s.raw();
    assert_restored(&raw);
    let text = String::from_utf8_lossy(&raw);
    let after = &text[text.rfind("\x1b[8h").expect("restored")..];
    assert!(
        after.contains("HAMISH_TEST_PANIC"),
        "the panic message follows the restore: {after}"
    );
}

#[test]
fn tag_and_note_a_paragraph_then_see_them_again() {
    let home = tempfile::tempdir().expect("tempdir");
    let (corpus, article) = corpus_with_004(home.path());
    let arg = article.to_str().expect("path");

    let mut s = Session::start(&[arg], home.path(), 24, 80);
    s.wait_for("¶ 1/15");
    s.send("jj");
    s.wait_for("¶ 3/15");
    s.send("t");
    s.wait_for("Tags of ¶ 3");
    s.send("1");
    s.wait_for("¶ 3: claim (saved)");
    s.send("\r");
    s.send("a");
    s.wait_for("Note on ¶ 3");
    s.send("يجب التحقق");
    s.send("\x13"); // Ctrl-S
    // The note, shaped and right to left, beneath the paragraph after its
    // ✎ (the status bar's ✎ count shows already once ¶ 3 is tagged).
    let screen = s.wait_for("ﻖﻘﺤﺘﻟﺍ ﺐﺠﻳ ✎");
    assert!(!screen.contains("Note on"), "{screen}");
    s.send("qq");
    assert!(s.wait_exit().success());

    let sidecar =
        std::fs::read_to_string(corpus.join("004_60d1107e2fb93d1c.txt.annotations.jsonl"))
            .expect("sidecar");
    let line = sidecar.lines().nth(1).expect("one annotation");
    let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
    assert_eq!(v["tags"], serde_json::json!(["claim"]));
    assert_eq!(v["note"], "يجب التحقق");
    assert_eq!(v["anchor"]["para_index"], 2);

    // Reopen: the mark and the note are there; the library counts it:
    // one paragraph annotated of 15 (the progress figure of issue 14).
    let mut s = Session::start(&[corpus.to_str().expect("path")], home.path(), 24, 80);
    let lib = s.wait_for("✎1/15");
    assert!(lib.contains("✎1/15 C"), "{lib}");
    s.send("\r");
    let screen = s.wait_for("¶ 3/15");
    // The first line of paragraph 3: its tag mark C, then the cursor gutter.
    assert!(
        screen.lines().any(|l| l.trim_end().ends_with(" C  ┃")),
        "{screen}"
    );
    assert!(screen.contains("ﻖﻘﺤﺘﻟﺍ ﺐﺠﻳ"), "{screen}");
    s.send("qq");
    assert!(s.wait_exit().success());
}

pub(crate) fn signal(s: &Session, sig: &str) {
    let pid = s.child.process_id().expect("pid");
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
}

/// Open the editor on ¶ 3 and type `text`, shown as `shown` (its
/// presentation forms in visual order).
fn type_a_note(s: &mut Session, text: &str, shown: &str) {
    s.wait_for("¶ 1/15");
    s.send("jja");
    s.wait_for("Note on ¶ 3");
    s.send(text);
    s.wait_for(shown);
}

/// The next start offers the draft on ¶ 3; Ctrl-S saves it.
fn draft_is_offered_and_saved(arg: &str, home: &Path, shown: &str) {
    let mut s = Session::start(&[arg], home, 24, 80);
    let screen = s.wait_for("recovered the note");
    assert!(screen.contains("Note on ¶ 3"), "{screen}");
    assert!(screen.contains(shown), "{screen}");
    s.send("\x13");
    s.wait_for("¶ 3: note (saved)");
    s.send("qq");
    assert!(s.wait_exit().success());
}

#[test]
fn a_note_typed_when_the_connection_drops_is_offered_again() {
    let home = tempfile::tempdir().expect("tempdir");
    let (corpus, article) = corpus_with_004(home.path());
    let arg = article.to_str().expect("path");

    let mut s = Session::start(&[arg], home.path(), 24, 80);
    type_a_note(&mut s, "مسودة لم تحفظ", "ﻆﻔﺤﺗ");
    // Resizing with the editor open keeps it, laid out at the new width.
    s.resize(15, 50);
    let screen = s.wait_for("Note on ¶ 3");
    assert!(screen.contains("ﻆﻔﺤﺗ ﻢﻟ ﺓﺩﻮﺴﻣ"), "{screen}");
    signal(&s, "-HUP");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 129, "128 + SIGHUP");
    assert_restored(&s.raw());
    assert!(
        !corpus
            .join("004_60d1107e2fb93d1c.txt.annotations.jsonl")
            .exists(),
        "nothing saved as a note"
    );

    // Next time: the editor opens on ¶ 3 with the draft.
    draft_is_offered_and_saved(arg, home.path(), "ﻆﻔﺤﺗ ﻢﻟ ﺓﺩﻮﺴﻣ");
    let sidecar =
        std::fs::read_to_string(corpus.join("004_60d1107e2fb93d1c.txt.annotations.jsonl"))
            .expect("sidecar");
    assert!(sidecar.contains("مسودة لم تحفظ"), "{sidecar}");
}

/// The terminal itself goes away while a note is typed, under a parent
/// shell that ignores SIGHUP (as some wrappers do): hamish must notice the
/// hang-up on its own, keep the draft and exit, not spin on the dead tty.
#[test]
fn closing_the_terminal_while_typing_keeps_the_draft_and_exits() {
    let home = tempfile::tempdir().expect("tempdir");
    let (_corpus, article) = corpus_with_004(home.path());
    let arg = article.to_str().expect("path");
    let script = format!(
        "trap '' HUP; '{}' '{arg}'; echo $? > '{}'",
        env!("CARGO_BIN_EXE_hamish"),
        home.path().join("status").display()
    );
    let mut s = Session::start_program("sh", &["-c", &script], home.path(), 24, 80, &[]);
    type_a_note(&mut s, "مسودة", "ﺓﺩﻮﺴﻣ");
    let mut child = s.hang_up(" ");
    let start = Instant::now();
    while child.try_wait().expect("try_wait").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "hamish did not exit after the terminal closed"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    let status = std::fs::read_to_string(home.path().join("status")).expect("status");
    assert_eq!(status.trim(), "129", "leaves as for SIGHUP");
    draft_is_offered_and_saved(arg, home.path(), "ﺓﺩﻮﺴﻣ");
}

/// Run `doctor` (through `sh -c`, so it can be piped) in a pty, answer
/// its mode-8 question with `answer` (DA1 after it, as terminals do), and
/// return what it printed.
fn doctor_with(script: &str, env: &[(&str, &str)], answer: &str) -> String {
    let home = tempfile::tempdir().expect("tempdir");
    let script = script.replace("hamish", env!("CARGO_BIN_EXE_hamish"));
    let mut s = Session::start_program("sh", &["-c", &script], home.path(), 24, 120, env);
    let start = Instant::now();
    while find(&s.raw(), b"\x1b[8$p").is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "no DECRQM query");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.send(&format!("{answer}\x1b[?62;22c"));
    assert!(s.wait_exit().success());
    String::from_utf8_lossy(&s.raw()).into_owned()
}

#[test]
fn doctor_asks_the_terminal_about_bidi_and_advises() {
    let out = doctor_with(
        "hamish doctor",
        &[("TMUX", "/tmp/tmux-0/default,1,0")],
        "\x1b[8;1$y",
    );
    assert!(out.contains("implicit: it reorders text itself"), "{out}");
    assert!(out.contains("terminal-overrides"), "tmux advice: {out}");
    assert!(out.contains("tmux in TERM=xterm-256color"), "{out}");
}

#[test]
fn doctor_piped_still_asks_through_the_terminal() {
    // `doctor | cat`: stdout is a pipe, the question goes to /dev/tty.
    let out = doctor_with(
        "hamish doctor --terminal | cat",
        &[("VTE_VERSION", "7000")],
        "\x1b[8;1$y",
    );
    assert!(out.contains("implicit: it reorders text itself"), "{out}");
    assert!(
        out.contains("terminal   VTE 7000: reorders rows unless asked not to"),
        "{out}"
    );
    assert!(
        out.contains("hamish     --bidi app (auto: VTE 7000)"),
        "{out}"
    );
}

#[test]
fn doctor_names_what_each_terminal_really_does() {
    // Konsole says nothing about mode 8, and reorders all the same.
    let out = doctor_with("hamish doctor", &[("KONSOLE_VERSION", "221203")], "");
    assert!(out.contains("no answer about mode 8"), "{out}");
    assert!(
        out.contains("Konsole: reorders each row left to right"),
        "{out}"
    );
    assert!(out.contains("Bi-Directional text rendering"), "{out}");
    assert!(out.contains("--bidi konsole (auto: Konsole)"), "{out}");
    let out = doctor_with("hamish doctor", &[("MLTERM", "3.9.0")], "\x1b[8;0$y");
    assert!(out.contains("does not know mode 8"), "{out}");
    assert!(
        out.contains("--ctl=false") && out.contains("use_ctl = false"),
        "{out}"
    );
    assert!(
        !out.contains("-D false") && !out.contains("use_bidi"),
        "{out}"
    );
    assert!(out.contains("--bidi first-strong (auto: mlterm)"), "{out}");
    let out = doctor_with("hamish doctor", &[("TERM", "foot")], "");
    assert!(out.contains("grapheme-shaping=no"), "{out}");
    assert!(!out.contains("Nothing to change"), "{out}");
    let out = doctor_with("hamish doctor", &[("KITTY_WINDOW_ID", "1")], "");
    assert!(out.contains("force_ltr yes"), "{out}");
}

#[test]
fn calibration_is_asked_saved_and_used() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = Session::start(&["doctor", "--calibrate"], home.path(), 24, 80);
    s.wait_for("Which one reads right?");
    let raw = s.raw();
    // Sample 1 alone is asked to be drawn as sent, and the mode restored.
    assert_eq!(find(&raw, EXPLICIT), rfind(&raw, EXPLICIT));
    assert!(find(&raw, IMPLICIT) > find(&raw, EXPLICIT));
    s.send("2\r");
    assert!(s.wait_exit().success());
    let saved =
        std::fs::read_to_string(home.path().join("config/hamish/terminals.toml")).expect("saved");
    assert!(
        saved.contains("\"TERM=xterm-256color\" = \"terminal\""),
        "{saved}"
    );
    // The reader now reorders for such a terminal, and says why.
    let (_, article) = corpus_with_004(home.path());
    let article = article.to_str().expect("utf-8").to_string();
    let mut s = Session::start_env(&[&article], home.path(), 30, 100, &[("COLORFGBG", "15;0")]);
    s.wait_for("¶ 1/15");
    assert!(
        find(&s.raw(), EXPLICIT).is_none(),
        "nothing asked of the terminal"
    );
    // The help says so on its last line (it scrolls: G goes there).
    s.send("?");
    s.wait_for("Keys —");
    s.send("G");
    s.wait_for("bidi terminal (calibrated for TERM=xterm-256color)");
    s.send("?");
    s.send("qq");
    assert!(s.wait_exit().success());
}

#[test]
fn a_non_utf8_locale_is_warned_about() {
    let home = tempfile::tempdir().expect("tempdir");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let env = [("LANG", "C"), ("LC_ALL", ""), ("LC_CTYPE", "")];
    let mut s = Session::start_env(&[seeds], home.path(), 24, 120, &env);
    let screen = s.wait_for("not UTF-8");
    assert!(screen.contains("LANG=C"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn escape_sequences_in_an_article_do_nothing_to_the_terminal() {
    let home = tempfile::tempdir().expect("tempdir");
    let corpus = home.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let evil = b"\x1b]0;PWNED\x07title \x1b[2J\x1b[31mred \x9b6n \xc2\x9b0c \x1bP1$qm\x1b\\ \xe2\x80\xaeabc\xe2\x80\xac end\n";
    std::fs::write(corpus.join("evil\x1b[7m.txt"), evil).expect("write");
    let mut s = Session::start(&[corpus.to_str().expect("path")], home.path(), 24, 80);
    s.wait_for("1/1 articles");
    s.send("\r");
    let screen = s.wait_for("¶ 1/1");
    // Shown as visible pictures, and the override neutralised.
    assert!(screen.contains("␛]0;PWNED␇title"), "{screen}");
    assert!(screen.contains("⁞abc⁞"), "{screen}");
    s.send("qq");
    assert!(s.wait_exit().success());
    let raw = s.raw();
    for bad in [
        &b"\x1b]0;PWNED"[..],
        b"\x1b[2J\x1b[31mred",
        b"\x9b6n",
        b"\xc2\x9b",
        b"\x1bP1$q",
        b"evil\x1b[7m",
    ] {
        assert!(
            find(&raw, bad).is_none(),
            "{:?} reached the terminal",
            String::from_utf8_lossy(bad)
        );
    }
    // No window-title (OSC 0/1/2) sequence at all: the title is untouched.
    for osc in [&b"\x1b]0;"[..], b"\x1b]1;", b"\x1b]2;"] {
        assert!(find(&raw, osc).is_none(), "a title was set");
    }
}

#[test]
fn no_color_means_no_colour_codes() {
    let home = tempfile::tempdir().expect("tempdir");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut s = Session::start_env(
        &[seeds],
        home.path(),
        24,
        80,
        &[("NO_COLOR", "1"), ("COLORTERM", "truecolor")],
    );
    s.wait_for("5/5 articles");
    s.send("G\r");
    s.wait_for("¶ 1/15");
    s.send("qq");
    assert!(s.wait_exit().success());
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    for code in [
        "38;2;", "48;2;", "38;5;", "48;5;", "[31m", "[32m", "[33m", "[34m", "[41m", "[44m",
    ] {
        assert!(
            !raw.contains(code),
            "colour code {code:?} sent under NO_COLOR"
        );
    }
    assert!(
        raw.contains("\x1b[7m"),
        "the selection still shows, in reverse video"
    );
}

/// A resize before the first key is laid out at once (the wait for input
/// is hamish's own, so it must notice the resize itself).
#[test]
fn a_resize_before_any_key_lays_the_article_out_again() {
    let home = tempfile::tempdir().expect("tempdir");
    let (_corpus, article) = corpus_with_004(home.path());
    let mut s = Session::start(&[article.to_str().expect("path")], home.path(), 24, 80);
    s.wait_for("¶ 1/15");
    s.resize(12, 50);
    let screen = s.wait_for("¶ 1/15");
    let status = screen.lines().last().expect("rows");
    assert!(status.trim_end().ends_with("auto"), "{screen}");
    assert!(screen.lines().all(|l| l.chars().count() <= 50), "{screen}");
    s.send("qq");
    assert!(s.wait_exit().success());
}

#[test]
fn usable_at_40x12_and_no_panic_at_1x1() {
    let home = tempfile::tempdir().expect("tempdir");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut s = Session::start(&[seeds], home.path(), 12, 40);
    s.wait_for("5/5 articles");
    s.send("G\r");
    let screen = s.wait_for("¶ 1/15");
    assert!(screen.lines().all(|l| l.chars().count() <= 40));
    s.send("jjtq");
    s.send("qq");
    assert!(s.wait_exit().success());

    let mut s = Session::start(&[seeds], home.path(), 1, 1);
    std::thread::sleep(Duration::from_millis(300));
    s.send("\rjjG?");
    std::thread::sleep(Duration::from_millis(200));
    s.send("?/x\r");
    std::thread::sleep(Duration::from_millis(200));
    s.send("qq");
    assert!(s.wait_exit().success(), "no panic at 1x1");
}

/// Bytes written between sending `keys` and the screen going quiet.
fn bytes_for(s: &mut Session, keys: &str) -> usize {
    let before = s.raw().len();
    s.send(keys);
    let mut last = before;
    let mut quiet = Instant::now();
    let start = Instant::now();
    while quiet.elapsed() < Duration::from_millis(300) && start.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(20));
        let now = s.raw().len();
        if now != last {
            last = now;
            quiet = Instant::now();
        }
    }
    last - before
}

#[test]
fn scrolling_sends_few_bytes_and_leaves_the_same_screen_as_a_full_redraw() {
    let home = tempfile::tempdir().expect("tempdir");
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_466c34380d8c8cd3.txt"
    );
    let mut s = Session::start(&[article], home.path(), 24, 80);
    s.wait_for("¶ 1/20");
    let line = bytes_for(&mut s, "\x05"); // Ctrl-E: one line down
    let page = bytes_for(&mut s, " ");
    println!("80x24: line scroll {line} bytes, page down {page} bytes");
    // A one-line scroll redraws one row of Arabic (~80 cells of 3-byte
    // letters) and the status bar, not the whole screen (~6 KB).
    assert!(line < 1500, "a line scroll sent {line} bytes");
    for keys in ["\x05", "\x05", "\x19", "j", "j", " ", "b", "\x05", "k"] {
        bytes_for(&mut s, keys);
    }
    // Cells written as spaces and cells never written look the same.
    let trimmed = |s: String| {
        s.lines()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
    };
    let incremental = trimmed(s.screen());
    // Ctrl-L draws everything again from nothing.
    s.screen_from = s.raw().len();
    s.send("\x0c");
    let full = trimmed(s.wait_for("¶ "));
    assert_eq!(
        incremental, full,
        "the scrolled screen equals a full redraw"
    );
    assert!(bytes_for(&mut s, "") == 0, "an idle reader sends nothing");
    s.send("qq");
    assert!(s.wait_exit().success());
}

/// A folder in `home` holding a copy of seed 004; returns it and the article.
pub(crate) fn corpus_with_004(home: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let article = corpus.join("004_60d1107e2fb93d1c.txt");
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/004_60d1107e2fb93d1c.txt"
    );
    std::fs::copy(seed, &article).expect("copy");
    (corpus, article)
}

#[test]
fn render_to_a_terminal_asks_for_explicit_mode_and_gives_it_back() {
    let home = tempfile::tempdir().expect("tempdir");
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/004_60d1107e2fb93d1c.txt"
    );
    let mut s = Session::start(&["render", "--width", "40", seed], home.path(), 24, 80);
    assert!(s.wait_exit().success());
    let raw = s.raw();
    assert!(raw.starts_with(EXPLICIT), "{:?}", &raw[..raw.len().min(20)]);
    assert!(
        raw.ends_with(IMPLICIT),
        "{:?}",
        &raw[raw.len().saturating_sub(20)..]
    );
    assert_eq!(find(&raw, EXPLICIT), rfind(&raw, EXPLICIT), "once each");
    // To a pipe: not one escape byte.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hamish"))
        .args(["render", "--width", "40", seed])
        .output()
        .expect("runs");
    assert!(o.status.success() && !o.stdout.contains(&0x1b));
    // --bidi terminal: the terminal reorders, so nothing is asked of it.
    let mut s = Session::start(
        &["render", "--bidi", "terminal", "--width", "40", seed],
        home.path(),
        24,
        80,
    );
    assert!(s.wait_exit().success());
    assert!(find(&s.raw(), EXPLICIT).is_none());
}
