//! `hamish annotate`: tag or note a paragraph from a script.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use crate::article::Article;
use crate::config::Config;
use crate::notes::NoteStore;
use crate::notes::edit::change_paragraph;
use crate::text::display::display_path;

pub struct AnnotateArgs<'a> {
    pub file: &'a Path,
    /// 1-based, as the reader shows it.
    pub paragraph: usize,
    pub tags: &'a [String],
    pub note: Option<&'a str>,
    pub remove: bool,
    /// How long to wait for another hamish saving the same sidecar.
    pub patience: std::time::Duration,
    /// Where an edit that could not be saved is kept (`None`: nowhere).
    pub drafts: Option<&'a Path>,
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
    if store.read_only.is_some() {
        bail!(
            "annotations of {shown} not saved: {}",
            store.warnings.join("; ")
        );
    }
    for w in &store.warnings {
        writeln!(err, "hamish: {w}")?;
    }
    let para = args.paragraph - 1;
    let remove_all = args.remove && args.tags.is_empty() && args.note.is_none();
    let mut changes = change_paragraph(
        &store,
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
    // What was asked, not only what differs from the file as read: a tag
    // asked for (or asked away) that another process removed (or added)
    // meanwhile is added (or removed) all the same, so the result is that
    // of one order of the two commands.
    let on_para = crate::notes::edit::on_paragraph(&store, &article.paragraphs, para);
    for (i, c) in changes.iter_mut().enumerate() {
        for t in args.tags {
            let elsewhere = on_para.iter().skip(1).any(|a| a.tags.contains(t));
            let list = if args.remove {
                &mut c.remove_tags
            } else if i == 0 && !elsewhere {
                &mut c.add_tags
            } else {
                continue;
            };
            if !list.contains(t) {
                list.push(t.clone());
            }
        }
    }
    for c in changes {
        store.apply(c);
    }
    let saved = store.save_waiting(args.patience, |busy| {
        let _ = writeln!(
            err,
            "hamish: waiting for {}, held by another hamish{}; giving up after {} s",
            display_path(&busy.lock),
            busy.holder
                .map(|p| format!(" (process {p})"))
                .unwrap_or_default(),
            args.patience.as_secs()
        );
    });
    if let Err(e) = saved {
        let kept = match (args.drafts, store.has_unsaved()) {
            (Some(root), true) => {
                crate::notes::drafts::keep_changes(root, args.file, &store.unsaved_changes())
                    .is_ok()
            }
            _ => false,
        };
        let kept = if kept {
            format!(
                "; the change is kept as a draft, which the reader offers when you open {shown}"
            )
        } else {
            String::new()
        };
        bail!("annotations of {shown} not saved: {e}{kept}");
    }
    for n in &store.notices {
        writeln!(err, "hamish: {n}")?;
    }
    if store.fallback {
        writeln!(
            err,
            "hamish: the folder of {shown} is not writable; annotations saved in {}",
            display_path(&store.path)
        )?;
    }
    // The paragraph as the reader shows it: every annotation on it.
    let anns = crate::notes::edit::on_paragraph(&store, &article.paragraphs, para);
    if anns.is_empty() {
        writeln!(out, "paragraph {}: no annotation", args.paragraph)?;
        return Ok(());
    }
    let mut tags: Vec<&str> = Vec::new();
    for t in anns.iter().flat_map(|a| &a.tags) {
        if !tags.contains(&t.as_str()) {
            tags.push(t);
        }
    }
    let notes = anns.iter().filter(|a| !a.note.trim().is_empty()).count();
    let conflicts: usize = anns.iter().map(|a| a.conflicts.len()).sum();
    writeln!(
        out,
        "paragraph {}: tags [{}]{}",
        args.paragraph,
        tags.join(", "),
        match (notes, conflicts) {
            (0, _) => String::new(),
            (_, 0) => ", with a note".into(),
            (_, n) => format!(
                ", with a note and {n} other version(s) of it saved at the same time (merge them in the reader)"
            ),
        }
    )?;
    Ok(())
}
