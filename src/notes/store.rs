//! The sidecar store: load, edit, and save without ever losing a note
//! (DESIGN §4.3).
//!
//! Save = take an exclusive lock, re-read the sidecar, merge by id (newer
//! `modified` wins; a tombstone wins a tie), write a temp file in the same
//! folder, fsync it, keep the previous version as `.bak`, rename over the
//! sidecar, fsync the folder. Two instances on one article lose nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::model::{Annotation, newer, now, sha256_hex};
use super::sidecar::{self, BadLine, Record, SCHEMA_VERSION};
use crate::article::display_path;

/// Suffix of a sidecar's file name, after the article's.
pub const SIDECAR_SUFFIX: &str = ".annotations.jsonl";

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
}

fn io_err<'a>(op: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> NotesError + 'a {
    move |source| NotesError::Io {
        op,
        path: display_path(path),
        source,
    }
}

/// The sidecar next to an article.
pub fn sidecar_beside(article: &Path) -> PathBuf {
    let mut name = article.file_name().unwrap_or_default().to_os_string();
    name.push(SIDECAR_SUFFIX);
    article.with_file_name(name)
}

/// The folder for sidecars of articles in read-only folders.
pub fn default_fallback_root() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "hamish").map(|d| d.data_dir().join("sidecars"))
}

