//! The sidecar's lock: a regular file beside it, held with flock, and who
//! holds it.

use super::*;

/// An exclusive lock on a sidecar, released when dropped; the sidecar's
/// folder stays open with it, for the rest of the save.
pub struct Lock {
    _file: File,
    pub folder: Folder,
}

/// Another process holds the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub lock: PathBuf,
    /// The process holding it, when the system says.
    pub holder: Option<u32>,
}

/// Take the lock of the sidecar at `place` without waiting.
pub fn try_lock(place: &Place) -> Result<Result<Lock, Busy>, NotesError> {
    let folder = Folder::open(place)?;
    if place.link.is_some() {
        // A link is checked before anything is made beside its target.
        read_in(&folder, place)?;
    }
    let mut name = place.name();
    name.push(".lock");
    let path = folder.path.join(&name);
    let shown = folder.shown(&name);
    let flags = OFlags::NONBLOCK;
    let file = match folder.open_at(&name, flags | OFlags::RDWR | OFlags::CREATE, 0o644) {
        Ok(f) => Ok(f),
        // Someone else's lock file: reading is enough to lock it.
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            match folder.open_at(&name, flags | OFlags::RDONLY, 0) {
                // No lock file, and no right to make one: the folder is
                // not writable (the caller may save elsewhere).
                Err(second) if second.kind() == io::ErrorKind::NotFound => Err(e),
                Err(second) if second.kind() == io::ErrorKind::PermissionDenied => {
                    return Err(NotesError::Refused {
                        path: shown,
                        reason: "it cannot be opened (permission denied); its owner must remove it, or let others read it".into(),
                    });
                }
                other => other,
            }
        }
        Err(e) => Err(e),
    };
    let file = match file {
        Ok(f) => f,
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
            return Err(NotesError::Refused {
                path: shown,
                reason: "it is a symbolic link; remove it (a lock is never taken through a link)"
                    .into(),
            });
        }
        Err(e) => return Err(io_error("lock", &path, e)),
    };
    let meta = file.metadata().map_err(|e| io_error("lock", &path, e))?;
    if !meta.file_type().is_file() {
        return Err(NotesError::Refused {
            path: shown,
            reason: format!(
                "it is {}, not a regular file; remove it",
                files::kind_name(meta.file_type())
            ),
        });
    }
    // A lock made under a strict umask would shut colleagues out: it is
    // empty, so everyone may read (and so lock) it.
    if meta.uid() == rustix::process::geteuid().as_raw() && meta.mode() & 0o444 != 0o444 {
        let _ = file.set_permissions(Permissions::from_mode(0o644));
    }
    match file.try_lock() {
        Ok(()) => Ok(Ok(Lock {
            _file: file,
            folder,
        })),
        Err(fs::TryLockError::WouldBlock) => Ok(Err(Busy {
            holder: lock_holder(&meta),
            lock: path,
        })),
        Err(fs::TryLockError::Error(e)) => Err(io_error("lock", &path, e)),
    }
}

/// Read the sidecar at `place` under `lock` (its folder).
pub fn read_locked(lock: &Lock, place: &Place) -> Result<Option<OnDisk>, NotesError> {
    read_in(&lock.folder, place)
}

/// The process that holds a lock on the file `meta` describes, from
/// `/proc/locks` (Linux; `None` elsewhere or when it cannot be told).
pub(super) fn lock_holder(meta: &Metadata) -> Option<u32> {
    let locks = fs::read_to_string("/proc/locks").ok()?;
    let dev = meta.dev();
    let id = format!(
        "{:02x}:{:02x}:{}",
        rustix::fs::major(dev),
        rustix::fs::minor(dev),
        meta.ino()
    );
    locks.lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        // "1: FLOCK ADVISORY WRITE 1234 08:01:5678 0 EOF"
        let at = f.iter().position(|x| *x == id)?;
        f.get(at.checked_sub(1)?)?.parse().ok()
    })
}
