//! An article's paragraphs as annotations are placed on them: all held in
//! memory, or the first ones held and the rest read again from the file
//! by their places in it (a long article keeps an index, not its text).

use std::borrow::Cow;
use std::cell::Cell;
use std::fs::File;
use std::path::Path;

use super::loading::{FIRST_PART, Places};
use super::{Article, ArticleError};

/// Paragraphs by number, read when asked for.
pub trait Texts {
    /// How many paragraphs there are.
    fn count(&self) -> usize;
    /// Paragraph `i`'s text; `None` past the last.
    fn text(&self, i: usize) -> Option<Cow<'_, str>>;
}

impl Texts for [String] {
    fn count(&self) -> usize {
        self.len()
    }
    fn text(&self, i: usize) -> Option<Cow<'_, str>> {
        self.get(i).map(|t| Cow::Borrowed(t.as_str()))
    }
}

impl Texts for Vec<String> {
    fn count(&self) -> usize {
        self.len()
    }
    fn text(&self, i: usize) -> Option<Cow<'_, str>> {
        self.as_slice().text(i)
    }
}

impl<const N: usize> Texts for [String; N] {
    fn count(&self) -> usize {
        N
    }
    fn text(&self, i: usize) -> Option<Cow<'_, str>> {
        self.as_slice().text(i)
    }
}

/// The held paragraphs, then the rest by their places in `file`. A read
/// that fails or falls short (the file changed since it was indexed) is
/// remembered: what was placed with it may not be trusted.
pub struct Indexed<'a> {
    held: &'a [String],
    rest: &'a Places,
    file: Option<&'a File>,
    failed: Cell<bool>,
    /// Set when what is read is no longer wanted: every read then fails
    /// at once.
    stop: Option<&'a std::sync::atomic::AtomicBool>,
}

impl<'a> Indexed<'a> {
    pub fn new(held: &'a [String], rest: &'a Places, file: Option<&'a File>) -> Indexed<'a> {
        Indexed {
            held,
            rest,
            file,
            failed: Cell::new(false),
            stop: None,
        }
    }

    /// Reads that fail at once once `stop` is set (work in the background
    /// that is no longer wanted ends quickly).
    pub fn stopping(mut self, stop: &'a std::sync::atomic::AtomicBool) -> Indexed<'a> {
        self.stop = Some(stop);
        self
    }

    /// Whether a paragraph could not be read as it was indexed.
    pub fn failed(&self) -> bool {
        self.failed.get()
    }
}

impl Texts for Indexed<'_> {
    fn count(&self) -> usize {
        self.held.len() + self.rest.len()
    }
    fn text(&self, i: usize) -> Option<Cow<'_, str>> {
        if let Some(t) = self.held.get(i) {
            return Some(Cow::Borrowed(t));
        }
        if self
            .stop
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
        {
            self.failed.set(true);
            return (i < self.count()).then_some(Cow::Borrowed(""));
        }
        Some(match self.rest.read(i - self.held.len(), self.file)? {
            Ok(t) => t,
            Err(_) => {
                self.failed.set(true);
                Cow::Borrowed("")
            }
        })
    }
}

/// Some paragraphs of an article, read in one pass over it, and how many
/// it has: enough to place annotations that are all where they were
/// saved, holding only their paragraphs (the others read as empty).
pub struct Sparse {
    texts: std::collections::HashMap<usize, String>,
    count: usize,
}

impl Sparse {
    /// Paragraphs `wanted` (from 0) of the article at `path`.
    pub fn load(
        path: &Path,
        wanted: &std::collections::BTreeSet<usize>,
    ) -> Result<Sparse, ArticleError> {
        let shown = crate::text::display::display_path(path);
        let error = |reason| ArticleError::Read {
            path: shown.clone(),
            reason,
        };
        let file = crate::files::open_regular(path).map_err(error)?;
        let mut lines = super::LineReader::new(std::io::BufReader::with_capacity(1 << 16, file));
        let (mut texts, mut count) = (std::collections::HashMap::new(), 0);
        while let Some(ps) = lines.next_paragraphs().map_err(error)? {
            for p in ps {
                if wanted.contains(&count) {
                    texts.insert(count, p);
                }
                count += 1;
            }
        }
        Ok(Sparse { texts, count })
    }
}

impl Texts for Sparse {
    fn count(&self) -> usize {
        self.count
    }
    fn text(&self, i: usize) -> Option<Cow<'_, str>> {
        (i < self.count).then(|| Cow::Borrowed(self.texts.get(&i).map_or("", String::as_str)))
    }
}

