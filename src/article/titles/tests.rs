use super::*;
use crate::article::{scan, stream_entry};

/// A library folder of `files` and an empty cache folder.
struct Fixture {
    _tmp: tempfile::TempDir,
    folder: PathBuf,
    cache: PathBuf,
    paths: Vec<PathBuf>,
}

fn fixture(files: &[(&str, &[u8])]) -> Fixture {
    let tmp = tempfile::tempdir().expect("tempdir");
    let folder = tmp.path().join("lib");
    std::fs::create_dir(&folder).expect("lib");
    // Written an hour ago, as far as their modification times say: an
    // edit in the test then always shows in them.
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for (name, bytes) in files {
        let path = folder.join(name);
        std::fs::write(&path, bytes).expect("write");
        let file = std::fs::File::options().write(true).open(&path);
        file.and_then(|f| f.set_modified(hour_ago)).expect("dated");
    }
    let paths = scan::article_paths(&folder).expect("paths");
    Fixture {
        cache: tmp.path().join("cache").join("titles"),
        folder,
        paths,
        _tmp: tmp,
    }
}

/// A record to plant, owned.
#[derive(Debug, Clone)]
struct Rec {
    name: Vec<u8>,
    stamp: Stamp,
    paragraphs: u64,
    words: u64,
    excerpt: String,
}

impl Rec {
    fn record(&self) -> Record<'_> {
        Record {
            name: &self.name,
            stamp: self.stamp,
            paragraphs: self.paragraphs,
            words: self.words,
            excerpt: &self.excerpt,
        }
    }
}

const TWO: [(&str, &[u8]); 2] = [
    ("a.txt", "عنوان أول\nفقرة عن الدولة.\n".as_bytes()),
    ("b.txt", "فقرة أولى طويلة تنتهي بنقطة.\nثانية.\n".as_bytes()),
];

impl Fixture {
    fn titles(&self) -> Titles {
        Titles::open(Some(&self.cache), &self.folder, self.paths.clone())
    }

    /// Read every article and save, as a scan of files that settled long
    /// ago would (the files were just written: the scan is said to have
    /// started later than it did).
    fn warm(&self) -> Titles {
        let mut t = self.titles();
        t.since = SystemTime::now() + Duration::from_secs(10);
        for i in 0..self.paths.len() {
            t.read(i).expect("readable");
        }
        assert!(t.save().expect("saved"), "something to write");
        t
    }

    fn file(&self) -> PathBuf {
        file_for(&self.cache, &self.folder)
    }

    /// Write a cache file holding `records` (a valid header and CRC).
    fn plant(&self, folder: &Path, records: &[Rec]) {
        let records = records.iter().map(Rec::record).collect();
        write(&self.file(), folder, records).expect("planted");
    }

    fn record(&self, i: usize) -> Rec {
        let path = &self.paths[i];
        let gist = Gist::read(std::fs::File::open(path).expect("open")).expect("gist");
        Rec {
            name: path.file_name().expect("name").as_bytes().to_vec(),
            stamp: Stamp::of(&std::fs::metadata(path).expect("meta")),
            paragraphs: gist.paragraphs as u64,
            words: gist.words as u64,
            excerpt: gist.excerpt,
        }
    }

    /// What a fresh start takes from the cache: the entries that hold.
    fn hits(&self) -> Vec<(usize, String)> {
        self.titles()
            .check_first(usize::MAX)
            .into_iter()
            .map(|(i, e)| (i, e.excerpt))
            .collect()
    }
}

#[test]
fn a_saved_cache_is_used_while_the_files_are_unchanged() {
    let f = fixture(&TWO);
    f.warm();
    let mut t = f.titles();
    let a = t.check(0).expect("a hit");
    assert_eq!(
        (a.title.as_str(), a.excerpt.as_str(), a.paragraphs, a.words),
        ("عنوان أول", "عنوان أول", 2, 5)
    );
    let b = t.check(1).expect("a hit");
    assert_eq!((b.title.as_str(), b.paragraphs, b.words), ("b.txt", 2, 6));
    assert!(t.known(0) && t.known(1));
    assert!(!t.save().expect("save"), "nothing changed, nothing written");
}

