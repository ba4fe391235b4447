//! `hamish search PATH QUERY`: every paragraph of an article or a folder
//! where the query is, folded as the reader searches (harakat, tatweel and
//! letter variants ignored), a line per hit as ripgrep prints them.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::article::article_paths;
use crate::article::search::search_file;
use crate::text::display::display_name;
use crate::text::fold::Fold;

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

/// Search; the number of hits. Hits are written as they are found, an
/// article at a time (JSON: one object per line).
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
        let found = match search_file(&file, query, how) {
            Ok(Some(found)) => found,
            Ok(None) => continue,
            Err(e) => {
                writeln!(err, "hamish: {e}")?;
                continue;
            }
        };
        let name = display_name(&file);
        for h in found.hits {
            n += 1;
            if json {
                let hit = Hit {
                    file: name.clone(),
                    paragraph: h.para + 1,
                    start: h.chars.start,
                    end: h.chars.end,
                    snippet: format!("{}{}{}", h.before, h.matched, h.after),
                    matched: h.matched,
                };
                serde_json::to_writer(&mut out, &hit)?;
                writeln!(out)?;
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
                )?;
            }
        }
        out.flush()?;
    }
    Ok(n)
}
