//! The sidecar store: load, edit, and save without ever losing a note
//! (DESIGN §4.3).
//!
//! Edits are kept as changes (`notes::edit::Change`). A save takes the
//! sidecar's lock without waiting (a busy lock is reported, and the caller
//! tries again or gives up), reads the file as it is now, applies the
//! changes to it in order, and replaces it safely (`notes::disk`). Two
//! instances on one article lose nothing, whatever their clocks say
//! (`notes::merge`).

mod save;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::disk::{self, Busy, Place};
use super::edit::Change;
use super::merge::{Apart, Pick, merged, place_apart, reconcile};
use super::model::Annotation;
use super::sidecar::{self, BadLine, Record, SCHEMA_VERSION};
use crate::digest::sha256_hex;
use crate::text::display::display_path;

/// Suffix of a sidecar's file name, after the article's.
pub const SIDECAR_SUFFIX: &str = ".annotations.jsonl";

/// How long `hamish annotate` and the other commands wait for a lock.
pub const DEFAULT_PATIENCE: Duration = Duration::from_secs(10);
/// How long a wait goes on before the user is told.
pub const TELL_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("{path} is read-only here: {reason}")]
    ReadOnly { path: String, reason: String },
    #[error("cannot {op} {path}: {source}")]
    Io {
        op: &'static str,
        path: String,
        source: io::Error,
    },
    #[error("refusing {path}: {reason}")]
    Refused { path: String, reason: String },
    #[error("{} is held by another hamish{}", display_path(&.0.lock), holder(.0))]
    Busy(Busy),
    #[error("gave up after {secs} s waiting for {}, held by another hamish{}", display_path(&.busy.lock), holder(.busy))]
    TimedOut { busy: Busy, secs: u64 },
}

fn holder(b: &Busy) -> String {
    b.holder
        .map(|p| format!(" (process {p})"))
        .unwrap_or_default()
}

/// The sidecar next to an article.
pub fn sidecar_beside(article: &Path) -> PathBuf {
    let mut name = article.file_name().unwrap_or_default().to_os_string();
    name.push(SIDECAR_SUFFIX);
    article.with_file_name(name)
}

/// The folder for sidecars of articles in read-only folders.
pub fn default_fallback_root() -> Option<PathBuf> {
    crate::places::data_dir().map(|d| d.join("sidecars"))
}

/// The one name of an article, whatever path led to it (`dir/../dir/a.txt`,
/// a linked folder): its canonical path, else its absolute path.
pub fn canonical(article: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(article) {
        return c;
    }
    // Not there (yet): its folder's canonical path and its name.
    let parent = crate::files::folder_of(article);
    match (std::fs::canonicalize(parent), article.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => std::path::absolute(article).unwrap_or_else(|_| article.to_path_buf()),
    }
}

/// Where the sidecar goes when the article's folder is not writable: a
/// file in `root` (the data folder), keyed by the article's canonical path.
pub fn fallback_path(article: &Path, root: &Path) -> PathBuf {
    let key = sha256_hex(canonical(article).as_os_str().as_encoded_bytes());
    let name = article.file_name().unwrap_or_default().to_string_lossy();
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    root.join(format!("{}-{safe}{SIDECAR_SUFFIX}", &key[..16]))
}

/// An edit not yet on disk.
#[derive(Debug, Clone)]
enum Pending {
    Change(Box<Change>),
    /// A copy of an annotation from elsewhere (a conflict copy, a leftover
    /// temp file), reconciled with the file's at save time.
    Copy(Box<Record>),
}

/// The annotations of one article.
#[derive(Debug)]
pub struct NoteStore {
    pub article: PathBuf,
    /// Where the next save goes.
    pub path: PathBuf,
    /// The sidecar lives in the data folder (the article's is read-only).
    pub fallback: bool,
    /// Why saving is refused (a newer schema, a refused link), if it is.
    pub read_only: Option<String>,
    /// What was read (and saved), with the pending edits applied.
    records: BTreeMap<String, Record>,
    bad: Vec<BadLine>,
    pending: Vec<Pending>,
    /// Leftover temp files taken in, removed once saved.
    recovered: Vec<PathBuf>,
    /// What the user should know about the files read.
    pub warnings: Vec<String>,
    /// What the user should know about the last save (a group that could
    /// not be kept, a `.bak` not written).
    pub notices: Vec<String>,
    /// Ids that had two different versions in the files read.
    pub duplicates: usize,
    /// New annotations the last save gave to one their author had made
    /// meanwhile on the same paragraph: (the new id, the one used).
    pub retargeted: Vec<(String, String)>,
    fallback_root: Option<PathBuf>,
}

