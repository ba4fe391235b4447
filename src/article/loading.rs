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

/// Text handed over at a time while the rest is read: the reader goes
/// further as it comes.
const BATCH: usize = 4 << 20;

/// A paragraph of the rest of an article: its text, or (read with an
/// index) where it is in the file, to be read again when it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Para {
    Text(String),
    /// Bytes of the file: its text exactly (valid UTF-8, trimmed), which
    /// sanitized is the paragraph; and the CRC-32 of that paragraph, to
    /// tell the file no longer holds it there.
    At(u64, u32, u32),
}

impl Para {
    /// The paragraph's text, read from `file` if need be. A file that
    /// changed since gives what it holds now (lossily decoded).
    pub fn text(&self, file: Option<&std::fs::File>) -> std::borrow::Cow<'_, str> {
        match self.read(file) {
            Ok(t) => t,
            Err(e) => std::borrow::Cow::Owned(e.partial),
        }
    }

    /// [`Para::text`], or what the file holds there if it no longer holds
    /// the paragraph (shorter since, unreadable, or other bytes: its
    /// CRC-32 differs).
    pub fn read(&self, file: Option<&std::fs::File>) -> Result<std::borrow::Cow<'_, str>, Short> {
        use std::os::unix::fs::FileExt;
        match self {
            Para::Text(t) => Ok(std::borrow::Cow::Borrowed(t)),
            Para::At(start, len, crc) => {
                let mut buf = vec![0; *len as usize];
                let read = file.map_or(0, |f| {
                    let mut got = 0;
                    while got < buf.len() {
                        match f.read_at(&mut buf[got..], start + got as u64) {
                            Ok(0) => break,
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                            Err(_) => break,
                            Ok(n) => got += n,
                        }
                    }
                    got
                });
                let whole = read == buf.len();
                buf.truncate(read);
                // Valid UTF-8 as indexed (the file unchanged): one copy.
                let text = match simdutf8::basic::from_utf8(&buf) {
                    Ok(t) => crate::text::sanitize::sanitize(t),
                    // Invalid sequences, each a U+FFFD as in the article.
                    Err(_) => {
                        crate::text::sanitize::sanitize(&crate::text::sanitize::decode(&buf).text)
                    }
                };
                if whole && crc32fast::hash(text.as_bytes()) == *crc {
                    Ok(std::borrow::Cow::Owned(text))
                } else {
                    Err(Short { partial: text })
                }
            }
        }
    }
}

/// The paragraphs past an article's first part, as an index: where each
/// is in the file in 12 bytes (a 700 MB article's 1.7 million take 21 MB),
/// or, where the file's bytes are not its text exactly, its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// Per paragraph: its start in the file (low, high 32 bits), its
    /// length and its CRC-32; a length of `u32::MAX` makes the start an
    /// index in `texts`.
    entries: Vec<[u32; 4]>,
    texts: Vec<String>,
}

/// What [`Places`] holds of one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceOf<'a> {
    Text(&'a str),
    At(u64, u32, u32),
}

impl Places {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn push(&mut self, p: Para) {
        let entry = match p {
            Para::At(start, len, crc) if len != u32::MAX => {
                [start as u32, (start >> 32) as u32, len, crc]
            }
            // Never made: a paragraph is at most a piece long (256 KiB),
            // and the reading gives the text of a longer one.
            Para::At(..) => {
                debug_assert!(false, "a place as long as the mark");
                return self.push(Para::Text(String::new()));
            }
            Para::Text(t) => {
                let i = self.texts.len() as u64;
                self.texts.push(t);
                [i as u32, (i >> 32) as u32, u32::MAX, 0]
            }
        };
        self.entries.push(entry);
    }

    /// Paragraph `i` as held.
    pub fn get(&self, i: usize) -> Option<PlaceOf<'_>> {
        let [lo, hi, len, crc] = *self.entries.get(i)?;
        let start = u64::from(lo) | u64::from(hi) << 32;
        Some(if len == u32::MAX {
            PlaceOf::Text(self.texts.get(usize::try_from(start).ok()?)?)
        } else {
            PlaceOf::At(start, len, crc)
        })
    }

    /// Paragraph `i`'s text, read from `file` if need be (see
    /// [`Para::read`]).
    pub fn read(
        &self,
        i: usize,
        file: Option<&std::fs::File>,
    ) -> Option<Result<std::borrow::Cow<'_, str>, Short>> {
        Some(match self.get(i)? {
            PlaceOf::Text(t) => Ok(std::borrow::Cow::Borrowed(t)),
            PlaceOf::At(start, len, crc) => match Para::At(start, len, crc).read(file) {
                Ok(t) => Ok(std::borrow::Cow::Owned(t.into_owned())),
                Err(e) => Err(e),
            },
        })
    }

    /// [`Places::read`], what could be read if the file changed.
    pub fn text(
        &self,
        i: usize,
        file: Option<&std::fs::File>,
    ) -> Option<std::borrow::Cow<'_, str>> {
        Some(match self.read(i, file)? {
            Ok(t) => t,
            Err(e) => std::borrow::Cow::Owned(e.partial),
        })
    }
}

