//! The titles cache: what the library showed of each article of a folder
//! (its [`Gist`]: the start of its first paragraph and its counts), kept
//! in the user's cache folder, so that a library of thousands of articles
//! shows its titles in its first frame instead of after reading them all.
//!
//! Nothing in it is trusted blindly. One file per library folder, named by
//! a hash of the folder's path and naming that path inside; a gist is used
//! only while its article's size, modification and change times (in
//! nanoseconds) and inode are the ones it was read at; the file is bounded
//! in size, checked by a CRC, and every field of every record is checked
//! (a name that is an article's, an excerpt free of controls and no longer
//! than the library's, counts the size allows): anything wrong and the
//! whole file is ignored and rebuilt by the next scan. It is written whole
//! to a temp file beside it and renamed over it (two hamish at once each
//! leave a whole file; a link planted at its path is replaced, never
//! followed), and a cache that cannot be written changes nothing but the
//! next start's speed.

use std::ffi::OsStr;
use std::fs::Metadata;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::scan::{EXCERPT_CHARS, is_article_name};
use super::{Entry, Gist};

/// What a cache file starts with; another format (an older or newer
/// hamish, another file) is ignored.
const MAGIC: &[u8; 16] = b"hamish titles\n\0\x01";
/// The header: the magic, then the CRC-32 of the body (little-endian).
const HEADER: usize = MAGIC.len() + 4;
/// The largest cache file read or written: some 150,000 articles.
pub const MAX_BYTES: u64 = 128 << 20;
/// The longest file name taken from a cache file (Linux allows 255 bytes).
const MAX_NAME: usize = 1024;
/// A gist read less than this after its article last changed is not
/// kept: a change within the file system's time granularity (2 s on
/// FAT) could leave the times as they were.
const SETTLE: Duration = Duration::from_secs(2);
/// Leftover temp files (of a hamish killed while saving) older than this
/// are removed on the next save.
const STALE_TEMP: Duration = Duration::from_secs(3600);
const TEMP_PREFIX: &str = ".titles-";

/// When an article was last changed, as far as the cache can tell: a
/// gist is used only while all of these are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub mtime: i64,
    pub mtime_ns: u32,
    pub ctime: i64,
    pub ctime_ns: u32,
    pub ino: u64,
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        Stamp {
            size: meta.size(),
            mtime: meta.mtime(),
            mtime_ns: u32::try_from(meta.mtime_nsec()).unwrap_or(u32::MAX),
            ctime: meta.ctime(),
            ctime_ns: u32::try_from(meta.ctime_nsec()).unwrap_or(u32::MAX),
            ino: meta.ino(),
        }
    }

    /// Whether the article last changed before `t` less [`SETTLE`], so
    /// that any later change shows in its times.
    fn settled_before(&self, t: SystemTime) -> bool {
        let Ok(since) = t.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let limit = i128::try_from(since.saturating_sub(SETTLE).as_nanos()).unwrap_or(i128::MAX);
        let ns = |s: i64, n: u32| i128::from(s) * 1_000_000_000 + i128::from(n);
        ns(self.mtime, self.mtime_ns) < limit && ns(self.ctime, self.ctime_ns) < limit
    }
}

/// One article as the cache file holds it (borrowed from the file's
/// bytes when read, from the [`Known`] when written).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Record<'a> {
    name: &'a [u8],
    stamp: Stamp,
    paragraphs: u64,
    words: u64,
    excerpt: &'a str,
}

/// A cache file's body: the records sorted by name, each name once.
#[derive(Debug, Serialize, Deserialize)]
struct Body<'a> {
    /// The library folder it is for.
    folder: &'a [u8],
    #[serde(borrow)]
    records: Vec<Record<'a>>,
}

/// What the cache knows of one article: its gist, valid while its file
/// has this stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Known {
    stamp: Stamp,
    gist: Gist,
}

impl Record<'_> {
    /// Whether this record could have been written by hamish: a name
    /// that is an article's, an excerpt as the library makes them (no
    /// control, trimmed, at most its length, empty only with no
    /// paragraph), counts the file's size allows (every paragraph has a
    /// word and every word a byte; a byte decodes to at most 3).
    fn is_plausible(&self) -> bool {
        let name = self.name;
        let size = self.stamp.size;
        !name.is_empty()
            && name.len() <= MAX_NAME
            && !name.contains(&b'/')
            && !name.contains(&0)
            && is_article_name(OsStr::from_bytes(name))
            && self.stamp.mtime_ns < 1_000_000_000
            && self.stamp.ctime_ns < 1_000_000_000
            && self.paragraphs <= self.words
            && self.words <= size
            && (self.paragraphs == 0) == self.excerpt.is_empty()
            && (self.excerpt.len() as u64) <= size.saturating_mul(3)
            && !self.excerpt.starts_with(char::is_whitespace)
            && self.excerpt.chars().count() <= EXCERPT_CHARS
            && crate::text::sanitize::is_clean(self.excerpt)
    }

    fn known(&self) -> Option<Known> {
        Some(Known {
            stamp: self.stamp,
            gist: Gist {
                excerpt: self.excerpt.to_owned(),
                paragraphs: usize::try_from(self.paragraphs).ok()?,
                words: usize::try_from(self.words).ok()?,
            },
        })
    }
}