#[test]
fn the_entry_shown_comes_from_the_cache_not_the_file() {
    let f = fixture(&TWO);
    let mut r = f.record(0);
    r.excerpt = "من الذاكرة".into();
    f.plant(&f.folder, &[r]);
    assert_eq!(f.hits(), [(0, "من الذاكرة".to_string())]);
}

#[test]
fn a_change_of_size_mtime_ctime_or_inode_is_a_miss() {
    let f = fixture(&TWO);
    let base = f.record(0);
    let changes: [fn(&mut Stamp); 5] = [
        |s| s.size += 1,
        |s| s.mtime_ns = (s.mtime_ns + 1) % 1_000_000_000,
        |s| s.mtime -= 1,
        |s| s.ctime_ns = (s.ctime_ns + 1) % 1_000_000_000,
        |s| s.ino += 1,
    ];
    for (k, change) in changes.iter().enumerate() {
        let mut r = base.clone();
        change(&mut r.stamp);
        f.plant(&f.folder, &[r]);
        let mut t = f.titles();
        assert!(t.check(0).is_none(), "change {k}");
        assert!(t.changed, "change {k}: written again");
    }
    // The same stamp is a hit (so the misses above are the changes').
    f.plant(&f.folder, &[base]);
    assert_eq!(f.hits().len(), 1);
}

#[test]
fn an_edited_article_is_read_again() {
    let f = fixture(&TWO);
    f.warm();
    // The same size, other words.
    std::fs::write(&f.paths[0], "عنوان ثان\nفقرة عن الدولة.\n").expect("edit");
    let mut t = f.titles();
    assert!(t.check(0).is_none());
    assert_eq!(
        t.read(0).expect("read").title,
        "عنوان ثان",
        "read from the file"
    );
    // A longer text.
    std::fs::write(&f.paths[1], "أطول\n".repeat(50)).expect("edit");
    assert_eq!(
        f.hits().iter().map(|h| h.0).collect::<Vec<_>>(),
        [] as [usize; 0]
    );
}

#[test]
fn a_file_changed_as_it_is_read_is_not_kept() {
    let f = fixture(&TWO);
    // The files were written just now: within the time granularity a
    // second change could leave their times as they are.
    let mut t = f.titles();
    t.read(0).expect("read");
    t.read(1).expect("read");
    t.save().expect("save");
    assert_eq!(f.hits(), []);
    assert!(!f.titles().known(0));
}

#[test]
fn titles_are_the_same_with_and_without_the_cache() {
    let long = format!("{}.\nثانية\n", "كلمة ".repeat(200));
    let files: [(&str, &[u8]); 8] = [
        (
            "headline.txt",
            "العراق وسوريا يضيقان الخناق\n\nنص.\n".as_bytes(),
        ),
        ("sentence.txt", "جملة تامة تنتهي بنقطة.\n".as_bytes()),
        ("long.txt", long.as_bytes()),
        ("controls.txt", b"\x1b[31mred\x07 title\r\nbody\x9b\n"),
        ("invalid.txt", b"\xff\xfe head\n\nbody \x1b[2J text.\n"),
        ("empty.txt", b""),
        ("blank.md", b"\n\n  \n"),
        ("bom.md", "\u{FEFF}عنوان\r\n\r\nجملة أولى".as_bytes()),
    ];
    let f = fixture(&files);
    f.warm();
    let mut t = f.titles();
    for (i, path) in f.paths.iter().enumerate() {
        let cached = t.check(i).expect("a hit");
        let read = stream_entry(path).expect("readable");
        let loaded = scan::entry_of(&crate::article::Article::load(path).expect("load"));
        for e in [&read, &loaded] {
            assert_eq!(
                (&cached.name, &cached.title, &cached.excerpt),
                (&e.name, &e.title, &e.excerpt),
                "{}",
                path.display()
            );
            assert_eq!(
                (cached.paragraphs, cached.words, cached.loaded, &cached.path),
                (e.paragraphs, e.words, e.loaded, &e.path)
            );
        }
    }
    // Controls never reach the title: they are pictures.
    assert!(f.hits().iter().any(|(_, x)| x == "␛[31mred␇ title"));
}

