//! Saving a store: under the sidecar's lock, the pending changes applied
//! to the file as it is on disk, written atomically.

use super::*;

/// For a change that makes a new annotation: the id of one its author
/// made on the same paragraph meanwhile (another window, another shell),
/// which the change then goes to instead.
pub(super) fn first_made_elsewhere(
    records: &BTreeMap<String, Record>,
    c: &Change,
) -> Option<String> {
    if !c.first_on_paragraph || c.before.is_some() || records.contains_key(&c.id) {
        return None;
    }
    records
        .values()
        .map(|r| &r.ann)
        .find(|a| {
            !a.deleted
                && a.author == c.author
                && a.anchor.para_index == c.anchor.para_index
                && a.anchor.para_sha256 == c.anchor.para_sha256
                && a.anchor.span() == c.anchor.span()
                && a.anchor.article == c.anchor.article
        })
        .map(|a| a.id.clone())
}

impl NoteStore {
    pub fn has_unsaved(&self) -> bool {
        !self.pending.is_empty() || !self.recovered.is_empty()
    }

    /// The changes not yet saved (to keep as a draft).
    pub fn unsaved_changes(&self) -> Vec<Change> {
        self.pending
            .iter()
            .filter_map(|p| match p {
                Pending::Change(c) => Some(c.as_ref().clone()),
                Pending::Copy(_) => None,
            })
            .collect()
    }

    /// Save, waiting up to `patience` for another hamish to finish its
    /// save; `waiting` is called once, when the wait has lasted a second.
    pub fn save_waiting(
        &mut self,
        patience: Duration,
        mut waiting: impl FnMut(&Busy),
    ) -> Result<(), NotesError> {
        let start = Instant::now();
        let mut told = false;
        loop {
            match self.try_save() {
                Err(NotesError::Busy(busy)) => {
                    let waited = start.elapsed();
                    if waited >= patience {
                        return Err(NotesError::TimedOut {
                            busy,
                            // What the user allowed (the wait itself may
                            // run a little over on a busy machine).
                            secs: patience.as_secs(),
                        });
                    }
                    if !told && waited >= TELL_AFTER {
                        waiting(&busy);
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    /// Save, waiting for a busy lock up to [`DEFAULT_PATIENCE`].
    pub fn save(&mut self) -> Result<(), NotesError> {
        self.save_waiting(DEFAULT_PATIENCE, |_| {})
    }

    /// Save if the lock is free now (`NotesError::Busy` if not); if the
    /// article's folder refuses writes, save to the data folder instead
    /// (then `fallback` is true). On any error the edits stay unsaved.
    pub fn try_save(&mut self) -> Result<(), NotesError> {
        self.notices.clear();
        self.retargeted.clear();
        let markers = self.bad.iter().any(sidecar::dropped_on_save);
        if !self.has_unsaved() && self.duplicates == 0 && !markers {
            return Ok(());
        }
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
                    std::fs::create_dir_all(dir).map_err(|source| NotesError::Io {
                        op: "create",
                        path: display_path(dir),
                        source,
                    })?;
                }
                self.save_to(&fb)?;
                self.path = fb;
                self.fallback = true;
                Ok(())
            }
            other => other,
        }
    }

    pub(super) fn save_to(&mut self, path: &Path) -> Result<(), NotesError> {
        let place = disk::locate(path)?;
        let lock = match disk::try_lock(&place)? {
            Ok(lock) => lock,
            Err(busy) => return Err(NotesError::Busy(busy)),
        };
        let on_disk = disk::read_locked(&lock, &place)?;
        let disk_bytes = on_disk.as_ref().map(|d| d.bytes.as_slice());
        let parsed = disk_bytes.map(sidecar::parse).unwrap_or_default();
        if parsed.schema_version > SCHEMA_VERSION {
            self.read_only = Some(format!("schema {} is newer", parsed.schema_version));
            return Err(NotesError::ReadOnly {
                path: display_path(path),
                reason: "another hamish wrote a newer schema meanwhile".into(),
            });
        }
        let (mut records, mut bad) = (parsed.records, parsed.bad);
        bad.retain(|b| !sidecar::dropped_on_save(b));
        if path != sidecar_beside(&self.article) {
            // Saving to the data folder: what is beside the article counts
            // as on disk too.
            let (beside, beside_bad) = self.read_all(&sidecar_beside(&self.article), None, false);
            for (_, rec) in beside {
                take_copy(&mut records, rec);
            }
            add_bad(&mut bad, beside_bad);
        }
        for p in &self.pending {
            match p {
                Pending::Change(c) => {
                    // Two first annotations of one paragraph made at once
                    // (two shells, two windows) become one.
                    let c = match first_made_elsewhere(&records, c) {
                        Some(id) => {
                            self.retargeted.push((c.id.clone(), id.clone()));
                            std::borrow::Cow::Owned(Change {
                                id,
                                ..c.as_ref().clone()
                            })
                        }
                        None => std::borrow::Cow::Borrowed(c.as_ref()),
                    };
                    let ann = c.apply(records.get(&c.id).map(|r| &r.ann));
                    records.insert(ann.id.clone(), Record { ann, raw: None });
                }
                Pending::Copy(rec) => {
                    take_copy(&mut records, rec.as_ref().clone());
                }
            }
        }
        let target = self
            .article
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let bytes = sidecar::serialize(&target, &records, &bad);
        if disk_bytes != Some(bytes.as_slice()) {
            // A new sidecar quotes the article: it is no more readable
            // than the article is (a private file's notes stay private).
            let article_mode = {
                use std::os::unix::fs::PermissionsExt;
                std::fs::metadata(&self.article)
                    .ok()
                    .map(|m| m.permissions().mode())
            };
            self.notices = disk::replace(&lock, &place, &bytes, on_disk.as_ref(), article_mode)?;
        }
        for f in self.recovered.drain(..) {
            let _ = std::fs::remove_file(f);
        }
        drop(lock);
        self.records = records;
        self.bad = bad;
        self.pending.clear();
        Ok(())
    }
}
