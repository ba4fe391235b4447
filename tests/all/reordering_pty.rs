//! A simulated terminal that reorders rows itself. hamish runs in a pty in
//! `--bidi terminal` (and `first-strong`); each row vt100 holds is then
//! reordered as such a terminal would, with unicode-bidi applied to the row
//! alone (base direction left to right, as VTE in implicit mode and
//! Konsole do, or the first strong letter's, as mlterm does, which also
//! takes box-drawing characters for left-to-right letters), and mirrored
//! glyphs at odd levels. The picture must equal what the default mode
//! draws for a terminal that reorders nothing: text, colours and all.

use std::time::{Duration, Instant};

use unicode_bidi::{BidiInfo, Level};

use crate::pty::{Session, corpus_with_004};

/// A cell as seen: its text and how it is drawn.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    text: String,
    fg: vt100::Color,
    bg: vt100::Color,
    bold: bool,
    inverse: bool,
    underline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Terminal {
    /// Draws what it is sent (xterm, or any terminal in explicit mode).
    Plain,
    LeftToRight,
    /// Left to right, box drawing and geometric shapes (U+2500–U+25FF)
    /// taken for left-to-right letters, nothing mirrored (Konsole 22.12).
    Konsole,
    FirstStrong,
}

fn is_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// Levels of `line` as one paragraph, `base` given or from its first
/// strong letter, with rule L1 for its trailing whitespace.
fn line_levels(line: &str, base: Option<Level>) -> Vec<Level> {
    if line.is_empty() {
        return Vec::new();
    }
    let info = BidiInfo::new(line, base);
    let para = &info.paragraphs[0];
    // One level per character.
    info.reordered_levels_per_char(para, 0..line.len())
}

/// What a terminal of kind `how` shows for one row of units (each a
/// cell's text: a character and the marks on it): for each position, left
/// to right, the unit shown and its text as drawn (invisible controls
/// dropped, the first character mirrored where the terminal mirrors).
///
/// - `LeftToRight` (VTE in implicit mode, Konsole): the row's characters
///   as one line, base left to right; mirrored at odd levels.
/// - `FirstStrong`, as mlterm 3.9's `vt_bidi.c` does it: nothing moves in a
///   row without a right-to-left character; a row with box-drawing
///   characters is cut at them, they stay put and each piece is reordered
///   alone, left to right; any other row is reordered whole with the first
///   strong letter's base. A character is mirrored when its neighbour in
///   the row is shown right before it in reverse.
fn reorder_units(units: &[String], how: Terminal) -> Vec<(usize, String)> {
    // Every character of the row, with the unit it belongs to.
    let chars: Vec<(usize, char)> = units
        .iter()
        .enumerate()
        .flat_map(|(u, t)| t.chars().map(move |c| (u, c)))
        .collect();
    let text: String = chars.iter().map(|&(_, c)| c).collect();
    let n = chars.len();
    // Visual order of the characters and whether each is shown mirrored.
    let (order, mirrored): (Vec<usize>, Vec<bool>) = match how {
        Terminal::Plain => ((0..n).collect(), vec![false; n]),
        Terminal::LeftToRight => {
            let levels = line_levels(&text, Some(Level::ltr()));
            let order = BidiInfo::reorder_visual(&levels);
            (order, levels.iter().map(|l| l.is_rtl()).collect())
        }
        Terminal::Konsole => {
            // U+2160 is a left-to-right letter of the same UTF-8 length.
            let classed: String = text
                .chars()
                .map(|c| match c {
                    '\u{2500}'..='\u{25FF}' => '\u{2160}',
                    c => c,
                })
                .collect();
            let levels = line_levels(&classed, Some(Level::ltr()));
            (BidiInfo::reorder_visual(&levels), vec![false; n])
        }
        Terminal::FirstStrong => {
            use unicode_bidi::BidiClass::{AL, R, RLE, RLO};
            let rtl = chars.iter().any(|&(_, c)| {
                !is_box(c) && matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO)
            });
            let order: Vec<usize> = if !rtl {
                (0..n).collect()
            } else if chars.iter().any(|&(_, c)| is_box(c)) {
                let mut order = Vec::with_capacity(n);
                let mut start = 0;
                for i in 0..=n {
                    if i == n || is_box(chars[i].1) {
                        let piece: String = chars[start..i].iter().map(|&(_, c)| c).collect();
                        let levels = line_levels(&piece, Some(Level::ltr()));
                        order.extend(
                            BidiInfo::reorder_visual(&levels)
                                .into_iter()
                                .map(|k| k + start),
                        );
                        if i < n {
                            order.push(i);
                        }
                        start = i + 1;
                    }
                }
                order
            } else {
                BidiInfo::reorder_visual(&line_levels(&text, None))
            };
            let mut at = vec![0; n];
            for (v, &i) in order.iter().enumerate() {
                at[i] = v;
            }
            let mirrored = (0..n)
                .map(|i| (i > 0 && at[i - 1] == at[i] + 1) || (i + 1 < n && at[i] == at[i + 1] + 1))
                .collect();
            (order, mirrored)
        }
    };
    // A unit is shown where its first character is, mirrored as that is.
    let mut seen = vec![false; units.len()];
    order
        .into_iter()
        .filter_map(|k| {
            // A unit is placed by its first character.
            let (u, _) = chars[k];
            if (k > 0 && chars[k - 1].0 == u) || seen[u] {
                return None;
            }
            seen[u] = true;
            let mut text: String = units[u].chars().filter(|&c| !is_control(c)).collect();
            if mirrored[k]
                && let Some(c) = text.chars().next()
                && let Some(m) = unicode_bidi_mirroring::get_mirrored(c)
            {
                text = format!("{m}{}", &text[c.len_utf8()..]);
            }
            Some((u, text))
        })
        .collect()
}

