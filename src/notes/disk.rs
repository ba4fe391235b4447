//! The sidecar on disk: found through a link, read, locked and replaced,
//! never through a name someone else could have planted (DESIGN §4.3).
//!
//! - The sidecar's folder is opened once; every step after is taken
//!   relative to it (`openat`, `renameat`), so swapping a folder on the
//!   path for a link halfway through redirects nothing.
//! - Every file a save creates is created new (`O_EXCL`, `O_NOFOLLOW`)
//!   under a random name in that folder, then renamed over the file it
//!   replaces. A link planted at a temp, `.bak` or sidecar name is
//!   replaced by the rename, never written through.
//! - The new sidecar and its `.bak` get the old file's mode and group
//!   (and owner, when run as root); a new sidecar follows the umask.
//! - The lock is opened `O_NOFOLLOW` and must be a regular file.
//! - A sidecar that is a link is written through to its target, in the
//!   target's folder, only when the target is a hamish sidecar (or empty)
//!   and belongs to whoever made the link (or the link is the user's own).

mod lock;
mod write;

pub use lock::{Busy, Lock, read_locked, try_lock};
pub use write::replace;

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Metadata, Permissions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::{Mode, OFlags};

use super::sidecar;
use super::store::NotesError;
use crate::files;
use crate::text::display::display_path;

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
        crate::files::folder_of(&self.real).to_path_buf()
    }

    pub fn name(&self) -> OsString {
        self.real.file_name().unwrap_or_default().to_os_string()
    }

    fn refuse(&self, why: String) -> NotesError {
        match &self.link {
            Some(link) => NotesError::Refused {
                path: display_path(link),
                reason: format!(
                    "it is a link to {}, and {why}; nothing of it was kept or written",
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

/// The folder a sidecar is in, opened once: every later step (the lock,
/// reading, the temp files, the rename) is taken relative to it, so a
/// folder on the path swapped for a link meanwhile changes nothing.
pub struct Folder {
    fd: File,
    path: PathBuf,
}

impl Folder {
    pub fn open(place: &Place) -> Result<Folder, NotesError> {
        let path = place.dir();
        // O_PATH: a folder one may search but not list (mode 0711) works.
        let fd = rustix::fs::open(
            &path,
            OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| io_error("open the folder of", &place.real, e.into()))?;
        Ok(Folder {
            fd: File::from(fd),
            path,
        })
    }

    fn open_at(&self, name: &OsStr, flags: OFlags, mode: u32) -> io::Result<File> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            flags | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from(mode),
        )?;
        Ok(File::from(fd))
    }

    fn shown(&self, name: &OsStr) -> String {
        display_path(&self.path.join(name))
    }

    /// Make renames in the folder durable (best effort: it may not be
    /// readable, and not every system can sync a folder).
    fn sync(&self) {
        if let Ok(d) = self.open_at(OsStr::new("."), OFlags::RDONLY | OFlags::DIRECTORY, 0) {
            let _ = d.sync_all();
        }
    }
}

/// Read the sidecar at `place` (`None`: there is none yet). A link's
/// target is taken only if it is a hamish sidecar (or empty) that belongs
/// to whoever made the link; else nothing of it is kept.
pub fn read(place: &Place) -> Result<Option<OnDisk>, NotesError> {
    let folder = Folder::open(place)?;
    read_in(&folder, place)
}

fn read_in(folder: &Folder, place: &Place) -> Result<Option<OnDisk>, NotesError> {
    let name = place.name();
    let mut file = match folder.open_at(&name, OFlags::RDONLY | OFlags::NONBLOCK, 0) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound && place.link.is_none() => return Ok(None),
        Err(e) => return Err(io_error("read", &place.real, e)),
    };
    let meta = file
        .metadata()
        .map_err(|e| io_error("read", &place.real, e))?;
    if !meta.file_type().is_file() {
        return Err(place.refuse(format!("that is {}", files::kind_name(meta.file_type()))));
    }
    let mut bytes = Vec::new();
    if let Some(link) = &place.link {
        let link_owner = fs::symlink_metadata(link)
            .map_err(|e| io_error("read", link, e))?
            .uid();
        let me = rustix::process::geteuid().as_raw();
        if link_owner != me {
            // Someone else's link: followed only into a file and a folder
            // of that person's own, never to make this user write where
            // its maker could not.
            if link_owner != meta.uid() {
                return Err(place.refuse(format!(
                    "that file belongs to user {}, the link to user {link_owner}",
                    meta.uid()
                )));
            }
            let dir_owner = rustix::fs::fstat(&folder.fd)
                .map_err(|e| io_error("read", &folder.path, e.into()))?
                .st_uid;
            if dir_owner != link_owner {
                return Err(place.refuse(format!(
                    "its folder belongs to user {dir_owner}, the link to user {link_owner}"
                )));
            }
        }
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
    // Room for the whole file if it can be had (a huge one is read as
    // before), read through `take`, which asks no size of the file
    // again: two system calls fewer per sidecar.
    let room = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    let _ = bytes.try_reserve(room.saturating_add(1));
    (&mut file)
        .take(u64::MAX)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error("read", &place.real, e))?;
    Ok(Some(OnDisk { bytes, meta }))
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
