//! Large corpora built from the sample articles, for benchmarks and for
//! trying hamish at scale. Shared by the `gencorpus` example and `benches/`.
//! Generated corpora are never committed: build them into a temporary folder.

use std::io;
use std::path::Path;

use hamish::article::{Article, split_paragraphs};
use hamish::config::Config;
use hamish::notes::NoteStore;
use hamish::notes::model::{Annotation, anchor_for};

/// Harakat added to diacritised paragraphs (fatha, damma, kasra, sukun,
/// shadda + fatha, tanween fath).
const HARAKAT: [&str; 6] = [
    "\u{064E}",
    "\u{064F}",
    "\u{0650}",
    "\u{0652}",
    "\u{0651}\u{064E}",
    "\u{064B}",
];

/// English, numbers, URLs and brackets mixed into some paragraphs.
const MIXED: [&str; 8] = [
    "(Reuters)",
    "the U.N. Security Council",
    "COVID-19",
    "في عام 2017",
    "بنسبة 11.30%",
    "https://example.org/news?id=42",
    "«Operation Inherent Resolve»",
    "[AFP] 3-2",
];

pub struct Gen {
    rng: fastrand::Rng,
    paras: Vec<String>,
    headlines: Vec<String>,
    /// The ids of the built-in tag set.
    tags: Vec<String>,
}

/// The sample articles shipped in `seeds/`.
pub fn seeds_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
}

impl Gen {
    /// A generator over the paragraphs of every article in `dir`, with a
    /// fixed seed so runs are comparable.
    pub fn from_seeds(dir: &Path, seed: u64) -> io::Result<Gen> {
        let mut paras = Vec::new();
        let mut headlines = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        for p in names {
            let a = Article::load(&p).map_err(io::Error::other)?;
            let mut ps = a.paragraphs.into_iter();
            if a.has_headline {
                headlines.extend(ps.next());
            }
            paras.extend(ps);
        }
        if paras.is_empty() {
            return Err(io::Error::other(format!(
                "no paragraphs in {}",
                dir.display()
            )));
        }
        if headlines.is_empty() {
            headlines.push("عنوان".into());
        }
        Ok(Gen {
            rng: fastrand::Rng::with_seed(seed),
            paras,
            headlines,
            tags: Config::builtin().tags.into_iter().map(|t| t.id).collect(),
        })
    }

    /// One paragraph: a seed paragraph, sometimes diacritised, sometimes
    /// with English, numbers or a URL mixed in.
    pub fn paragraph(&mut self) -> String {
        let base = &self.paras[self.rng.usize(..self.paras.len())];
        let mut p = if self.rng.u8(..4) == 0 {
            diacritise(&mut self.rng, base)
        } else {
            base.clone()
        };
        if self.rng.u8(..3) == 0 {
            let words: Vec<&str> = p.split(' ').collect();
            let at = self.rng.usize(..=words.len());
            let phrase = MIXED[self.rng.usize(..MIXED.len())];
            let mut out = words[..at].join(" ");
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(phrase);
            for w in &words[at..] {
                out.push(' ');
                out.push_str(w);
            }
            p = out;
        }
        p
    }

    /// An article of about `bytes` bytes: a headline, then paragraphs
    /// separated by blank lines.
    pub fn article(&mut self, bytes: usize) -> String {
        let mut s = self.headlines[self.rng.usize(..self.headlines.len())].clone();
        s.push('\n');
        while s.len() < bytes {
            s.push('\n');
            s.push_str(&self.paragraph());
            s.push('\n');
        }
        s
    }

    /// A folder of `count` articles of about `bytes` each, with `annotations`
    /// annotations spread over them (one sidecar per annotated article).
    pub fn library(
        &mut self,
        dir: &Path,
        count: usize,
        bytes: usize,
        annotations: usize,
    ) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for i in 0..count {
            let path = dir.join(format!("{i:05}.txt"));
            let text = self.article(bytes);
            std::fs::write(&path, &text)?;
            let n = annotations / count + usize::from(i < annotations % count);
            if n > 0 {
                self.annotate(&path, text.as_bytes(), n)?;
            }
        }
        Ok(())
    }

    /// Give `n` paragraphs of the article at `path` a tag, and half a note.
    pub fn annotate(&mut self, path: &Path, bytes: &[u8], n: usize) -> io::Result<()> {
        let text = String::from_utf8_lossy(bytes);
        let paragraphs = split_paragraphs(&text);
        let doc = hamish::digest::sha256_hex(bytes);
        let mut store = NoteStore::open(path);
        for k in 0..n {
            let index = k % paragraphs.len().max(1);
            let mut a = Annotation::new("gencorpus".into(), anchor_for(&paragraphs, index, &doc));
            a.tags
                .push(self.tags[self.rng.usize(..self.tags.len())].clone());
            if self.rng.bool() {
                a.note = "تحقق من المصدر: the figures differ".into();
            }
            store.put(a);
        }
        store.save().map_err(io::Error::other)
    }
}

/// Harakat after about two letters in three.
fn diacritise(rng: &mut fastrand::Rng, p: &str) -> String {
    let mut out = String::with_capacity(p.len() * 3 / 2);
    for c in p.chars() {
        out.push(c);
        if ('\u{0621}'..='\u{064A}').contains(&c) && rng.u8(..3) != 0 {
            out.push_str(HARAKAT[rng.usize(..HARAKAT.len())]);
        }
    }
    out
}
