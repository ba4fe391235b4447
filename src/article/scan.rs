//! A folder of articles: the library view and `hamish list`.

use std::path::{Path, PathBuf};

use super::{Article, display_path};

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
    /// Lower-cased text for filtering.
    pub haystack: String,
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
    Ok(paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let a = Article::from_bytes(&p, &bytes);
            let haystack = a.paragraphs.join("\n").to_lowercase();
            Some(Entry {
                name: super::display_name(&p),
                title: a.title.clone(),
                excerpt: a
                    .paragraphs
                    .first()
                    .map_or_else(String::new, |p| p.chars().take(EXCERPT_CHARS).collect()),
                paragraphs: a.paragraphs.len(),
                words: a.word_count(),
                haystack,
                path: p,
            })
        })
        .collect())
}
