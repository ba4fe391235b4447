//! `hamish doctor PATH`: what is wrong with a corpus's annotations, and the
//! repairs that cannot lose anything: merging conflict copies and the temp
//! files of interrupted saves, and giving the second of two different
//! versions of one id an id of its own.
//!
//! The folder is listed once; a copy is recognised only by the exact names
//! hamish, git and sync tools give it, and only if it reads as a sidecar.
//! Nothing read from a file is printed unsanitised.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use crate::article::{IndexedArticle, scan::article_paths};
use crate::notes::anchor::place_all;
use crate::notes::disk::is_leftover;
use crate::notes::sidecar;
use crate::notes::store::SIDECAR_SUFFIX;
use crate::notes::{NoteStore, Status};
use crate::text::display::{display_name, display_path};
use crate::text::sanitize::sanitize;

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
    pub duplicates: usize,
    pub refused: usize,
    /// Articles that could not be checked or repaired (reported; the rest
    /// of the folder is checked all the same).
    pub errors: usize,
}

/// What kind of copy of a sidecar a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Copy {
    /// The temp file of a save that was killed: merged, then removed.
    Leftover,
    /// A conflict copy (git, a sync tool): merged, then kept as `.merged`.
    Conflict,
    /// The `.bak` temp of a killed save: an older version, removed.
    StaleBak,
}

/// The sidecar name a copy named `name` belongs to, and its kind, by the
/// exact names hamish, git and sync tools give copies.
pub fn copy_of(name: &str) -> Option<(String, Copy)> {
    let stem_to_sidecar = |t: &str| format!("{t}.jsonl");
    // hamish: `.S.<8 random>.tmp`, and `.S.tmp-<pid>` from earlier versions.
    if let Some(rest) = name.strip_prefix('.') {
        let sidecar = match rest.rsplit_once(".tmp-") {
            Some((s, _)) => s.to_string(),
            None => rest
                .strip_suffix(crate::notes::disk::TEMP_SUFFIX)
                .and_then(|r| r.rsplit_once('.'))
                .map(|(s, _)| s.to_string())?,
        };
        if !is_leftover(&sidecar, name) {
            return None;
        }
        // A killed save's `.bak` temp holds an older version: removed.
        return Some(match sidecar.strip_suffix(".bak") {
            Some(s) => (s.to_string(), Copy::StaleBak),
            None => (sidecar, Copy::Leftover),
        });
    }
    // git: `S.orig` (mergetool's backup), `S~HEAD`, `S~branch`.
    if let Some(s) = name.strip_suffix(".orig") {
        return Some((s.to_string(), Copy::Conflict));
    }
    if let Some((s, side)) = name.rsplit_once('~')
        && !side.is_empty()
        && s.ends_with(SIDECAR_SUFFIX)
    {
        return Some((s.to_string(), Copy::Conflict));
    }
    let stem = name.strip_suffix(".jsonl")?;
    // git mergetool: `T_LOCAL_<pid>.jsonl` (and REMOTE, BASE, BACKUP).
    for side in ["_LOCAL_", "_REMOTE_", "_BASE_", "_BACKUP_"] {
        if let Some((t, pid)) = stem.rsplit_once(side)
            && !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
        {
            return Some((stem_to_sidecar(t), Copy::Conflict));
        }
    }
    // Syncthing: `T.sync-conflict-<date>-<time>-<device>.jsonl`.
    if let Some((t, _)) = stem.split_once(".sync-conflict-") {
        return Some((stem_to_sidecar(t), Copy::Conflict));
    }
    // Dropbox, Nextcloud: `T (… conflicted copy …).jsonl`.
    if stem.ends_with(')')
        && let Some(at) = stem.find("conflicted copy")
        && let Some(open) = stem[..at].rfind(" (")
    {
        return Some((stem_to_sidecar(&stem[..open]), Copy::Conflict));
    }
    None
}