/// Where the sidecar goes when the article's folder is not writable: a
/// file in `root` (the data folder), keyed by the article's absolute path.
pub fn fallback_path(article: &Path, root: &Path) -> PathBuf {
    let abs = std::path::absolute(article).unwrap_or_else(|_| article.to_path_buf());
    let key = sha256_hex(abs.as_os_str().as_encoded_bytes());
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

/// The annotations of one article.
#[derive(Debug)]
pub struct NoteStore {
    pub article: PathBuf,
    /// Where the next save goes.
    pub path: PathBuf,
    /// The sidecar lives in the data folder (the article's is read-only).
    pub fallback: bool,
    /// Why saving is refused (a newer schema), if it is.
    pub read_only: Option<String>,
    records: BTreeMap<String, Record>,
    bad: Vec<BadLine>,
    dirty: BTreeSet<String>,
    /// What the user should know about the files read.
    pub warnings: Vec<String>,
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
        let fallback = fallback_root
            .as_deref()
            .map(|root| fallback_path(article, root))
            .filter(|p| p.exists());
        let mut store = NoteStore {
            article: article.to_path_buf(),
            path: beside.clone(),
            fallback: false,
            read_only: None,
            records: BTreeMap::new(),
            bad: Vec::new(),
            dirty: BTreeSet::new(),
            warnings: Vec::new(),
            fallback_root,
        };
        store.read_file(&beside);
        if let Some(fb) = fallback {
            store.read_file(&fb);
            store.path = fb;
            store.fallback = true;
        }
        store
    }

    fn read_file(&mut self, path: &Path) {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return,
            Err(e) => {
                let shown = display_path(path);
                self.warnings.push(format!(
                    "cannot read {shown}: {e}; annotations are read-only"
                ));
                self.read_only = Some(format!("{shown} could not be read"));
                return;
            }
        };
        let shown = display_path(path);
        let parsed = sidecar::parse(&bytes);
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
        for b in &parsed.bad {
            self.warnings.push(format!(
                "{shown}: line {}: {}; kept as is",
                b.line_no, b.reason
            ));
        }
        if parsed.unknown_fields > 0 {
            self.warnings.push(format!(
                "{shown}: {} annotation(s) have fields this version does not know; kept as is",
                parsed.unknown_fields
            ));
        }
        self.warnings
            .extend(parsed.notices.iter().map(|n| format!("{shown}: {n}")));
        let (records, bad) = merge(
            std::mem::take(&mut self.records),
            &BTreeSet::new(),
            parsed.records,
            std::mem::take(&mut self.bad),
            parsed.bad,
        );
        self.records = records;
        self.bad = bad;
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

    /// Add or replace an annotation; `modified` is set to now.
    pub fn put(&mut self, mut ann: Annotation) {
        ann.modified = now();
        self.dirty.insert(ann.id.clone());
        self.records
            .insert(ann.id.clone(), Record { ann, raw: None });
    }

    /// Delete by leaving a tombstone (the text is kept in it).
    pub fn delete(&mut self, id: &str) {
        if let Some(mut ann) = self.get(id).cloned() {
            ann.deleted = true;
            self.put(ann);
        }
    }

    /// Take in annotations from another copy of the sidecar (a conflict
    /// copy, a leftover temp file): new ids are added, newer versions win.
    /// Returns how many changed.
    pub fn absorb(&mut self, records: BTreeMap<String, Record>) -> usize {
        let mut changed = 0;
        for (id, rec) in records {
            let take = self
                .records
                .get(&id)
                .is_none_or(|ours| newer(&rec.ann, &ours.ann).is_gt());
            if take {
                self.records.insert(id.clone(), rec);
                self.dirty.insert(id);
                changed += 1;
            }
        }
        changed
    }

    pub fn has_unsaved(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Save; if the article's folder refuses writes, save to the data folder
    /// instead (then `fallback` is true).
    pub fn save(&mut self) -> Result<(), NotesError> {
        if let Some(reason) = &self.read_only {
            return Err(NotesError::ReadOnly {
                path: display_path(&self.path),
                reason: reason.clone(),
            });
        }
        let path = self.path.clone();
        match self.save_to(&path) {
            Err(NotesError::Io { source, .. })
                if !self.fallback
                    && matches!(
                        source.kind(),
                        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                    ) =>
            {
                let Some(fb) = self
                    .fallback_root
                    .as_deref()
                    .map(|r| fallback_path(&self.article, r))
                else {
                    return Err(NotesError::ReadOnly {
                        path: display_path(&path),
                        reason: "the folder is not writable and there is no data folder".into(),
                    });
                };
                if let Some(dir) = fb.parent() {
                    fs::create_dir_all(dir).map_err(io_err("create", dir))?;
                }
                self.path = fb.clone();
                self.fallback = true;
                self.save_to(&fb)
            }
            other => other,
        }
    }

    fn save_to(&mut self, path: &Path) -> Result<(), NotesError> {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let lock_path = dir.join(format!("{name}.lock"));
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(io_err("lock", &lock_path))?;
        lock.lock().map_err(io_err("lock", &lock_path))?;

        let disk_bytes = match fs::read(path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_err("read", path)(e)),
        };
        let disk = disk_bytes
            .as_deref()
            .map(sidecar::parse)
            .unwrap_or_default();
        if disk.schema_version > SCHEMA_VERSION {
            self.read_only = Some(format!("schema {} is newer", disk.schema_version));
            return Err(NotesError::ReadOnly {
                path: display_path(path),
                reason: "another hamish wrote a newer schema meanwhile".into(),
            });
        }
        let (records, bad) = merge(
            self.records.clone(),
            &self.dirty,
            disk.records,
            self.bad.clone(),
            disk.bad,
        );
        let target = self
            .article
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let bytes = sidecar::serialize(&target, &records, &bad);
        if disk_bytes.as_deref() != Some(bytes.as_slice()) {
            let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
            write_synced(&tmp, &bytes).map_err(io_err("write", &tmp))?;
            if disk_bytes.is_some() {
                let bak = dir.join(format!("{name}.bak"));
                let bak_tmp = dir.join(format!(".{name}.bak.tmp-{}", std::process::id()));
                fs::copy(path, &bak_tmp)
                    .and_then(|_| File::open(&bak_tmp)?.sync_all())
                    .and_then(|()| fs::rename(&bak_tmp, &bak))
                    .map_err(io_err("back up", path))?;
            }
            fs::rename(&tmp, path).map_err(io_err("replace", path))?;
            sync_dir(&dir);
        }
        self.records = records;
        self.bad = bad;
        self.dirty.clear();
        drop(lock);
        Ok(())
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Make a rename durable (best effort: not every platform can open a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Merge what we hold with what is on disk. For ids we changed (`dirty`),
/// the newer `modified` wins and a tombstone wins a tie; for the rest, the
/// disk's version (another instance may have changed it) wins; ids only one
/// side has are kept. Unreadable lines from both sides are kept once.
pub fn merge(
    ours: BTreeMap<String, Record>,
    dirty: &BTreeSet<String>,
    disk: BTreeMap<String, Record>,
    mut our_bad: Vec<BadLine>,
    disk_bad: Vec<BadLine>,
) -> (BTreeMap<String, Record>, Vec<BadLine>) {
    let mut out = ours;
    for (id, d) in disk {
        let keep_ours = match out.get(&id) {
            None => false,
            Some(o) if !dirty.contains(&id) => newer(&o.ann, &d.ann).is_gt(),
            Some(o) => match newer(&o.ann, &d.ann) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Equal => o.ann.deleted || !d.ann.deleted,
            },
        };
        if !keep_ours {
            out.insert(id, d);
        }
    }
    for b in disk_bad {
        if !our_bad.iter().any(|o| o.bytes == b.bytes) {
            our_bad.push(b);
        }
    }
    (out, our_bad)
}