/// A way to spoil the cache file.
type Spoil<'a> = Box<dyn Fn() + 'a>;

/// Every kind of bad cache file: ignored, then written anew by a save.
#[test]
fn a_damaged_or_hostile_cache_is_ignored_and_rebuilt() {
    let fx = fixture(&TWO);
    let f = &fx;
    let good = || {
        f.warm();
        std::fs::read(f.file()).expect("cache")
    };
    let bytes = good();
    let rec = f.record(0);
    // The good file's own records, planted again: used (the cases below
    // differ from it only in what they name).
    f.plant(&f.folder, &[f.record(0), f.record(1)]);
    assert_eq!(f.hits().len(), 2);
    let with = move |change: fn(&mut Rec)| {
        move || {
            let mut r = f.record(0);
            change(&mut r);
            f.plant(&f.folder, &[r]);
        }
    };
    let bad: Vec<(&str, Spoil)> = vec![
        (
            "garbage",
            Box::new(|| std::fs::write(f.file(), b"\x00\xffnot a cache at all").expect("w")),
        ),
        (
            "empty",
            Box::new(|| std::fs::write(f.file(), b"").expect("w")),
        ),
        (
            "truncated",
            Box::new(|| std::fs::write(f.file(), &bytes[..bytes.len() / 2]).expect("w")),
        ),
        (
            "a byte changed",
            Box::new(|| {
                // A space of a title made '!': still a plausible file,
                // but not the one written.
                let mut b = bytes.clone();
                let at = HEADER
                    + b[HEADER..]
                        .iter()
                        .position(|&x| x == b' ')
                        .expect("a space");
                b[at] = b'!';
                std::fs::write(f.file(), b).expect("w")
            }),
        ),
        (
            "another version",
            Box::new(|| {
                let mut b = bytes.clone();
                b[MAGIC.len() - 1] = 2;
                std::fs::write(f.file(), b).expect("w")
            }),
        ),
        (
            "too big",
            Box::new(|| {
                let mut b = bytes.clone();
                b.resize(b.len() + 16, 0);
                std::fs::write(f.file(), &b).expect("w");
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(f.file())
                    .expect("open");
                file.set_len(MAX_BYTES + 1).expect("sparse");
            }),
        ),
        (
            "another folder's",
            Box::new(|| f.plant(Path::new("/elsewhere"), &[f.record(0)])),
        ),
        (
            "a control",
            Box::new(with(|r| r.excerpt = "عنوان\x1b[2J".into())),
        ),
        ("untrimmed", Box::new(with(|r| r.excerpt.insert(0, ' ')))),
        (
            "too long",
            Box::new(with(|r| r.excerpt = "ب".repeat(EXCERPT_CHARS + 1))),
        ),
        ("a path", Box::new(with(|r| r.name = b"../a.txt".to_vec()))),
        (
            "not an article",
            Box::new(with(|r| r.name = b"a.jsonl".to_vec())),
        ),
        (
            "more paragraphs than words",
            Box::new(with(|r| r.paragraphs = r.words + 1)),
        ),
        (
            "more words than bytes",
            Box::new(with(|r| r.words = r.stamp.size + 1)),
        ),
        (
            "no paragraph, an excerpt",
            Box::new(with(|r| r.paragraphs = 0)),
        ),
        (
            "twice",
            Box::new(|| f.plant(&f.folder, &[rec.clone(), rec.clone()])),
        ),
        (
            "out of order",
            Box::new(|| f.plant(&f.folder, &[f.record(1), f.record(0)])),
        ),
    ];
    for (what, spoil) in bad {
        good();
        assert_eq!(f.hits().len(), 2, "{what}: the good file is used");
        spoil();
        assert_eq!(f.hits(), [], "{what}: ignored");
        let mut t = f.titles();
        assert!(t.changed, "{what}");
        // The scan reads the articles and writes the cache anew.
        t.since = SystemTime::now() + Duration::from_secs(10);
        t.read(0).expect("read");
        t.read(1).expect("read");
        assert!(t.save().expect("saved"), "{what}");
        assert_eq!(f.hits().len(), 2, "{what}: rebuilt");
    }
}

