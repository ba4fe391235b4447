//! `hamish export`: one article or a whole folder, in five formats.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::article::{is_article, scan::article_paths};
use crate::config::Config;
use crate::notes::export::{self, ExportArticle};
use crate::notes::store::SIDECAR_SUFFIX;
use crate::text::display::display_path;

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
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// W3C: name articles under this IRI (else `file:` URIs).
    pub base_iri: Option<String>,
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

/// A brat document name for `article`, from its real file name and unique
/// among `taken`: `t.txt` is `t`, `t.md` is `t.md` (never the same as
/// `t.txt`'s), and a name taken already gets `-2`, `-3`…
fn brat_name(
    article: &Path,
    taken: &mut std::collections::HashSet<std::ffi::OsString>,
) -> std::ffi::OsString {
    let file = article.file_name().unwrap_or_default();
    let base = match file.to_str().and_then(|f| f.strip_suffix(".txt")) {
        Some(stem) if !stem.is_empty() => std::ffi::OsString::from(stem),
        _ => file.to_os_string(),
    };
    let mut name = base.clone();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = base.clone();
        name.push(format!("-{n}"));
    }
    name
}

/// Text for a terminal: every control character but the line break shown
/// as its visible stand-in.
pub(crate) fn for_terminal(text: &str) -> String {
    text.split('\n')
        .map(crate::text::sanitize::shown)
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
        Format::W3c => {
            let base = opts.base_iri.as_deref().or(config.base_iri.as_deref());
            export::w3c(&articles, base)
        }
        Format::Md => export::markdown(&articles, config),
        Format::Brat => {
            let Some(dir) = output else {
                bail!("brat writes a .txt and an .ann file per article: give a folder with -o");
            };
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", display_path(dir)))?;
            let (annotation, visual) = export::brat_conf(config, &articles);
            for (name, body) in [("annotation.conf", &annotation), ("visual.conf", &visual)] {
                let p = dir.join(name);
                std::fs::write(&p, body)
                    .with_context(|| format!("cannot write {}", display_path(&p)))?;
            }
            let mut taken = std::collections::HashSet::new();
            for a in articles.iter().filter(|a| !a.items.is_empty()) {
                let (txt, ann, skipped) = export::brat(a);
                let stem = brat_name(&a.path, &mut taken);
                for (ext, body) in [("txt", &txt), ("ann", &ann)] {
                    let mut name = stem.clone();
                    name.push(".");
                    name.push(ext);
                    let p = dir.join(name);
                    std::fs::write(&p, body)
                        .with_context(|| format!("cannot write {}", display_path(&p)))?;
                }
                for (id, why) in skipped {
                    writeln!(
                        err,
                        "hamish: {}: annotation {} is {why}; not in brat",
                        a.name,
                        crate::text::sanitize::sanitize(&id)
                    )?;
                }
            }
            // brat has no annotation on a document as a whole: say what
            // is left out.
            for a in articles.iter().filter(|a| !a.labels.is_empty()) {
                let mut tags: Vec<&str> = Vec::new();
                for t in a.labels.iter().flat_map(|l| &l.tags) {
                    if !tags.contains(&t.as_str()) {
                        tags.push(t);
                    }
                }
                let tags = crate::text::sanitize::shown(&tags.join(", "));
                writeln!(
                    err,
                    "hamish: {}: {} label(s) on the article as a whole [{tags}] left out: brat has no annotation on a whole document",
                    a.name,
                    a.labels.len(),
                )?;
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