/// Whether mlterm lays a row out from the right edge: it has no
/// box-drawing character and its first strong letter is right to left.
fn mlterm_from_right(text: &str) -> bool {
    use unicode_bidi::BidiClass::{AL, L, LRE, LRO, R, RLE, RLO};
    if text.chars().any(is_box) {
        return false;
    }
    for c in text.chars() {
        match unicode_bidi::bidi_class(c) {
            R | AL | RLE | RLO => return true,
            L | LRE | LRO => return false,
            _ => {}
        }
    }
    false
}

/// The rows a terminal of kind `how` shows for what vt100 holds.
fn picture(parser: &vt100::Parser, how: Terminal) -> Vec<Vec<Seen>> {
    let screen = parser.screen();
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    (0..rows)
        .map(|row| {
            // The row's cells in the order written (a wide character's
            // second half belongs to the first).
            let cells: Vec<&vt100::Cell> = (0..cols)
                .filter_map(|col| screen.cell(row, col))
                .filter(|c| !c.is_wide_continuation())
                .collect();
            let texts: Vec<String> = cells
                .iter()
                .map(|c| {
                    let t = c.contents();
                    if t.is_empty() {
                        " ".to_string()
                    } else {
                        t.to_string()
                    }
                })
                .collect();
            let mut texts = texts;
            let mut pad = 0;
            if how == Terminal::FirstStrong {
                // mlterm keeps a row as at most as many characters as it
                // has columns, marks included; what is written beyond is
                // lost to the row. A blank cell at the end is no loss: the
                // row is laid out from its base's edge, blank around.
                let mut total: usize = texts.iter().map(|t| t.chars().count()).sum();
                while total > usize::from(cols) {
                    let Some(last) = texts.pop() else { break };
                    total -= last.chars().count();
                }
                pad = cells.len() - texts.len();
            }
            let from_right = pad > 0 && mlterm_from_right(&texts.concat());
            let blank_seen = || Seen {
                text: " ".to_string(),
                fg: vt100::Color::Default,
                bg: vt100::Color::Default,
                bold: false,
                inverse: false,
                underline: false,
            };
            let mut seen: Vec<Seen> = reorder_units(&texts, how)
                .into_iter()
                .map(|(i, text)| {
                    let c = cells[i];
                    Seen {
                        text,
                        fg: c.fgcolor(),
                        bg: c.bgcolor(),
                        bold: c.bold(),
                        inverse: c.inverse(),
                        underline: c.underline(),
                    }
                })
                .collect();
            if from_right {
                let mut row: Vec<Seen> = (0..pad).map(|_| blank_seen()).collect();
                row.append(&mut seen);
                seen = row;
            } else {
                seen.extend((0..pad).map(|_| blank_seen()));
            }
            seen
        })
        .collect()
}

fn row_text(row: &[Seen]) -> String {
    row.iter().map(|c| c.text.as_str()).collect()
}

