//! `hamish export`: one article or a whole folder, in five formats.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::article::{display_path, scan::article_paths};
use crate::config::Config;
use crate::notes::export::{self, ExportArticle};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
    W3c,
    Brat,
    Md,
}

/// The articles under `path` (a file or a folder) with their annotations.
pub fn load_articles(path: &Path) -> anyhow::Result<Vec<ExportArticle>> {
    let paths: Vec<PathBuf> = if path.is_dir() {
        article_paths(path).map_err(anyhow::Error::msg)?
    } else {
        vec![path.to_path_buf()]
    };
    paths
        .iter()
        .map(|p| ExportArticle::load(p).with_context(|| format!("cannot read {}", display_path(p))))
        .collect()
}

pub fn export(
    path: &Path,
    format: Format,
    output: Option<&Path>,
    config: &Config,
    mut out: impl Write,
    mut err: impl Write,
) -> anyhow::Result<()> {
    let articles = load_articles(path)?;
    for w in articles.iter().flat_map(|a| &a.warnings) {
        writeln!(err, "hamish: {w}")?;
    }
    let text = match format {
        Format::Jsonl => export::jsonl(&articles),
        Format::Csv => export::csv(&articles),
        Format::W3c => export::w3c(&articles),
        Format::Md => export::markdown(&articles, config),
        Format::Brat => {
            let Some(dir) = output else {
                bail!("brat writes a .txt and an .ann file per article: give a folder with -o");
            };
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", display_path(dir)))?;
            for a in articles.iter().filter(|a| !a.items.is_empty()) {
                let (txt, ann, skipped) = export::brat(a);
                let stem = Path::new(&a.name)
                    .file_stem()
                    .map_or_else(|| a.name.clone(), |s| s.to_string_lossy().into_owned());
                for (ext, body) in [("txt", &txt), ("ann", &ann)] {
                    let p = dir.join(format!("{stem}.{ext}"));
                    std::fs::write(&p, body)
                        .with_context(|| format!("cannot write {}", display_path(&p)))?;
                }
                for id in skipped {
                    writeln!(
                        err,
                        "hamish: {}: orphan annotation {id} has no place in the text; not in brat",
                        a.name
                    )?;
                }
            }
            return Ok(());
        }
    };
    match output {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("cannot write {}", display_path(p)))?
        }
        None => {
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}
