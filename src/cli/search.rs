//! `hamish search PATH QUERY`: every paragraph of an article or a folder
//! where the query is, folded as the reader searches (harakat, tatweel and
//! letter variants ignored), a line per hit as ripgrep prints them.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::article::article_paths;
use crate::article::search::each_hit;
use crate::text::display::display_name;
use crate::text::fold::Fold;

#[derive(Serialize)]
struct Hit {
    /// The article's path as found under PATH (JSON escapes what a
    /// terminal should not see).
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
    let mut folded = String::new();
    crate::text::fold::fold_str(query, how, &mut folded);
    if folded.trim().is_empty() {
        anyhow::bail!(
            "nothing to search for: the query is empty once harakat, tatweel and spaces are left out"
        );
    }
    let mut n = 0;
    for file in articles(path)? {
        let name = display_name(&file);
        let mut failed = None;
        let found = each_hit(&file, query, how, |h| {
            if failed.is_some() {
                return;
            }
            n += 1;
            let written = if json {
                let hit = Hit {
                    file: file.to_string_lossy().into_owned(),
                    paragraph: h.para + 1,
                    start: h.chars.start,
                    end: h.chars.end,
                    snippet: format!("{}{}{}", h.before, h.matched, h.after),
                    matched: h.matched,
                };
                serde_json::to_writer(&mut out, &hit)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out))
            } else {
                // Logical order, shown safely: «» around the hit.
                let shown = crate::text::sanitize::shown;
                writeln!(
                    out,
                    "{name}:{}: {}«{}»{}",
                    h.para + 1,
                    shown(&h.before),
                    shown(&h.matched),
                    shown(&h.after)
                )
            };
            if let Err(e) = written {
                failed = Some(e);
            }
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
        if let Err(e) = found {
            writeln!(err, "hamish: {e}")?;
        }
        out.flush()?;
    }
    Ok(n)
}
