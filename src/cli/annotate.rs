//! `hamish annotate`: tag or note a paragraph, a phrase of one, or the
//! article as a whole, from a script.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use crate::article::{IndexedArticle, Texts};
use crate::config::Config;
use crate::notes::anchor::Placements;
use crate::notes::edit::{article_labels, change_article, change_placed};
use crate::notes::{Annotation, NoteStore};
use crate::text::display::display_path;
use crate::text::sanitize::sanitize;

/// What `annotate` changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Paragraph `number` (1-based, as the reader shows it), or with
    /// `quote` the `occurrence`-th (1-based) place that phrase is written
    /// in it.
    Paragraph {
        number: usize,
        quote: Option<&'a str>,
        occurrence: usize,
    },
    /// The article as a whole (a label).
    Article,
}

pub struct AnnotateArgs<'a> {
    pub file: &'a Path,
    pub target: Target<'a>,
    pub tags: &'a [String],
    pub note: Option<&'a str>,
    pub remove: bool,
    /// How long to wait for another hamish saving the same sidecar.
    pub patience: std::time::Duration,
    /// Where an edit that could not be saved is kept (`None`: nowhere).
    pub drafts: Option<&'a Path>,
    /// Whose annotation it is (`--author`); else as the config says.
    pub author: Option<&'a str>,
}