/// A name for `path` with `.merged` added that no file has yet.
fn merged_name(path: &Path) -> PathBuf {
    let mut n = 0;
    loop {
        let mut name = path.as_os_str().to_os_string();
        name.push(if n == 0 {
            ".merged".to_string()
        } else {
            format!(".merged.{n}")
        });
        let p = PathBuf::from(name);
        if std::fs::symlink_metadata(&p).is_err() {
            return p;
        }
        n += 1;
    }
}

/// Check (and repair) the annotations of `path`, an article or a folder;
/// a sidecar locked by another hamish is waited for up to `patience`.
pub fn doctor(path: &Path, patience: Duration, mut out: impl Write) -> anyhow::Result<Summary> {
    let folder = path.is_dir();
    let (dir, articles) = if folder {
        (
            path.to_path_buf(),
            article_paths(path).map_err(anyhow::Error::msg)?,
        )
    } else {
        let dir = crate::files::folder_of(path).to_path_buf();
        (dir, vec![path.to_path_buf()])
    };
    // The folder, read once.
    let listing: Vec<OsString> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read folder {}", display_path(&dir)))?
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    // Every article of the folder, even when one file was asked for: an
    // article is never taken for a copy of a sidecar.
    let others = if folder {
        Vec::new()
    } else {
        article_paths(&dir).unwrap_or_default()
    };
    let article_names: HashSet<OsString> = others
        .iter()
        .chain(&articles)
        .filter_map(|a| a.file_name().map(OsString::from))
        .collect();
    let mut copies: HashMap<String, Vec<(PathBuf, Copy)>> = HashMap::new();
    for name in &listing {
        if article_names.contains(name) {
            continue;
        }
        // Names that are not UTF-8 are never taken for copies: two of
        // them could read alike.
        let Some(name_str) = name.to_str() else {
            continue;
        };
        if let Some((sidecar, kind)) = copy_of(name_str) {
            copies
                .entry(sidecar)
                .or_default()
                .push((dir.join(name), kind));
        }
    }
    for list in copies.values_mut() {
        list.sort();
    }
    let mut sum = Summary::default();
    // Each article's copies, taken here: the checks then share nothing.
    let work: Vec<(&PathBuf, Vec<(PathBuf, Copy)>)> = articles
        .iter()
        .map(|art_path| {
            let mine = art_path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| copies.remove(&format!("{n}{SIDECAR_SUFFIX}")));
            (art_path, mine.unwrap_or_default())
        })
        .collect();
    // Articles are checked on every core, a run at a time; what each run
    // says is written in the articles' order.
    for (said, part) in in_parallel(work, |(art_path, copies)| {
        let mut said = Vec::new();
        let mut part = Summary::default();
        if let Err(e) = check_article(&mut said, art_path, copies, patience, &mut part) {
            part.errors += 1;
            let _ = writeln!(said, "{}: {e:#}", display_name(art_path));
        }
        (said, part)
    }) {
        out.write_all(&said)?;
        sum.add(&part);
    }
    finish(&mut out, &listing, &mut sum)?;
    // In a git repository, sidecars merge cleanly only with hamish's
    // driver: say so where it is missing.
    let has_sidecars = listing
        .iter()
        .any(|n| n.as_encoded_bytes().ends_with(SIDECAR_SUFFIX.as_bytes()));
    if has_sidecars && super::git::driver_installed(&dir) == Some(false) {
        writeln!(
            out,
            "{}: a git repository without hamish's merge driver: run `hamish git-setup {}` so that merging annotations never conflicts",
            display_path(&dir),
            display_path(&dir)
        )?;
    }
    Ok(sum)
}

