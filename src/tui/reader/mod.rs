//! The reader's state: an article, its layout cache and the viewport.
//!
//! Positions are kept as paragraph indices plus a line within the paragraph
//! at the current width, so they survive re-wrapping. Paragraphs are
//! prepared and wrapped lazily, only when they come into view.

use std::collections::HashMap;
use std::ops::Range;

use crate::article::Article;
use crate::notes::edit::{self, Change};
use crate::notes::{NoteStore, NotesError, Status};
use crate::text::{Direction, Options, Prepared, VisualLine};

mod marks;
mod search;
mod select;
mod viewport;

pub use search::Search;
pub use select::{Selection, Step};

/// What one row of the text area shows.
#[derive(Debug, Clone)]
pub enum RowKind {
    Text(VisualLine),
    /// A line of the paragraph's note, shown beneath it.
    Note(VisualLine),
    /// The blank row after each paragraph.
    Blank,
}

/// What starts a version of a note saved at the same time as another,
/// where the notes are shown.
pub const OTHER_VERSION: &str = "≠ ";

/// One row of the text area, ready to paint.
#[derive(Debug, Clone)]
pub struct Row {
    pub para: usize,
    /// The paragraph's first text row (where its tag marks go).
    pub first: bool,
    pub kind: RowKind,
}

impl Row {
    pub fn text(&self) -> Option<&VisualLine> {
        match &self.kind {
            RowKind::Text(l) => Some(l),
            _ => None,
        }
    }
}

/// What the margin shows for an annotated paragraph: the union of its
/// annotations' tags, their notes, and the weakest anchoring status.
#[derive(Debug, Clone, PartialEq)]
pub struct Marks {
    /// The paragraph has an annotation of its own (not only phrases').
    pub own: bool,
    pub tags: Vec<String>,
    pub note: String,
    pub status: Status,
    /// Versions of a note saved at the same time as the one shown.
    pub conflicts: usize,
}

/// An author and their tags on a paragraph.
pub type AuthorTags = (String, Vec<String>);

/// A tagged phrase, for drawing: its bytes in its paragraph, its tags.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseMark {
    pub bytes: Range<usize>,
    pub tags: Vec<String>,
    pub note: String,
}

/// A paragraph's rows at the current width: text lines, then note lines
/// (index of the note line, unit range).
#[derive(Debug, Clone, Default)]
struct Layout {
    text: Vec<Range<usize>>,
    note: Vec<(usize, Range<usize>)>,
}

impl Layout {
    fn rows(&self) -> usize {
        self.text.len() + self.note.len()
    }
}

pub struct Reader {
    pub article: Article,
    pub opts: Options,
    pub notes: NoteStore,
    /// Annotated paragraphs (their phrases' tags included).
    pub marks: HashMap<usize, Marks>,
    /// Tagged phrases by paragraph, the longest first (drawn first, so
    /// the innermost shows).
    pub phrases: HashMap<usize, Vec<PhraseMark>>,
    /// The phrase being selected, if one is.
    pub selection: Option<Selection>,
    /// Who edits here: edits change this author's annotations only.
    pub author: String,
    /// Show only this author's annotations (`M`), not everyone's.
    pub mine_only: bool,
    /// Every annotation placed on the text as it is, as of the last change
    /// (placing phrases again can take a while: it is not redone per frame).
    placed: Vec<crate::notes::anchor::Item>,
    /// Where each anchor was placed on this text, kept between changes.
    placements: crate::notes::anchor::Placements,
    /// Annotations being placed in the background (a long article's,
    /// once read: one not in place is looked for through all of it).
    placing: Option<std::sync::mpsc::Receiver<Placing>>,
    /// Tells the placing in the background to stop (the reader is gone).
    stop_placing: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The article could not be read to its end.
    broken: bool,
    /// The article's file was found changed since it was opened.
    changed: bool,
    /// Annotations that fit no paragraph any more.
    pub orphans: usize,
    /// Notes shown beneath their paragraphs (`N` toggles).
    pub show_notes: bool,
    /// Each user action's changes, for `u`.
    undo: Vec<Vec<Change>>,
    prepared: HashMap<usize, Prepared>,
    note_prep: HashMap<usize, Vec<Prepared>>,
    wraps: HashMap<usize, Layout>,
    width: usize,
    height: usize,
    /// The current paragraph.
    pub cursor: usize,
    /// First row shown: paragraph and row within it.
    pub top: (usize, usize),
    pub search: Search,
    /// The rest of the article, while it is read in the background: the
    /// annotations are placed, and can be changed, once it is all read.
    loading: Option<crate::article::loading::Loading>,
    /// The paragraphs after the article's held ones, by their place in
    /// the file (a long article opens with an index), and the file to
    /// read them from.
    rest: std::sync::Arc<crate::article::loading::Places>,
    file: Option<std::fs::File>,
    /// The file's size and time when opened: changed in place since, its
    /// places no longer hold its paragraphs.
    stamp: Option<crate::article::texts::Stamp>,
    /// Bidi controls in what was read in the background, and how many
    /// paragraphs came before it.
    controls_in_rest: usize,
    first_part: usize,
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.stop_placing
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Anchors placed in the background, where they are, and whether a
/// paragraph could not be read as indexed.
type Placing = (
    Vec<crate::notes::model::Anchor>,
    Vec<crate::notes::anchor::Placed>,
    bool,
);

impl Reader {
    pub fn new(article: Article, opts: Options, notes: NoteStore) -> Reader {
        Reader::reading(article, opts, notes, None)
    }