impl Places {
    /// The paragraphs, in order.
    pub fn into_paras(self) -> impl Iterator<Item = Para> {
        let mut texts = self.texts.into_iter();
        self.entries.into_iter().map(move |[lo, hi, len, crc]| {
            if len == u32::MAX {
                Para::Text(texts.next().unwrap_or_default())
            } else {
                Para::At(u64::from(lo) | u64::from(hi) << 32, len, crc)
            }
        })
    }

    /// The texts held, in order (a place gives an empty one).
    pub fn into_texts(self) -> impl Iterator<Item = String> {
        self.into_paras().map(|p| match p {
            Para::Text(t) => t,
            Para::At(..) => String::new(),
        })
    }
}

impl Extend<Para> for Places {
    fn extend<T: IntoIterator<Item = Para>>(&mut self, iter: T) {
        for p in iter {
            self.push(p);
        }
    }
}

/// A paragraph the file no longer holds, and what it holds there.
#[derive(Debug)]
pub struct Short {
    pub partial: String,
}

/// What the background reading hands over, in order.
#[derive(Debug)]
pub enum Part {
    /// More paragraphs.
    Paragraphs(Vec<Para>),
    /// The end: what is known of the whole file.
    End {
        /// Invalid UTF-8 sequences in the whole file.
        invalid_bytes: usize,
        /// SHA-256 of the whole file.
        doc_sha256: String,
        /// Bidi controls in the paragraphs handed over.
        controls: usize,
    },
}

/// The rest of an article, all of it (see [`Loading::wait`]).
#[derive(Debug)]
pub struct Rest {
    pub paragraphs: Places,
    /// Bidi controls in them.
    pub controls: usize,
    /// Invalid UTF-8 sequences in the whole file.
    pub invalid_bytes: usize,
    /// SHA-256 of the whole file.
    pub doc_sha256: String,
}

/// The background reading of an article's rest; it stops when dropped.
pub struct Loading {
    /// The file being read (opened once: the places it gives are places
    /// in this file, whatever is renamed over its name meanwhile).
    pub file: Option<std::fs::File>,
    parts: Receiver<Result<Part, ArticleError>>,
    /// Paragraphs read in the background and not handed over yet.
    pending: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

fn stopped() -> ArticleError {
    ArticleError::Read {
        path: String::new(),
        reason: std::io::Error::other("the reading stopped"),
    }
}

impl Loading {
    /// The next part, if one is ready (or the error that stopped it).
    pub fn try_next(&self) -> Option<Result<Part, ArticleError>> {
        let part = match self.parts.try_recv() {
            Ok(p) => p,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(stopped()),
        };
        if let Ok(Part::Paragraphs(p)) = &part {
            self.pending.fetch_sub(p.len(), Ordering::Relaxed);
        }
        Some(part)
    }

    /// Wait for the whole rest (tests, and callers that need it all).
    pub fn wait(&self) -> Result<Rest, ArticleError> {
        let mut paragraphs = Places::default();
        loop {
            match self.parts.recv().unwrap_or_else(|_| Err(stopped()))? {
                Part::Paragraphs(p) => {
                    self.pending.fetch_sub(p.len(), Ordering::Relaxed);
                    paragraphs.extend(p);
                }
                Part::End {
                    invalid_bytes,
                    doc_sha256,
                    controls,
                } => {
                    return Ok(Rest {
                        paragraphs,
                        controls,
                        invalid_bytes,
                        doc_sha256,
                    });
                }
            }
        }
    }

