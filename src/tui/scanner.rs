//! The library's background worker: after the first frame, checks what
//! the titles cache knows against the files, then reads every article's
//! annotation summary (and the text of those the cache does not know, or
//! whose annotations must be placed), saves the cache, then answers
//! full-text filter queries by reading the files again, so a folder of any
//! size opens at once and no copy of the corpus is kept in memory.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use crate::article::titles::Titles;
use crate::article::{Entry, text_contains};
use crate::notes::NoteStore;

use crate::notes::summary::{ArticleNotes, NoteRow, rows_for, summarize};

/// What the worker found of an article's text.
pub enum Found {
    /// Read: what the library shows of it.
    Read(Entry),
    /// What the titles cache said, as reported before.
    Same,
    /// It could not be read.
    Unreadable,
}

/// What the worker reports.
pub enum Report {
    /// Articles whose entries the titles cache holds, checked against
    /// their files.
    Titles(Vec<(usize, Entry)>),
    /// Article `index` was scanned, with its annotation summary and its
    /// rows for the `A` list.
    Entry(usize, Found, ArticleNotes, Vec<NoteRow>),
    /// Every article has been read.
    Scanned,
    /// Articles whose text holds the query of `generation`; `done` with
    /// the last batch.
    Matches {
        generation: u64,
        hits: Vec<usize>,
        done: bool,
    },
}

/// A text query: the lower-cased needle and its generation.
struct Query {
    generation: u64,
    needle: String,
}

/// Articles searched between two batches of filter matches.
const MATCH_BATCH: usize = 256;
/// Cached entries checked between two reports.
const TITLES_BATCH: usize = 1024;

/// The article open in the reader, if one is: the scanner leaves placing
/// its annotations to the reader (a long article's index would be made
/// twice at once).
pub type OpenNow = std::sync::Arc<std::sync::Mutex<Option<std::path::PathBuf>>>;

pub struct Scanner {
    reports: Receiver<Report>,
    queries: Sender<Query>,
}

impl Scanner {
    /// Start reading the articles of `titles` in the background.
    pub fn start(titles: Titles, open: OpenNow) -> Scanner {
        let (report, reports) = mpsc::channel();
        let (queries, rx) = mpsc::channel::<Query>();
        thread::spawn(move || work(titles, &report, &rx, &open));
        Scanner { reports, queries }
    }

    /// Ask which articles' text holds `needle` (lower-cased); a newer
    /// query replaces an older one.
    pub fn query(&self, generation: u64, needle: String) {
        let _ = self.queries.send(Query { generation, needle });
    }

    /// Reports ready now, without waiting.
    pub fn try_next(&self) -> Option<Report> {
        self.reports.try_recv().ok()
    }

    /// The next report, waiting for it; `None` once the worker has stopped.
    pub fn next(&self) -> Option<Report> {
        self.reports.recv().ok()
    }
}

/// The worker: stops when the app drops its [`Scanner`].
fn work(mut titles: Titles, report: &Sender<Report>, queries: &Receiver<Query>, open: &OpenNow) {
    // What the cache knows, first: every title on screen at once.
    let mut batch = Vec::new();
    for i in 0..titles.paths.len() {
        if titles.unchecked(i)
            && let Some(e) = titles.check(i)
        {
            batch.push((i, e));
        }
        if batch.len() == TITLES_BATCH
            && report
                .send(Report::Titles(std::mem::take(&mut batch)))
                .is_err()
        {
            return;
        }
    }
    if !batch.is_empty() && report.send(Report::Titles(batch)).is_err() {
        return;
    }
    for i in 0..titles.paths.len() {
        let path = titles.paths[i].clone();
        let path = path.as_path();
        let store = NoteStore::open(path);
        let found = if titles.known(i) {
            Found::Same
        } else {
            match titles.read(i) {
                Some(e) => Found::Read(e),
                None => Found::Unreadable,
            }
        };
        // The article read again only when its annotations must be
        // placed, and then in bounded memory.
        let in_reader = || open.lock().is_ok_and(|o| o.as_deref() == Some(path));
        let rows = if store.live().next().is_some() && !in_reader() {
            rows_for(&store, path, || !in_reader()).unwrap_or_default()
        } else {
            Vec::new()
        };
        let notes = summarize(&store);
        if report.send(Report::Entry(i, found, notes, rows)).is_err() {
            return;
        }
    }
    // The next start shows what was read; a cache that cannot be
    // written (a read-only or full disk) changes nothing else.
    let _ = titles.save();
    if report.send(Report::Scanned).is_err() {
        return;
    }
    let paths = std::mem::take(&mut titles.paths);
    drop(titles);
    let mut next = queries.recv().ok();
    while let Some(q) = next.take() {
        let mut hits = Vec::new();
        for (i, path) in paths.iter().enumerate() {
            if i % MATCH_BATCH == 0 {
                // A newer query (the user typed on) replaces this one.
                match latest(queries) {
                    Ok(Some(newer)) => {
                        next = Some(newer);
                        break;
                    }
                    Ok(None) => {}
                    Err(()) => return,
                }
                if !hits.is_empty() {
                    let batch = Report::Matches {
                        generation: q.generation,
                        hits: std::mem::take(&mut hits),
                        done: false,
                    };
                    if report.send(batch).is_err() {
                        return;
                    }
                }
            }
            if text_contains(path, &q.needle) {
                hits.push(i);
            }
        }
        if next.is_none() {
            let last = Report::Matches {
                generation: q.generation,
                hits,
                done: true,
            };
            if report.send(last).is_err() {
                return;
            }
            next = queries.recv().ok();
        }
    }
}

