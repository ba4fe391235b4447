//! Opening and leaving an article: what is offered on opening (drafts,
//! interrupted saves), saving and keeping what could not be saved.

use super::*;

/// Something to offer when an article opens, one after the other.
#[derive(Debug, Clone)]
pub(super) enum Offer {
    Ask(Ask),
    /// The note that was being typed: paragraph, text, the versions it
    /// was merging.
    Note(usize, String, Vec<crate::notes::model::NoteVersion>),
}

/// A save waiting for another hamish to release the sidecar's lock.
#[derive(Debug, Clone, Copy)]
pub struct Saving {
    pub(super) since: std::time::Instant,
    /// Whether the user has been told that another hamish holds the lock.
    pub(super) told: bool,
    pub(super) holder: Option<u32>,
}

impl Saving {
    /// What the status bar says; `Esc cancels` only where Esc does.
    pub(super) fn status(&self, can_cancel: bool) -> String {
        let who = match self.holder {
            Some(pid) => format!("locked by process {pid}"),
            None => "locked by another hamish".into(),
        };
        match (self.told, can_cancel) {
            (false, _) => "saving…".into(),
            (true, true) => format!("{who}: waiting… Esc cancels"),
            (true, false) => format!("{who}: waiting…"),
        }
    }
}

/// What annotation keys say while the annotations are placed.
pub(super) const STILL_PLACING: &str = "annotations still being placed: a moment";

impl App {
    /// Open the article at `path` (which should be in the library).
    /// Carry out [`Effect::Save`]: save the open article's annotations
    /// (waiting for another hamish's lock happens in `tick`), then say
    /// `done`, or why not.
    pub fn save(&mut self, done: Done) {
        let Some(r) = &mut self.reader else { return };
        let result = r.save();
        let done = match done {
            Done::Edit => self.edit_done(),
            Done::Said(s) => s,
        };
        self.saved(result, done);
    }

    /// Carry out [`Effect::TakeUp`]: save or drop a draft's changes, or
    /// merge what interrupted saves left, then say what was done.
    pub fn take_up(&mut self, what: TakeUp) {
        self.take_up_now(what);
        self.next_offer();
    }

    fn take_up_now(&mut self, what: TakeUp) {
        let Some(r) = &mut self.reader else { return };
        match what {
            TakeUp::Draft { save: true } => {
                // Taken from the draft now: what another window saved or
                // dropped meanwhile is not there any more.
                let changes = self
                    .drafts
                    .as_deref()
                    .map(|root| crate::notes::drafts::take_changes(root, &r.article.path))
                    .unwrap_or_default();
                if changes.is_empty() {
                    self.message = Some("already saved or dropped in another window".into());
                    return;
                }
                let n = changes.len();
                r.apply_recovered(changes);
                self.save(Done::Said(format!("saved {n} change(s) from last time")));
            }
            TakeUp::Draft { save: false } => {
                let n = self
                    .drafts
                    .as_deref()
                    .map(|root| crate::notes::drafts::take_changes(root, &r.article.path).len())
                    .unwrap_or_default();
                self.message = Some(format!("dropped {n} unsaved change(s)"));
            }
            TakeUp::Leftovers(files) => {
                let mut n = 0;
                for f in &files {
                    match r.notes.recover(f) {
                        Ok(k) => n += k,
                        Err(e) => {
                            // None of it, then: nothing half merged.
                            r.reload_notes();
                            self.message =
                                Some(format!("not merged: {}", self.short(&e.to_string())));
                            return;
                        }
                    }
                }
                self.save(Done::Said(format!("merged {n} annotation(s) (saved)")));
            }
        }
    }