    /// Paragraphs read in the background and not handed over yet.
    pub fn pending(&self) -> usize {
        self.pending.load(Ordering::Relaxed)
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Whether a file changed between two looks at it (`read`: the bytes read
/// from it meanwhile, all of it): another size, another modification time,
/// or not as many bytes as it holds.
pub fn changed(before: &std::fs::Metadata, after: &std::fs::Metadata, read: u64) -> bool {
    before.len() != after.len()
        || after.len() != read
        || before.modified().ok() != after.modified().ok()
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
        Article::open_indexed(path, first_part, false)
    }

    /// [`Article::open`]; with `indexed`, the rest's paragraphs come as
    /// places in the file ([`Para::At`]) whose bytes decode to the text
    /// again exactly (invalid sequences as U+FFFD), so they need not be
    /// held.
    pub fn open_indexed(
        path: &Path,
        first_part: usize,
        indexed: bool,
    ) -> Result<(Article, Option<Loading>), ArticleError> {
        let shown = display_path(path);
        let error = |reason| ArticleError::Read {
            path: shown.clone(),
            reason,
        };
        let file = crate::files::open_regular(path).map_err(error)?;
        // The file as it was when opened, to tell at the end whether it
        // changed while it was read.
        let watch = file.try_clone().map_err(error)?;
        let reread = if indexed {
            Some(file.try_clone().map_err(error)?)
        } else {
            None
        };
        let at_start = watch.metadata().map_err(error)?;
        let mut lines = LineReader::new(BufReader::with_capacity(1 << 16, file));
        let mut hash = Sha256::new();
        let mut paragraphs = Vec::new();
        let mut bytes = 0;
        let mut more = true;
        // At least the first paragraph, so the title is known at once
        // (unless the file opens with megabytes of blank lines).
        while bytes < first_part || (paragraphs.is_empty() && bytes < first_part.max(1 << 16) * 16)
        {
            match lines.next_paragraphs().map_err(error)? {
                Some(p) => {
                    hash.update(lines.last_read());
                    bytes += lines.last_read().len();
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
        let (tx, parts) = mpsc::channel();
        let pending = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (counter, stopped) = (Arc::clone(&pending), Arc::clone(&stop));
        let mut read = bytes as u64;
        thread::spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0;
            let mut controls = 0;
            loop {
                if stopped.load(Ordering::Relaxed) {
                    return;
                }
                match lines.next_spans() {
                    Ok(Some(spans)) => {
                        hash.update(lines.last_read());
                        bytes += lines.last_read().len();
                        read += lines.last_read().len() as u64;
                        counter.fetch_add(spans.len(), Ordering::Relaxed);
                        // Each paragraph's bytes in the file (the text's
                        // place, less the BOM and what invalid sequences
                        // changed in length before it), which decode to it.
                        batch.extend(spans.into_iter().map(|(range, text)| {
                            controls += crate::text::sanitize::count_bidi_controls(&text);
                            let (start, len) = lines.file_range(&range);
                            match u32::try_from(len) {
                                Ok(len) if indexed && len != u32::MAX => {
                                    let crc = crc32fast::hash(text.as_bytes());
                                    Para::At(start, len, crc)
                                }
                                _ => Para::Text(text),
                            }
                        }));
                        if bytes >= BATCH {
                            bytes = 0;
                            let full = std::mem::take(&mut batch);
                            if tx.send(Ok(Part::Paragraphs(full))).is_err() {
                                return;
                            }
                        }
                    }
                    Ok(None) => {
                        if !batch.is_empty() {
                            let _ = tx.send(Ok(Part::Paragraphs(batch)));
                        }
                        // Text read from two versions of a file is no
                        // article: its annotations would be misplaced.
                        let at_end = watch.metadata();
                        if at_end
                            .as_ref()
                            .map_or(true, |m| changed(&at_start, m, read))
                        {
                            let _ = tx.send(Err(ArticleError::Read {
                                path: shown,
                                reason: std::io::Error::other("it changed while it was read"),
                            }));
                            return;
                        }
                        let _ = tx.send(Ok(Part::End {
                            invalid_bytes: lines.invalid,
                            doc_sha256: crate::digest::hex(&hash.finalize()),
                            controls,
                        }));
                        return;
                    }
                    Err(reason) => {
                        let _ = tx.send(Err(ArticleError::Read {
                            path: shown,
                            reason,
                        }));
                        return;
                    }
                }
            }
        });
        let mut first = Article::assemble(path, paragraphs, invalid_so_far, String::new());
        // Its title is the headline's, as it will be (paragraph 1 is read);
        // the hash comes with the rest.
        first.doc_sha256.clear();
        Ok((
            first,
            Some(Loading {
                file: reread,
                parts,
                pending,
                stop,
            }),
        ))
    }

    /// Add the rest read in the background: the article is then what
    /// [`Article::load`] makes of the file.
    pub fn take_rest(&mut self, rest: Rest) {
        // Only an indexed opening gives places: read through
        // `Places::text` there.
        self.paragraphs.extend(rest.paragraphs.into_texts());
        self.invalid_bytes = rest.invalid_bytes;
        self.doc_sha256 = rest.doc_sha256;
    }
}