/// Where the cache of the library `folder` is kept in `cache_dir`.
pub fn file_for(cache_dir: &Path, folder: &Path) -> PathBuf {
    let key = crate::digest::sha256_hex(folder.as_os_str().as_bytes());
    cache_dir.join(&key[..32])
}

/// The bytes of the cache file at `file` if it is one (its magic and CRC
/// right, at most [`MAX_BYTES`]); `None` if there is none.
fn read(file: &Path) -> Option<Vec<u8>> {
    // A link planted at the cache's path is refused, not followed.
    let f = crate::files::open_regular_nofollow(file).ok()?;
    if f.metadata().ok()?.len() > MAX_BYTES {
        return None;
    }
    let mut bytes = Vec::new();
    f.take(MAX_BYTES + 1).read_to_end(&mut bytes).ok()?;
    let (head, body) = bytes.split_at_checked(HEADER)?;
    let (magic, crc) = head.split_at(MAGIC.len());
    (magic == MAGIC && crc == crc32fast::hash(body).to_le_bytes()).then_some(bytes)
}

/// The records of a cache file's `bytes` for `folder`, in name order;
/// `None` if anything in them is wrong.
fn parse<'a>(bytes: &'a [u8], folder: &Path) -> Option<Vec<Record<'a>>> {
    let body: Body = postcard::from_bytes(bytes.get(HEADER..)?).ok()?;
    let names_in_order = body.records.windows(2).all(|w| w[0].name < w[1].name);
    let fine = body.folder == folder.as_os_str().as_bytes()
        && names_in_order
        && body.records.iter().all(Record::is_plausible);
    fine.then_some(body.records)
}

/// The records of the cache file at `file` for `folder` (tests).
#[cfg(test)]
fn load(file: &Path, folder: &Path) -> Option<usize> {
    let bytes = read(file)?;
    parse(&bytes, folder).map(|r| r.len())
}

/// What is known of one article.
#[derive(Debug)]
enum Slot {
    /// The cache's record, not yet checked against the file.
    Unchecked(Known),
    /// Checked, or just read: shown as it is.
    Known(Known),
    /// Nothing yet (or nothing to keep).
    Unknown,
}

/// The articles of a library folder with what the titles cache knows of
/// each: checked against the files (the first screen's before the first
/// frame, the rest by the background scan), completed by reading the
/// articles it does not know, and saved back when anything changed.
#[derive(Debug)]
pub struct Titles {
    folder: PathBuf,
    /// Where the cache is kept (`None`: nowhere; nothing is written).
    file: Option<PathBuf>,
    pub paths: Vec<PathBuf>,
    slots: Vec<Slot>,
    /// Whether a save would write something other than the file holds.
    changed: bool,
    /// When the scan started: a gist read then is kept only if its
    /// article had settled before.
    since: SystemTime,
}

impl Titles {
    /// The articles `paths` of `folder` (its canonical path), with what
    /// the cache in `cache_dir` (if any) holds of them, all unchecked.
    pub fn open(cache_dir: Option<&Path>, folder: &Path, paths: Vec<PathBuf>) -> Titles {
        let since = SystemTime::now();
        let file = cache_dir.map(|d| file_for(d, folder));
        let bytes = file.as_deref().and_then(read);
        let records = bytes.as_deref().and_then(|b| parse(b, folder));
        let mut changed = records.is_none();
        let records = records.unwrap_or_default();
        // Both in name order: matched in one pass.
        let mut slots = Vec::with_capacity(paths.len());
        let mut rest = records.iter().peekable();
        let mut used = 0;
        for p in &paths {
            let name = p.file_name().map_or(&[][..], OsStrExt::as_bytes);
            while rest.next_if(|r| r.name < name).is_some() {}
            let slot = match rest.next_if(|r| r.name == name).and_then(Record::known) {
                Some(k) => {
                    used += 1;
                    Slot::Unchecked(k)
                }
                None => Slot::Unknown,
            };
            slots.push(slot);
        }
        // Articles gone since: the file is written again without them.
        changed |= used < records.len();
        Titles {
            folder: folder.to_path_buf(),
            file,
            paths,
            slots,
            changed,
            since,
        }
    }