    /// Carry out [`Effect::Open`]: read the article, its sidecar and any
    /// draft, and show it `at` a place.
    pub fn open(&mut self, path: &Path, at: OpenAt) {
        self.open_path(path);
        self.back_to_hits = matches!(at, OpenAt::Hit(..));
        // Opened at a place: not where it was left.
        if at != OpenAt::LastRead {
            self.restore_after_reading = None;
        }
        // A paragraph or a hit past what is read yet: there once it is.
        let later = match at {
            OpenAt::Paragraph(p) => Some((p, None)),
            OpenAt::Hit(p, byte) => Some((p, Some(byte))),
            _ => None,
        }
        .filter(|(p, _)| {
            self.reader
                .as_ref()
                .is_some_and(|r| r.loading() && *p >= r.len())
        });
        if let Some((p, _)) = later {
            self.goto_after_reading = later;
            self.message = Some(format!("reading the article up to ¶ {}…", p + 1));
            return;
        }
        // A phrase is placed in the whole article.
        if matches!(at, OpenAt::Phrase(..) | OpenAt::Orphan) {
            self.wait_for_article();
        }
        match (at, &mut self.reader) {
            (OpenAt::Hit(p, byte), Some(_)) => self.at_hit(p, byte),
            (OpenAt::Paragraph(p), Some(r)) => r.goto(p),
            (OpenAt::Phrase(p, start, end), Some(r)) => {
                r.goto(p);
                r.select_code_points(p, start..end);
            }
            (OpenAt::Orphan, Some(_)) => {
                self.message = Some("an orphan: its paragraph is gone (see hamish doctor)".into())
            }
            _ => {}
        }
    }