impl Summary {
    /// Count `other` in too.
    fn add(&mut self, other: &Summary) {
        self.articles += other.articles;
        self.annotations += other.annotations;
        self.exact += other.exact;
        self.moved += other.moved;
        self.review += other.review;
        self.orphans += other.orphans;
        self.unreadable_lines += other.unreadable_lines;
        self.lonely_sidecars += other.lonely_sidecars;
        self.merged_copies += other.merged_copies;
        self.duplicates += other.duplicates;
        self.refused += other.refused;
        self.errors += other.errors;
    }
}

/// `f` of every item, on every core (items taken in runs), the results in
/// the items' order.
fn in_parallel<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    const RUN: usize = 32;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if workers < 2 || items.len() <= RUN {
        return items.into_iter().map(f).collect();
    }
    let mut runs: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        runs.push(items.by_ref().take(RUN).collect());
    }
    let n = runs.len();
    let queue = std::sync::Mutex::new(runs.into_iter().enumerate());
    let mut done: Vec<Option<Vec<R>>> = (0..n).map(|_| None).collect();
    let results = std::sync::Mutex::new(&mut done);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.next());
                    let Some((i, run)) = next else { break };
                    let out: Vec<R> = run.into_iter().map(&f).collect();
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(out);
                    }
                }
            });
        }
    });
    done.into_iter().flatten().flatten().collect()
}

/// Repair and report one article's annotations.
fn check_article(
    out: &mut impl Write,
    art_path: &Path,
    copies: Vec<(PathBuf, Copy)>,
    patience: Duration,
    sum: &mut Summary,
) -> anyhow::Result<()> {
    let shown = display_name(art_path);
    let mut store = NoteStore::open(art_path);
    if store.read_only.is_some() {
        sum.refused += 1;
    }

    // Merge copies first, so the report covers them.
    let mut merged = Vec::new();
    for (copy, kind) in copies {
        if store.read_only.is_some() {
            break;
        }
        let copy_name = display_name(&copy);
        let bytes = match crate::files::open_regular_nofollow(&copy).and_then(|mut f| {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).map(|_| b)
        }) {
            Ok(b) => b,
            Err(e) => {
                writeln!(out, "{shown}: {copy_name} left alone: {e}")?;
                continue;
            }
        };
        if !sidecar::starts_as_sidecar(&bytes) {
            writeln!(
                out,
                "{shown}: {copy_name} left alone: it is not a hamish sidecar"
            )?;
            continue;
        }
        let changed = match kind {
            Copy::Leftover => store.recover(&copy)?,
            Copy::Conflict => store.absorb(sidecar::parse(&bytes).records),
            Copy::StaleBak => {
                std::fs::remove_file(&copy)
                    .with_context(|| format!("cannot remove {}", display_path(&copy)))?;
                writeln!(
                    out,
                    "{shown}: removed {copy_name}, an older version left by an interrupted save"
                )?;
                continue;
            }
        };
        merged.push((copy, kind, changed));
    }
    let duplicates = store.duplicates;
    // git's conflict markers (a merge without hamish's driver): both
    // sides' records are read; saving drops the markers.
    let markers = store
        .bad_lines()
        .iter()
        .filter(|b| sidecar::dropped_on_save(b))
        .count();
    if store.read_only.is_none() && (!merged.is_empty() || duplicates > 0 || markers > 0) {
        store
            .save_waiting(patience, |_| {})
            .with_context(|| format!("cannot merge into the annotations of {shown}"))?;
    }
    for (copy, kind, changed) in merged {
        let copy_name = display_name(&copy);
        match kind {
            Copy::StaleBak => {}
            Copy::Leftover => writeln!(
                out,
                "{shown}: merged {changed} annotation(s) from {copy_name}, left by an interrupted save, and removed it"
            )?,
            Copy::Conflict => {
                let done = merged_name(&copy);
                std::fs::rename(&copy, &done)
                    .with_context(|| format!("cannot rename {}", display_path(&copy)))?;
                writeln!(
                    out,
                    "{shown}: merged {changed} annotation(s) from {copy_name} (kept as {})",
                    display_name(&done)
                )?;
            }
        }
        sum.merged_copies += 1;
    }
    if markers > 0 && store.read_only.is_none() {
        writeln!(
            out,
            "{shown}: removed {markers} git conflict marker or extra header line(s) (a merge without hamish's driver: run hamish git-setup); both sides' annotations kept"
        )?;
    }
    if duplicates > 0 {
        sum.duplicates += duplicates;
        writeln!(
            out,
            "{shown}: {duplicates} id(s) had two versions edited apart; merged (on another paragraph: kept apart, under a new id)"
        )?;
    }

    let has_notes = store.live().next().is_some() || !store.bad_lines().is_empty();
    if !has_notes {
        for w in &store.warnings {
            writeln!(out, "{shown}: {w}")?;
        }
        return Ok(());
    }
    report_article(out, art_path, &store, sum)
}

