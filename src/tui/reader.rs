//! The reader's state: an article, its layout cache and the viewport.
//!
//! Positions are kept as paragraph indices plus a line within the paragraph
//! at the current width, so they survive re-wrapping. Paragraphs are
//! prepared and wrapped lazily, only when they come into view.

use std::collections::HashMap;
use std::ops::Range;

use crate::article::Article;
use crate::notes::anchor::place_all;
use crate::notes::edit::{self, Change};
use crate::notes::{NoteStore, NotesError, Status};
use crate::text::{Direction, Options, Prepared, VisualLine};

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
    pub tags: Vec<String>,
    pub note: String,
    pub status: Status,
    /// Versions of a note saved at the same time as the one shown.
    pub conflicts: usize,
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

/// A search and its hits, as logical byte ranges per paragraph.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub hits: Vec<(usize, Range<usize>)>,
    pub current: Option<usize>,
}

pub struct Reader {
    pub article: Article,
    pub opts: Options,
    pub notes: NoteStore,
    /// Annotated paragraphs.
    pub marks: HashMap<usize, Marks>,
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
    /// What the last `sync` laid out, for drawing.
    pub rows: Vec<Row>,
}

impl Reader {
    pub fn new(article: Article, opts: Options, notes: NoteStore) -> Reader {
        let mut r = Reader {
            article,
            opts,
            notes,
            marks: HashMap::new(),
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
            rows: Vec::new(),
        };
        r.refresh_marks();
        r
    }

    /// Recompute where annotations sit and lay their paragraphs out again.
    fn refresh_marks(&mut self) {
        let items = place_all(&self.notes, &self.article.paragraphs);
        let mut marks: HashMap<usize, Marks> = HashMap::new();
        self.orphans = 0;
        for it in items {
            let Some(p) = it.para else {
                self.orphans += 1;
                continue;
            };
            let m = marks.entry(p).or_insert(Marks {
                tags: Vec::new(),
                note: String::new(),
                status: Status::Exact,
                conflicts: 0,
            });
            for t in it.ann.tags {
                if !m.tags.contains(&t) {
                    m.tags.push(t);
                }
            }
            if !it.ann.note.trim().is_empty() {
                if !m.note.is_empty() {
                    m.note.push('\n');
                }
                m.note.push_str(it.ann.note.trim_end());
            }
            for c in &it.ann.conflicts {
                m.conflicts += 1;
                if !m.note.is_empty() {
                    m.note.push('\n');
                }
                m.note.push_str(OTHER_VERSION);
                m.note.push_str(c.note.trim_end());
            }
            if it.status != Status::Exact && m.status != Status::NeedsReview {
                m.status = it.status;
            }
        }
        self.marks = marks;
        self.note_prep.clear();
        self.wraps.clear();
    }

    /// Change the current paragraph's annotation with `f` and save; with
    /// `note_base`, a new note replaces the one on disk only if that is
    /// still this text (else both are kept). A busy lock leaves the change
    /// unsaved (`NotesError::Busy`): the caller tries again.
    pub fn edit(
        &mut self,
        author: &str,
        note_base: Option<&str>,
        f: impl FnOnce(&mut crate::notes::Annotation),
    ) -> Result<(), NotesError> {
        if let Some(reason) = &self.notes.read_only {
            return Err(NotesError::ReadOnly {
                path: crate::text::display::display_path(&self.notes.path),
                reason: reason.clone(),
            });
        }
        let mut changes = edit::change_paragraph(
            &self.notes,
            &self.article.paragraphs,
            &self.article.doc_sha256,
            self.cursor,
            author,
            f,
        );
        if changes.is_empty() {
            return Ok(());
        }
        if let (Some(base), Some(first)) = (note_base, changes.first_mut())
            && first.note.is_some()
        {
            first.note_base = base.to_string();
        }
        for c in &changes {
            self.notes.apply(c.clone());
        }
        self.undo.push(changes);
        self.save()
    }

    /// Forget what is unsaved and show the sidecar as it is on disk.
    pub fn reload_notes(&mut self) {
        self.notes = self.notes.reopen();
        self.undo.clear();
        self.refresh_marks();
        self.ensure_visible(self.cursor);
    }

