//! Where hamish keeps things (DESIGN §5): the config, data, state and
//! cache folders (the one place that asks `directories`), the sample
//! library in the data folder, reading positions in the state folder, the
//! titles cache in the cache folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

/// The sample articles shipped inside the binary, copied to the default
/// library on first run.
const SAMPLES: [(&str, &[u8]); 5] = [
    (
        "000_466c34380d8c8cd3.txt",
        include_bytes!("../seeds/000_466c34380d8c8cd3.txt"),
    ),
    (
        "001_334c5c13315cfcf7.txt",
        include_bytes!("../seeds/001_334c5c13315cfcf7.txt"),
    ),
    (
        "002_5369cbd3533a43d1.txt",
        include_bytes!("../seeds/002_5369cbd3533a43d1.txt"),
    ),
    (
        "003_8dbeb5ba9d9aad17.txt",
        include_bytes!("../seeds/003_8dbeb5ba9d9aad17.txt"),
    ),
    (
        "004_60d1107e2fb93d1c.txt",
        include_bytes!("../seeds/004_60d1107e2fb93d1c.txt"),
    ),
];

fn dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "hamish")
}

/// The default library, created and filled with the samples on first run.
pub fn default_library() -> anyhow::Result<PathBuf> {
    let dirs =
        dirs().ok_or_else(|| anyhow::anyhow!("no home folder: pass a folder of articles"))?;
    let lib = dirs.data_dir().join("library");
    if !lib.exists() {
        std::fs::create_dir_all(&lib)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", lib.display()))?;
        for (name, bytes) in SAMPLES {
            let p = lib.join(name);
            std::fs::write(&p, bytes)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display()))?;
        }
    }
    Ok(lib)
}

fn state_dir() -> Option<PathBuf> {
    let d = dirs()?;
    Some(
        d.state_dir()
            .map_or_else(|| d.data_local_dir().to_path_buf(), Path::to_path_buf),
    )
}

/// Reading position (paragraph index) of each article, by absolute path,
/// and the order articles were last opened in.
#[derive(Debug, Default)]
pub struct Positions {
    map: BTreeMap<String, Place>,
    file: Option<PathBuf>,
}

/// Where an article was left. Written as `{"paragraph": P, "opened": N}`;
/// a bare number (what earlier versions wrote) is a paragraph never
/// ordered. `opened` counts up with each article opened, so "last opened"
/// sorts the same whatever the clock says.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum Place {
    Ordered { paragraph: usize, opened: u64 },
    Paragraph(usize),
}

impl Place {
    fn paragraph(self) -> usize {
        match self {
            Place::Ordered { paragraph, .. } | Place::Paragraph(paragraph) => paragraph,
        }
    }

    fn opened(self) -> u64 {
        match self {
            Place::Ordered { opened, .. } => opened,
            Place::Paragraph(_) => 0,
        }
    }
}

