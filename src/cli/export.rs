//! `hamish export`: one article or a whole folder, in five formats.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::article::{display_path, is_article, scan::article_paths};
use crate::config::Config;
use crate::notes::export::{self, ExportArticle};
use crate::notes::store::SIDECAR_SUFFIX;

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

/// How an export is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Start a CSV file with a byte-order mark (Excel reads UTF-8 then).
    pub bom: bool,
    /// Standard output is a terminal: nothing from a file may reach it as
    /// a control character.
    pub to_terminal: bool,
}

/// Refuse an output that would overwrite what is exported: an article, a
/// sidecar (or its `.bak`, lock or temp files), or, for brat, a folder
/// that holds articles (brat writes a `.txt` per article).
fn check_output(output: &Path, format: Format) -> anyhow::Result<()> {
    let shown = display_path(output);
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if format == Format::Brat {
        if output.exists() && !output.is_dir() {
            bail!("{shown} is not a folder: brat writes a .txt and an .ann file per article");
        }
        if output.is_dir() && !article_paths(output).unwrap_or_default().is_empty() {
            bail!(
                "{shown} holds articles, which brat's .txt files would overwrite: give a folder of its own (e.g. -o brat)"
            );
        }
        return Ok(());
    }
    if output.is_dir() {
        bail!("{shown} is a folder: give a file name");
    }
    if name.contains(SIDECAR_SUFFIX) {
        bail!("{shown} is a sidecar: an export never writes over annotations");
    }
    if output.exists() && is_article(output) {
        bail!("{shown} is an article: an export never writes over one");
    }
    Ok(())
}

/// Text for a terminal: every control character but the line break shown
/// as its visible stand-in.
fn for_terminal(text: &str) -> String {
    text.split('\n')
        .map(crate::text::sanitize::sanitize)
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn export(
    path: &Path,
    format: Format,
    output: Option<&Path>,
    opts: Options,
    config: &Config,
    mut out: impl Write,
    mut err: impl Write,
) -> anyhow::Result<()> {
    if let Some(o) = output {
        check_output(o, format)?;
    }
    let articles = load_articles(path)?;
    for w in articles.iter().flat_map(|a| &a.warnings) {
        writeln!(err, "hamish: {w}")?;
    }
    let text = match format {
        Format::Jsonl => export::jsonl(&articles),
        Format::Csv if opts.bom => format!("\u{FEFF}{}", export::csv(&articles)),
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
            let text = if opts.to_terminal {
                for_terminal(&text)
            } else {
                text
            };
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}