/// The newest waiting query, if any; `Err` once the app is gone.
fn latest(queries: &Receiver<Query>) -> Result<Option<Query>, ()> {
    let mut newest = None;
    loop {
        match queries.try_recv() {
            Ok(q) => newest = Some(q),
            Err(TryRecvError::Empty) => return Ok(newest),
            Err(TryRecvError::Disconnected) => return Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Three articles, one annotated, one that is a folder (unreadable).
    fn corpus() -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "عنوان أول\nفقرة عن الدولة.\n").expect("a");
        let b = dir.path().join("b.txt");
        std::fs::write(&b, "عنوان ثان\nفقرة عن السوق.\n").expect("b");
        let c = dir.path().join("c.txt");
        std::fs::create_dir(&c).expect("c");
        let mut store = NoteStore::open(&b);
        let paragraphs = vec!["عنوان ثان".to_string(), "فقرة عن السوق.".to_string()];
        let anchor = crate::notes::anchor_for(&paragraphs, 1, "d");
        let mut ann = crate::notes::Annotation::new("t".into(), anchor);
        ann.tags = vec!["claim".into()];
        ann.note = "ملاحظة".into();
        store.put(ann);
        store.save().expect("saved");
        (dir, vec![a, b, c])
    }

    /// The article open in the reader: its annotations are counted, not
    /// placed (the reader places them).
    #[test]
    fn the_open_article_is_left_to_the_reader() {
        let (dir, paths) = corpus();
        let open: OpenNow = Default::default();
        *open.lock().expect("lock") = Some(paths[1].clone());
        let scanner = Scanner::start(Titles::open(None, dir.path(), paths), open);
        loop {
            match scanner.next().expect("a report") {
                Report::Entry(1, _, notes, rows) => {
                    assert_eq!((notes.count, rows.len()), (1, 0));
                    break;
                }
                Report::Scanned => panic!("b was not reported"),
                _ => {}
            }
        }
    }

    #[test]
    fn every_article_is_reported_then_queries_are_answered() {
        let (dir, paths) = corpus();
        // No titles cache: every article is read.
        let scanner = Scanner::start(Titles::open(None, dir.path(), paths), Default::default());
        let mut entries = Vec::new();
        loop {
            match scanner.next().expect("a report") {
                Report::Entry(i, found, notes, rows) => {
                    let entry = match found {
                        Found::Read(e) => Some(e),
                        Found::Unreadable => None,
                        Found::Same => panic!("no cache said anything"),
                    };
                    entries.push((i, entry, notes, rows))
                }
                Report::Scanned => break,
                Report::Titles(_) => panic!("titles without a cache"),
                Report::Matches { .. } => panic!("matches before a query"),
            }
        }
        assert_eq!(entries.iter().map(|e| e.0).collect::<Vec<_>>(), [0, 1, 2]);
        let (_, a, a_notes, a_rows) = &entries[0];
        assert_eq!(a.as_ref().map(|e| e.title.as_str()), Some("عنوان أول"));
        assert_eq!((a_notes.count, a_rows.len()), (0, 0));
        let (_, b, b_notes, b_rows) = &entries[1];
        assert_eq!(b.as_ref().map(|e| e.paragraphs), Some(2));
        assert_eq!(
            (b_notes.count, b_notes.tags.clone()),
            (1, vec!["claim".to_string()])
        );
        assert_eq!(b_rows.len(), 1);
        assert_eq!(
            (b_rows[0].para, b_rows[0].note.as_str()),
            (Some(1), "ملاحظة")
        );
        assert!(entries[2].1.is_none(), "a folder is no article");
        // A query is answered with the articles whose text holds it.
        scanner.query(7, "السوق".into());
        let mut hits = Vec::new();
        loop {
            match scanner.next().expect("a report") {
                Report::Matches {
                    generation,
                    hits: h,
                    done,
                } => {
                    assert_eq!(generation, 7);
                    hits.extend(h);
                    if done {
                        break;
                    }
                }
                _ => panic!("only matches now"),
            }
        }
        assert_eq!(hits, [1]);
    }
}
