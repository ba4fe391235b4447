//! `hamish annotate`: tag or note a paragraph from a script.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};

use crate::article::{Article, display_path};
use crate::config::Config;
use crate::notes::NoteStore;
use crate::notes::edit::edit_paragraph;

pub struct AnnotateArgs<'a> {
    pub file: &'a Path,
    /// 1-based, as the reader shows it.
    pub paragraph: usize,
    pub tags: &'a [String],
    pub note: Option<&'a str>,
    pub remove: bool,
}

pub fn annotate(
    args: AnnotateArgs,
    config: &Config,
    mut out: impl Write,
    mut err: impl Write,
) -> anyhow::Result<()> {
    let article = Article::load(args.file)?;
    let shown = display_path(args.file);
    let n = article.paragraphs.len();
    if args.paragraph == 0 || args.paragraph > n {
        bail!(
            "{shown} has paragraphs 1 to {n}; there is no paragraph {}",
            args.paragraph
        );
    }
    for t in args.tags {
        if config.tag(t).is_none() {
            let known: Vec<&str> = config.tags.iter().map(|t| t.id.as_str()).collect();
            bail!("unknown tag {t:?}; the tags are: {}", known.join(", "));
        }
    }
    if !args.remove && args.tags.is_empty() && args.note.is_none() {
        bail!("nothing to do: give --tag, --note or --remove");
    }
    let mut store = NoteStore::open(args.file);
    for w in &store.warnings {
        writeln!(err, "hamish: {w}")?;
    }
    let para = args.paragraph - 1;
    let remove_all = args.remove && args.tags.is_empty() && args.note.is_none();
    let change = edit_paragraph(
        &mut store,
        &article.paragraphs,
        &article.doc_sha256,
        para,
        &config.author(),
        |a| {
            if remove_all {
                a.tags.clear();
                a.note.clear();
                return;
            }
            for t in args.tags {
                let has = a.tags.contains(t);
                if args.remove && has {
                    a.tags.retain(|x| x != t);
                } else if !args.remove && !has {
                    a.tags.push(t.clone());
                }
            }
            if let Some(note) = args.note {
                a.note = if args.remove {
                    String::new()
                } else {
                    note.to_string()
                };
            }
        },
    );
    store
        .save()
        .with_context(|| format!("annotations of {shown} not saved"))?;
    if store.fallback {
        writeln!(
            err,
            "hamish: the folder of {shown} is not writable; annotations saved in {}",
            display_path(&store.path)
        )?;
    }
    match store.get(&change.id) {
        Some(a) if !a.deleted => writeln!(
            out,
            "paragraph {}: tags [{}]{}",
            args.paragraph,
            a.tags.join(", "),
            if a.note.is_empty() {
                ""
            } else {
                ", with a note"
            }
        )?,
        _ => writeln!(out, "paragraph {}: no annotation", args.paragraph)?,
    }
    Ok(())
}