    /// A reader on the first part of an article whose rest is still being
    /// read (`loading`), as [`crate::article::Article::open`] gives them.
    pub fn reading(
        article: Article,
        opts: Options,
        notes: NoteStore,
        mut loading: Option<crate::article::loading::Loading>,
    ) -> Reader {
        let file = loading.as_mut().and_then(|l| l.file.take());
        let stamp = file.as_ref().and_then(crate::article::texts::Stamp::of);
        let mut r = Reader {
            loading,
            stamp,
            rest: Default::default(),
            file,
            controls_in_rest: 0,
            first_part: article.paragraphs.len(),
            article,
            opts,
            notes,
            marks: HashMap::new(),
            phrases: HashMap::new(),
            selection: None,
            author: String::new(),
            mine_only: false,
            placed: Vec::new(),
            placements: Default::default(),
            placing: None,
            stop_placing: Default::default(),
            broken: false,
            changed: false,
            orphans: 0,
            show_notes: true,
            undo: Vec::new(),
            prepared: HashMap::new(),
            note_prep: HashMap::new(),
            wraps: HashMap::new(),
            width: 80,
            height: 20,
            cursor: 0,
            top: (0, 0),
            search: Search::default(),
        };
        r.refresh_marks();
        r
    }

    pub fn len(&self) -> usize {
        self.article.paragraphs.len() + self.rest.len()
    }

    /// Paragraph `p`'s text: held, or read again from the file (a long
    /// article opened with an index holds only what it shows).
    pub fn text(&self, p: usize) -> Option<std::borrow::Cow<'_, str>> {
        match self.article.paragraphs.get(p) {
            Some(t) => Some(std::borrow::Cow::Borrowed(t)),
            None => {
                let i = p - self.article.paragraphs.len();
                self.rest.text(i, self.file.as_ref())
            }
        }
    }