/// Sidecars whose article is gone, and the summary.
fn finish(out: &mut impl Write, listing: &[OsString], sum: &mut Summary) -> anyhow::Result<()> {
    // Sidecars whose article is gone.
    let names: HashSet<&OsString> = listing.iter().collect();
    let mut lonely: Vec<&OsString> = listing
        .iter()
        .filter(|n| {
            let b = n.as_encoded_bytes();
            b.strip_suffix(SIDECAR_SUFFIX.as_bytes())
                .is_some_and(|article| {
                    let article =
                        <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(article);
                    !b.starts_with(b".") && !names.contains(&article.to_os_string())
                })
        })
        .collect();
    lonely.sort();
    for n in lonely {
        sum.lonely_sidecars += 1;
        writeln!(
            out,
            "{}: no article of that name beside it",
            sanitize(&n.to_string_lossy())
        )?;
    }
    writeln!(
        out,
        "{} article(s) with {} annotation(s): {} exact, {} moved, {} need review, {} orphaned; {} unreadable line(s); {} sidecar(s) without article; {} copy(ies) merged; {} id(s) edited apart merged; {} sidecar(s) refused; {} article(s) not checked",
        sum.articles,
        sum.annotations,
        sum.exact,
        sum.moved,
        sum.review,
        sum.orphans,
        sum.unreadable_lines,
        sum.lonely_sidecars,
        sum.merged_copies,
        sum.duplicates,
        sum.refused,
        sum.errors,
    )?;
    Ok(())
}

/// Where an article's annotations sit now, and what is wrong with them.
fn report_article(
    out: &mut impl Write,
    art_path: &Path,
    store: &NoteStore,
    sum: &mut Summary,
) -> anyhow::Result<()> {
    let shown = display_name(art_path);
    // By an index: a long article's text is read again, not held.
    let article = IndexedArticle::load(art_path)?;
    let items = place_all(store, &article.texts());
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
        // Shown, not obeyed: no control, and no bidi override that would
        // turn the line around.
        let quote: String = crate::text::sanitize::shown(&it.ann.anchor.quote)
            .chars()
            .take(40)
            .collect();
        let id = sanitize(&it.ann.id);
        match (it.status, it.para) {
            (Status::Moved, Some(p)) => writeln!(
                out,
                "  moved: ¶ {} → ¶ {}  {id}",
                it.ann.anchor.para_index.saturating_add(1),
                p + 1,
            )?,
            (Status::NeedsReview, Some(p)) => {
                writeln!(out, "  needs review: ¶ {}  {id}  «{quote}…»", p + 1)?
            }
            (Status::Orphan, _) => writeln!(
                out,
                "  orphan: was ¶ {}  {id}  «{quote}…»",
                it.ann.anchor.para_index.saturating_add(1),
            )?,
            _ => {}
        }
        if !it.ann.conflicts.is_empty() {
            writeln!(
                out,
                "  {} other version(s) of the note of {id}, saved at the same time: merge them in the reader (a)",
                it.ann.conflicts.len()
            )?;
        }
    }
    for w in &store.warnings {
        writeln!(out, "  {w}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
