//! `hamish doctor PATH`: what is wrong with a corpus's annotations, and the
//! one repair that cannot lose anything (merging conflict copies).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::article::{Article, display_name, display_path, scan::article_paths};
use crate::notes::export::place_all;
use crate::notes::sidecar;
use crate::notes::store::SIDECAR_SUFFIX;
use crate::notes::{NoteStore, Status};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub articles: usize,
    pub annotations: usize,
    pub exact: usize,
    pub moved: usize,
    pub review: usize,
    pub orphans: usize,
    pub unreadable_lines: usize,
    pub lonely_sidecars: usize,
    pub merged_copies: usize,
}

/// Other copies of an article's sidecar left in its folder: sync-tool
/// conflict copies and temp files from interrupted saves.
fn conflict_copies(dir: &Path, article_name: &str) -> Vec<PathBuf> {
    let sidecar = format!("{article_name}{SIDECAR_SUFFIX}");
    let stem = format!("{article_name}.annotations");
    let tmp = format!(".{sidecar}.tmp-");
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let own = n == sidecar
                || n == format!("{sidecar}.bak")
                || n == format!("{sidecar}.lock")
                || n.ends_with(".merged")
                || n.starts_with(&format!(".{sidecar}.bak.tmp-"));
            !own && (n.starts_with(&stem) || n.starts_with(&tmp))
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

pub fn doctor(path: &Path, mut out: impl Write) -> anyhow::Result<Summary> {
    let (dir, articles) = if path.is_dir() {
        (
            path.to_path_buf(),
            article_paths(path).map_err(anyhow::Error::msg)?,
        )
    } else {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (dir, vec![path.to_path_buf()])
    };
    let mut sum = Summary::default();

    for art_path in &articles {
        let name = art_path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let shown = display_name(art_path);
        let mut store = NoteStore::open(art_path);

        // Merge conflict copies first, so the report covers them.
        for copy in conflict_copies(&dir, &name) {
            let bytes = std::fs::read(&copy)
                .with_context(|| format!("cannot read {}", display_path(&copy)))?;
            let parsed = sidecar::parse(&bytes);
            let changed = store.absorb(parsed.records);
            store.save().with_context(|| {
                format!("cannot merge {} into the sidecar", display_path(&copy))
            })?;
            let copy_name = display_name(&copy);
            if copy_name.starts_with('.') && copy_name.contains(".tmp-") {
                std::fs::remove_file(&copy)
                    .with_context(|| format!("cannot remove {}", display_path(&copy)))?;
                writeln!(
                    out,
                    "{shown}: merged {changed} annotation(s) from the leftover {copy_name} and removed it"
                )?;
            } else {
                let mut done = copy.clone().into_os_string();
                done.push(".merged");
                std::fs::rename(&copy, &done)
                    .with_context(|| format!("cannot rename {}", display_path(&copy)))?;
                writeln!(
                    out,
                    "{shown}: merged {changed} annotation(s) from {copy_name} (kept as {copy_name}.merged)"
                )?;
            }
            sum.merged_copies += 1;
        }

        if store.live().next().is_none() && store.bad_lines().is_empty() {
            continue;
        }
        let article = Article::load(art_path)?;
        let items = place_all(&store, &article.paragraphs);
        sum.articles += 1;
        sum.annotations += items.len();
        let mut counts = [0usize; 4];
        for it in &items {
            let k = match it.status {
                Status::Exact => 0,
                Status::Moved => 1,
                Status::NeedsReview => 2,
                Status::Orphan => 3,
            };
            counts[k] += 1;
        }
        sum.exact += counts[0];
        sum.moved += counts[1];
        sum.review += counts[2];
        sum.orphans += counts[3];
        sum.unreadable_lines += store.bad_lines().len();
        writeln!(
            out,
            "{shown}: {} annotation(s): {} exact, {} moved, {} need review, {} orphaned{}",
            items.len(),
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            if store.fallback {
                format!(" (sidecar in {})", display_path(&store.path))
            } else {
                String::new()
            }
        )?;
        for it in &items {
            let quote: String = it.ann.anchor.quote.chars().take(40).collect();
            match (it.status, it.para) {
                (Status::Moved, Some(p)) => writeln!(
                    out,
                    "  moved: ¶ {} → ¶ {}  {}",
                    it.ann.anchor.para_index + 1,
                    p + 1,
                    it.ann.id
                )?,
                (Status::NeedsReview, Some(p)) => writeln!(
                    out,
                    "  needs review: ¶ {}  {}  «{quote}…»",
                    p + 1,
                    it.ann.id
                )?,
                (Status::Orphan, _) => writeln!(
                    out,
                    "  orphan: was ¶ {}  {}  «{quote}…»",
                    it.ann.anchor.para_index + 1,
                    it.ann.id
                )?,
                _ => {}
            }
        }
        for w in &store.warnings {
            writeln!(out, "  {w}")?;
        }
    }

    // Sidecars whose article is gone.
    if let Ok(rd) = std::fs::read_dir(&dir) {
        let mut lonely: Vec<PathBuf> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let n = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                n.strip_suffix(SIDECAR_SUFFIX)
                    .is_some_and(|article| !n.starts_with('.') && !dir.join(article).exists())
            })
            .collect();
        lonely.sort();
        for p in lonely {
            sum.lonely_sidecars += 1;
            writeln!(
                out,
                "{}: no article of that name beside it",
                display_name(&p)
            )?;
        }
    }
    writeln!(
        out,
        "{} article(s) with {} annotation(s): {} exact, {} moved, {} need review, {} orphaned; {} unreadable line(s); {} sidecar(s) without article; {} conflict copy(ies) merged",
        sum.articles,
        sum.annotations,
        sum.exact,
        sum.moved,
        sum.review,
        sum.orphans,
        sum.unreadable_lines,
        sum.lonely_sidecars,
        sum.merged_copies
    )?;
    Ok(sum)
}