fn key(article: &Path) -> String {
    std::path::absolute(article)
        .unwrap_or_else(|_| article.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

impl Positions {
    /// Load from the state dir. A missing file is empty; a damaged one is
    /// reported and left in place (it is only overwritten on the next save).
    pub fn load() -> (Positions, Option<String>) {
        let Some(file) = state_dir().map(|d| d.join("positions.json")) else {
            return (Positions::default(), None);
        };
        Positions::load_from(file)
    }

    pub fn load_from(file: PathBuf) -> (Positions, Option<String>) {
        let mut warning = None;
        let shown = crate::text::display::display_path(&file);
        // Only a regular file is read (a FIFO there would never answer).
        let map = match crate::files::read_regular(&file) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                warning = Some(format!(
                    "reading positions in {shown} are damaged ({e}); starting afresh"
                ));
                BTreeMap::new()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => {
                warning = Some(format!(
                    "cannot read the reading positions in {shown} ({e}); starting afresh"
                ));
                BTreeMap::new()
            }
        };
        (
            Positions {
                map,
                file: Some(file),
            },
            warning,
        )
    }

    pub fn get(&self, article: &Path) -> Option<usize> {
        self.map.get(&key(article)).map(|p| p.paragraph())
    }

    /// Where the article was left: it counts as the last opened.
    pub fn set(&mut self, article: &Path, paragraph: usize) {
        let top = self.map.values().map(|p| p.opened()).max().unwrap_or(0);
        if top >= u64::MAX / 2 {
            self.renumber();
        }
        let opened = self.map.values().map(|p| p.opened()).max().unwrap_or(0) + 1;
        self.map
            .insert(key(article), Place::Ordered { paragraph, opened });
    }

    /// Ranks 1, 2, 3… in the same order (a file that counted up far, or
    /// was written so, would run out of numbers).
    fn renumber(&mut self) {
        let mut order: Vec<(u64, String)> = self
            .map
            .iter()
            .filter(|(_, p)| p.opened() > 0)
            .map(|(k, p)| (p.opened(), k.clone()))
            .collect();
        order.sort();
        for (rank, (_, key)) in order.into_iter().enumerate() {
            if let Some(p) = self.map.get_mut(&key) {
                *p = Place::Ordered {
                    paragraph: p.paragraph(),
                    opened: rank as u64 + 1,
                };
            }
        }
    }

    /// When the article was last opened, as a rank: higher is more recent,
    /// 0 for never (or before hamish kept the order).
    pub fn opened(&self, article: &Path) -> u64 {
        self.map.get(&key(article)).map_or(0, |p| p.opened())
    }

    /// Write atomically (a temp file in the same folder, then a rename:
    /// never through a link planted at a fixed temp name).
    pub fn save(&self) -> std::io::Result<()> {
        use std::io::Write;
        let Some(file) = &self.file else {
            return Ok(());
        };
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(&serde_json::to_vec_pretty(&self.map)?)?;
        tmp.persist(file).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Where drafts are kept.
pub fn drafts_dir() -> Option<PathBuf> {
    state_dir().map(|d| d.join("drafts"))
}

/// The folder for hamish's config files.
pub fn config_dir() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().to_path_buf())
}

/// The folder of the titles cache (what the library shows of each
/// article, kept between runs; see [`crate::article::titles`]).
pub fn titles_cache_dir() -> Option<PathBuf> {
    dirs().map(|d| d.cache_dir().join("titles"))
}

/// The folder for hamish's data (the default library, fallback sidecars).
pub fn data_dir() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_damage_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("positions.json");
        let (mut p, w) = Positions::load_from(file.clone());
        assert!(w.is_none());
        p.set(Path::new("/a/b.txt"), 7);
        p.save().expect("save");
        let (p2, _) = Positions::load_from(file.clone());
        assert_eq!(p2.get(Path::new("/a/b.txt")), Some(7));

        std::fs::write(&file, b"{not json").expect("write");
        let (p3, w) = Positions::load_from(file.clone());
        assert!(w.is_some_and(|w| w.contains("positions.json")));
        assert_eq!(p3.get(Path::new("/a/b.txt")), None);
        assert_eq!(
            std::fs::read(&file).expect("read"),
            b"{not json",
            "kept until next save"
        );
    }

    /// Positions written by an earlier hamish (bare numbers) still read;
    /// each article left is ranked after the ones before, whatever the
    /// clock says, and the rank survives a save.
    #[test]
    fn positions_keep_the_order_articles_were_opened_in() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("positions.json");
        std::fs::write(&file, br#"{"/old/a.txt": 3}"#).expect("write");
        let (mut p, w) = Positions::load_from(file.clone());
        assert!(w.is_none(), "{w:?}");
        assert_eq!(p.get(Path::new("/old/a.txt")), Some(3));
        assert_eq!(p.opened(Path::new("/old/a.txt")), 0, "never ordered");
        p.set(Path::new("/x/b.txt"), 1);
        p.set(Path::new("/x/c.txt"), 2);
        p.set(Path::new("/x/b.txt"), 5);
        p.save().expect("save");
        let (p, _) = Positions::load_from(file);
        let rank = |s: &str| p.opened(Path::new(s));
        assert_eq!(p.get(Path::new("/x/b.txt")), Some(5));
        assert!(rank("/x/b.txt") > rank("/x/c.txt"), "b was left last");
        assert!(rank("/x/c.txt") > rank("/old/a.txt"));
        assert_eq!(rank("/never.txt"), 0);
    }

    /// A link planted where a temp file might be written is never
    /// followed: the save goes through a fresh temp file.
    #[cfg(unix)]
    #[test]
    fn saving_positions_follows_no_planted_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"keep").expect("write");
        let file = dir.path().join("positions.json");
        std::os::unix::fs::symlink(&victim, dir.path().join("positions.json.tmp")).expect("link");
        let (mut p, _) = Positions::load_from(file.clone());
        p.set(Path::new("/a.txt"), 1);
        p.save().expect("save");
        assert_eq!(std::fs::read(&victim).expect("read"), b"keep");
        assert_eq!(
            Positions::load_from(file).0.get(Path::new("/a.txt")),
            Some(1)
        );
    }

    /// A rank at the top of its range (written so by hand or by another
    /// program) does not wrap to 0: the ranks are renumbered in order, and
    /// the article left last is still ranked first; a FIFO where the
    /// positions are is not read (it would never answer).
    #[test]
    fn hostile_positions_neither_wrap_nor_hang() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("positions.json");
        std::fs::write(
            &file,
            br#"{"/a.txt": {"paragraph": 1, "opened": 18446744073709551615}, "/b.txt": {"paragraph": 2, "opened": 7}}"#,
        )
        .expect("write");
        let (mut p, w) = Positions::load_from(file);
        assert!(w.is_none(), "{w:?}");
        p.set(Path::new("/c.txt"), 3);
        let rank = |s: &str| p.opened(Path::new(s));
        assert!(rank("/c.txt") > rank("/a.txt"), "{}", rank("/c.txt"));
        assert!(rank("/a.txt") > rank("/b.txt") && rank("/b.txt") > 0);
        assert_eq!(p.get(Path::new("/a.txt")), Some(1));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.json");
            let made = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .expect("mkfifo");
            assert!(made.success());
            let (p, w) = Positions::load_from(fifo);
            assert!(w.is_some_and(|w| w.contains("fifo.json")));
            assert_eq!(p.get(Path::new("/a.txt")), None);
        }
    }
}