    /// Apply changes recovered from a draft (undone together by `u`).
    pub fn apply_recovered(&mut self, changes: Vec<Change>) {
        for c in &changes {
            self.notes.apply(c.clone());
        }
        self.undo.push(changes);
    }

    /// Save what is unsaved, if the lock is free now. The view is laid
    /// out again only when something was saved (a busy lock is tried
    /// often, and must not move the view).
    pub fn save(&mut self) -> Result<(), NotesError> {
        let saved = self.notes.try_save();
        if saved.is_ok() {
            // A new annotation the save joined to one made meanwhile on the
            // same paragraph: undo goes to that one.
            for (from, to) in std::mem::take(&mut self.notes.retargeted) {
                for c in self.undo.iter_mut().flatten().filter(|c| c.id == from) {
                    c.id = to.clone();
                    c.first_on_paragraph = false;
                }
            }
            self.refresh_marks();
            self.ensure_visible(self.cursor);
        }
        saved
    }

    /// The annotation that edits of the current paragraph change.
    pub fn current_annotation(&self) -> Option<crate::notes::Annotation> {
        edit::on_paragraph(&self.notes, &self.article.paragraphs, self.cursor)
            .into_iter()
            .next()
    }

    /// Undo the last annotation change; `Ok(false)` if there is none.
    pub fn undo(&mut self) -> Result<bool, NotesError> {
        let Some(changes) = self.undo.pop() else {
            return Ok(false);
        };
        edit::undo(&mut self.notes, &changes);
        self.save().map(|()| true)
    }

    /// The current paragraph's tags and note.
    pub fn current_marks(&self) -> Option<&Marks> {
        self.marks.get(&self.cursor)
    }

    pub fn toggle_notes(&mut self) {
        self.show_notes = !self.show_notes;
        self.note_prep.clear();
        self.wraps.clear();
        self.ensure_visible(self.cursor);
    }

    /// Move to the next (or previous) annotated paragraph.
    pub fn jump_annotated(&mut self, forward: bool) -> bool {
        let mut ps: Vec<usize> = self.marks.keys().copied().collect();
        ps.sort_unstable();
        let target = if forward {
            ps.into_iter().find(|&p| p > self.cursor)
        } else {
            ps.into_iter().rev().find(|&p| p < self.cursor)
        };
        match target {
            Some(p) => {
                self.goto(p);
                true
            }
            None => false,
        }
    }

