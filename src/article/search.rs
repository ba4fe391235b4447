//! Where a query is in an article: every hit, by paragraph, with a
//! snippet of its context, folded as the reader searches. `hamish search`
//! and the reader's corpus search (`Ctrl-F`) both read articles here.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::text::fold::{Fold, find_all};

use super::{Article, ArticleError};

/// Characters of context either side of a hit in its snippet.
pub const CONTEXT: usize = 30;

/// One place the query is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The paragraph, from 0.
    pub para: usize,
    /// Bytes of the paragraph's text.
    pub bytes: Range<usize>,
    /// Code points of the paragraph's text.
    pub chars: Range<usize>,
    /// Up to [`CONTEXT`] characters before the hit, the hit as written,
    /// and up to [`CONTEXT`] after (logical order, from the article).
    pub before: String,
    pub matched: String,
    pub after: String,
}

/// The hits of one article, in reading order.
#[derive(Debug, Clone)]
pub struct ArticleHits {
    pub path: PathBuf,
    /// The text the hits were found in, so a change made from them (a tag
    /// on their paragraphs) is never applied to a file changed since.
    pub doc_sha256: String,
    pub hits: Vec<Hit>,
}

/// The hits in a paragraph's text.
pub fn hits_in(para: usize, text: &str, query: &str, how: Fold) -> Vec<Hit> {
    let mut hits = Vec::new();
    // Code points counted once, as the hits go on.
    let (mut at_byte, mut at_char) = (0, 0);
    for r in find_all(text, query, how) {
        at_char += text[at_byte..r.start].chars().count();
        at_byte = r.start;
        let len = text[r.clone()].chars().count();
        let before = {
            let b = &text[..r.start];
            let from = b
                .char_indices()
                .rev()
                .nth(CONTEXT - 1)
                .map_or(0, |(i, _)| i);
            b[from..].to_string()
        };
        hits.push(Hit {
            para,
            chars: at_char..at_char + len,
            before,
            matched: text[r.clone()].to_string(),
            after: text[r.end..].chars().take(CONTEXT).collect(),
            bytes: r,
        });
    }
    hits
}

/// Every hit of `query` in the article at `path`; `None` if there is
/// none. Most articles hold none: the whole text is looked at once before
/// it is cut into paragraphs.
pub fn search_file(
    path: &Path,
    query: &str,
    how: Fold,
) -> Result<Option<ArticleHits>, ArticleError> {
    let bytes = crate::files::read_regular(path).map_err(|reason| ArticleError::Read {
        path: crate::text::display::display_path(path),
        reason,
    })?;
    let text = crate::text::sanitize::decode(&bytes).text;
    if query.is_empty() || !crate::text::fold::contains(&text, query, how) {
        return Ok(None);
    }
    drop(text);
    let article = Article::from_bytes(path, &bytes);
    let hits: Vec<Hit> = article
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(p, text)| hits_in(p, text, query, how))
        .collect();
    Ok((!hits.is_empty()).then(|| ArticleHits {
        path: path.to_path_buf(),
        doc_sha256: article.doc_sha256,
        hits,
    }))
}
