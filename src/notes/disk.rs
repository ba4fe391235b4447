//! The sidecar on disk: found through a link, read, locked and replaced,
//! never through a name someone else could have planted (DESIGN §4.3).
//!
//! - Every file a save creates is created new (`O_EXCL`) under a random
//!   name, in the folder of the file it replaces, then renamed over it
//!   (the `tempfile` crate). A link planted at a temp, `.bak` or sidecar
//!   name is replaced by the rename, never written through.
//! - The new sidecar and its `.bak` get the old file's mode and group
//!   (and owner, when run as root); a new sidecar follows the umask.
//! - The lock is opened `O_NOFOLLOW` and must be a regular file.
//! - A sidecar that is a link is written through to its target, in the
//!   target's folder, only when the target is a hamish sidecar (or empty).

use std::ffi::OsString;
use std::fs::{self, File, Metadata, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::OFlags;

use super::sidecar;
use super::store::NotesError;
use crate::article::display_path;
use crate::files;

/// The end of the name of every temp file a save creates.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Where a sidecar really is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file to read and replace.
    pub real: PathBuf,
    /// The link that led there, if any.
    pub link: Option<PathBuf>,
}

impl Place {
    pub fn dir(&self) -> PathBuf {
        match self.real.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    pub fn name(&self) -> OsString {
        self.real.file_name().unwrap_or_default().to_os_string()
    }

    /// A file beside the sidecar: its name plus `suffix`.
    pub fn beside(&self, suffix: &str) -> PathBuf {
        let mut n = self.name();
        n.push(suffix);
        self.dir().join(n)
    }

    fn refuse(&self, why: String) -> NotesError {
        match &self.link {
            Some(link) => NotesError::Refused {
                path: display_path(link),
                reason: format!(
                    "it is a link to {}, and {why}; nothing was read from it or written to it",
                    display_path(&self.real)
                ),
            },
            None => NotesError::Refused {
                path: display_path(&self.real),
                reason: why,
            },
        }
    }
}

/// Where the sidecar named `path` really is: `path` itself, or the target
/// of the link at `path`. Anything but a regular file (or no file yet) is
/// refused.
pub fn locate(path: &Path) -> Result<Place, NotesError> {
    let here = Place {
        real: path.to_path_buf(),
        link: None,
    };
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(here),
        Err(e) => return Err(io_error("read", path, e)),
    };
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(here);
    }
    if !ft.is_symlink() {
        return Err(here.refuse(format!("{}, not a regular file", files::kind_name(ft))));
    }
    let target = fs::read_link(path).unwrap_or_default();
    let linked = |real: PathBuf| Place {
        real,
        link: Some(path.to_path_buf()),
    };
    let real = match fs::canonicalize(path) {
        Ok(r) => r,
        Err(_) => return Err(linked(target).refuse("that file does not exist".into())),
    };
    let place = linked(real);
    match fs::symlink_metadata(&place.real) {
        Ok(m) if m.file_type().is_file() => Ok(place),
        Ok(m) => Err(place.refuse(format!("that is {}", files::kind_name(m.file_type())))),
        Err(e) => Err(io_error("read", &place.real, e)),
    }
}

/// A sidecar as read: its bytes and what it was.
pub struct OnDisk {
    pub bytes: Vec<u8>,
    pub meta: Metadata,
}

/// Read the sidecar at `place` (`None`: there is none yet). A link's
/// target is read only as far as its first line unless it is a hamish
/// sidecar (or empty).
pub fn read(place: &Place) -> Result<Option<OnDisk>, NotesError> {
    let mut file = match files::open_regular_nofollow(&place.real) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound && place.link.is_none() => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            return Err(place.refuse(e.to_string()));
        }
        Err(e) => return Err(io_error("read", &place.real, e)),
    };
    let meta = file
        .metadata()
        .map_err(|e| io_error("read", &place.real, e))?;
    let mut bytes = Vec::new();
    if place.link.is_some() {
        // Only the first line, to see whether it is a sidecar at all.
        const PEEK: u64 = 64 * 1024;
        (&mut file)
            .take(PEEK)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error("read", &place.real, e))?;
        if !bytes.is_empty() && !sidecar::starts_as_sidecar(&bytes) {
            return Err(place.refuse("that file is not a hamish sidecar".into()));
        }
    }
    file.read_to_end(&mut bytes)
        .map_err(|e| io_error("read", &place.real, e))?;
    Ok(Some(OnDisk { bytes, meta }))
}

