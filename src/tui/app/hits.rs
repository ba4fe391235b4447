//! The corpus search (`Ctrl-F`): every hit of a query in every article,
//! listed as they are found; `Enter` opens one, tag keys tag the hits'
//! paragraphs (the marked ones, else all), `u` undoes that.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::article::search::Hit;
use crate::article::{Indexed, IndexedArticle};
use crate::notes::anchor::place_all;
use crate::notes::edit::{change_placed, undo};
use crate::text::fold::Fold;
use crate::tui::corpus_search::{CorpusSearch, Found};

/// One hit as the list shows it.
#[derive(Debug, Clone)]
pub struct HitRow {
    pub path: PathBuf,
    /// The article's file name.
    pub name: String,
    /// Which of [`Hits::texts`] it was found in.
    pub text: usize,
    pub hit: Hit,
}

/// The changes one tag key made from the hits, per article, for `u`.
#[derive(Debug, Clone)]
pub struct Tagging {
    pub tag: String,
    pub changes: Vec<(PathBuf, Vec<Change>)>,
}

/// The corpus search's state.
pub struct Hits {
    pub query: String,
    pub how: Fold,
    pub rows: Vec<HitRow>,
    /// The SHA-256 of each article's text the hits were found in.
    pub texts: Vec<String>,
    pub selected: usize,
    /// Rows marked with `m`.
    pub marked: BTreeSet<usize>,
    /// Articles read so far, of `total`.
    pub searched: usize,
    pub total: usize,
    /// Articles that could not be read: the first reason, and how many.
    pub failed: Option<(String, usize)>,
    /// What tag keys did here, last last.
    pub undo: Vec<Tagging>,
    /// Where `Esc` goes.
    pub(super) back: Screen,
    worker: Option<CorpusSearch>,
}

impl Hits {
    /// Whether articles are still being searched.
    pub fn searching(&self) -> bool {
        self.worker.is_some()
    }

    /// Articles with at least one hit.
    pub fn articles(&self) -> usize {
        self.texts.len()
    }

    /// Take a report; the annotations of an article with hits, if it
    /// came with them, to bring up to date.
    fn take(&mut self, found: Found) -> Option<(PathBuf, Vec<NoteRow>, ArticleNotes)> {
        match found {
            Found::Hits(h, notes) => {
                let text = self.texts.len();
                self.texts.push(h.doc_sha256);
                let name = crate::text::display::display_name(&h.path);
                let path = h.path.clone();
                self.rows.extend(h.hits.into_iter().map(|hit| HitRow {
                    path: h.path.clone(),
                    name: name.clone(),
                    text,
                    hit,
                }));
                return notes.map(|(rows, summary)| (path, rows, summary));
            }
            Found::Failed(reason) => match &mut self.failed {
                Some((_, n)) => *n += 1,
                None => self.failed = Some((reason, 1)),
            },
            Found::Searched(n) => self.searched = n,
            Found::Done => self.worker = None,
        }
        None
    }

    /// What the tag keys act on: the marked rows, else all; by article,
    /// each with the text it was searched in and its paragraphs.
    fn targets(&self) -> BTreeMap<PathBuf, (String, BTreeSet<usize>)> {
        let rows: Box<dyn Iterator<Item = &HitRow>> = if self.marked.is_empty() {
            Box::new(self.rows.iter())
        } else {
            Box::new(self.marked.iter().filter_map(|&i| self.rows.get(i)))
        };
        let mut out: BTreeMap<PathBuf, (String, BTreeSet<usize>)> = BTreeMap::new();
        for r in rows {
            let sha = self.texts.get(r.text).cloned().unwrap_or_default();
            out.entry(r.path.clone())
                .or_insert_with(|| (sha, BTreeSet::new()))
                .1
                .insert(r.hit.para);
        }
        out
    }
}

/// Tags being given from the hits (or taken back), an article at a time.
pub struct TagJob {
    queue: std::collections::VecDeque<Job>,
    total: usize,
    /// What was done so far (for `u`).
    done: Tagging,
    /// Taking the tag away (every paragraph had it).
    untag: bool,
    /// Undoing the last tagging.
    undoing: bool,
    paragraphs: usize,
    skipped: Vec<String>,
    /// Articles whose annotations went to the data folder.
    elsewhere: usize,
}

/// One article's part of a [`TagJob`].
enum Job {
    /// Tag these paragraphs of the article, if its text is still this.
    Tag(PathBuf, String, BTreeSet<usize>),
    /// Undo these changes.
    Undo(PathBuf, Vec<Change>),
}

/// What tagging one article from the hits did.
enum Outcome {
    /// The changes, and whether they went to the data folder (the
    /// article's folder refuses writes).
    Changed(Vec<Change>, bool),
    Skipped(String),
}

