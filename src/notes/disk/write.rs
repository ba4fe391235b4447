//! Writing a sidecar: a new temp file, its mode and owner kept, renamed over
//! the old one.

use super::*;

/// Replace the sidecar at `place` with `bytes`, in the folder `lock`
/// holds open; `old` is what it held (kept as `.bak`). A new sidecar is
/// readable and writable by no one the article's mode (`article_mode`)
/// leaves out, besides the umask. Returns what the user should know (a
/// group that could not be kept, a `.bak` that could not be written).
pub fn replace(
    lock: &Lock,
    place: &Place,
    bytes: &[u8],
    old: Option<&OnDisk>,
    article_mode: Option<u32>,
) -> Result<Vec<String>, NotesError> {
    let folder = &lock.folder;
    let name = place.name();
    let mut notices = Vec::new();
    if let Some(old) = old {
        let mut bak = name.clone();
        bak.push(".bak");
        if let Err(e) = write_new(
            folder,
            &bak,
            &old.bytes,
            Some(&old.meta),
            0o666,
            &mut notices,
        ) {
            notices.push(format!(
                "the previous version was not kept as {}: {e}",
                folder.shown(&bak)
            ));
        }
    }
    // Its owner reads and writes it; group and others only if they may
    // read the article (then they may annotate it too).
    let new_mode = article_mode.map_or(0o666, |m| {
        0o600 | if m & 0o040 != 0 { 0o060 } else { 0 } | if m & 0o004 != 0 { 0o006 } else { 0 }
    });
    write_new(
        folder,
        &name,
        bytes,
        old.map(|o| &o.meta),
        new_mode,
        &mut notices,
    )
    .map_err(|e| io_error("write", &place.real, e))?;
    folder.sync();
    Ok(notices)
}

/// A new file under a random name, removed when dropped unless renamed.
pub(super) struct TempAt<'a> {
    folder: &'a Folder,
    name: OsString,
    file: File,
    done: bool,
}

impl Drop for TempAt<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = rustix::fs::unlinkat(&self.folder.fd, &self.name, rustix::fs::AtFlags::empty());
        }
    }
}

/// Eight characters no one can guess.
pub(super) fn random_part() -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // A UUIDv7's last 8 bytes are random (74 bits in all).
    let bytes = uuid::Uuid::now_v7().into_bytes();
    bytes[8..]
        .iter()
        .map(|b| ABC[usize::from(*b) % ABC.len()] as char)
        .collect()
}

/// Write `bytes` to a new file (`O_EXCL`) under a random name beside
/// `dest` and rename it to `dest`. A failure removes the new file.
pub(super) fn write_new(
    folder: &Folder,
    dest: &OsStr,
    bytes: &[u8],
    like: Option<&Metadata>,
    new_mode: u32,
    notices: &mut Vec<String>,
) -> io::Result<()> {
    // A new sidecar: `new_mode`, less the umask. A replacement starts
    // private and is given the old file's mode below.
    let mode = if like.is_some() { 0o600 } else { new_mode };
    let mut tries = 0;
    let mut tmp = loop {
        let mut name = OsString::from(".");
        name.push(dest);
        name.push(format!(".{}{TEMP_SUFFIX}", random_part()));
        match folder.open_at(&name, OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL, mode) {
            Ok(file) => {
                break TempAt {
                    folder,
                    name,
                    file,
                    done: false,
                };
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 16 => tries += 1,
            Err(e) => return Err(e),
        }
    };
    if let Some(meta) = like {
        keep_owner(&tmp.file, meta, &folder.path.join(dest), notices)?;
    }
    tmp.file.write_all(bytes)?;
    tmp.file.sync_all()?;
    rustix::fs::renameat(&folder.fd, &tmp.name, &folder.fd, dest)?;
    tmp.done = true;
    Ok(())
}

/// Give `file` the mode, group and (as root) owner of the file `meta`
/// describes. The group goes first: changing it clears set-id bits.
pub(super) fn keep_owner(
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