/// An exclusive lock on a sidecar, released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
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
    let path = place.beside(".lock");
    let file = OpenOptions::new()
        .read(true)
        .create(true)
        .truncate(false)
        // create(true) needs write access in std; the lock itself is taken
        // on a read-only descriptor below when this fails.
        .write(true)
        .mode(0o644)
        .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC).bits() as i32)
        .open(&path)
        .or_else(|e| {
            if e.kind() != io::ErrorKind::PermissionDenied {
                return Err(e);
            }
            // Someone else's lock file: reading is enough to lock it. (No
            // lock file, and no right to make one: the first error stands.)
            OpenOptions::new()
                .read(true)
                .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC).bits() as i32)
                .open(&path)
                .map_err(|second| {
                    if second.kind() == io::ErrorKind::NotFound {
                        e
                    } else {
                        second
                    }
                })
        });
    let file = match file {
        Ok(f) => f,
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
            return Err(NotesError::Refused {
                path: display_path(&path),
                reason: "it is a symbolic link; remove it (a lock is never taken through a link)"
                    .into(),
            });
        }
        Err(e) => return Err(io_error("lock", &path, e)),
    };
    let meta = file.metadata().map_err(|e| io_error("lock", &path, e))?;
    if !meta.file_type().is_file() {
        return Err(NotesError::Refused {
            path: display_path(&path),
            reason: format!(
                "it is {}, not a regular file; remove it",
                files::kind_name(meta.file_type())
            ),
        });
    }
    match file.try_lock() {
        Ok(()) => Ok(Ok(Lock { _file: file })),
        Err(fs::TryLockError::WouldBlock) => Ok(Err(Busy {
            holder: lock_holder(&meta),
            lock: path,
        })),
        Err(fs::TryLockError::Error(e)) => Err(io_error("lock", &path, e)),
    }
}

/// The process that holds a lock on the file `meta` describes, from
/// `/proc/locks` (Linux; `None` elsewhere or when it cannot be told).
fn lock_holder(meta: &Metadata) -> Option<u32> {
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

/// Replace the sidecar at `place` with `bytes`; `old` is what it held
/// (kept as `.bak`). Returns what the user should know (a group that could
/// not be kept, a `.bak` that could not be written).
pub fn replace(
    place: &Place,
    bytes: &[u8],
    old: Option<&OnDisk>,
) -> Result<Vec<String>, NotesError> {
    let dir = place.dir();
    let mut notices = Vec::new();
    if let Some(old) = old {
        let bak = place.beside(".bak");
        if let Err(e) = write_new(&dir, &bak, &old.bytes, Some(&old.meta), &mut notices) {
            notices.push(format!(
                "the previous version was not kept as {}: {e}",
                display_path(&bak)
            ));
        }
    }
    write_new(&dir, &place.real, bytes, old.map(|o| &o.meta), &mut notices)
        .map_err(|e| io_error("write", &place.real, e))?;
    sync_dir(&dir);
    Ok(notices)
}

/// Write `bytes` to a new file under a random name in `dir` and rename it
/// to `dest`. A failure removes the new file.
fn write_new(
    dir: &Path,
    dest: &Path,
    bytes: &[u8],
    like: Option<&Metadata>,
    notices: &mut Vec<String>,
) -> io::Result<()> {
    let mut prefix = OsString::from(".");
    prefix.push(dest.file_name().unwrap_or_default());
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(8);
    if like.is_none() {
        // A new sidecar: as any new file, the umask decides.
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Some(meta) = like {
        keep_owner(tmp.as_file(), meta, dest, notices)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(dest).map_err(|e| e.error)?;
    Ok(())
}

/// Give `file` the mode, group and (as root) owner of the file `meta`
/// describes. The group goes first: changing it clears set-id bits.
fn keep_owner(
    file: &File,
    meta: &Metadata,
    dest: &Path,
    notices: &mut Vec<String>,
) -> io::Result<()> {
    let mine = file.metadata()?;
    let root = rustix::process::geteuid().is_root();
    let uid = (root && mine.uid() != meta.uid()).then(|| meta.uid());
    let gid = (mine.gid() != meta.gid()).then(|| meta.gid());
    if (uid.is_some() || gid.is_some())
        && let Err(e) = std::os::unix::fs::fchown(file, uid, gid)
    {
        notices.push(format!(
            "{} now belongs to your group, not to group {}: {e}",
            display_path(dest),
            meta.gid()
        ));
    }
    file.set_permissions(Permissions::from_mode(meta.mode() & 0o777))
}

/// Make a rename durable (best effort: not every system can open a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn io_error(op: &'static str, path: &Path, source: io::Error) -> NotesError {
    NotesError::Io {
        op,
        path: display_path(path),
        source,
    }
}

/// Temp files a killed save left beside the sidecar at `place`: the ones
/// hamish names `.<sidecar>.<random>.tmp` (and `.<sidecar>.tmp-<pid>`
/// from earlier versions). `.bak` temps are left out: they hold nothing
/// the sidecar lacks.
pub fn leftovers(place: &Place, listing: &[OsString]) -> Vec<PathBuf> {
    let name = place.name();
    let name = name.to_string_lossy();
    let mut out: Vec<PathBuf> = listing
        .iter()
        .filter(|n| is_leftover(&name, &n.to_string_lossy()))
        .map(|n| place.dir().join(n))
        .collect();
    out.sort();
    out
}

/// Whether `file` is a temp file hamish's save of sidecar `sidecar` makes.
pub fn is_leftover(sidecar: &str, file: &str) -> bool {
    let Some(rest) = file.strip_prefix('.').and_then(|f| f.strip_prefix(sidecar)) else {
        return false;
    };
    if let Some(pid) = rest.strip_prefix(".tmp-") {
        return !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    }
    rest.strip_prefix('.')
        .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|rand| rand.len() == 8 && rand.bytes().all(|b| b.is_ascii_alphanumeric()))
}