    /// The article's paragraphs, to place annotations on: the held ones,
    /// then the rest read again from the file by the index.
    pub fn texts(&self) -> crate::article::Indexed<'_> {
        crate::article::Indexed::new(&self.article.paragraphs, &self.rest, self.file.as_ref())
    }

    /// Whether the file was changed in place since it was opened: its
    /// places no longer hold the article's paragraphs, so nothing may be
    /// attached to what they hold now.
    pub(super) fn changed_in_place(&mut self) -> bool {
        use crate::article::texts::{Look, look};
        if self.changed {
            return true;
        }
        let Some(file) = self.file.as_ref().filter(|_| !self.rest.is_empty()) else {
            return false;
        };
        match look(
            &self.article.path,
            file,
            self.stamp,
            &self.article.doc_sha256,
        ) {
            Look::Same => false,
            Look::Touched(now) => {
                self.stamp = Some(now);
                false
            }
            // Once changed, always: it is not hashed again at every key.
            Look::Changed => {
                self.changed = true;
                true
            }
        }
    }

    /// Refuse changes to the annotations from now on: the article's file
    /// no longer holds what was read.
    pub(super) fn refuse_changed(&mut self) {
        self.notes.read_only = Some("the article changed on disk; reopen it".into());
    }

    /// Paragraphs whose text is held in memory (the others are read from
    /// the file when shown).
    pub fn held(&self) -> usize {
        self.article.paragraphs.len()
    }

    /// Bidi controls in the article's text (once it is all read).
    pub fn bidi_controls(&self) -> usize {
        self.article.paragraphs[..self.first_part.min(self.article.paragraphs.len())]
            .iter()
            .map(|p| crate::text::sanitize::count_bidi_controls(p))
            .sum::<usize>()
            + self.controls_in_rest
    }

    /// Whether the rest of the article is still being read.
    pub fn loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Paragraphs read so far, the first part's included.
    pub fn read_so_far(&self) -> usize {
        self.len() + self.loading.as_ref().map_or(0, |l| l.pending())
    }

    /// Take what has been read of the rest of the article since (for at
    /// most `budget`): `None` if nothing came, `Some(Ok(false))` if more
    /// paragraphs did, `Some(Ok(true))` once it is all read (then the
    /// annotations are placed). On an error the article stays as far as
    /// it was read, and its annotations read-only.
    pub fn poll_loading(
        &mut self,
        budget: std::time::Duration,
    ) -> Option<Result<bool, crate::article::ArticleError>> {
        use crate::article::loading::Part;
        if let Some(placing) = &self.placing {
            return match placing.try_recv() {
                Ok(done) => {
                    self.placed_in_background(done);
                    Some(Ok(false))
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.placing = None;
                    self.refresh_marks();
                    Some(Ok(false))
                }
            };
        }
        let started = std::time::Instant::now();
        let mut more = false;
        while started.elapsed() < budget {
            let Some(part) = self.loading.as_ref()?.try_next() else {
                break;
            };
            match part {
                Ok(Part::Paragraphs(p)) => {
                    self.append(p);
                    more = true;
                }
                Ok(Part::End {
                    invalid_bytes,
                    doc_sha256,
                    controls,
                }) => {
                    self.loading = None;
                    self.article.invalid_bytes = invalid_bytes;
                    self.article.doc_sha256 = doc_sha256;
                    self.controls_in_rest = controls;
                    self.place_in_background();
                    return Some(Ok(true));
                }
                Err(e) => return Some(Err(self.unreadable(e))),
            }
        }
        more.then_some(Ok(false))
    }

    /// Wait for the rest of the article, then take it all as
    /// [`Reader::poll_loading`] does (`None`: nothing was being read).
    pub fn wait_loading(&mut self) -> Option<Result<bool, crate::article::ArticleError>> {
        let rest = self.loading.take()?.wait();
        Some(match rest {
            Ok(rest) => {
                self.append(rest.paragraphs.into_paras());
                self.article.invalid_bytes = rest.invalid_bytes;
                self.article.doc_sha256 = rest.doc_sha256;
                self.controls_in_rest = rest.controls;
                self.place_in_background();
                self.settle();
                Ok(true)
            }
            Err(e) => Err(self.unreadable(e)),
        })
    }

    /// More paragraphs of the article, read in the background: a search
    /// goes on into them.
    fn append(&mut self, paragraphs: impl IntoIterator<Item = crate::article::loading::Para>) {
        use crate::article::loading::Para;
        let from = self.len();
        for p in paragraphs {
            match p {
                // Held texts stay in the article while nothing is left
                // in the file before them.
                Para::Text(t) if self.rest.is_empty() => self.article.paragraphs.push(t),
                p => std::sync::Arc::make_mut(&mut self.rest).push(p),
            }
        }
        self.search_into(from);
    }

    /// Place the annotations of the article, now read: in the background
    /// if any is not in place in a long article (it is looked for through
    /// the whole of it), else at once.
    fn place_in_background(&mut self) {
        use crate::notes::anchor::{Placed, Target};
        let anchors: Vec<crate::notes::model::Anchor> = self
            .notes
            .live()
            .filter(|a| !a.anchor.article)
            .map(|a| a.anchor.clone())
            .collect();
        let texts = self.texts();
        let in_place = Target::new(&texts).in_place(&anchors.iter().collect::<Vec<_>>());
        let file = self.file.as_ref().and_then(|f| f.try_clone().ok());
        if self.rest.is_empty() || in_place || file.is_none() {
            self.refresh_marks();
            return;
        }
        let (held, rest) = (self.article.paragraphs.clone(), self.rest.clone());
        let stop = std::sync::Arc::clone(&self.stop_placing);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let texts = crate::article::Indexed::new(&held, &rest, file.as_ref()).stopping(&stop);
            let refs: Vec<&crate::notes::model::Anchor> = anchors.iter().collect();
            let placed: Vec<Placed> = Target::new(&texts).place_each(&refs);
            let failed = texts.failed();
            let _ = tx.send((anchors, placed, failed));
        });
        self.placing = Some(rx);
        self.refresh_marks();
    }

    /// Take what was placed in the background.
    fn placed_in_background(&mut self, (anchors, placed, failed): Placing) {
        self.placing = None;
        if failed {
            self.refuse_changed();
        } else {
            self.placements.learn(anchors.into_iter().zip(placed));
        }
        self.refresh_marks();
    }

    /// Whether annotations are still being placed in the background.
    pub fn placing(&self) -> bool {
        self.placing.is_some()
    }

    /// Wait for the annotations placed in the background, if they are:
    /// what changes them needs them where they are.
    pub fn settle(&mut self) {
        if let Some(placing) = self.placing.take() {
            match placing.recv() {
                Ok(done) => self.placed_in_background(done),
                Err(_) => self.refresh_marks(),
            }
        }
    }

    fn unreadable(&mut self, e: crate::article::ArticleError) -> crate::article::ArticleError {
        self.loading = None;
        self.broken = true;
        self.notes.read_only = Some("the article could not be read to its end".into());
        e
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn last(&self) -> usize {
        self.len().saturating_sub(1)
    }

    /// Set the text area size; a new width drops the wrap cache but keeps
    /// the paragraph at the top and the cursor in view.
    pub fn resize(&mut self, width: usize, height: usize) {
        let width = width.max(1);
        let height = height.max(1);
        if width == self.width && height == self.height {
            return; // called every frame: a scrolled view must stay put
        }
        if width != self.width {
            self.wraps.clear();
            self.width = width;
            let rows = self.para_rows(self.top.0);
            self.top.1 = self.top.1.min(rows.saturating_sub(1));
        }
        self.height = height;
        self.ensure_visible(self.cursor);
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn set_direction(&mut self, d: Direction) {
        self.opts.direction = d;
        self.relayout();
    }

    pub fn set_bidi_controls(&mut self, apply: bool) {
        self.opts.apply_bidi_controls = apply;
        self.relayout();
    }

    fn relayout(&mut self) {
        self.prepared.clear();
        self.note_prep.clear();
        self.wraps.clear();
        self.ensure_visible(self.cursor);
    }

    fn prepared(&mut self, p: usize) -> &Prepared {
        let opts = self.opts;
        if !self.prepared.contains_key(&p) {
            let text = self.text(p).unwrap_or_default();
            let prepared = Prepared::new(&text, opts);
            self.prepared.insert(p, prepared);
        }
        &self.prepared[&p]
    }

    /// Note lines laid out as their own paragraphs, 2 cells narrower.
    fn note_lines(&mut self, p: usize) -> &[Prepared] {
        if !self.note_prep.contains_key(&p) {
            let opts = self.opts;
            let lines: Vec<Prepared> = match self.marks.get(&p) {
                Some(m) if self.show_notes && !m.note.is_empty() => m
                    .note
                    .lines()
                    .map(|l| Prepared::new(&format!("✎ {}", l.trim()), opts))
                    .collect(),
                _ => Vec::new(),
            };
            self.note_prep.insert(p, lines);
        }
        self.note_prep.get(&p).map_or(&[], Vec::as_slice)
    }

    fn layout(&mut self, p: usize) -> &Layout {
        if !self.wraps.contains_key(&p) {
            let width = self.width;
            let text = self.prepared(p).wrap(width);
            let note_w = width.saturating_sub(2).max(1);
            let note = self
                .note_lines(p)
                .iter()
                .enumerate()
                .flat_map(|(k, prep)| prep.wrap(note_w).into_iter().map(move |r| (k, r)))
                .collect();
            self.wraps.insert(p, Layout { text, note });
        }
        static EMPTY: Layout = Layout {
            text: Vec::new(),
            note: Vec::new(),
        };
        self.wraps.get(&p).unwrap_or(&EMPTY)
    }

    /// Rows a paragraph takes: its lines, its note, and the blank row.
    fn para_rows(&mut self, p: usize) -> usize {
        if p >= self.len() {
            return 0;
        }
        self.layout(p).rows() + 1
    }

    /// Which `rows` are shown: (paragraph, row within it), for the screen's
    /// scroll detection.
    pub fn row_ids(&self, rows: &[Row]) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(rows.len());
        let mut k = self.top.1;
        let mut last = self.top.0;
        for r in rows {
            if r.para != last {
                last = r.para;
                k = 0;
            }
            out.push((r.para, k));
            k += 1;
        }
        out
    }

    /// The rows in view, laid out for this frame.
    pub fn lay_out(&mut self) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.height);
        let (mut p, skip) = self.top;
        let mut skip = skip;
        while rows.len() < self.height && p < self.len() {
            let layout = self.layout(p).clone();
            let mut k = 0;
            for r in layout.text {
                if k >= skip && rows.len() < self.height {
                    let line = self.prepared(p).visual_line(r);
                    rows.push(Row {
                        para: p,
                        first: k == 0,
                        kind: RowKind::Text(line),
                    });
                }
                k += 1;
            }
            for (n, r) in layout.note {
                if k >= skip && rows.len() < self.height {
                    let line = self.note_lines(p)[n].visual_line(r);
                    rows.push(Row {
                        para: p,
                        first: false,
                        kind: RowKind::Note(line),
                    });
                }
                k += 1;
            }
            if k >= skip && rows.len() < self.height {
                rows.push(Row {
                    para: p,
                    first: false,
                    kind: RowKind::Blank,
                });
            }
            skip = 0;
            p += 1;
        }
        rows
    }
}

#[cfg(test)]
mod tests;