impl NoteStore {
    /// Open the annotations of `article`: the sidecar beside it and, if
    /// there is one, its fallback copy in the data folder. Never fails:
    /// problems become warnings (and read-only mode where saving could harm).
    pub fn open(article: &Path) -> NoteStore {
        NoteStore::open_in(article, default_fallback_root())
    }

    /// [`NoteStore::open`] with the fallback folder given.
    pub fn open_in(article: &Path, fallback_root: Option<PathBuf>) -> NoteStore {
        let beside = sidecar_beside(article);
        // No fallback folder (most users have none): nothing in it, and
        // no canonical path to work out (doctor and the library open
        // thousands of stores).
        let fallback = fallback_root
            .as_deref()
            .filter(|root| root.exists())
            .map(|root| fallback_path(article, root))
            .filter(|p| p.exists());
        let mut store = NoteStore {
            article: article.to_path_buf(),
            path: beside.clone(),
            fallback: false,
            read_only: None,
            records: BTreeMap::new(),
            bad: Vec::new(),
            pending: Vec::new(),
            recovered: Vec::new(),
            warnings: Vec::new(),
            notices: Vec::new(),
            duplicates: 0,
            retargeted: Vec::new(),
            fallback_root,
        };
        let (records, bad) = store.read_all(&beside, fallback.as_deref(), true);
        store.records = records;
        store.bad = bad;
        if let Some(fb) = fallback {
            store.path = fb;
            store.fallback = true;
        }
        store
    }

    /// The same article's annotations read again from disk, with nothing
    /// unsaved.
    pub fn reopen(&self) -> NoteStore {
        NoteStore::open_in(&self.article, self.fallback_root.clone())
    }

    /// Read the sidecar beside the article and the fallback copy, if any,
    /// into one set of records. With `report`, what is found becomes
    /// warnings, and a file that cannot be read makes the store read-only.
    fn read_all(
        &mut self,
        beside: &Path,
        fallback: Option<&Path>,
        report: bool,
    ) -> (BTreeMap<String, Record>, Vec<BadLine>) {
        let mut records = BTreeMap::new();
        let mut bad = Vec::new();
        for path in std::iter::once(beside).chain(fallback) {
            let read = disk::locate(path).and_then(|p| disk::read(&p));
            let bytes = match read {
                Ok(Some(on_disk)) => on_disk.bytes,
                Ok(None) => continue,
                Err(e) => {
                    if report {
                        self.warnings
                            .push(format!("{e}; annotations are read-only"));
                        self.read_only = Some(e.to_string());
                    }
                    continue;
                }
            };
            let parsed = sidecar::parse(&bytes);
            if report {
                self.report(path, &parsed);
            }
            for (_, rec) in parsed.records {
                take_copy(&mut records, rec);
            }
            add_bad(&mut bad, parsed.bad);
        }
        (records, bad)
    }

    fn report(&mut self, path: &Path, parsed: &sidecar::Sidecar) {
        let shown = display_path(path);
        if parsed.schema_version > SCHEMA_VERSION {
            self.warnings.push(format!(
                "{shown} was written by a newer hamish (schema {}); opened read-only",
                parsed.schema_version
            ));
            self.read_only = Some(format!(
                "schema {} is newer than {SCHEMA_VERSION}",
                parsed.schema_version
            ));
        }
        /// Unreadable lines named one by one; the rest are counted.
        const NAMED: usize = 5;
        for b in parsed.bad.iter().take(NAMED) {
            self.warnings.push(format!(
                "{shown}: line {}: {}; kept as is",
                b.line_no,
                crate::text::sanitize::sanitize(&b.reason)
            ));
        }
        if parsed.bad.len() > NAMED {
            self.warnings.push(format!(
                "{shown}: {} more unreadable line(s); kept as they are",
                parsed.bad.len() - NAMED
            ));
        }
        if parsed.unknown_fields > 0 {
            self.warnings.push(format!(
                "{shown}: {} annotation(s) have fields this version does not know; kept as is",
                parsed.unknown_fields
            ));
        }
        self.duplicates += parsed.duplicates;
        self.warnings.extend(
            parsed
                .notices
                .iter()
                .take(NAMED)
                .map(|n| format!("{shown}: {n}")),
        );
        if parsed.notices.len() > NAMED {
            let more = parsed.notices.len() - NAMED;
            self.warnings
                .push(format!("{shown}: {more} more note(s) like these"));
        }
    }