    /// Check the cache's record of article `i` against its file: its
    /// library entry if it still holds.
    pub fn check(&mut self, i: usize) -> Option<Entry> {
        let slot = self.slots.get_mut(i)?;
        let Slot::Unchecked(known) = std::mem::replace(slot, Slot::Unknown) else {
            return None;
        };
        let path = &self.paths[i];
        let same =
            std::fs::metadata(path).is_ok_and(|m| m.is_file() && Stamp::of(&m) == known.stamp);
        if !same {
            self.changed = true;
            return None;
        }
        let entry = known.gist.clone().entry(path);
        self.slots[i] = Slot::Known(known);
        Some(entry)
    }

    /// [`Titles::check`] the first `n` articles: the entries that hold.
    pub fn check_first(&mut self, n: usize) -> Vec<(usize, Entry)> {
        (0..n.min(self.paths.len()))
            .filter_map(|i| self.check(i).map(|e| (i, e)))
            .collect()
    }

    /// Whether article `i`'s record is still to be checked.
    pub fn unchecked(&self, i: usize) -> bool {
        matches!(self.slots.get(i), Some(Slot::Unchecked(_)))
    }

    /// Whether article `i` is known (checked, or read).
    pub fn known(&self, i: usize) -> bool {
        matches!(self.slots.get(i), Some(Slot::Known(_)))
    }

    /// Read article `i` (streamed) and keep its gist: its entry, `None` if
    /// it cannot be read.
    pub fn read(&mut self, i: usize) -> Option<Entry> {
        let path = self.paths.get(i)?;
        let file = crate::files::open_regular(path).ok()?;
        // The times before the text: a change while it is read shows.
        let stamp = Stamp::of(&file.metadata().ok()?);
        let gist = Gist::read(file).ok()?;
        self.learn(i, stamp, gist.clone());
        Some(gist.entry(&self.paths[i]))
    }

    fn learn(&mut self, i: usize, stamp: Stamp, gist: Gist) {
        let Some(name) = self.paths.get(i).and_then(|p| p.file_name()) else {
            return;
        };
        let known = Known { stamp, gist };
        let fine = record(name, &known).is_plausible();
        self.changed = true;
        self.slots[i] = if fine && stamp.settled_before(self.since) {
            Slot::Known(known)
        } else {
            Slot::Unknown
        };
    }

    /// Write the cache if anything changed (what is known now; records
    /// still unchecked are left out). `Ok(false)`: nothing to write.
    pub fn save(&mut self) -> std::io::Result<bool> {
        let Some(file) = &self.file else {
            return Ok(false);
        };
        if !self.changed {
            return Ok(false);
        }
        let records: Vec<Record> = self
            .paths
            .iter()
            .zip(&self.slots)
            .filter_map(|(p, s)| match s {
                Slot::Known(k) => Some(record(p.file_name()?, k)),
                _ => None,
            })
            .collect();
        write(file, &self.folder, records)?;
        self.changed = false;
        Ok(true)
    }
}

/// How article `name`, known as `k`, is written.
fn record<'a>(name: &'a OsStr, k: &'a Known) -> Record<'a> {
    Record {
        name: name.as_bytes(),
        stamp: k.stamp,
        paragraphs: k.gist.paragraphs as u64,
        words: k.gist.words as u64,
        excerpt: &k.gist.excerpt,
    }
}

/// Write the cache file `file` whole (`records` in name order): a temp
/// file beside it, renamed over it (a link at `file` is replaced, never
/// written through). No fsync: a file torn by a crash fails its CRC and
/// is rebuilt.
fn write(file: &Path, folder: &Path, records: Vec<Record>) -> std::io::Result<()> {
    let body = postcard::to_stdvec(&Body {
        folder: folder.as_os_str().as_bytes(),
        records,
    })
    .map_err(std::io::Error::other)?;
    if (HEADER + body.len()) as u64 > MAX_BYTES {
        return Err(std::io::Error::other("too many articles to cache"));
    }
    let dir = crate::files::folder_of(file);
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    remove_stale_temps(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(MAGIC)?;
    tmp.write_all(&crc32fast::hash(&body).to_le_bytes())?;
    tmp.write_all(&body)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Remove the temp files that killed saves left in `dir`.
fn remove_stale_temps(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for e in read.filter_map(Result::ok) {
        let old = e
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old && e.file_name().as_bytes().starts_with(TEMP_PREFIX.as_bytes()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests;