/// A whole article read once, holding its first part and the place of
/// every later paragraph: what `doctor`, `annotate` and the library need
/// to place annotations on a long article without holding its text.
pub struct IndexedArticle {
    /// The article, with its first paragraphs only (`paragraphs`), its
    /// title, hash and invalid bytes those of the whole file.
    pub article: Article,
    pub rest: Places,
    file: Option<File>,
    /// The file as it was once read.
    stamp: Option<Stamp>,
}

/// What tells that a file changed: its size, its times (the change time
/// too, to the nanosecond, which no tool sets back), inode and device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Stamp {
    pub fn of(file: &File) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = file.metadata().ok()?;
        Some(Stamp {
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
            ino: m.ino(),
            dev: m.dev(),
        })
    }
}

/// What became of an article read from an open file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// The file, and the file at its path, are as they were read.
    Same,
    /// Touched, or written with the same bytes: the same article, with
    /// this stamp now.
    Touched(Stamp),
    /// Other bytes, in the file or at its path (renamed over it, as
    /// editors and `git checkout` save).
    Changed,
}

/// Whether the article read from `file` at `path` (stamped `then`, its
/// SHA-256 `sha`) is still what the file, and the path, hold. A size,
/// inode or device of its own that differ tell at once; other changes
/// are told by hashing the file again.
pub fn look(path: &Path, file: &File, then: Option<Stamp>, sha: &str) -> Look {
    use std::os::unix::fs::MetadataExt;
    let Some(now) = Stamp::of(file) else {
        return Look::Changed;
    };
    let mut verdict = Look::Same;
    if Some(now) != then {
        let Some(then) = then else {
            return Look::Changed;
        };
        if (now.len, now.ino, now.dev) != (then.len, then.ino, then.dev) || !holds(file, sha) {
            return Look::Changed;
        }
        verdict = Look::Touched(now);
    }
    // Another file at the path: the same article only if it holds the
    // same bytes.
    match std::fs::metadata(path) {
        Ok(m) if (m.dev(), m.ino()) == (now.dev, now.ino) => verdict,
        Ok(m) if m.len() == now.len => match crate::files::open_regular(path) {
            Ok(other) if holds(&other, sha) => verdict,
            _ => Look::Changed,
        },
        _ => Look::Changed,
    }
}

/// Whether `file` holds exactly the bytes whose SHA-256 is `sha` (hex):
/// a file touched, or written with the same bytes, is the same article.
pub fn holds(file: &File, sha: &str) -> bool {
    use sha2::{Digest, Sha256};
    use std::os::unix::fs::FileExt;
    if sha.is_empty() {
        return false;
    }
    let mut hash = Sha256::new();
    let mut buf = vec![0; 1 << 20];
    let mut at = 0u64;
    loop {
        match file.read_at(&mut buf, at) {
            Ok(0) => break,
            Ok(n) => {
                hash.update(&buf[..n]);
                at += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    crate::digest::hex(&hash.finalize()) == sha
}

impl IndexedArticle {
    /// Read the article at `path` to its end (in this thread).
    pub fn load(path: &Path) -> Result<IndexedArticle, ArticleError> {
        let (mut article, loading) = Article::open_indexed(path, FIRST_PART, true)?;
        let Some(mut loading) = loading else {
            return Ok(IndexedArticle {
                article,
                rest: Places::default(),
                file: None,
                stamp: None,
            });
        };
        let file = loading.file.take();
        let rest = loading.wait()?;
        article.invalid_bytes = rest.invalid_bytes;
        article.doc_sha256 = rest.doc_sha256;
        let stamp = file.as_ref().and_then(Stamp::of);
        Ok(IndexedArticle {
            article,
            rest: rest.paragraphs,
            file,
            stamp,
        })
    }

    /// Whether the file was changed since it was read: its places may no
    /// longer hold its paragraphs (an article held whole never is). A
    /// file touched since, or written with the same bytes, is unchanged.
    pub fn changed(&self) -> bool {
        self.file.as_ref().is_some_and(|f| {
            look(&self.article.path, f, self.stamp, &self.article.doc_sha256) == Look::Changed
        })
    }

    /// Its paragraphs, to place annotations on.
    pub fn texts(&self) -> Indexed<'_> {
        Indexed::new(&self.article.paragraphs, &self.rest, self.file.as_ref())
    }

    /// How many paragraphs it has.
    pub fn len(&self) -> usize {
        self.article.paragraphs.len() + self.rest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