pub fn annotate(
    args: AnnotateArgs,
    config: &Config,
    mut out: impl Write,
    mut err: impl Write,
) -> anyhow::Result<()> {
    // By an index: a long article's text is read again, not held.
    let indexed = IndexedArticle::load(args.file)?;
    let texts = indexed.texts();
    let article = &indexed.article;
    let shown = display_path(args.file);
    let n = indexed.len();
    // The paragraph (0-based) and the phrase's code points in it.
    let place = match args.target {
        Target::Article => None,
        Target::Paragraph { number, .. } if number == 0 || number > n => {
            bail!("{shown} has paragraphs 1 to {n}; there is no paragraph {number}")
        }
        Target::Paragraph {
            number,
            quote: None,
            ..
        } => Some((number - 1, None)),
        Target::Paragraph {
            number,
            quote: Some(quote),
            occurrence,
        } => {
            // Read as the article's text is (a tab is a space), without
            // spaces at its ends, which are no part of a phrase.
            let quote = sanitize(quote);
            let quote = quote.trim();
            if quote.is_empty() {
                bail!("{shown}: --quote is empty: give the text of the phrase to annotate");
            }
            let text = texts.text(number - 1).unwrap_or_default();
            let span = find_phrase(&text, quote, occurrence).map_err(|e| {
                if texts.failed() || indexed.changed() {
                    anyhow::anyhow!(
                        "{shown} changed while it was read; nothing annotated: try again"
                    )
                } else {
                    anyhow::anyhow!("{shown}: paragraph {number} {e}; nothing annotated")
                }
            })?;
            Some((number - 1, Some(span)))
        }
    };
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
    let remove_all = args.remove && args.tags.is_empty() && args.note.is_none();
    let edit = |a: &mut Annotation| {
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
    };
    let author = match args.author.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => crate::text::sanitize::sanitize(a),
        None => config.author_in(crate::files::folder_of(args.file)),
    };
    // Placed once, then only anchors not seen yet (one not in place is
    // looked for through the whole article).
    let placements = std::cell::RefCell::new(Placements::default());
    let placed = |store: &NoteStore| placements.borrow_mut().place_all(store, &texts);
    let mut changes = match &place {
        None => change_article(&store, &article.doc_sha256, &author, edit),
        Some((para, span)) => change_placed(
            &placed(&store),
            &texts,
            &article.doc_sha256,
            *para,
            span.clone(),
            &author,
            edit,
        ),
    };
    // The annotations on the target, as the reader shows it.
    let on = |store: &NoteStore| match &place {
        None => article_labels(store),
        Some((para, span)) => placed(store)
            .into_iter()
            .filter(|it| it.para == Some(*para) && it.span.as_ref() == span.as_ref())
            .map(|it| it.ann)
            .collect(),
    };
    // What was asked, not only what differs from the file as read: a tag
    // asked for (or asked away) that another process removed (or added)
    // meanwhile is added (or removed) all the same, so the result is that
    // of one order of the two commands.
    let on_target_now = on(&store);
    for (i, c) in changes.iter_mut().enumerate() {
        for t in args.tags {
            let elsewhere = on_target_now.iter().skip(1).any(|a| a.tags.contains(t));
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
    // Anchored on text read again from the file: not if it changed.
    if texts.failed() || indexed.changed() {
        bail!("{shown} changed while it was read; nothing annotated: try again");
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
    // The target as the reader shows it: every annotation on it.
    let what = match &place {
        None => "article".to_string(),
        Some((para, None)) => format!("paragraph {}", para + 1),
        Some((para, Some(span))) => {
            let phrase: String = texts
                .text(*para)
                .map(|p| p.chars().skip(span.start).take(span.len()).collect())
                .unwrap_or_default();
            format!(
                "paragraph {}, phrase {} at {}..{}",
                para + 1,
                quoted(&phrase),
                span.start,
                span.end
            )
        }
    };
    let anns = on(&store);
    if texts.failed() || indexed.changed() {
        writeln!(
            err,
            "hamish: {shown} changed once the annotation was saved: this report may not be its text now (hamish doctor tells)"
        )?;
    }
    if anns.is_empty() {
        writeln!(out, "{what}: no annotation")?;
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
        "{what}: tags [{}]{}",
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

/// Text from the user or a file, quoted for a message: no control
/// character, no bidi control at work.
fn quoted(text: &str) -> String {
    format!("\"{}\"", crate::text::sanitize::shown(text))
}

/// The code points of the `occurrence`-th (from 1) place `phrase` is
/// written in `text`, each found after the end of the one before; else
/// what is wrong, to follow "paragraph N".
fn find_phrase(
    text: &str,
    phrase: &str,
    occurrence: usize,
) -> Result<std::ops::Range<usize>, String> {
    if phrase.is_empty() {
        return Err("holds no empty phrase".into());
    }
    let found: Vec<usize> = text.match_indices(phrase).map(|(b, _)| b).collect();
    let Some(&byte) = occurrence.checked_sub(1).and_then(|k| found.get(k)) else {
        return Err(match found.len() {
            0 => format!("does not hold {}", quoted(phrase)),
            n => format!(
                "holds {} {n} time(s); there is no occurrence {occurrence}",
                quoted(phrase)
            ),
        });
    };
    let start = text[..byte].chars().count();
    Ok(start..start + phrase.chars().count())
}

#[cfg(test)]
mod tests {
    use super::find_phrase;

    #[test]
    fn a_phrase_is_found_by_its_occurrence_in_code_points() {
        let text = "قال إن الجيش تقدم ثم إن الجيش انسحب";
        // "قال إن " is 7 code points; the second "الجيش" follows
        // "قال إن الجيش تقدم ثم إن " (24 code points).
        assert_eq!(find_phrase(text, "الجيش", 1), Ok(7..12));
        assert_eq!(find_phrase(text, "الجيش", 2), Ok(24..29));
        let past = find_phrase(text, "الجيش", 3).expect_err("no third");
        assert!(
            past.contains("2 time(s)") && past.contains("occurrence 3"),
            "{past}"
        );
        let none = find_phrase(text, "دمشق", 1).expect_err("not there");
        assert!(none.contains("does not hold \"دمشق\""), "{none}");
        assert!(find_phrase(text, "", 1).is_err());
        assert!(find_phrase(text, "الجيش", 0).is_err());
        // Shown harmlessly: no escape, no override at work.
        let odd = find_phrase(text, "\u{1b}[2J\u{202e}x", 1).expect_err("not there");
        assert!(
            !odd.contains('\u{1b}') && !odd.contains('\u{202e}'),
            "{odd:?}"
        );
    }
}