    pub fn len(&self) -> usize {
        self.article.paragraphs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.article.paragraphs.is_empty()
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
        let text = &self.article.paragraphs[p];
        self.prepared
            .entry(p)
            .or_insert_with(|| Prepared::new(text, opts))
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

    /// Rows from the top of the view to the end of the article, counted up
    /// to `limit`.
    fn rows_below_top(&mut self, limit: usize) -> usize {
        let (mut p, skip) = self.top;
        let mut n = self.para_rows(p).saturating_sub(skip);
        while n < limit && p < self.last() {
            p += 1;
            n += self.para_rows(p);
        }
        n
    }

    /// Scroll the view down by `n` rows, stopping when the end is in view.
    pub fn scroll_down(&mut self, n: usize) {
        for _ in 0..n {
            if self.rows_below_top(self.height + 1) <= self.height {
                break;
            }
            let (p, line) = self.top;
            if line + 1 < self.para_rows(p) {
                self.top.1 += 1;
            } else if p < self.last() {
                self.top = (p + 1, 0);
            }
        }
        self.keep_cursor_in_view();
    }

    pub fn scroll_up(&mut self, n: usize) {
        self.scroll_up_raw(n);
        self.keep_cursor_in_view();
    }

    /// Paragraphs whose first line is in view (first, last).
    fn starts_in_view(&mut self) -> Option<(usize, usize)> {
        let (mut p, skip) = self.top;
        let mut row = 0;
        if skip > 0 {
            row = self.para_rows(p) - skip;
            p += 1;
        }
        let first = p;
        let mut last = None;
        while p < self.len() && row < self.height {
            last = Some(p);
            row += self.para_rows(p);
            p += 1;
        }
        last.map(|l| (first, l))
    }

    /// After scrolling the view, move the cursor into it if it left.
    fn keep_cursor_in_view(&mut self) {
        if self.is_empty() {
            return;
        }
        match self.starts_in_view() {
            Some((first, last)) => {
                if self.cursor < first || self.cursor > last {
                    let in_view = self.cursor == self.top.0 && self.cursor < first;
                    if !in_view {
                        self.cursor = self.cursor.clamp(first, last);
                    }
                }
            }
            None => self.cursor = self.top.0,
        }
    }

    /// Scroll the least needed for paragraph `p` to be in view.
    pub fn ensure_visible(&mut self, p: usize) {
        if self.is_empty() {
            return;
        }
        let p = p.min(self.last());
        if p < self.top.0 || (p == self.top.0 && self.top.1 > 0) {
            self.top = (p, 0);
            return;
        }
        // Rows from the top of the view to the end of p's last line.
        let mut rows = self.para_rows(self.top.0) - self.top.1;
        for q in self.top.0 + 1..=p {
            rows += self.para_rows(q);
            if rows > self.height * 4 + 1 {
                break;
            }
        }
        let p_lines = self.para_rows(p) - 1;
        if rows - 1 > self.height {
            if p_lines >= self.height {
                self.top = (p, 0);
            } else {
                // Put p's last line on the bottom row.
                self.top = (p, 0);
                let above = self.height - p_lines;
                self.scroll_up_raw(above);
            }
        }
    }

    fn scroll_up_raw(&mut self, n: usize) {
        for _ in 0..n {
            let (p, line) = self.top;
            if line > 0 {
                self.top.1 -= 1;
            } else if p > 0 {
                let rows = self.para_rows(p - 1);
                self.top = (p - 1, rows - 1);
            }
        }
    }

    pub fn move_cursor(&mut self, delta: isize) {
        if self.is_empty() {
            return;
        }
        self.cursor = self.cursor.saturating_add_signed(delta).min(self.last());
        self.ensure_visible(self.cursor);
    }

    pub fn goto(&mut self, p: usize) {
        if self.is_empty() {
            return;
        }
        self.cursor = p.min(self.last());
        self.ensure_visible(self.cursor);
    }

    /// Open at a remembered paragraph, shown at the top.
    pub fn restore(&mut self, p: usize) {
        if self.is_empty() {
            return;
        }
        self.cursor = p.min(self.last());
        self.top = (self.cursor, 0);
    }

    pub fn page_down(&mut self) {
        let step = self.height.saturating_sub(2).max(1);
        self.scroll_down(step);
        if let Some((first, _)) = self.starts_in_view() {
            self.cursor = first.min(self.last());
        }
        self.ensure_visible(self.cursor);
    }

    pub fn page_up(&mut self) {
        let step = self.height.saturating_sub(2).max(1);
        if self.top == (0, 0) {
            self.cursor = 0;
            return;
        }
        self.scroll_up(step);
        if let Some((first, _)) = self.starts_in_view() {
            self.cursor = if self.top.1 > 0 { first } else { self.top.0 };
            self.cursor = self.cursor.min(self.last());
        }
    }

    pub fn to_end(&mut self) {
        self.goto(self.last());
    }

    /// Percent read, by paragraph.
    pub fn percent(&self) -> usize {
        if self.is_empty() {
            100
        } else {
            (self.cursor + 1) * 100 / self.len()
        }
    }

    /// Find every hit of `query` (ASCII letters match either case) and jump
    /// to the first one at or after the cursor. Returns the hit count.
    pub fn search(&mut self, query: &str) -> usize {
        let mut hits = Vec::new();
        if !query.is_empty() {
            let needle = query.to_ascii_lowercase();
            for (p, text) in self.article.paragraphs.iter().enumerate() {
                let hay = text.to_ascii_lowercase();
                let mut from = 0;
                while let Some(i) = hay[from..].find(&needle) {
                    let start = from + i;
                    hits.push((p, start..start + needle.len()));
                    from = start + needle.len();
                }
            }
        }
        let current = hits
            .iter()
            .position(|(p, _)| *p >= self.cursor)
            .or(if hits.is_empty() { None } else { Some(0) });
        let n = hits.len();
        self.search = Search {
            query: query.to_string(),
            hits,
            current,
        };
        if let Some(i) = current {
            self.goto(self.search.hits[i].0);
        }
        n
    }

    /// Next (or previous) hit, wrapping around.
    pub fn next_hit(&mut self, forward: bool) -> Option<usize> {
        let n = self.search.hits.len();
        if n == 0 {
            return None;
        }
        let i = match self.search.current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None => 0,
        };
        self.search.current = Some(i);
        self.goto(self.search.hits[i].0);
        Some(i)
    }

