//! A folder of articles: the library view and `hamish list`.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use super::Article;
use crate::text::display::display_path;
use crate::text::sanitize;

/// Characters of the first paragraph kept for the library's title column.
pub const EXCERPT_CHARS: usize = 300;

/// One article of a folder, with what the library shows of it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    pub name: String,
    pub title: String,
    /// What the library shows as the title: the headline, or else the
    /// start of the first paragraph.
    pub excerpt: String,
    pub paragraphs: usize,
    pub words: usize,
    /// Whether the file has been read (title and counts are known).
    pub loaded: bool,
}

impl Entry {
    /// An entry known by its name only, until [`stream_entry`] reads it.
    pub fn pending(path: PathBuf) -> Entry {
        Entry {
            name: crate::text::display::display_name(&path),
            title: String::new(),
            excerpt: String::new(),
            paragraphs: 0,
            words: 0,
            loaded: false,
            path,
        }
    }
}

/// What the library keeps of an article's text: the start of its first
/// paragraph and its counts. Its title follows from these and its path
/// ([`Gist::entry`]), so a gist kept in the titles cache shows the same
/// as one just read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gist {
    /// The first paragraph's first [`EXCERPT_CHARS`] characters.
    pub excerpt: String,
    pub paragraphs: usize,
    pub words: usize,
}

impl Gist {
    pub fn of(a: &Article) -> Gist {
        Gist {
            excerpt: a
                .paragraphs
                .first()
                .map_or_else(String::new, |p| p.chars().take(EXCERPT_CHARS).collect()),
            paragraphs: a.paragraphs.len(),
            words: a.word_count(),
        }
    }

    /// The article's gist, read a line at a time from `file`: a huge
    /// article costs no more memory than a small one.
    pub fn read(file: std::fs::File) -> std::io::Result<Gist> {
        let mut lines = super::LineReader::new(std::io::BufReader::with_capacity(1 << 16, file));
        let mut excerpt: Option<String> = None;
        let (mut paragraphs, mut words) = (0, 0);
        while let Some(more) = lines.next_paragraphs()? {
            for p in more {
                paragraphs += 1;
                words += p.split_whitespace().count();
                if excerpt.is_none() {
                    excerpt = Some(p.chars().take(EXCERPT_CHARS).collect());
                }
            }
        }
        Ok(Gist {
            excerpt: excerpt.unwrap_or_default(),
            paragraphs,
            words,
        })
    }

    /// What the library shows of the article at `path`: its title is
    /// its first paragraph when that reads as a headline (one of at most
    /// 120 characters, so the excerpt holds all of it), else its name.
    pub fn entry(self, path: &Path) -> Entry {
        let name = crate::text::display::display_name(path);
        let title = if !self.excerpt.is_empty() && super::is_headline(&self.excerpt) {
            self.excerpt.clone()
        } else {
            name.clone()
        };
        Entry {
            name,
            title,
            excerpt: self.excerpt,
            paragraphs: self.paragraphs,
            words: self.words,
            loaded: true,
            path: path.to_path_buf(),
        }
    }
}

/// What the library shows of an article.
pub fn entry_of(a: &Article) -> Entry {
    Gist::of(a).entry(&a.path)
}

/// What the library shows of the article at `path` (`None` if it cannot
/// be read), without holding it in memory: the file is read a buffer at
/// a time, so a huge article costs no more than a small one.
pub fn stream_entry(path: &Path) -> Option<Entry> {
    let file = crate::files::open_regular(path).ok()?;
    Some(Gist::read(file).ok()?.entry(path))
}

/// Whether the text of the article at `path` holds `needle` (already
/// lower-cased), ignoring case. The text is read again each time, so the
/// library keeps no copy of the corpus in memory.
pub fn text_contains(path: &Path, needle: &str) -> bool {
    text_contains_as(path, needle, crate::text::fold::Fold::default())
}

/// Whether the text of the article at `path` holds `needle`, folded
/// `how` (an unreadable file holds nothing; its error is said when it is
/// read for real).
pub fn text_contains_as(path: &Path, needle: &str, how: crate::text::fold::Fold) -> bool {
    let Ok(bytes) = crate::files::read_regular(path) else {
        return false;
    };
    let text = sanitize::decode(&bytes).text;
    crate::text::fold::contains(&text, needle, how)
}

/// `.txt` and `.md` files are articles (sidecars and hidden files are not).
pub fn is_article(path: &Path) -> bool {
    path.file_name().is_some_and(is_article_name) && path.is_file()
}

/// Whether a file of this name is an article, if it is a file: not
/// hidden, and ending in `.txt` or `.md` in any case (no character
/// outside ASCII lower-cases to these letters, so bytes are compared).
pub(crate) fn is_article_name(name: &OsStr) -> bool {
    let b = name.as_encoded_bytes();
    let ends =
        |ext: &[u8]| b.len() >= ext.len() && b[b.len() - ext.len()..].eq_ignore_ascii_case(ext);
    !b.starts_with(b".") && (ends(b".txt") || ends(b".md"))
}

/// The article files of `dir`, sorted by name. The folder's listing says
/// which names are plain files, so only links (and file systems that do
/// not say) cost a look at the file itself.
pub fn article_paths(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let read = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read folder {}: {e}", display_path(dir)))?;
    let mut paths: Vec<(OsString, PathBuf)> = read
        .filter_map(Result::ok)
        .filter(|e| is_article_name(&e.file_name()))
        .filter(|e| match e.file_type() {
            Ok(t) if t.is_file() => true,
            Ok(t) if t.is_dir() => false,
            _ => e.path().is_file(),
        })
        .map(|e| (e.file_name(), e.path()))
        .collect();
    // By name: one folder, so this is the paths' order, compared faster.
    paths.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(paths.into_iter().map(|(_, p)| p).collect())
}

/// Every article of `dir`, sorted by file name.
pub fn scan_dir(dir: &Path) -> Result<Vec<Entry>, String> {
    let paths = article_paths(dir)?;
    Ok(paths.iter().filter_map(|p| stream_entry(p)).collect())
}
