//! Where a query is in an article: every hit, by paragraph, with a
//! snippet of its context, folded as the reader searches. `hamish search`
//! and the reader's corpus search (`Ctrl-F`) both read articles here.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::text::fold::{Fold, find_all};

use super::ArticleError;

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

/// Every hit of `query` in the article at `path`, given to `hit` in
/// reading order as it is found: the file is read a buffer at a time,
/// never held whole. Returns the SHA-256 of the file's bytes.
pub fn each_hit(
    path: &Path,
    query: &str,
    how: Fold,
    mut hit: impl FnMut(Hit),
) -> Result<String, ArticleError> {
    use sha2::{Digest, Sha256};
    let error = |reason| ArticleError::Read {
        path: crate::text::display::display_path(path),
        reason,
    };
    let file = crate::files::open_regular(path).map_err(error)?;
    let mut reader = super::LineReader::new(std::io::BufReader::with_capacity(1 << 16, file));
    let mut hash = Sha256::new();
    let mut p = 0;
    while let Some(more) = reader.next_paragraphs().map_err(error)? {
        hash.update(reader.last_read());
        for text in more {
            for h in hits_in(p, &text, query, how) {
                hit(h);
            }
            p += 1;
        }
    }
    Ok(crate::digest::hex(&hash.finalize()))
}

/// Every hit of `query` in the article at `path`; `None` if there is
/// none. The hits are kept, not the article.
pub fn search_file(
    path: &Path,
    query: &str,
    how: Fold,
) -> Result<Option<ArticleHits>, ArticleError> {
    let mut hits = Vec::new();
    if query.is_empty() {
        return Ok(None);
    }
    let doc_sha256 = each_hit(path, query, how, |h| hits.push(h))?;
    Ok((!hits.is_empty()).then(|| ArticleHits {
        path: path.to_path_buf(),
        doc_sha256,
        hits,
    }))
}