    /// Annotations that are not deleted, by id.
    pub fn live(&self) -> impl Iterator<Item = &Annotation> {
        self.records.values().map(|r| &r.ann).filter(|a| !a.deleted)
    }

    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.records.get(id).map(|r| &r.ann)
    }

    /// Lines of the sidecar that could not be read (kept as they are).
    pub fn bad_lines(&self) -> &[BadLine] {
        &self.bad
    }

    /// Record a change (shown at once, written by the next save).
    pub fn apply(&mut self, change: Change) {
        let ann = change.apply(self.get(&change.id));
        self.records
            .insert(ann.id.clone(), Record { ann, raw: None });
        self.pending.push(Pending::Change(Box::new(change)));
    }

    /// Add or replace an annotation as a whole: the change from what the
    /// store holds under its id to `ann`.
    pub fn put(&mut self, ann: Annotation) {
        let change = Change::between(
            self.get(&ann.id).filter(|a| !a.deleted),
            &ann,
            ann.anchor.para_index,
            &ann.author,
            ann.anchor.clone(),
        );
        if !change.is_noop() {
            self.apply(change);
        }
    }

    /// Delete: remove its tags and note (a tombstone keeps the text).
    pub fn delete(&mut self, id: &str) {
        if let Some(mut ann) = self.get(id).filter(|a| !a.deleted).cloned() {
            ann.tags.clear();
            ann.note.clear();
            ann.conflicts.clear();
            self.put(ann);
        }
    }

    /// Take in annotations from another copy of the sidecar (a conflict
    /// copy, a leftover temp file), reconciled by `notes::merge`. Returns
    /// how many change what the store holds.
    pub fn absorb(&mut self, records: BTreeMap<String, Record>) -> usize {
        let mut changed = 0;
        for (_, rec) in records {
            if take_copy(&mut self.records, rec.clone()) {
                changed += 1;
                self.pending.push(Pending::Copy(Box::new(rec)));
            }
        }
        changed
    }

    /// Take in a temp file a killed save left (see [`NoteStore::leftovers`]);
    /// it is removed once saved. Returns how many annotations it changes.
    pub fn recover(&mut self, leftover: &Path) -> Result<usize, NotesError> {
        let place = Place {
            real: leftover.to_path_buf(),
            link: None,
        };
        let Some(bytes) = disk::read(&place)?.map(|d| d.bytes) else {
            return Err(NotesError::Refused {
                path: display_path(leftover),
                reason: "it is gone (merged by another hamish?)".into(),
            });
        };
        if !sidecar::starts_as_sidecar(&bytes) {
            return Err(NotesError::Refused {
                path: display_path(leftover),
                reason: "it is not a hamish sidecar".into(),
            });
        }
        let n = self.absorb(sidecar::parse(&bytes).records);
        self.recovered.push(leftover.to_path_buf());
        Ok(n)
    }

    /// Temp files that killed saves left beside this store's sidecar.
    pub fn leftovers(&self) -> Vec<PathBuf> {
        let Ok(place) = disk::locate(&self.path) else {
            return Vec::new();
        };
        let listing: Vec<OsString> = std::fs::read_dir(place.dir())
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        disk::leftovers(&place, &listing)
    }
}

/// Add unreadable lines to `bad`, each once (a line in both of two files
/// is kept once; lines repeated within one file are kept as they are).
fn add_bad(bad: &mut Vec<BadLine>, more: Vec<BadLine>) {
    if bad.is_empty() {
        *bad = more;
        return;
    }
    let seen: std::collections::HashSet<Vec<u8>> = bad.iter().map(|b| b.bytes.clone()).collect();
    bad.extend(more.into_iter().filter(|b| !seen.contains(&b.bytes)));
}

/// Put a copy of an annotation among `records`, reconciled with the one
/// there under its id; true if that changed anything.
fn take_copy(records: &mut BTreeMap<String, Record>, rec: Record) -> bool {
    let Some(ours) = records.get(&rec.ann.id) else {
        records.insert(rec.ann.id.clone(), rec);
        return true;
    };
    match reconcile(&ours.ann, &rec.ann) {
        Pick::First => false,
        Pick::Second => {
            records.insert(rec.ann.id.clone(), rec);
            true
        }
        Pick::Merge => {
            let ann = merged(&ours.ann, &rec.ann);
            records.insert(ann.id.clone(), Record { ann, raw: None });
            true
        }
        Pick::Both => {
            let line = serde_json::to_vec(&rec.ann).unwrap_or_default();
            let found = place_apart(|i| records.get(i).map(|r| &r.ann), rec.ann, &line);
            let Apart::Put(ann) = found else {
                return false;
            };
            records.insert(
                ann.id.clone(),
                Record {
                    ann: *ann,
                    raw: None,
                },
            );
            true
        }
    }
}
