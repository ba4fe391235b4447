//! `hamish search PATH QUERY`: every paragraph of an article or a folder
//! where the query is, folded as the reader searches (harakat, tatweel and
//! letter variants ignored), a line per hit as ripgrep prints them.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::article::{LineReader, article_paths};
use crate::text::display::display_name;
use crate::text::fold::{Fold, find_all};

/// Characters of context either side of a hit in its snippet.
const CONTEXT: usize = 30;

#[derive(Serialize)]
struct Hit {
    file: String,
    /// From 1, as the reader numbers paragraphs.
    paragraph: usize,
    /// Code points of the paragraph's text.
    start: usize,
    end: usize,
    #[serde(rename = "match")]
    matched: String,
    snippet: String,
}

/// The articles under `path`: itself, or a folder's.
fn articles(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_dir() {
        article_paths(path).map_err(anyhow::Error::msg)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        anyhow::bail!(
            "cannot read {}: no such file or folder",
            crate::text::display::display_path(path)
        )
    }
}

/// Search; the number of hits. Hits are written as they are found, a
/// paragraph at a time (JSON: one object per line): an article is read a
/// buffer at a time, never held whole, so any file is searched in bounded
/// memory.
pub fn search(
    path: &Path,
    query: &str,
    how: Fold,
    json: bool,
    mut out: impl Write,
    mut err: impl Write,
) -> anyhow::Result<usize> {
    let mut n = 0;
    for file in articles(path)? {
        let cannot = |e: std::io::Error| {
            format!(
                "hamish: cannot read {}: {e}",
                crate::text::display::display_path(&file)
            )
        };
        let f = match crate::files::open_regular(&file) {
            Ok(f) => f,
            Err(e) => {
                writeln!(err, "{}", cannot(e))?;
                continue;
            }
        };
        let mut paragraphs = LineReader::new(std::io::BufReader::with_capacity(1 << 16, f));
        let name = display_name(&file);
        let mut p = 0;
        loop {
            let more = match paragraphs.next_paragraphs() {
                Ok(Some(more)) => more,
                Ok(None) => break,
                Err(e) => {
                    writeln!(err, "{}", cannot(e))?;
                    break;
                }
            };
            for text in more {
                p += 1;
                n += write_hits(&name, p, &text, query, how, json, &mut out)?;
            }
        }
        out.flush()?;
    }
    Ok(n)
}

/// The hits of `query` in paragraph `p` of an article; how many.
fn write_hits(
    name: &str,
    p: usize,
    text: &str,
    query: &str,
    how: Fold,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<usize> {
    let hits = find_all(text, query, how);
    // Code points counted on from the last hit, not from the start each
    // time: a long paragraph with many hits stays linear.
    let (mut byte, mut cp) = (0, 0);
    for r in &hits {
        cp += text[byte..r.start].chars().count();
        byte = r.start;
        let start = cp;
        let len = text[r.clone()].chars().count();
        let from = text[..r.start]
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(0, |(i, _)| i);
        let before = &text[from..r.start];
        let after: String = text[r.end..].chars().take(CONTEXT).collect();
        let hit = Hit {
            file: name.to_string(),
            paragraph: p,
            start,
            end: start + len,
            matched: text[r.clone()].to_string(),
            snippet: format!("{before}{}{after}", &text[r.clone()]),
        };
        if json {
            serde_json::to_writer(&mut *out, &hit)?;
            writeln!(out)?;
        } else {
            // Logical order, shown safely: «» around the hit.
            let shown = crate::text::sanitize::shown;
            writeln!(
                out,
                "{}:{}: {}«{}»{}",
                hit.file,
                hit.paragraph,
                shown(before),
                shown(&hit.matched),
                shown(&after)
            )?;
        }
    }
    Ok(hits.len())
}
