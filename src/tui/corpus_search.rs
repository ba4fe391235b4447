//! The corpus search's worker (`Ctrl-F`): reads the articles one after
//! the other and reports each one's hits as soon as they are found, so the
//! first hits show while the rest of the corpus is still being read. It
//! stops when the app drops its [`CorpusSearch`].

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;

use crate::article::search::{ArticleHits, search_file};
use crate::notes::NoteStore;
use crate::notes::summary::{ArticleNotes, NoteRow, rows_for, summarize};
use crate::text::fold::Fold;

/// What the worker reports.
pub enum Found {
    /// An article's hits, and its annotations as they are now (the rows
    /// of the `A` list; `None` if they could not be read), so the hits show the
    /// tags on their paragraphs as they are, not as the library last read
    /// them.
    Hits(ArticleHits, Option<(Vec<NoteRow>, ArticleNotes)>),
    /// An article that could not be read, and why (the message names it).
    Failed(String),
    /// This many articles have been read.
    Searched(usize),
    /// Every article has been read.
    Done,
}

/// Articles read between two progress reports.
const PROGRESS_EVERY: usize = 64;

pub struct CorpusSearch {
    found: Receiver<Found>,
    stop: Arc<AtomicBool>,
}

impl CorpusSearch {
    /// Search `paths` for `query`, folded as `how` says, in the background.
    pub fn start(paths: Vec<PathBuf>, query: String, how: Fold) -> CorpusSearch {
        let (tx, found) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        thread::spawn(move || {
            let n = paths.len();
            for (i, path) in paths.iter().enumerate() {
                if stopped.load(Ordering::Relaxed) {
                    return;
                }
                let report = match search_file(path, &query, how) {
                    Ok(Some(hits)) => Some(Found::Hits(hits, annotations(path))),
                    Ok(None) => None,
                    Err(e) => Some(Found::Failed(e.to_string())),
                };
                if let Some(r) = report
                    && tx.send(r).is_err()
                {
                    return;
                }
                if (i + 1) % PROGRESS_EVERY == 0 && tx.send(Found::Searched(i + 1)).is_err() {
                    return;
                }
            }
            let _ = tx.send(Found::Searched(n));
            let _ = tx.send(Found::Done);
        });
        CorpusSearch { found, stop }
    }

    /// A report ready now, without waiting.
    pub fn try_next(&self) -> Option<Found> {
        self.found.try_recv().ok()
    }

    /// The next report, waiting for it; `None` once the worker has stopped.
    pub fn next(&self) -> Option<Found> {
        self.found.recv().ok()
    }
}

/// The annotations of the article at `path` placed on its text now (none,
/// if it has none now: tags taken away since are gone from the hits too).
fn annotations(path: &std::path::Path) -> Option<(Vec<NoteRow>, ArticleNotes)> {
    let store = NoteStore::open(path);
    if store.live().next().is_none() {
        return Some((Vec::new(), summarize(&store)));
    }
    Some((rows_for(&store, path, || true)?, summarize(&store)))
}

impl Drop for CorpusSearch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