impl App {
    /// Search every article of the library for `query`; the hits are
    /// listed as they are found.
    pub(super) fn start_corpus_search(&mut self, query: &str, how: Fold) {
        if query.is_empty() {
            return;
        }
        let paths: Vec<PathBuf> = self
            .library
            .entries
            .iter()
            .map(|e| e.path.clone())
            .collect();
        let back = match (self.screen, &self.hits) {
            (Screen::Hits, Some(h)) => h.back,
            (Screen::Hits, None) => Screen::Library,
            (s, _) => s,
        };
        // What earlier tag keys did can still be undone.
        let undo = self.hits.take().map(|h| h.undo).unwrap_or_default();
        self.hits = Some(Hits {
            query: query.to_string(),
            how,
            rows: Vec::new(),
            texts: Vec::new(),
            selected: 0,
            marked: BTreeSet::new(),
            searched: 0,
            total: paths.len(),
            failed: None,
            undo,
            back,
            worker: Some(CorpusSearch::start(paths, query.to_string(), how)),
        });
        self.screen = Screen::Hits;
    }

    /// Take what the corpus search found since; true if anything came.
    /// Never blocks for long.
    pub(super) fn poll_hits(&mut self) -> bool {
        let Some(h) = &mut self.hits else {
            return false;
        };
        let started = std::time::Instant::now();
        let mut changed = false;
        let mut fresh = Vec::new();
        while let Some(found) = h.worker.as_ref().and_then(CorpusSearch::try_next) {
            fresh.extend(h.take(found));
            changed = true;
            if started.elapsed() > std::time::Duration::from_millis(20) {
                break;
            }
        }
        for (path, rows, summary) in fresh {
            self.annotations_read(path, rows, summary);
        }
        changed
    }

    /// Annotations of an article as just read from disk: what the `A`
    /// list and the hits show of them (not for the article open in the
    /// reader, which knows better).
    fn annotations_read(&mut self, path: PathBuf, rows: Vec<NoteRow>, summary: ArticleNotes) {
        if self.reader.as_ref().is_some_and(|r| r.article.path == path) {
            return;
        }
        self.note_rows.insert(path.clone(), rows);
        self.article_notes.insert(path, summary);
    }

    /// Wait until the corpus search has read every article (tests).
    pub fn wait_for_hits(&mut self) {
        let Some(h) = &mut self.hits else { return };
        let mut fresh = Vec::new();
        while let Some(found) = h.worker.as_ref().and_then(CorpusSearch::next) {
            fresh.extend(h.take(found));
        }
        h.worker = None;
        for (path, rows, summary) in fresh {
            self.annotations_read(path, rows, summary);
        }
    }

    /// The tags on paragraph `para` of the article at `path`, as last read
    /// (the paragraph's own annotations, everyone's).
    pub fn paragraph_tags(&self, path: &Path, para: usize) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for r in self.own_rows(path, para) {
            for t in &r.tags {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
        }
        tags
    }

    /// The annotations of paragraph `para` itself (not its phrases) of the
    /// article at `path`, as last read.
    fn own_rows(&self, path: &Path, para: usize) -> impl Iterator<Item = &NoteRow> {
        self.note_rows
            .get(path)
            .into_iter()
            .flatten()
            .filter(move |r| r.para == Some(para) && r.quote.is_none() && !r.whole)
    }

    pub(super) fn update_hits(&mut self, action: Action) {
        let Some(h) = &mut self.hits else {
            self.screen = Screen::Library;
            return;
        };
        if move_selection(&mut h.selected, h.rows.len(), &action) {
            return;
        }
        if matches!(action, Action::TagKey(_) | Action::Undo) && self.tagging.is_some() {
            self.message = Some("still saving the last tags: a moment".into());
            return;
        }
        match action {
            Action::Open => {
                let Some(row) = h.rows.get(h.selected) else {
                    return;
                };
                self.effect = Some(Effect::Open {
                    path: row.path.clone(),
                    at: OpenAt::Hit(row.hit.para, row.hit.bytes.start),
                });
            }
            Action::MarkHit => {
                if h.selected < h.rows.len() && !h.marked.remove(&h.selected) {
                    h.marked.insert(h.selected);
                }
                h.selected = (h.selected + 1).min(h.rows.len().saturating_sub(1));
                self.message = Some(match h.marked.len() {
                    0 => "no hit marked: tag keys tag every hit".into(),
                    n => format!("{n} hit(s) marked: tag keys tag their paragraphs"),
                });
            }
            Action::TagKey(k) => {
                let Some(t) = self.config.tag_on(k) else {
                    self.message = Some(format!("no tag on {k:?}"));
                    return;
                };
                let (tag, label) = (t.id.clone(), t.label_en.clone());
                let targets = h.targets();
                let paragraphs = targets.values().map(|(_, p)| p.len()).sum();
                // A change to several articles at once is asked about first.
                if targets.len() > 1 {
                    let untag = self.all_tagged(&targets, &tag);
                    self.overlay = Overlay::Confirm(Ask::TagHits {
                        tag,
                        label,
                        paragraphs,
                        articles: targets.len(),
                        untag,
                    });
                } else {
                    self.effect = Some(Effect::TagHits(tag));
                }
            }
            Action::Undo => {
                if h.undo.is_empty() {
                    self.message = Some("nothing to undo here".into());
                } else {
                    self.effect = Some(Effect::UntagHits);
                }
            }
            Action::Back => {
                self.screen = match h.back {
                    Screen::Reader if self.reader.is_some() => Screen::Reader,
                    Screen::Notes => Screen::Notes,
                    _ => Screen::Library,
                };
            }
            _ => {}
        }
    }

