//! A folder of articles: the library view and `hamish list`.

use std::path::{Path, PathBuf};

use super::Article;
use crate::text::display::display_path;
use crate::text::sanitize;

/// Characters of the first paragraph kept for the library's title column.
const EXCERPT_CHARS: usize = 300;

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

/// What the library shows of an article.
pub fn entry_of(a: &Article) -> Entry {
    Entry {
        name: crate::text::display::display_name(&a.path),
        title: a.title.clone(),
        excerpt: a
            .paragraphs
            .first()
            .map_or_else(String::new, |p| p.chars().take(EXCERPT_CHARS).collect()),
        paragraphs: a.paragraphs.len(),
        words: a.word_count(),
        loaded: true,
        path: a.path.clone(),
    }
}

/// What the library shows of the article at `path` (`None` if it cannot
/// be read), without holding it in memory: the file is read a buffer at
/// a time, so a huge article costs no more than a small one.
pub fn stream_entry(path: &Path) -> Option<Entry> {
    let file = crate::files::open_regular(path).ok()?;
    let mut lines = super::LineReader::new(std::io::BufReader::with_capacity(1 << 16, file));
    let mut first: Option<String> = None;
    let (mut paragraphs, mut words) = (0, 0);
    while let Some(more) = lines.next_paragraphs().ok()? {
        for p in more {
            paragraphs += 1;
            words += p.split_whitespace().count();
            first.get_or_insert(p);
        }
    }
    let first = first.unwrap_or_default();
    let title = if super::is_headline(&first) && !first.is_empty() {
        first.clone()
    } else {
        crate::text::display::display_name(path)
    };
    Some(Entry {
        name: crate::text::display::display_name(path),
        title,
        excerpt: first.chars().take(EXCERPT_CHARS).collect(),
        paragraphs,
        words,
        loaded: true,
        path: path.to_path_buf(),
    })
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
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    if name.starts_with('.') {
        return false;
    }
    let lower = name.to_lowercase();
    (lower.ends_with(".txt") || lower.ends_with(".md")) && path.is_file()
}

/// The article files of `dir`, sorted by name.
pub fn article_paths(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let read = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read folder {}: {e}", display_path(dir)))?;
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_article(p))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Every article of `dir`, sorted by file name.
pub fn scan_dir(dir: &Path) -> Result<Vec<Entry>, String> {
    let paths = article_paths(dir)?;
    Ok(paths.iter().filter_map(|p| stream_entry(p)).collect())
}
