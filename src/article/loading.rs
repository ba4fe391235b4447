//! Opening an article of any size at once: the first part is read before
//! the first frame, the rest in the background (its paragraphs, its
//! hash), handed over when it is all read. The first part ends at a line
//! end, so the paragraphs come out exactly as [`Article::load`] makes them.

use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use sha2::{Digest, Sha256};

use super::{Article, ArticleError, LineReader};
use crate::text::display::display_path;

/// Bytes read before the first frame: far more than a screen holds.
pub const FIRST_PART: usize = 256 * 1024;

/// The rest of an article, read in the background.
#[derive(Debug)]
pub struct Rest {
    pub paragraphs: Vec<String>,
    /// Invalid UTF-8 sequences in the whole file.
    pub invalid_bytes: usize,
    /// SHA-256 of the whole file.
    pub doc_sha256: String,
}

/// The background reading of an article's rest; it stops when dropped.
pub struct Loading {
    rest: Receiver<Result<Rest, ArticleError>>,
    /// Paragraphs read so far in the background.
    read: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Loading {
    /// The rest, if it has all been read (or the error that stopped it).
    pub fn try_take(&self) -> Option<Result<Rest, ArticleError>> {
        match self.rest.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(ArticleError::Read {
                path: String::new(),
                reason: std::io::Error::other("the reading stopped"),
            })),
        }
    }

    /// Wait for the rest (tests, and callers that need it all).
    pub fn wait(&self) -> Result<Rest, ArticleError> {
        self.rest.recv().unwrap_or_else(|_| {
            Err(ArticleError::Read {
                path: String::new(),
                reason: std::io::Error::other("the reading stopped"),
            })
        })
    }

    /// Paragraphs the background has read so far (beyond the first part).
    pub fn read_so_far(&self) -> usize {
        self.read.load(Ordering::Relaxed)
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Article {
    /// Read the article at `path` up to about `first_part` bytes (whole
    /// lines, and at least its first paragraph); if there is more, read the rest in the background. The
    /// article returned then has the first paragraphs only and no hash
    /// (`doc_sha256` empty) until [`Article::take_rest`] adds the rest.
    pub fn open(
        path: &Path,
        first_part: usize,
    ) -> Result<(Article, Option<Loading>), ArticleError> {
        let shown = display_path(path);
        let error = |reason| ArticleError::Read {
            path: shown.clone(),
            reason,
        };
        let file = crate::files::open_regular(path).map_err(error)?;
        let mut lines = LineReader::new(BufReader::with_capacity(1 << 16, file));
        let mut hash = Sha256::new();
        let mut paragraphs = Vec::new();
        let mut bytes = 0;
        let mut more = true;
        // At least the first paragraph: the title is known at once.
        while bytes < first_part || paragraphs.is_empty() {
            match lines.next_line().map_err(error)? {
                Some(p) => {
                    hash.update(lines.last_line());
                    bytes += lines.last_line().len();
                    paragraphs.extend(p);
                }
                None => {
                    more = false;
                    break;
                }
            }
        }
        if !more {
            let invalid = lines.invalid;
            let sha = crate::digest::hex(&hash.finalize());
            return Ok((Article::assemble(path, paragraphs, invalid, sha), None));
        }
        let invalid_so_far = lines.invalid;
        let (tx, rest) = mpsc::channel();
        let read = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (counter, stopped) = (Arc::clone(&read), Arc::clone(&stop));
        thread::spawn(move || {
            let mut paragraphs = Vec::new();
            let result = loop {
                if stopped.load(Ordering::Relaxed) {
                    return;
                }
                match lines.next_line() {
                    Ok(Some(p)) => {
                        hash.update(lines.last_line());
                        paragraphs.extend(p);
                        counter.store(paragraphs.len(), Ordering::Relaxed);
                    }
                    Ok(None) => {
                        break Ok(Rest {
                            paragraphs,
                            invalid_bytes: lines.invalid,
                            doc_sha256: crate::digest::hex(&hash.finalize()),
                        });
                    }
                    Err(reason) => {
                        break Err(ArticleError::Read {
                            path: shown,
                            reason,
                        });
                    }
                }
            };
            let _ = tx.send(result);
        });
        let mut first = Article::assemble(path, paragraphs, invalid_so_far, String::new());
        // Its title is the headline's, as it will be (paragraph 1 is read);
        // the hash comes with the rest.
        first.doc_sha256.clear();
        Ok((first, Some(Loading { rest, read, stop })))
    }

    /// Add the rest read in the background: the article is then what
    /// [`Article::load`] makes of the file.
    pub fn take_rest(&mut self, rest: Rest) {
        self.paragraphs.extend(rest.paragraphs);
        self.invalid_bytes = rest.invalid_bytes;
        self.doc_sha256 = rest.doc_sha256;
    }
}