    /// Carry out [`Effect::TagHits`]: give `tag` to the paragraphs of the
    /// marked hits (else of all), or take it away if they all have it
    /// already, saving each article's annotations; an article at a time,
    /// between frames ([`App::tag_on`]), the status line counting. An
    /// article whose text changed since the search, or whose annotations
    /// cannot be written, is left as it is, and the message says so.
    pub fn tag_hits(&mut self, tag: String) {
        let Some(h) = &self.hits else { return };
        let targets = h.targets();
        if targets.is_empty() {
            self.message = Some("no hits to tag".into());
            return;
        }
        let untag = self.all_tagged(&targets, &tag);
        self.tagging = Some(TagJob {
            total: targets.len(),
            queue: targets
                .into_iter()
                .map(|(path, (sha, paras))| Job::Tag(path, sha, paras))
                .collect(),
            done: Tagging {
                tag,
                changes: Vec::new(),
            },
            untag,
            undoing: false,
            paragraphs: 0,
            skipped: Vec::new(),
            elsewhere: 0,
        });
        self.message = Some("saving tags…".into());
    }

    /// Carry out [`Effect::UntagHits`]: undo what the last tag key did
    /// from the hits, an article at a time as [`App::tag_hits`] does.
    pub fn untag_hits(&mut self) {
        let Some(last) = self.hits.as_mut().and_then(|h| h.undo.pop()) else {
            return;
        };
        self.tagging = Some(TagJob {
            total: last.changes.len(),
            queue: last
                .changes
                .into_iter()
                .map(|(path, changes)| Job::Undo(path, changes))
                .collect(),
            done: Tagging {
                tag: last.tag,
                changes: Vec::new(),
            },
            untag: false,
            undoing: true,
            paragraphs: 0,
            skipped: Vec::new(),
            elsewhere: 0,
        });
        self.message = Some("saving tags…".into());
    }

    /// Whether tags given from the hits are still being saved.
    pub fn tagging(&self) -> bool {
        self.tagging.is_some()
    }

