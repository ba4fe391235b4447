//! Export (DESIGN §4.5): JSONL, CSV, W3C Web Annotation JSON-LD, brat
//! standoff and a Markdown review report. Every export reflects the article
//! as it is now: paragraph numbers are re-anchored, and orphans are marked
//! with their status, not dropped. A phrase's annotation points at the
//! phrase (its quote and its code points in the file); a label on the
//! article as a whole points at the article (brat has no such thing and
//! leaves labels out).

mod brat;
mod markdown;
mod table;
mod w3c;

pub use brat::{brat, brat_conf, brat_type};
pub use markdown::{markdown, md_text};
pub use table::{csv, jsonl, no_formula};
pub use w3c::w3c;

use std::ops::Range;
use std::path::Path;

use serde_json::{Value, json};

use super::anchor::{Item, Status, place_all};
use super::model::Annotation;
use super::store::NoteStore;
use crate::article::paragraph_spans;
use crate::config::Config;
use crate::text::display::display_name;
use crate::text::sanitize;

/// Where an annotation is in the exported text: the raw text it points
/// to, its bytes, and its code points (`start`..`end`, from the start of
/// the text after a BOM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placed<'a> {
    pub exact: &'a str,
    pub bytes: std::ops::Range<usize>,
    pub start: usize,
    pub end: usize,
}

/// What an exported annotation is on: `paragraph`, `phrase` or
/// `article` (a label).
pub(crate) fn scope(ann: &Annotation) -> &'static str {
    if ann.anchor.article {
        "article"
    } else if ann.anchor.span().is_some() {
        "phrase"
    } else {
        "paragraph"
    }
}

/// One article with its annotations placed.
#[derive(Debug, Clone)]
pub struct ExportArticle {
    /// The file name, made safe to show.
    pub name: String,
    /// The file's canonical path (for IRIs and output names).
    pub path: std::path::PathBuf,
    /// The decoded text (BOM removed) that positions refer to.
    pub text: String,
    /// Where each paragraph is in `text` (bytes).
    pub spans: Vec<Range<usize>>,
    /// Code-point start and end of each paragraph in `text`.
    pub positions: Vec<(usize, usize)>,
    pub items: Vec<Item>,
    /// Labels on the article as a whole (no place in the text), oldest
    /// first.
    pub labels: Vec<Annotation>,
    /// What reading its annotations found (a refused sidecar, unreadable
    /// lines), to tell the user.
    pub warnings: Vec<String>,
}

impl ExportArticle {
    pub fn load(path: &Path) -> std::io::Result<ExportArticle> {
        let store = NoteStore::open(path);
        if store.live().next().is_none() {
            // Nothing to export: its text is not read (a folder's export
            // holds the texts of its annotated articles only).
            return Ok(ExportArticle {
                name: display_name(path),
                path: super::store::canonical(path),
                text: String::new(),
                spans: Vec::new(),
                positions: Vec::new(),
                items: Vec::new(),
                labels: Vec::new(),
                warnings: store.warnings.clone(),
            });
        }
        // One copy of the text at a time: the bytes become the text when
        // they are UTF-8, the BOM goes in place.
        let mut text = match String::from_utf8(crate::files::read_regular(path)?) {
            Ok(text) => text,
            Err(e) => sanitize::decode(e.as_bytes()).text,
        };
        if text.starts_with('\u{FEFF}') {
            text.drain(..'\u{FEFF}'.len_utf8());
        }
        let (spans, paragraphs): (Vec<Range<usize>>, Vec<String>) =
            paragraph_spans(&text).into_iter().unzip();
        let mut positions = Vec::with_capacity(spans.len());
        let (mut byte, mut cp) = (0, 0);
        for r in &spans {
            cp += text[byte..r.start].chars().count();
            let start = cp;
            cp += text[r.clone()].chars().count();
            byte = r.end;
            positions.push((start, cp));
        }
        Ok(ExportArticle {
            name: display_name(path),
            path: super::store::canonical(path),
            items: place_all(&store, &paragraphs),
            labels: super::edit::article_labels(&store),
            warnings: store.warnings.clone(),
            text,
            spans,
            positions,
        })
    }

    /// Paragraph `i` as it is in the file (not as it is shown): what its
    /// offsets point to.
    fn paragraph(&self, i: Option<usize>) -> Option<&str> {
        i.and_then(|i| self.spans.get(i))
            .and_then(|r| self.text.get(r.clone()))
    }

    /// Whether it has anything to export (annotations or labels).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.labels.is_empty()
    }

    /// What `it` annotates in the text now, as the file holds it: the
    /// paragraph, or the phrase (`it.span`) in it. `None` for an orphan.
    fn placed(&self, it: &Item) -> Option<Placed<'_>> {
        let i = it.para?;
        let r = self.spans.get(i)?;
        let &(start, end) = self.positions.get(i)?;
        let para = self.text.get(r.clone())?;
        let Some(span) = &it.span else {
            return Some(Placed {
                exact: para,
                bytes: r.clone(),
                start,
                end,
            });
        };
        // Code points of the paragraph are code points of its raw text:
        // sanitizing replaces one character by one.
        let byte = |cp: usize| -> Option<usize> {
            para.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(para.len()))
                .nth(cp)
        };
        let (from, to) = (byte(span.start)?, byte(span.end)?);
        (from < to).then(|| Placed {
            exact: &para[from..to],
            bytes: r.start + from..r.start + to,
            start: start + span.start,
            end: start + span.end,
        })
    }

    /// Up to `n` code points of the text before and after the bytes `r`.
    fn context(&self, r: std::ops::Range<usize>, n: usize) -> (String, String) {
        let (Some(before), Some(rest)) = (self.text.get(..r.start), self.text.get(r.end..)) else {
            return (String::new(), String::new());
        };
        let start = before
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(b, _)| b);
        let after: String = rest.chars().take(n).collect();
        (before[start..].to_string(), after)
    }

    /// The article's IRI: under `base` when given, else a `file:` URI of
    /// its canonical path, percent-encoded.
    pub fn iri(&self, base: Option<&str>) -> String {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        /// What stays as it is in a path: RFC 3986 unreserved, and `/`.
        const PATH: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~')
            .remove(b'/');
        let bytes = |s: &std::ffi::OsStr| -> String {
            percent_encoding::percent_encode(s.as_encoded_bytes(), PATH).to_string()
        };
        match base {
            Some(b) => {
                let name = self.path.file_name().unwrap_or_default();
                let name = match name.to_str() {
                    Some(n) => utf8_percent_encode(n, PATH).to_string(),
                    None => bytes(name),
                };
                format!("{b}{}{name}", if b.ends_with('/') { "" } else { "/" })
            }
            None => format!("file://{}", bytes(self.path.as_os_str())),
        }
    }
}