#[test]
fn a_link_at_the_cache_path_is_neither_followed_nor_written_through() {
    let f = fixture(&TWO);
    f.warm();
    let file = f.file();
    // A valid cache moved elsewhere, and a link to it in its place.
    let victim = f.cache.parent().expect("parent").join("victim");
    std::fs::rename(&file, &victim).expect("move");
    std::os::unix::fs::symlink(&victim, &file).expect("link");
    let before = std::fs::read(&victim).expect("victim");
    assert_eq!(f.hits(), [], "the link is not read");
    f.warm();
    assert_eq!(std::fs::read(&victim).expect("victim"), before, "untouched");
    let meta = std::fs::symlink_metadata(&file).expect("cache");
    assert!(
        meta.file_type().is_file(),
        "the link was replaced by a file"
    );
    assert_eq!(f.hits().len(), 2);
}

#[test]
fn a_cache_that_cannot_be_written_changes_nothing_else() {
    let f = fixture(&TWO);
    // Something in the way of the cache folder: it cannot be made (as
    // root, a read-only folder would still be written).
    std::fs::create_dir_all(f.cache.parent().expect("parent")).expect("dir");
    std::fs::write(&f.cache, "in the way").expect("file");
    let mut t = f.titles();
    t.since = SystemTime::now() + Duration::from_secs(10);
    assert_eq!(t.read(0).expect("read").title, "عنوان أول");
    assert!(t.save().is_err());
    assert_eq!(f.hits(), []);
}

#[test]
fn no_cache_folder_means_nothing_is_kept() {
    let f = fixture(&TWO);
    let mut t = Titles::open(None, &f.folder, f.paths.clone());
    t.since = SystemTime::now() + Duration::from_secs(10);
    assert!(t.read(0).is_some());
    assert!(!t.save().expect("nothing to do"));
    assert!(!f.cache.exists());
}

#[test]
fn gone_articles_are_dropped_and_leftover_temps_removed() {
    let f = fixture(&TWO);
    f.warm();
    let old_temp = f.cache.join(".titles-dead");
    std::fs::write(&old_temp, "a killed save").expect("temp");
    let hour_ago = SystemTime::now() - Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&old_temp)
        .expect("open")
        .set_modified(hour_ago)
        .expect("age");
    let new_temp = f.cache.join(".titles-live");
    std::fs::write(&new_temp, "a save under way").expect("temp");
    // b.txt is gone: the cache is written again without it.
    let mut t = Titles::open(Some(&f.cache), &f.folder, f.paths[..1].to_vec());
    assert!(t.check(0).is_some());
    assert!(t.save().expect("save"), "b.txt dropped");
    assert_eq!(load(&f.file(), &f.folder), Some(1));
    assert!(!old_temp.exists(), "an old temp is removed");
    assert!(new_temp.exists(), "one that may be in use is not");
}

#[test]
fn two_writers_at_once_always_leave_a_whole_file() {
    let f = fixture(&TWO);
    f.warm();
    let (file, folder) = (f.file(), f.folder.clone());
    let records = [f.record(0), f.record(1)];
    std::thread::scope(|s| {
        for k in 0..2 {
            let (file, folder, records) = (&file, &folder, &records);
            s.spawn(move || {
                for _ in 0..30 {
                    let some = records[..=k].iter().map(Rec::record).collect();
                    write(file, folder, some).expect("write");
                }
            });
        }
        for _ in 0..60 {
            let n = load(&file, &folder);
            assert!(matches!(n, Some(1 | 2)), "{n:?}");
        }
    });
}
