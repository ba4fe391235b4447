//! Files -> articles: paragraphs in logical order, a title, corpus scanning.

pub mod loading;
mod paragraphs;
pub mod scan;
pub mod search;
mod stream;
pub mod texts;
pub mod titles;

pub use paragraphs::{PIECE_LIMIT, ParagraphSplitter, Span, paragraph_spans, split_paragraphs};
pub use scan::{
    Entry, Gist, article_paths, entry_of, is_article, scan_dir, stream_entry, text_contains,
    text_contains_as,
};
pub use stream::LineReader;
pub use texts::{Indexed, IndexedArticle, Texts};

use crate::text::display::{display_name, display_path};
use std::path::{Path, PathBuf};

use crate::text::sanitize;

/// Longest first paragraph that still counts as a headline.
const TITLE_MAX_CHARS: usize = 120;
const TITLE_MAX_WORDS: usize = 16;

/// An article as the reader shows it.
#[derive(Debug, Clone)]
pub struct Article {
    pub path: PathBuf,
    pub title: String,
    /// Whether paragraph 1 is the headline (drawn in bold).
    pub has_headline: bool,
    pub paragraphs: Vec<String>,
    /// Invalid UTF-8 sequences replaced by U+FFFD while decoding.
    pub invalid_bytes: usize,
    /// SHA-256 of the file's bytes, for annotation anchors.
    pub doc_sha256: String,
}

/// Errors reading an article; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    /// The reason is in the message (not a `source`: shown with its
    /// chain, it would be said twice).
    #[error("cannot read {path}: {reason}")]
    Read {
        path: String,
        reason: std::io::Error,
    },
}

/// Whether a paragraph reads as a headline: short, and not a sentence.
pub fn is_headline(p: &str) -> bool {
    let chars = p.chars().count();
    let words = p.split_whitespace().count();
    chars <= TITLE_MAX_CHARS && words <= TITLE_MAX_WORDS && !p.ends_with(['.', '!', '…'])
}

/// Number of whitespace-separated words.
pub fn word_count(paragraphs: &[String]) -> usize {
    paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum()
}

impl Article {
    /// Build an article from a file's bytes.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Article {
        let decoded = sanitize::decode(bytes);
        Article::assemble(
            path,
            split_paragraphs(&decoded.text),
            decoded.invalid,
            crate::digest::sha256_hex(bytes),
        )
    }

    /// Read an article a buffer at a time: no copy of the whole file is
    /// held, only its paragraphs (the same as [`Article::from_bytes`]).
    pub fn load(path: &Path) -> Result<Article, ArticleError> {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        let (paragraphs, invalid_bytes) = read_paragraphs(path, |read| hash.update(read))?;
        Ok(Article::assemble(
            path,
            paragraphs,
            invalid_bytes,
            crate::digest::hex(&hash.finalize()),
        ))
    }

    fn assemble(
        path: &Path,
        paragraphs: Vec<String>,
        invalid_bytes: usize,
        doc_sha256: String,
    ) -> Article {
        let has_headline = paragraphs.first().is_some_and(|p| is_headline(p));
        let title = if has_headline {
            paragraphs[0].clone()
        } else {
            display_name(path)
        };
        Article {
            path: path.to_path_buf(),
            title,
            has_headline,
            paragraphs,
            invalid_bytes,
            doc_sha256,
        }
    }

    pub fn word_count(&self) -> usize {
        word_count(&self.paragraphs)
    }
}

/// The paragraphs of the file at `path`, read a buffer at a time, each
/// raw read given to `read` first; and the count of invalid UTF-8
/// sequences.
fn read_paragraphs(
    path: &Path,
    mut read: impl FnMut(&[u8]),
) -> Result<(Vec<String>, usize), ArticleError> {
    let error = |reason| ArticleError::Read {
        path: display_path(path),
        reason,
    };
    let file = crate::files::open_regular(path).map_err(error)?;
    let mut lines = LineReader::new(std::io::BufReader::with_capacity(1 << 18, file));
    let mut paragraphs = Vec::new();
    while let Some(more) = lines.next_paragraphs().map_err(error)? {
        read(lines.last_read());
        paragraphs.extend(more);
    }
    Ok((paragraphs, lines.invalid))
}

#[cfg(test)]
mod piece_tests;
#[cfg(test)]
mod tests;
