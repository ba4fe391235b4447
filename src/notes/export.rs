//! Export (DESIGN §4.5): JSONL, CSV, W3C Web Annotation JSON-LD, brat
//! standoff and a Markdown review report. Every export reflects the article
//! as it is now: paragraph numbers are re-anchored, and orphans are marked
//! with their status, not dropped.

mod brat;
mod markdown;
mod table;
mod w3c;

pub use brat::{brat, brat_conf, brat_type};
pub use markdown::{markdown, md_text};
pub use table::{csv, jsonl, no_formula};
pub use w3c::w3c;

use std::path::Path;

use serde_json::{Value, json};

use super::anchor::{Item, Status, place_all};
use super::store::NoteStore;
use crate::article::{Span, paragraph_spans};
use crate::config::Config;
use crate::text::display::display_name;
use crate::text::sanitize;

/// One article with its annotations placed.
#[derive(Debug, Clone)]
pub struct ExportArticle {
    /// The file name, made safe to show.
    pub name: String,
    /// The file's canonical path (for IRIs and output names).
    pub path: std::path::PathBuf,
    /// The decoded text (BOM removed) that positions refer to.
    pub text: String,
    pub spans: Vec<Span>,
    /// Code-point start and end of each paragraph in `text`.
    pub positions: Vec<(usize, usize)>,
    pub items: Vec<Item>,
    /// What reading its annotations found (a refused sidecar, unreadable
    /// lines), to tell the user.
    pub warnings: Vec<String>,
}

impl ExportArticle {
    pub fn load(path: &Path) -> std::io::Result<ExportArticle> {
        let bytes = crate::files::read_regular(path)?;
        let decoded = sanitize::decode(&bytes);
        let text = match decoded.text.strip_prefix('\u{FEFF}') {
            Some(t) => t.to_string(),
            None => decoded.text,
        };
        let spans = paragraph_spans(&text);
        let paragraphs: Vec<String> = spans.iter().map(|(_, p)| p.clone()).collect();
        let mut positions = Vec::with_capacity(spans.len());
        let (mut byte, mut cp) = (0, 0);
        for (r, _) in &spans {
            cp += text[byte..r.start].chars().count();
            let start = cp;
            cp += text[r.clone()].chars().count();
            byte = r.end;
            positions.push((start, cp));
        }
        let store = NoteStore::open(path);
        Ok(ExportArticle {
            name: display_name(path),
            path: super::store::canonical(path),
            items: place_all(&store, &paragraphs),
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
            .and_then(|(r, _)| self.text.get(r.clone()))
    }

    /// Up to `n` code points of the text before and after paragraph `i`.
    fn around(&self, i: usize, n: usize) -> (String, String) {
        let Some((r, _)) = self.spans.get(i) else {
            return (String::new(), String::new());
        };
        let before = &self.text[..r.start];
        let start = before
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(b, _)| b);
        let after: String = self.text[r.end..].chars().take(n).collect();
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