    pub fn open_path(&mut self, path: &Path) {
        if let Some(i) = self.library.entries.iter().position(|e| e.path == path) {
            if !self.library.filter.is_empty() {
                self.set_filter(String::new());
            }
            self.library.selected = self
                .library
                .visible
                .iter()
                .position(|&v| v == i)
                .unwrap_or(0);
        }
        self.close_reader();
        // The first part now, for the first frame; the rest (of a long
        // article) in the background.
        // Past its first part, an article keeps only the place of each
        // paragraph, and reads what it shows, and what its annotations
        // are placed on, from the file: memory goes with the screen and
        // the annotations, not the file.
        let notes = NoteStore::open(path);
        match Article::open_indexed(path, crate::article::loading::FIRST_PART, true) {
            Ok((article, loading)) => {
                let mut reader = Reader::reading(article, self.opts, notes, loading);
                reader.author = self.author.clone();
                let still_reading = reader.loading();
                match self.positions.get(path) {
                    Some(p) if p < reader.len() || !still_reading => reader.restore(p),
                    // Past what is read yet: there once it is.
                    Some(p) => self.restore_after_reading = Some(p),
                    None => {}
                }
                self.reader = Some(reader);
                if let Ok(mut open) = self.open_now.lock() {
                    *open = Some(path.to_path_buf());
                }
                self.screen = Screen::Reader;
                if still_reading {
                    self.message = Some("reading the article…".into());
                } else {
                    self.article_read();
                }
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Go to the hit at `byte` of paragraph `p`, the corpus search's query
    /// searched in the article from there (the rest between frames).
    fn at_hit(&mut self, p: usize, byte: usize) {
        let (Some(r), Some(h)) = (&mut self.reader, &self.hits) else {
            return;
        };
        r.goto(p);
        r.search(&h.query, h.how);
        if let Some(i) = r
            .search
            .hits
            .iter()
            .position(|(q, b)| *q == p && b.start == byte)
        {
            r.search.current = Some(i);
            r.goto(p);
        }
        self.message = Some(Self::search_said(r));
    }

    /// Once the open article is all read: where it was left (if that was
    /// past its first part), what is to be said about it (invalid bytes,
    /// bidi controls, where its annotations are), and what an earlier
    /// session left to take up.
    pub(super) fn article_read(&mut self) {
        let restore = self.restore_after_reading.take();
        let Some(reader) = &mut self.reader else {
            return;
        };
        // Unless the user has moved meanwhile.
        if let Some(p) = restore
            && reader.cursor == 0
            && reader.top == (0, 0)
            && reader.selection.is_none()
        {
            reader.restore(p);
        }
        let path = reader.article.path.clone();
        let path = path.as_path();
        let article = &reader.article;
        let notes = &reader.notes;
        let mut message = None;
        if article.invalid_bytes > 0 {
            message = Some(format!(
                "{}: {} invalid UTF-8 sequence(s) shown as \u{FFFD}",
                crate::text::display::display_name(path),
                article.invalid_bytes
            ));
        }
        if let Some(w) = notes.warnings.first() {
            // The status bar has one line: the folder is left out.
            let w = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
                Some(dir) => w.replace(&format!("{}/", display_path(dir)), ""),
                None => w.clone(),
            };
            let more = notes.warnings.len() - 1;
            message = Some(if more > 0 {
                format!("{w} (+{more} more: hamish doctor)")
            } else {
                w
            });
        }
        if notes.fallback {
            message = Some(format!(
                "annotations are kept in {} (the article's folder is read-only)",
                crate::text::display::display_path(&notes.path)
            ));
        }
        let controls = reader.bidi_controls();
        if controls > 0 && message.is_none() {
            message = Some(format!(
                "this article holds {controls} bidi control(s), shown as ⁞ and not applied (B applies them)"
            ));
        }
        // A message said while it was read (a search) stays, unless this
        // says more.
        if message.is_some() || self.message.as_deref() == Some("reading the article…") {
            self.message = message;
        }
        // Left on disk until answered: a hang-up meanwhile loses
        // nothing.
        let draft = self
            .drafts
            .as_deref()
            .and_then(|root| crate::notes::drafts::peek_draft(root, path));
        let leftovers = reader.notes.leftovers();
        if let Some(d) = draft {
            if !d.changes.is_empty() {
                self.offers.push(Offer::Ask(Ask::SaveRecovered(d.changes)));
            }
            if !d.text.is_empty() {
                self.offers
                    .push(Offer::Note(d.paragraph, d.text, d.resolves));
            }
        }
        if !leftovers.is_empty() && reader.notes.read_only.is_none() {
            self.offers.push(Offer::Ask(Ask::MergeLeftovers(leftovers)));
        }
        self.offers.reverse();
        self.next_offer();
    }

    /// Take what has been read of the open article since; true if the
    /// screen changed.
    pub(super) fn poll_reading(&mut self) -> bool {
        let Some(r) = &mut self.reader else {
            return false;
        };
        let taken = r.poll_loading(std::time::Duration::from_millis(10));
        self.took_rest(taken)
    }

    /// More of the open article read: to the paragraph or hit it was
    /// opened at, once it is there (unless the user has moved, or
    /// selected, meanwhile).
    fn went_on_reading(&mut self) {
        let Some((p, hit)) = self.goto_after_reading else {
            return;
        };
        let Some(r) = &mut self.reader else { return };
        if p >= r.len() && r.loading() {
            return;
        }
        self.goto_after_reading = None;
        if r.cursor != 0 || r.top != (0, 0) || r.selection.is_some() {
            return;
        }
        match hit {
            Some(byte) => self.at_hit(p, byte),
            None => {
                r.goto(p);
                self.message = None;
            }
        }
    }

    /// Wait until the open article is all read (tests).
    pub fn wait_for_article(&mut self) {
        let taken = self.reader.as_mut().and_then(Reader::wait_loading);
        self.took_rest(taken);
    }

    fn took_rest(&mut self, taken: Option<Result<bool, crate::article::ArticleError>>) -> bool {
        match taken {
            None => false,
            Some(Ok(true)) => {
                // What a search said "so far" is said of it all now.
                let so_far = self
                    .message
                    .as_deref()
                    .is_some_and(|m| m.ends_with("(still reading the article)"));
                self.went_on_reading();
                self.article_read();
                if so_far && let Some(r) = &self.reader {
                    self.message = Some(Self::search_said(r));
                }
                true
            }
            Some(Ok(false)) => {
                // The annotations placed in the background, maybe: what
                // waited for them.
                if self.reader.as_ref().is_some_and(|r| !r.placing()) {
                    if self.message.as_deref() == Some(STILL_PLACING) {
                        self.message = None;
                    }
                    self.next_offer();
                }
                self.went_on_reading();
                // Where it was left, once read to there (unless the user
                // has moved, or selected, meanwhile).
                if let (Some(p), Some(r)) = (self.restore_after_reading, &mut self.reader)
                    && p < r.len()
                {
                    self.restore_after_reading = None;
                    if r.cursor == 0 && r.top == (0, 0) && r.selection.is_none() {
                        r.restore(p);
                    }
                }
                true
            }
            Some(Err(e)) => {
                self.message = Some(format!(
                    "{e}: shown as far as it was read, its annotations read-only (open it again)"
                ));
                true
            }
        }
    }

    /// Put the next offer about the open article in front of the user.
    pub(super) fn next_offer(&mut self) {
        if !matches!(self.overlay, Overlay::None) {
            return;
        }
        let Some(r) = &mut self.reader else {
            self.offers.clear();
            return;
        };
        // A draft is offered once the annotations are placed (the note it
        // starts from is the one placed there).
        if r.placing() {
            return;
        }
        match self.offers.pop() {
            None => {}
            Some(Offer::Ask(ask)) => self.overlay = Overlay::Confirm(ask),
            Some(Offer::Note(paragraph, text, resolves)) => {
                // The editor holds it now (and keeps it again on a hang-up).
                if let Some(root) = &self.drafts {
                    crate::notes::drafts::take_note(root, &r.article.path);
                }
                r.goto(paragraph);
                let saved = r.current_annotation().map(|a| a.note).unwrap_or_default();
                let mut editor = Editor::recovered(&saved, &text);
                editor.resolves = resolves;
                self.overlay = Overlay::Editor(Box::new(editor));
                self.message = Some(format!(
                    "recovered the note you were typing on ¶ {}: Ctrl-S saves it, Esc asks to drop it",
                    r.cursor + 1
                ));
            }
        }
    }

    /// A message about files of the open article, with their folder left
    /// out (the status bar has one line).
    pub(super) fn short(&self, msg: &str) -> String {
        let Some(dir) = self
            .reader
            .as_ref()
            .and_then(|r| r.article.path.parent())
            .filter(|d| !d.as_os_str().is_empty())
        else {
            return msg.to_string();
        };
        msg.replace(&format!("{}/", crate::text::display::display_path(dir)), "")
    }

    /// Keep what the open article has unsaved as a draft; true if kept.
    pub(super) fn keep_unsaved(&self) -> bool {
        let (Some(r), Some(root)) = (&self.reader, &self.drafts) else {
            return false;
        };
        let changes = r.notes.unsaved_changes();
        !changes.is_empty()
            && crate::notes::drafts::keep_changes(root, &r.article.path, &changes).is_ok()
    }

    /// A save that will not happen now (it failed, or the user stopped
    /// waiting): its changes move to the draft, where they are offered
    /// again, and the reader shows the sidecar as it is. Kept in one place
    /// only, a change can never be saved twice. True if kept.
    pub(super) fn shelve(&mut self) -> bool {
        let kept = self.keep_unsaved();
        // Not kept (no state folder, a full disk): the changes stay here,
        // and the next save tries them again.
        if kept && let Some(r) = &mut self.reader {
            r.reload_notes();
        }
        kept
    }

    /// After a save: what it did, and the draft it makes unneeded.
    pub(super) fn saved(&mut self, result: Result<(), NotesError>, done: String) {
        let Some(r) = &self.reader else { return };
        match result {
            Ok(()) => {
                self.saving = None;
                let notice = r.notes.notices.first().cloned();
                self.message = Some(match notice {
                    Some(n) => format!("{done}; {n}"),
                    None => done,
                });
            }
            Err(NotesError::Busy(_)) => {
                if self.saving.is_none() {
                    self.saving = Some(Saving {
                        since: std::time::Instant::now(),
                        told: false,
                        holder: None,
                    });
                }
                self.message = Some("saving…".into());
            }
            Err(e) => {
                self.saving = None;
                let kept = if self.shelve() {
                    " (kept as a draft)"
                } else {
                    ""
                };
                self.message = Some(format!("not saved{kept}: {}", self.short(&e.to_string())));
            }
        }
        if let Some(r) = &self.reader {
            self.article_notes
                .insert(r.article.path.clone(), summarize(&r.notes));
        }
    }

    /// Carry out [`Effect::StopSaving`]: stop waiting for a busy sidecar
    /// and keep the change as a draft.
    pub fn stop_saving(&mut self) {
        if self.saving.take().is_some() {
            let kept = self.shelve();
            self.message = Some(if kept {
                "save cancelled; kept as a draft".into()
            } else {
                "save cancelled; not kept as a draft: the next save tries again".into()
            });
        }
    }

    /// Carry out [`Effect::Close`]: back to the library, remembering where
    /// the reader was and keeping a change not yet saved as a draft.
    pub fn close(&mut self) {
        self.close_reader();
        if std::mem::take(&mut self.back_to_hits) && self.hits.is_some() {
            self.screen = Screen::Hits;
        }
    }

    pub(super) fn close_reader(&mut self) {
        if let Ok(mut open) = self.open_now.lock() {
            *open = None;
        }
        let waiting = self.saving.take().is_some();
        let unsaved = self.reader.as_ref().is_some_and(|r| r.notes.has_unsaved());
        if unsaved {
            self.message = Some(if self.keep_unsaved() {
                "its change was not saved yet: kept as a draft for next time".into()
            } else {
                "its change could not be saved, nor kept as a draft".into()
            });
        } else if waiting {
            self.message = None;
        }
        self.offers.clear();
        let pending = self.restore_after_reading.take();
        self.goto_after_reading = None;
        if let Some(r) = self.reader.take() {
            // Left before it was read up to where it was left: still there.
            let at = match pending {
                Some(p) if r.cursor == 0 => p,
                _ => r.cursor,
            };
            self.positions.set(&r.article.path, at);
            // Rows placed on part of an article would be misplaced; those
            // placed on all of it are the reader's (not placed again).
            if let Some(items) = r.placed_items() {
                self.article_notes
                    .insert(r.article.path.clone(), summarize(&r.notes));
                self.note_rows.insert(
                    r.article.path.clone(),
                    rows_of(&r.notes, &r.article.path, items.to_vec()),
                );
            }
        }
        self.overlay = Overlay::None;
        self.screen = Screen::Library;
    }

    /// Keep the note being typed, if any, as a draft; called when the
    /// terminal goes away.
    pub fn save_draft(&self) {
        let (Some(ed), Some(r), Some(root)) = (self.overlay.editor(), &self.reader, &self.drafts)
        else {
            return;
        };
        if ed.modified() {
            let _ = crate::notes::drafts::save_draft(
                root,
                &r.article.path,
                r.cursor,
                &ed.text(),
                &ed.resolves,
            );
        }
    }

    /// Keep everything unsaved (a note being typed, changes not on disk)
    /// as a draft; called whenever hamish leaves.
    pub fn keep_drafts(&self) {
        self.save_draft();
        self.keep_unsaved();
    }

    /// Remember reading positions; called when leaving.
    pub fn save_positions(&mut self) {
        if let Some(r) = &self.reader {
            let at = match self.restore_after_reading {
                Some(p) if r.cursor == 0 => p,
                _ => r.cursor,
            };
            self.positions.set(&r.article.path, at);
        }
        if let Err(e) = self.positions.save() {
            self.message = Some(format!("cannot save reading positions: {e}"));
        }
    }

    pub(super) fn step_article(&mut self, forward: bool) {
        let Some(current) = self.reader.as_ref().map(|r| r.article.path.clone()) else {
            return;
        };
        let Some(pos) = self
            .library
            .visible
            .iter()
            .position(|&i| self.library.entries[i].path == current)
        else {
            return;
        };
        let next = if forward {
            pos + 1
        } else {
            match pos.checked_sub(1) {
                Some(p) => p,
                None => {
                    self.message = Some("first article".into());
                    return;
                }
            }
        };
        match self
            .library
            .visible
            .get(next)
            .map(|&i| self.library.entries[i].path.clone())
        {
            Some(path) => {
                self.library.selected = next;
                self.effect = Some(Effect::Open {
                    path,
                    at: OpenAt::LastRead,
                });
            }
            None => self.message = Some("last article".into()),
        }
    }
}