    /// Which rows are shown: (paragraph, row within it), for the screen's
    /// scroll detection.
    pub fn row_ids(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(self.rows.len());
        let mut k = self.top.1;
        let mut last = self.top.0;
        for r in &self.rows {
            if r.para != last {
                last = r.para;
                k = 0;
            }
            out.push((r.para, k));
            k += 1;
        }
        out
    }

    /// Lay out the rows in view; call before drawing.
    pub fn lay_out(&mut self) {
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
        self.rows = rows;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn reader(paras: usize, words: usize) -> Reader {
        let text: String = (0..paras)
            .map(|i| format!("{i} {}\n", "كلمة ".repeat(words)))
            .collect();
        let a = Article::from_bytes(Path::new("/nonexistent/t.txt"), text.as_bytes());
        let notes = NoteStore::open(&a.path);
        let mut r = Reader::new(a, Options::default(), notes);
        r.resize(20, 10);
        r
    }

    #[test]
    fn cursor_moves_and_view_follows() {
        let mut r = reader(30, 6); // each paragraph: 2 lines + blank
        r.move_cursor(5);
        r.lay_out();
        assert!(
            r.rows
                .iter()
                .any(|row| row.para == 5 && row.text().is_some())
        );
        let last_text_row = r
            .rows
            .iter()
            .rposition(|row| row.text().is_some())
            .expect("rows");
        assert_eq!(
            r.rows[last_text_row].para, 5,
            "the view scrolled just enough"
        );
        r.move_cursor(-5);
        assert_eq!(r.top, (0, 0));
    }

    #[test]
    fn end_and_start() {
        let mut r = reader(30, 6);
        r.to_end();
        r.lay_out();
        assert_eq!(r.cursor, 29);
        assert!(r.rows.iter().any(|row| row.para == 29));
        r.goto(0);
        assert_eq!(r.top, (0, 0));
    }

    #[test]
    fn resize_keeps_the_top_paragraph() {
        let mut r = reader(30, 12);
        r.goto(10);
        r.lay_out();
        let shown = r.rows[0].para;
        r.resize(40, 10);
        r.lay_out();
        assert!(
            r.rows.iter().any(|row| row.para == 10),
            "cursor paragraph stays in view"
        );
        assert!(r.rows[0].para >= shown.saturating_sub(1));
        r.resize(9, 10);
        r.lay_out();
        assert!(r.rows.iter().any(|row| row.para == 10));
    }

    #[test]
    fn paging_moves_the_cursor_with_the_view() {
        let mut r = reader(30, 6);
        r.page_down();
        r.lay_out();
        assert!(r.cursor > 0);
        assert!(r.rows.iter().any(|row| row.para == r.cursor));
        r.page_up();
        assert_eq!(r.cursor, 0);
    }

    #[test]
    fn search_finds_and_cycles() {
        let a = Article::from_bytes(
            Path::new("/nonexistent/t.txt"),
            "ألف\nباء Reuters\nجيم\nreuters دال".as_bytes(),
        );
        let notes = NoteStore::open(&a.path);
        let mut r = Reader::new(a, Options::default(), notes);
        r.resize(30, 5);
        assert_eq!(r.search("REUTERS"), 2);
        assert_eq!(r.cursor, 1);
        r.next_hit(true);
        assert_eq!(r.cursor, 3);
        r.next_hit(true);
        assert_eq!(r.cursor, 1, "wraps around");
        assert_eq!(r.search("جيم"), 1);
        assert_eq!(r.cursor, 2);
        assert_eq!(r.search("nothing"), 0);
    }

    #[test]
    fn annotations_mark_paragraphs_show_notes_and_undo() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "ألف\nباء\nجيم\nدال\n").expect("write");
        let a = Article::load(&path).expect("load");
        let mut r = Reader::new(a, Options::default(), NoteStore::open(&path));
        r.resize(30, 20);
        r.goto(2);
        r.edit("t", None, |a| a.tags.push("claim".into()))
            .expect("saved");
        r.edit("t", None, |a| a.note = "سطر\nline two".into())
            .expect("saved");
        assert_eq!(r.marks[&2].tags, ["claim"]);
        r.lay_out();
        let notes: Vec<&RowKind> = r
            .rows
            .iter()
            .filter(|row| row.para == 2)
            .map(|row| &row.kind)
            .collect();
        assert!(
            matches!(notes[1], RowKind::Note(_)) && matches!(notes[2], RowKind::Note(_)),
            "two note rows"
        );
        r.toggle_notes();
        r.lay_out();
        assert_eq!(
            r.rows.iter().filter(|row| row.para == 2).count(),
            2,
            "text + blank"
        );
        r.goto(0);
        assert!(r.jump_annotated(true));
        assert_eq!(r.cursor, 2);
        assert!(!r.jump_annotated(true));
        r.goto(2);
        assert_eq!(r.undo().map_err(|e| e.to_string()), Ok(true));
        assert!(
            r.marks[&2].note.is_empty(),
            "the note is undone, the tag stays"
        );
        assert_eq!(r.undo().map_err(|e| e.to_string()), Ok(true));
        assert!(!r.marks.contains_key(&2));
        // What was saved on disk agrees.
        let again = NoteStore::open(&path);
        assert_eq!(again.live().count(), 0);
    }

    #[test]
    fn undo_follows_a_first_annotation_joined_to_one_made_meanwhile() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "ألف\nباء\nجيم\n").expect("write");
        let a = Article::load(&path).expect("load");
        let mut r = Reader::new(
            a.clone(),
            Options::default(),
            NoteStore::open_in(&path, None),
        );
        // Another window of the same author tags ¶ 2 first.
        let mut other = NoteStore::open_in(&path, None);
        edit::edit_paragraph(&mut other, &a.paragraphs, &a.doc_sha256, 1, "t", |x| {
            x.tags.push("source".into())
        });
        other.save().expect("save");
        r.goto(1);
        r.edit("t", None, |x| x.tags.push("claim".into()))
            .expect("saved");
        let on_disk = NoteStore::open_in(&path, None);
        let live: Vec<_> = on_disk.live().collect();
        assert_eq!(live.len(), 1, "one annotation");
        assert_eq!(live[0].tags, ["source", "claim"]);
        assert_eq!(r.undo().map_err(|e| e.to_string()), Ok(true));
        let on_disk = NoteStore::open_in(&path, None);
        let all: Vec<_> = on_disk.live().collect();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].tags, ["source"], "the undo reached it");
    }

    #[test]
    fn a_line_scroll_stays_scrolled_across_frames() {
        let mut r = reader(30, 6);
        r.scroll_down(1);
        assert_eq!(r.top, (0, 1));
        r.resize(20, 10); // what every frame does
        r.lay_out();
        assert_eq!(r.top, (0, 1), "the next frame keeps the view");
        r.scroll_up(1);
        assert_eq!(r.top, (0, 0));
    }

    #[test]
    fn tiny_sizes_do_not_panic() {
        let mut r = reader(5, 30);
        for (w, h) in [(1, 1), (2, 1), (1, 3), (3, 2)] {
            r.resize(w, h);
            r.to_end();
            r.page_up();
            r.page_down();
            r.scroll_down(3);
            r.scroll_up(7);
            r.lay_out();
            assert!(r.rows.len() <= h);
        }
    }
}
