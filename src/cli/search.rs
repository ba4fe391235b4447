//! `hamish search PATH QUERY`: every paragraph of an article or a folder
//! where the query is, folded as the reader searches (harakat, tatweel and
//! letter variants ignored), a line per hit as ripgrep prints them.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::article::{Article, article_paths};
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
        let bytes = match crate::files::read_regular(&file) {
            Ok(b) => b,
            Err(e) => {
                writeln!(
                    err,
                    "hamish: cannot read {}: {e}",
                    crate::text::display::display_path(&file)
                )?;
                continue;
            }
        };
        // Most articles hold no hit: a look at the whole text first.
        let text = crate::text::sanitize::decode(&bytes).text;
        if !crate::text::fold::contains(&text, query, how) {
            continue;
        }
        let article = Article::from_bytes(&file, &bytes);
        let name = display_name(&file);
        for (p, text) in article.paragraphs.iter().enumerate() {
            for r in find_all(text, query, how) {
                n += 1;
                let start = text[..r.start].chars().count();
                let len = text[r.clone()].chars().count();
                let before: String = {
                    let b: Vec<char> = text[..r.start].chars().collect();
                    b[b.len().saturating_sub(CONTEXT)..].iter().collect()
                };
                let after: String = text[r.end..].chars().take(CONTEXT).collect();
                let hit = Hit {
                    file: name.clone(),
                    paragraph: p + 1,
                    start,
                    end: start + len,
                    matched: text[r.clone()].to_string(),
                    snippet: format!("{before}{}{after}", &text[r.clone()]),
                };
                if json {
                    serde_json::to_writer(&mut out, &hit)?;
                    writeln!(out)?;
                } else {
                    // Logical order, shown safely: «» around the hit.
                    let shown = crate::text::sanitize::shown;
                    writeln!(
                        out,
                        "{}:{}: {}«{}»{}",
                        hit.file,
                        hit.paragraph,
                        shown(&before),
                        shown(&hit.matched),
                        shown(&after)
                    )?;
                }
            }
        }
        out.flush()?;
    }
    Ok(n)
}