    /// Go on with the tagging (or its undoing) until `deadline` (`None`:
    /// to the end); true if there was any. The status line says how far
    /// it has come, then what was done.
    pub(super) fn tag_on(&mut self, deadline: Option<std::time::Instant>) -> bool {
        let Some(mut job) = self.tagging.take() else {
            return false;
        };
        let author = self.author.clone();
        while let Some(next) = job.queue.pop_front() {
            match next {
                Job::Tag(path, sha, paras) => {
                    let (tag, untag) = (&job.done.tag, job.untag);
                    let edit = |a: &mut crate::notes::Annotation| {
                        let has = a.tags.contains(tag);
                        if untag && has {
                            a.tags.retain(|t| t != tag);
                        } else if !untag && !has {
                            a.tags.push(tag.clone());
                        }
                    };
                    match self.change_article_notes(&path, Some(&sha), |store, article| {
                        // Placed once for all its paragraphs (an
                        // annotation not in place is looked for through
                        // the whole article).
                        let placed = place_all(store, article);
                        paras
                            .iter()
                            .flat_map(|&p| {
                                change_placed(&placed, article, &sha, p, None, &author, edit)
                            })
                            .collect()
                    }) {
                        Outcome::Changed(changes, _) if changes.is_empty() => {}
                        Outcome::Changed(changes, elsewhere) => {
                            job.elsewhere += usize::from(elsewhere);
                            job.paragraphs += changes
                                .iter()
                                .map(|c| c.para)
                                .collect::<BTreeSet<_>>()
                                .len();
                            job.done.changes.push((path, changes));
                        }
                        Outcome::Skipped(why) => job.skipped.push(why),
                    }
                }
                Job::Undo(path, changes) => {
                    match self.change_article_notes(&path, None, |store, _| {
                        undo(store, &changes);
                        Vec::new()
                    }) {
                        Outcome::Changed(_, _) => job.done.changes.push((path, Vec::new())),
                        Outcome::Skipped(why) => job.skipped.push(why),
                    }
                }
            }
            if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                break;
            }
        }
        if !job.queue.is_empty() {
            let left = job.queue.len();
            self.message = Some(format!(
                "{}… {}/{} articles",
                if job.undoing {
                    "undoing"
                } else {
                    "saving tags"
                },
                job.total - left,
                job.total
            ));
            self.tagging = Some(job);
            return true;
        }
        self.quit_asked = false;
        let articles = job.done.changes.len();
        let mut msg = if job.undoing {
            format!("undone in {articles} article(s)")
        } else if articles == 0 {
            "nothing changed".to_string()
        } else {
            let label = self
                .config
                .tag(&job.done.tag)
                .map_or(job.done.tag.clone(), |t| t.label_en.clone());
            format!(
                "{} {} paragraph(s) in {articles} article(s) {label} (u undoes)",
                if job.untag { "untagged" } else { "tagged" },
                job.paragraphs
            )
        };
        if !job.undoing
            && articles > 0
            && let Some(h) = &mut self.hits
        {
            h.undo.push(job.done);
        }
        if job.elsewhere > 0
            && let Some(data) = crate::places::data_dir()
        {
            msg = format!(
                "{msg}; {} saved in {} (their folders are read-only)",
                job.elsewhere,
                crate::text::display::display_path(&data)
            );
        }
        if let Some(first) = job.skipped.first() {
            let what = if job.undoing {
                "not undone"
            } else {
                "not changed"
            };
            msg = format!("{msg}; {} {what}: {first}", job.skipped.len());
        }
        self.message = Some(msg);
        true
    }

    /// Save what is being tagged to its end (tests).
    pub fn wait_for_tagging(&mut self) {
        self.tag_on(None);
    }

    /// Whether every paragraph of `targets` has `tag` from this author
    /// (as last read): a tag key changes only the author's own
    /// annotations, so another's tag is no reason to take it away.
    fn all_tagged(
        &self,
        targets: &BTreeMap<PathBuf, (String, BTreeSet<usize>)>,
        tag: &str,
    ) -> bool {
        targets.iter().all(|(path, (_, paras))| {
            paras.iter().all(|p| {
                self.own_rows(path, *p)
                    .any(|r| r.author == self.author && r.tags.iter().any(|t| t == tag))
            })
        })
    }

    /// Change the annotations of the article at `path` on disk: `f` gets
    /// its annotations and its text and returns the changes to apply (or
    /// applies them itself); then they are saved, and what the library,
    /// the `A` list and an open reader show is brought up to date. With
    /// `sha`, an article whose text is no longer that one is left alone.
    fn change_article_notes(
        &mut self,
        path: &Path,
        sha: Option<&str>,
        f: impl FnOnce(&mut NoteStore, &Indexed) -> Vec<Change>,
    ) -> Outcome {
        let name = crate::text::display::display_name(path);
        // By an index: a long article's text is read, not held.
        let article = match IndexedArticle::load(path) {
            Ok(a) => a,
            Err(e) => return Outcome::Skipped(e.to_string()),
        };
        if sha.is_some_and(|s| s != article.article.doc_sha256) {
            return Outcome::Skipped(format!("{name} changed since the search: search again"));
        }
        let mut store = NoteStore::open(path);
        if let Some(reason) = &store.read_only {
            return Outcome::Skipped(format!("{name}: {reason}"));
        }
        let texts = article.texts();
        let mut changes = f(&mut store, &texts);
        // Tags are anchored on the text read (undoing reads none).
        if sha.is_some() && (texts.failed() || article.changed()) {
            return Outcome::Skipped(format!("{name} changed while it was tagged: search again"));
        }
        for c in &changes {
            store.apply(c.clone());
        }
        if let Err(e) = store.save() {
            return Outcome::Skipped(format!("{name}: {e}"));
        }
        // A new annotation the save joined to one made meanwhile on the
        // same paragraph: undo goes to that one.
        for (from, to) in std::mem::take(&mut store.retargeted) {
            for c in changes.iter_mut().filter(|c| c.id == from) {
                c.id = to.clone();
                c.first_on_paragraph = false;
            }
        }
        self.article_notes
            .insert(path.to_path_buf(), summarize(&store));
        self.note_rows
            .insert(path.to_path_buf(), note_rows(&store, path, &texts));
        if let Some(r) = &mut self.reader
            && r.article.path == path
        {
            r.notes_saved_elsewhere();
        }
        Outcome::Changed(changes, store.fallback)
    }
}
