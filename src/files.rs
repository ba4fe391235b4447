//! Opening files that may be anything. An article, a sidecar or a config
//! file in a shared folder can be a FIFO (opening it blocks until someone
//! writes), a device (`/dev/zero` never ends) or a folder: each is refused
//! with an error that says what it is, and nothing is read from it.

use std::fs::{File, FileType, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use rustix::fs::OFlags;

/// What a file that is not a regular file is, in words.
pub fn kind_name(ft: FileType) -> &'static str {
    if ft.is_dir() {
        "a folder"
    } else if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// The error for a file that is not a regular file.
pub fn not_regular(ft: FileType) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", kind_name(ft)),
    )
}

fn open_with(path: &Path, extra: OFlags) -> io::Result<File> {
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a
    // writer. It changes nothing for the regular file that is then checked.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::NONBLOCK | OFlags::CLOEXEC | extra).bits() as i32)
        .open(path)?;
    let ft = file.metadata()?.file_type();
    if !ft.is_file() {
        return Err(not_regular(ft));
    }
    Ok(file)
}

/// Open a regular file for reading (following links); anything else is
/// refused without reading.
pub fn open_regular(path: &Path) -> io::Result<File> {
    open_with(path, OFlags::empty())
}

/// [`open_regular`], but a link at `path` itself is refused (`ELOOP`).
pub fn open_regular_nofollow(path: &Path) -> io::Result<File> {
    open_with(path, OFlags::NOFOLLOW)
}

/// The whole of a regular file.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut f = open_regular(path)?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The folder `path` is in: its parent, or `.` for a bare file name (whose
/// parent is empty) and for `/`.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Run `f` holding the lock of the folder `root` (its `.lock` file): two
/// windows (or a window and `hamish annotate`) changing one draft file, or
/// two calibrations, never lose each other's changes.
pub fn locked<T>(root: &Path, f: impl FnOnce() -> T) -> std::io::Result<T> {
    std::fs::create_dir_all(root)?;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(root.join(".lock"))?;
    lock.lock()?;
    Ok(f())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifos_devices_and_folders_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("a.txt");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::from(0o644))
            .expect("mkfifo");
        let e = read_regular(&fifo).expect_err("a FIFO");
        assert!(e.to_string().contains("a FIFO"), "{e}");
        let e = read_regular(Path::new("/dev/zero")).expect_err("a device");
        assert!(e.to_string().contains("a device"), "{e}");
        let e = read_regular(dir.path()).expect_err("a folder");
        assert!(e.to_string().contains("a folder"), "{e}");

        let link = dir.path().join("link");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        assert!(read_regular(&link).is_err());
        let plain = dir.path().join("b.txt");
        std::fs::write(&plain, "نص").expect("write");
        assert_eq!(read_regular(&plain).expect("regular"), "نص".as_bytes());
        let to_plain = dir.path().join("to-plain");
        std::os::unix::fs::symlink(&plain, &to_plain).expect("symlink");
        assert!(read_regular(&to_plain).is_ok(), "links are followed");
        assert!(
            open_regular_nofollow(&to_plain).is_err(),
            "unless asked not to"
        );
    }

    #[test]
    fn the_folder_of_a_bare_name_is_the_current_one() {
        assert_eq!(folder_of(Path::new("a.txt")), Path::new("."));
        assert_eq!(folder_of(Path::new("/")), Path::new("."));
        assert_eq!(folder_of(Path::new("c/a.txt")), Path::new("c"));
        assert_eq!(folder_of(Path::new("/c/d/a.txt")), Path::new("/c/d"));
    }
}