/// Wait until the reordering terminal's picture equals the plain one's.
fn assert_same_picture(app: &Session, term: &Session, how: Terminal, what: &str) {
    let start = Instant::now();
    loop {
        // The help names the mode in force, which differs by design.
        let modes = |rows: Vec<Vec<Seen>>| -> Vec<Vec<Seen>> {
            rows.into_iter()
                .filter(|r| !row_text(r).contains("Modes: shape"))
                .collect()
        };
        let want = modes(picture(&app.parser(), Terminal::Plain));
        let got = modes(picture(&term.parser(), how));
        // Not a blank screen (as just after a resize), which trivially matches.
        let arabic = want.iter().any(|r| {
            row_text(r)
                .chars()
                .any(|c| ('\u{FE70}'..='\u{FEFC}').contains(&c))
        });
        if want == got && arabic {
            return;
        }
        if start.elapsed() > Duration::from_secs(15) {
            assert!(arabic, "{what}: no Arabic on screen");
            let diff: Vec<String> = want
                .iter()
                .zip(&got)
                .enumerate()
                .filter(|(_, (w, g))| w != g)
                .map(|(y, (w, g))| {
                    format!("row {y}\n want |{}|\n got  |{}|", row_text(w), row_text(g))
                })
                .take(6)
                .collect();
            panic!("{what} ({how:?}): pictures differ\n{}", diff.join("\n"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Two sessions, one per mode, given the same keys.
struct Pair {
    app: Session,
    term: Session,
    how: Terminal,
    /// The reordering session's width, and how much of its output has
    /// been looked at for rows longer than that.
    cols: u16,
    looked: std::cell::Cell<usize>,
    _homes: (tempfile::TempDir, tempfile::TempDir),
}

/// For each row hamish rewrote whole (after clearing it, `ESC [ 2 K`) in
/// `bytes`, the number of characters written into it, invisible marks
/// included.
fn row_lengths(bytes: &[u8]) -> Vec<usize> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b[2K")
        .skip(1)
        .map(|row| {
            let mut n = 0;
            let mut moves = 0;
            let mut chars = row.chars();
            while let Some(c) = chars.next() {
                if c != '\x1b' {
                    n += 1;
                    continue;
                }
                let mut seq = String::new();
                for d in chars.by_ref() {
                    seq.push(d);
                    if d.is_ascii_alphabetic() || d == '~' {
                        break;
                    }
                }
                // Colours go on; the row's own first cursor movement too.
                if seq.ends_with('H') {
                    moves += 1;
                }
                if !(seq.ends_with('m') || seq.ends_with('H') && moves == 1) {
                    break;
                }
            }
            n
        })
        .collect()
}

impl Pair {
    fn start(how: Terminal, rows: u16, cols: u16) -> Pair {
        let mode = match how {
            Terminal::FirstStrong => "first-strong",
            Terminal::Konsole => "konsole",
            _ => "terminal",
        };
        let open = |bidi: &str| {
            let home = tempfile::tempdir().expect("tempdir");
            let (_, article) = corpus_with_004(home.path());
            let article = article.to_str().expect("utf-8 path").to_string();
            let s = Session::start_env(
                &["--bidi", bidi, &article],
                home.path(),
                rows,
                cols,
                &[("COLORFGBG", "15;0")],
            );
            s.wait_for("¶ 1/15");
            (s, home)
        };
        let (app, h1) = open("app");
        let (term, h2) = open(mode);
        Pair {
            app,
            term,
            how,
            cols,
            looked: std::cell::Cell::new(0),
            _homes: (h1, h2),
        }
    }

    fn keys(&mut self, keys: &str) {
        self.app.send(keys);
        self.term.send(keys);
    }

    fn check(&self, what: &str) {
        assert_same_picture(&self.app, &self.term, self.how, what);
        if self.how == Terminal::FirstStrong {
            // mlterm keeps no more characters in a row than it has columns;
            // more run over into the next row.
            let raw = self.term.raw();
            let rows = row_lengths(&raw[self.looked.get()..]);
            assert!(!rows.is_empty(), "{what}: no row written whole");
            let cols = usize::from(self.cols);
            assert!(
                rows.iter().all(|&n| n <= cols),
                "{what}: a row of more than {cols} characters: {rows:?}"
            );
            self.looked.set(raw.len());
        }
    }

    /// Both pictures as text, the reordering terminal's after its pass.
    fn texts(&self) -> [String; 2] {
        let text = |p: Vec<Vec<Seen>>| -> String {
            p.iter().map(|r| row_text(r)).collect::<Vec<_>>().join("\n")
        };
        [
            text(picture(&self.app.parser(), Terminal::Plain)),
            text(picture(&self.term.parser(), self.how)),
        ]
    }

    /// Wait until both pictures show `text`.
    fn until_shown(&self, text: &str) {
        let start = Instant::now();
        while !self.texts().iter().all(|t| t.contains(text)) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "{text} never shown"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Wait until neither picture shows `gone` (Esc is read alone only if
    /// nothing follows it at once).
    fn until_gone(&self, gone: &str) {
        let start = Instant::now();
        while self.texts().iter().any(|t| t.contains(gone)) {
            assert!(start.elapsed() < Duration::from_secs(15), "{gone} stays");
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn resize(&mut self, rows: u16, cols: u16) {
        self.app.resize(rows, cols);
        self.term.resize(rows, cols);
        self.cols = cols;
        self.looked.set(self.term.raw().len());
    }

    fn quit(mut self) {
        self.keys("\x1b\x1bqq");
        assert!(self.app.wait_exit().success());
        assert!(self.term.wait_exit().success());
    }
}

fn walk_through(how: Terminal) {
    let mut p = Pair::start(how, 24, 80);
    p.check("the first screen");
    // Down to a paragraph with numbers, brackets and Latin.
    p.keys("jjj");
    p.until_shown("¶ 4/15");
    p.check("the fourth paragraph");
    // The tag picker over the text; two tags set in it.
    p.keys("t");
    p.until_shown("Tags of");
    p.check("the tag picker");
    p.keys("23");
    p.until_shown("[x] 3");
    p.check("the tag picker, two tags set");
    p.keys("\r");
    p.until_gone("Tags of");
    p.check("a tagged paragraph");
    // Tagged but no longer current: its tag letters alone in the margin.
    p.keys("j");
    p.until_shown("¶ 5/15");
    p.check("a tagged paragraph, another one current");
    p.keys("k");
    p.until_shown("¶ 4/15");
    // The note editor with Arabic, a number and Latin typed.
    p.keys("a");
    p.until_shown("Note on");
    p.keys("قال (AFP) إن 1,500 نزحوا.");
    p.until_shown("1,500");
    p.check("the note editor");
    p.keys("\x13");
    p.until_gone("Note on");
    p.check("a paragraph with a note");
    // The help, then its end (it scrolls when taller than the window).
    p.keys("?");
    p.until_shown("Keys —");
    p.check("the help");
    p.keys("G");
    p.until_shown("Modes:");
    p.check("the end of the help");
    p.keys("?");
    p.until_gone("Keys —");
    for (rows, cols) in [(20, 40), (24, 60), (30, 120)] {
        p.resize(rows, cols);
        p.check(&format!("at {cols}×{rows}"));
    }
    // The library.
    p.keys("q");
    p.until_gone("¶ 4/15");
    p.check("the library");
    p.quit();
}

#[test]
fn a_terminal_that_reorders_left_to_right_shows_the_default_picture() {
    walk_through(Terminal::LeftToRight);
}

#[test]
fn konsole_shows_the_default_picture() {
    walk_through(Terminal::Konsole);
}

#[test]
fn a_terminal_that_reorders_by_first_strong_letter_shows_the_default_picture() {
    walk_through(Terminal::FirstStrong);
}

#[test]
fn without_compensation_such_a_terminal_scrambles_the_text() {
    // The check above can fail: the default mode's own rows, reordered by
    // such a terminal, are not the picture.
    let p = Pair::start(Terminal::LeftToRight, 24, 80);
    let plain = picture(&p.app.parser(), Terminal::Plain);
    let reordered = picture(&p.app.parser(), Terminal::LeftToRight);
    assert_ne!(plain, reordered);
    p.quit();
}

/// What a terminal of kind `how` shows for one line of text.
fn reorder_line(line: &str, how: Terminal) -> String {
    // Units: a character with the marks after it (harakat stay on their
    // letter, as in a terminal cell).
    let mut units: Vec<String> = Vec::new();
    for c in line.chars() {
        let joins = unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM || is_control(c);
        match units.last_mut() {
            Some(last) if joins => last.push(c),
            _ => units.push(c.to_string()),
        }
    }
    reorder_units(&units, how)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn render_for_a_reordering_terminal_comes_out_as_the_default_lines() {
    let render = |bidi: &str, file: &std::path::Path| -> String {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_hamish"))
            .args(["render", "--width", "50", "--bidi", bidi])
            .arg(file)
            .output()
            .expect("runs");
        assert!(o.status.success());
        assert!(!o.stdout.contains(&0x1b), "no escape byte to a pipe");
        String::from_utf8(o.stdout).expect("utf-8")
    };
    let seeds = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"));
    let mut files: Vec<_> = std::fs::read_dir(seeds)
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for file in &files {
        let want = render("app", file);
        for (bidi, how) in [
            ("terminal", Terminal::LeftToRight),
            ("konsole", Terminal::Konsole),
            ("first-strong", Terminal::FirstStrong),
        ] {
            let got = render(bidi, file);
            assert_ne!(got, want, "{bidi} writes other bytes");
            assert_eq!(got.lines().count(), want.lines().count());
            for (n, (g, w)) in got.lines().zip(want.lines()).enumerate() {
                assert_eq!(
                    reorder_line(g, how),
                    w,
                    "{} line {n} ({bidi})",
                    file.display()
                );
            }
        }
    }
}
