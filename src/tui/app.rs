//! App state and `update(Action)`; no drawing and no terminal I/O here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::article::{Article, Entry, article_paths};
use crate::config::Config;
use crate::notes::edit::Change;
use crate::notes::summary::{ArticleNotes, NoteRow, note_rows, summarize};
use crate::notes::{NoteStore, NotesError};
use crate::places::Positions;
use crate::text::Options;
use crate::text::display::display_path;

use super::editor::{Editor, EditorOutcome};
use super::reader::Reader;
use super::scanner::{Report, Scanner};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    /// Every annotation of the corpus (`A`).
    Notes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Search,
    NotesFilter,
}

/// A window over the reader that takes the keys.
pub enum Mode {
    Normal,
    TagPicker,
    Editor(Box<Editor>),
    /// A yes/no question in the status bar.
    Confirm(Ask),
}

/// What a yes/no question is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// Delete the current paragraph's annotation.
    Delete,
    /// Save changes that an earlier session could not save.
    SaveRecovered(Vec<Change>),
    /// Merge the temp files that killed saves left beside the sidecar.
    MergeLeftovers(Vec<PathBuf>),
}

impl Ask {
    /// The question in few cells, for a narrow screen.
    pub fn short_question(&self, cursor: usize) -> String {
        match self {
            Ask::Delete => format!("Delete ¶ {}'s notes? y/n", cursor + 1),
            Ask::SaveRecovered(_) => "Save unsaved changes? y/n".into(),
            Ask::MergeLeftovers(_) => "Merge interrupted save? y/n".into(),
        }
    }

    /// The question, for the status bar (`cursor`: the current paragraph).
    pub fn question(&self, cursor: usize) -> String {
        match self {
            Ask::Delete => format!("Delete the annotation of ¶ {}? y/n", cursor + 1),
            Ask::SaveRecovered(changes) => {
                let mut paras: Vec<usize> = changes.iter().map(|c| c.para + 1).collect();
                paras.sort_unstable();
                paras.dedup();
                let mut shown: Vec<String> =
                    paras.iter().take(3).map(|p| format!("¶ {p}")).collect();
                if paras.len() > 3 {
                    shown.push("…".into());
                }
                format!(
                    "Save {} change(s) to {} left unsaved last time? y/n",
                    changes.len(),
                    shown.join(", ")
                )
            }
            Ask::MergeLeftovers(_) => "Merge what an interrupted save left? y/n".into(),
        }
    }
}

/// Something to offer when an article opens, one after the other.
#[derive(Debug, Clone, PartialEq)]
enum Offer {
    Ask(Ask),
    /// The note that was being typed: paragraph, text, the versions it
    /// was merging.
    Note(usize, String, Vec<crate::notes::model::NoteVersion>),
}

/// A save waiting for another hamish to release the sidecar's lock.
#[derive(Debug, Clone, Copy)]
pub struct Saving {
    since: std::time::Instant,
    /// Whether the user has been told that another hamish holds the lock.
    told: bool,
    holder: Option<u32>,
}

impl Saving {
    /// What the status bar says; `Esc cancels` only where Esc does.
    fn status(&self, can_cancel: bool) -> String {
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

/// The `A` view's state.
#[derive(Debug, Clone, Default)]
pub struct NotesList {
    pub rows: Vec<NoteRow>,
    pub visible: Vec<usize>,
    pub selected: usize,
    pub text: String,
    pub tags: Vec<String>,
}

impl NotesList {
    fn refilter(&mut self) {
        let needle = self.text.to_lowercase();
        self.visible = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                self.tags.iter().all(|t| r.tags.contains(t))
                    && (needle.is_empty() || r.matches(&needle))
            })
            .collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

/// Everything a key or event can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageDown,
    PageUp,
    ScrollUp(usize),
    ScrollDown(usize),
    Open,
    Back,
    Quit,
    ToggleHelp,
    StartFilter,
    StartSearch,
    PromptInput(char),
    PromptBackspace,
    PromptAccept,
    PromptCancel,
    NextHit,
    PrevHit,
    CycleDirection,
    PrevArticle,
    NextArticle,
    Suspend,
    OpenTagPicker,
    /// A key typed in the tag picker.
    TagKey(char),
    CloseOverlay,
    OpenEditor,
    EditorKey(super::input::Key),
    DeleteAnnotation,
    Confirm(bool),
    Undo,
    NextAnnotated,
    PrevAnnotated,
    Copy,
    ToggleNotes,
    OpenNotesList,
    ToggleBidiControls,
    /// Draw the whole screen again (Ctrl-L).
    Redraw,
    /// Stop waiting for a busy sidecar and keep the change as a draft.
    CancelSave,
    /// Leave a question for later (Esc).
    ConfirmLater,
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    Suspend,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    Redraw,
}

pub struct App {
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
    /// Indices into `entries` that pass the filter.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    pub filter: String,
    pub screen: Screen,
    pub reader: Option<Reader>,
    pub prompt: Option<Prompt>,
    pub help: bool,
    pub message: Option<String>,
    pub opts: Options,
    /// Who orders right-to-left text and why, for the help screen.
    pub bidi: String,
    pub positions: Positions,
    pub theme: super::theme::Theme,
    pub config: Config,
    pub mode: Mode,
    pub article_notes: HashMap<PathBuf, ArticleNotes>,
    pub notes_list: NotesList,
    /// Where `A` returns to.
    notes_return: Screen,
    /// Where drafts of unsaved notes go (`None`: nowhere to keep them).
    pub drafts: Option<PathBuf>,
    /// Reads the articles in the background, and searches their text.
    scanner: Option<Scanner>,
    /// The articles to read, until the worker starts (after the first
    /// frame, so that frame never waits on it).
    to_scan: Option<Vec<PathBuf>>,
    /// Articles read so far.
    pub scanned: usize,
    /// The filter's text search: its generation, the articles whose text
    /// matches, and whether it is still running.
    filter_gen: u64,
    text_hits: Vec<bool>,
    pub filter_pending: bool,
    /// The `A` list's rows per article, placed by the background scan.
    note_rows: HashMap<PathBuf, Vec<NoteRow>>,
    /// A save waiting for a lock, if one is.
    pub saving: Option<Saving>,
    /// What is still to be offered about the open article.
    offers: Vec<Offer>,
}

impl App {
    pub fn new(
        dir: PathBuf,
        opts: Options,
        positions: Positions,
        config: Config,
    ) -> anyhow::Result<App> {
        let paths = article_paths(&dir).map_err(anyhow::Error::msg)?;
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        let entries: Vec<Entry> = paths.iter().cloned().map(Entry::pending).collect();
        let config_light = config.display.light;
        let visible = (0..entries.len()).collect();
        Ok(App {
            config,
            mode: Mode::Normal,
            article_notes: HashMap::new(),
            scanner: None,
            to_scan: Some(paths),
            scanned: 0,
            filter_gen: 0,
            text_hits: Vec::new(),
            filter_pending: false,
            note_rows: HashMap::new(),
            saving: None,
            offers: Vec::new(),
            notes_list: NotesList::default(),
            notes_return: Screen::Library,
            drafts: crate::places::drafts_dir(),
            dir,
            entries,
            visible,
            selected: 0,
            filter: String::new(),
            screen: Screen::Library,
            reader: None,
            prompt: None,
            help: false,
            message: None,
            opts,
            bidi: "app".to_string(),
            positions,
            theme: super::theme::Theme::from_env(config_light),
        })
    }

    /// Open the article at `path` (which should be in the library).
    pub fn open_path(&mut self, path: &Path) {
        if let Some(i) = self.entries.iter().position(|e| e.path == path) {
            if !self.filter.is_empty() {
                self.set_filter(String::new());
            }
            self.selected = self.visible.iter().position(|&v| v == i).unwrap_or(0);
        }
        self.close_reader();
        match Article::load(path) {
            Ok(article) => {
                if article.invalid_bytes > 0 {
                    self.message = Some(format!(
                        "{}: {} invalid UTF-8 sequence(s) shown as \u{FFFD}",
                        crate::text::display::display_name(path),
                        article.invalid_bytes
                    ));
                }
                let notes = NoteStore::open(path);
                if let Some(w) = notes.warnings.first() {
                    // The status bar has one line: the folder is left out.
                    let w = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
                        Some(dir) => w.replace(&format!("{}/", display_path(dir)), ""),
                        None => w.clone(),
                    };
                    let more = notes.warnings.len() - 1;
                    self.message = Some(if more > 0 {
                        format!("{w} (+{more} more: hamish doctor)")
                    } else {
                        w
                    });
                }
                if notes.fallback {
                    self.message = Some(format!(
                        "annotations are kept in {} (the article's folder is read-only)",
                        crate::text::display::display_path(&notes.path)
                    ));
                }
                let controls: usize = article
                    .paragraphs
                    .iter()
                    .map(|p| crate::text::sanitize::count_bidi_controls(p))
                    .sum();
                if controls > 0 && self.message.is_none() {
                    self.message = Some(format!(
                        "this article holds {controls} bidi control(s), shown as ⁞ and not applied (B applies them)"
                    ));
                }
                let mut reader = Reader::new(article, self.opts, notes);
                if let Some(p) = self.positions.get(path) {
                    reader.restore(p);
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
                self.reader = Some(reader);
                self.screen = Screen::Reader;
                self.next_offer();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Put the next offer about the open article in front of the user.
    fn next_offer(&mut self) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let Some(r) = &mut self.reader else {
            self.offers.clear();
            return;
        };
        match self.offers.pop() {
            None => {}
            Some(Offer::Ask(ask)) => self.mode = Mode::Confirm(ask),
            Some(Offer::Note(paragraph, text, resolves)) => {
                // The editor holds it now (and keeps it again on a hang-up).
                if let Some(root) = &self.drafts {
                    crate::notes::drafts::take_note(root, &r.article.path);
                }
                r.goto(paragraph);
                let saved = r.current_annotation().map(|a| a.note).unwrap_or_default();
                let mut editor = Editor::recovered(&saved, &text);
                editor.resolves = resolves;
                self.mode = Mode::Editor(Box::new(editor));
                self.message = Some(format!(
                    "recovered the note you were typing on ¶ {}: Ctrl-S saves it, Esc drops it",
                    r.cursor + 1
                ));
            }
        }
    }

    /// A message about files of the open article, with their folder left
    /// out (the status bar has one line).
    fn short(&self, msg: &str) -> String {
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
    fn keep_unsaved(&self) -> bool {
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
    fn shelve(&mut self) -> bool {
        let kept = self.keep_unsaved();
        // Not kept (no state folder, a full disk): the changes stay here,
        // and the next save tries them again.
        if kept && let Some(r) = &mut self.reader {
            r.reload_notes();
        }
        kept
    }

    /// After a save: what it did, and the draft it makes unneeded.
    fn saved(&mut self, result: Result<(), NotesError>, done: String) {
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

    /// Try a waiting save again; true if the screen changed. Called by the
    /// event loop while [`App::busy`].
    pub fn tick(&mut self) -> bool {
        let Some(saving) = self.saving else {
            return false;
        };
        let Some(r) = &mut self.reader else {
            self.saving = None;
            return false;
        };
        match r.save() {
            Err(NotesError::Busy(busy)) => {
                if saving.told || saving.since.elapsed() < crate::notes::store::TELL_AFTER {
                    return false;
                }
                let saving = Saving {
                    told: true,
                    holder: busy.holder,
                    ..saving
                };
                self.message = Some(saving.status(matches!(self.mode, Mode::Normal)));
                self.saving = Some(saving);
                true
            }
            other => {
                self.saved(other, "saved".into());
                true
            }
        }
    }

    fn close_reader(&mut self) {
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
        if let Some(r) = self.reader.take() {
            self.positions.set(&r.article.path, r.cursor);
            self.article_notes
                .insert(r.article.path.clone(), summarize(&r.notes));
            self.note_rows
                .insert(r.article.path.clone(), note_rows(&r.notes, &r.article));
        }
        self.mode = Mode::Normal;
        self.screen = Screen::Library;
    }

    /// Keep the note being typed, if any, as a draft; called when the
    /// terminal goes away.
    pub fn save_draft(&self) {
        let (Mode::Editor(ed), Some(r), Some(root)) = (&self.mode, &self.reader, &self.drafts)
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
            self.positions.set(&r.article.path, r.cursor);
        }
        if let Err(e) = self.positions.save() {
            self.message = Some(format!("cannot save reading positions: {e}"));
        }
    }

    /// Whether the background worker is still reading or searching.
    pub fn busy(&self) -> bool {
        self.scanning() || self.filter_pending || self.saving.is_some()
    }

    /// Whether articles are still being read.
    pub fn scanning(&self) -> bool {
        self.scanned < self.entries.len()
    }

    /// Start reading the articles in the background (once).
    pub fn start_background(&mut self) {
        if let Some(paths) = self.to_scan.take()
            && !paths.is_empty()
        {
            self.scanner = Some(Scanner::start(paths));
        }
    }

    /// Take what the background worker has found; true if the screen
    /// changed. Never blocks for long.
    pub fn poll_background(&mut self) -> bool {
        let started = std::time::Instant::now();
        let mut changed = false;
        while let Some(report) = self.scanner.as_ref().and_then(Scanner::try_next) {
            self.apply(report);
            changed = true;
            if started.elapsed() > std::time::Duration::from_millis(20) {
                break;
            }
        }
        if changed {
            self.refilter();
            if self.screen == Screen::Notes {
                self.rebuild_notes_list();
            }
        }
        changed
    }

    /// Wait until every article has been read (tests, and callers that
    /// need the whole library at once).
    pub fn wait_for_scan(&mut self) {
        self.start_background();
        while self.scanning() {
            match self.scanner.as_ref().and_then(Scanner::next) {
                Some(report) => self.apply(report),
                None => break,
            }
        }
        self.refilter();
    }

    fn apply(&mut self, report: Report) {
        match report {
            Report::Entry(i, entry, notes, rows) => {
                let Some(slot) = self.entries.get_mut(i) else {
                    return;
                };
                match entry {
                    Some(e) => *slot = e,
                    None => {
                        slot.loaded = true;
                        slot.excerpt = "(cannot be read)".into();
                    }
                }
                // What the open reader knows is newer than the disk.
                self.article_notes.entry(slot.path.clone()).or_insert(notes);
                self.note_rows.entry(slot.path.clone()).or_insert(rows);
                self.scanned += 1;
            }
            Report::Scanned => self.scanned = self.entries.len(),
            Report::Matches {
                generation,
                hits,
                done,
            } if generation == self.filter_gen => {
                for i in hits {
                    if let Some(h) = self.text_hits.get_mut(i) {
                        *h = true;
                    }
                }
                self.filter_pending &= !done;
            }
            Report::Matches { .. } => {}
        }
    }

    /// A new filter: titles and names match at once, the articles' text
    /// is searched in the background.
    fn set_filter(&mut self, text: String) {
        self.filter = text;
        self.filter_gen += 1;
        self.text_hits = vec![false; self.entries.len()];
        let needle = self.filter.to_lowercase();
        self.filter_pending = false;
        if !needle.is_empty() {
            self.start_background();
        }
        if !needle.is_empty()
            && let Some(sc) = &self.scanner
        {
            sc.query(self.filter_gen, needle);
            self.filter_pending = true;
        }
        self.refilter();
    }

    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.visible = self
            .entries
            .iter()
            .enumerate()
            .filter(|&(i, e)| {
                needle.is_empty()
                    || self.text_hits.get(i).copied().unwrap_or(false)
                    || e.title.to_lowercase().contains(&needle)
                    || e.name.to_lowercase().contains(&needle)
                    || e.excerpt.to_lowercase().contains(&needle)
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.visible.get(self.selected).map(|&i| &self.entries[i])
    }

    fn step_article(&mut self, forward: bool) {
        let Some(current) = self.reader.as_ref().map(|r| r.article.path.clone()) else {
            return;
        };
        let Some(pos) = self
            .visible
            .iter()
            .position(|&i| self.entries[i].path == current)
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
            .visible
            .get(next)
            .map(|&i| self.entries[i].path.clone())
        {
            Some(path) => {
                self.selected = next;
                self.open_path(&path);
            }
            None => self.message = Some("last article".into()),
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        let effect = self.update_inner(action);
        // While a save waits, the status bar says so.
        if self.message.is_none()
            && let Some(saving) = &self.saving
        {
            self.message = Some(saving.status(matches!(self.mode, Mode::Normal)));
        }
        effect
    }

    fn update_inner(&mut self, action: Action) -> Effect {
        if !matches!(action, Action::ToggleHelp) {
            self.message = None;
        }
        if action == Action::CancelSave {
            if self.saving.take().is_some() {
                let kept = self.shelve();
                self.message = Some(if kept {
                    "save cancelled; kept as a draft".into()
                } else {
                    "save cancelled; not kept as a draft: the next save tries again".into()
                });
            }
            return Effect::None;
        }
        if !matches!(self.mode, Mode::Normal) {
            self.update_mode(action);
            self.next_offer();
            return Effect::None;
        }
        if let Some(prompt) = &mut self.prompt {
            match action {
                Action::PromptInput(c) => prompt.text.push(c),
                Action::PromptBackspace => {
                    prompt.text.pop();
                }
                Action::PromptCancel => {
                    if prompt.kind == PromptKind::Filter {
                        self.set_filter(String::new());
                    } else if prompt.kind == PromptKind::NotesFilter {
                        self.notes_list.text.clear();
                        self.notes_list.refilter();
                    }
                    self.prompt = None;
                    return Effect::None;
                }
                Action::PromptAccept => {
                    let Some(p) = self.prompt.take() else {
                        return Effect::None;
                    };
                    if p.kind == PromptKind::Search {
                        self.run_search(&p.text);
                    }
                    return Effect::None;
                }
                _ => return Effect::None,
            }
            if prompt.kind == PromptKind::Filter {
                let text = prompt.text.clone();
                self.set_filter(text);
            } else if prompt.kind == PromptKind::NotesFilter {
                self.notes_list.text = prompt.text.clone();
                self.notes_list.refilter();
            }
            return Effect::None;
        }
        if self.help {
            match action {
                Action::Quit | Action::Back | Action::ToggleHelp => self.help = false,
                _ => {}
            }
            return Effect::None;
        }
        match action {
            Action::Quit => return Effect::Quit,
            Action::Suspend => return Effect::Suspend,
            Action::Redraw => return Effect::Redraw,
            Action::ToggleHelp => self.help = true,
            Action::OpenNotesList if self.screen != Screen::Notes => self.open_notes_list(),
            Action::Copy => return self.copy(),
            _ => match self.screen {
                Screen::Library => self.update_library(action),
                Screen::Reader => self.update_reader(action),
                Screen::Notes => self.update_notes(action),
            },
        }
        Effect::None
    }

    /// Keys while the tag picker, the note editor or a question is open.
    fn update_mode(&mut self, action: Action) {
        let author = self.config.author();
        match (&mut self.mode, action) {
            (Mode::TagPicker, Action::TagKey(k)) => {
                let Some(tag) = self
                    .config
                    .tags
                    .iter()
                    .find(|t| t.key == k)
                    .map(|t| t.id.clone())
                else {
                    self.message = Some(format!("no tag on {k:?}"));
                    return;
                };
                self.edit_current(&author, None, |a| {
                    crate::notes::edit::toggle_tag(&mut a.tags, &tag)
                });
            }
            (Mode::TagPicker, Action::CloseOverlay) => self.mode = Mode::Normal,
            (Mode::Editor(ed), Action::EditorKey(key)) => match ed.key(key) {
                EditorOutcome::Editing => {}
                EditorOutcome::Close => self.mode = Mode::Normal,
                EditorOutcome::Save(text) => {
                    let base = ed.original.clone();
                    let resolves = std::mem::take(&mut ed.resolves);
                    self.mode = Mode::Normal;
                    self.edit_current(&author, Some(&base), |a| {
                        a.note = text;
                        a.conflicts.retain(|c| !resolves.contains(c));
                    });
                }
            },
            (Mode::Confirm(_), Action::Confirm(yes)) => {
                let Mode::Confirm(ask) = std::mem::replace(&mut self.mode, Mode::Normal) else {
                    return;
                };
                self.answer(ask, yes, &author);
            }
            (Mode::Confirm(_), Action::ConfirmLater) => {
                let Mode::Confirm(ask) = std::mem::replace(&mut self.mode, Mode::Normal) else {
                    return;
                };
                self.message = match ask {
                    Ask::Delete => None,
                    Ask::SaveRecovered(_) => Some("kept for next time".into()),
                    Ask::MergeLeftovers(_) => {
                        Some("left as it is (hamish doctor merges it)".into())
                    }
                };
            }
            _ => {}
        }
    }

    /// The user's answer to a question.
    fn answer(&mut self, ask: Ask, yes: bool, author: &str) {
        let Some(r) = &mut self.reader else { return };
        match (ask, yes) {
            (Ask::Delete, true) => self.edit_current(author, None, |a| {
                a.tags.clear();
                a.note.clear();
                a.conflicts.clear();
            }),
            (Ask::Delete, false) => {}
            (Ask::SaveRecovered(_), true) => {
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
                let saved = r.save();
                self.saved(saved, format!("saved {n} change(s) from last time"));
            }
            (Ask::SaveRecovered(_), false) => {
                let n = self
                    .drafts
                    .as_deref()
                    .map(|root| crate::notes::drafts::take_changes(root, &r.article.path).len())
                    .unwrap_or_default();
                self.message = Some(format!("dropped {n} unsaved change(s)"));
            }
            (Ask::MergeLeftovers(files), true) => {
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
                let saved = r.save();
                self.saved(saved, format!("merged {n} annotation(s) (saved)"));
            }
            (Ask::MergeLeftovers(_), false) => {
                self.message = Some("left as it is (hamish doctor merges it)".into());
            }
        }
    }

    /// Change the current paragraph's annotation and report the result.
    fn edit_current(
        &mut self,
        author: &str,
        note_base: Option<&str>,
        f: impl FnOnce(&mut crate::notes::Annotation),
    ) {
        let Some(r) = &mut self.reader else { return };
        let result = r.edit(author, note_base, f);
        let p = r.cursor + 1;
        let (what, conflicts) = match r.current_marks() {
            Some(m) if !m.tags.is_empty() => (m.tags.join(", "), m.conflicts),
            Some(m) => ("note".into(), m.conflicts),
            None => ("no annotation".into(), 0),
        };
        let place = if r.notes.fallback {
            " (saved in the data folder: the article's folder is read-only)"
        } else {
            " (saved)"
        };
        let conflicts = if conflicts > 0 {
            format!(" ≠ a merges {} notes", conflicts + 1)
        } else {
            String::new()
        };
        self.saved(result, format!("¶ {p}: {what}{place}{conflicts}"));
    }

    fn copy(&mut self) -> Effect {
        let Some(r) = &self.reader else {
            return Effect::None;
        };
        if self.screen != Screen::Reader {
            return Effect::None;
        }
        let Some(text) = r.article.paragraphs.get(r.cursor) else {
            return Effect::None;
        };
        self.message = Some(format!(
            "¶ {} copied ({} characters)",
            r.cursor + 1,
            text.chars().count()
        ));
        Effect::Copy(text.clone())
    }

    /// Show the list of every annotation in the library's articles.
    fn open_notes_list(&mut self) {
        self.start_background();
        self.notes_list = NotesList::default();
        self.rebuild_notes_list();
        self.notes_return = self.screen;
        self.screen = Screen::Notes;
    }

    /// The `A` list from what the background scan placed and what the
    /// reader changed since; called again as the scan goes on, keeping the
    /// filter and the selection.
    fn rebuild_notes_list(&mut self) {
        if let Some(r) = &self.reader {
            self.article_notes
                .insert(r.article.path.clone(), summarize(&r.notes));
            self.note_rows
                .insert(r.article.path.clone(), note_rows(&r.notes, &r.article));
        }
        let list = &mut self.notes_list;
        list.rows = self
            .entries
            .iter()
            .filter_map(|e| self.note_rows.get(&e.path))
            .flatten()
            .cloned()
            .collect();
        list.refilter();
    }

    fn update_notes(&mut self, action: Action) {
        let list = &mut self.notes_list;
        if move_selection(&mut list.selected, list.visible.len(), &action) {
            return;
        }
        match action {
            Action::StartFilter | Action::StartSearch => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::NotesFilter,
                    text: list.text.clone(),
                })
            }
            Action::TagKey(k) => {
                if let Some(tag) = self.config.tags.iter().find(|t| t.key == k) {
                    crate::notes::edit::toggle_tag(&mut list.tags, &tag.id);
                    list.refilter();
                }
            }
            Action::Open => {
                let Some(row) = list
                    .visible
                    .get(list.selected)
                    .map(|&i| list.rows[i].clone())
                else {
                    return;
                };
                self.open_path(&row.path);
                match (row.para, &mut self.reader) {
                    (Some(p), Some(r)) => r.goto(p),
                    (None, Some(_)) => {
                        self.message =
                            Some("an orphan: its paragraph is gone (see hamish doctor)".into())
                    }
                    _ => {}
                }
            }
            Action::Back => {
                self.screen = match self.notes_return {
                    Screen::Reader if self.reader.is_some() => Screen::Reader,
                    _ => Screen::Library,
                };
            }
            _ => {}
        }
    }

    fn update_library(&mut self, action: Action) {
        if move_selection(&mut self.selected, self.visible.len(), &action) {
            return;
        }
        match action {
            Action::Open => {
                if let Some(path) = self.selected_entry().map(|e| e.path.clone()) {
                    self.open_path(&path);
                }
            }
            Action::StartFilter => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::Filter,
                    text: self.filter.clone(),
                })
            }
            Action::Back if !self.filter.is_empty() => self.set_filter(String::new()),
            _ => {}
        }
    }

    fn update_reader(&mut self, action: Action) {
        if matches!(action, Action::Back) {
            self.close_reader();
            return;
        }
        if matches!(action, Action::PrevArticle | Action::NextArticle) {
            self.step_article(action == Action::NextArticle);
            return;
        }
        if action == Action::StartSearch {
            self.prompt = Some(Prompt {
                kind: PromptKind::Search,
                text: String::new(),
            });
            return;
        }
        let Some(r) = &mut self.reader else { return };
        match action {
            Action::Down => r.move_cursor(1),
            Action::Up => r.move_cursor(-1),
            Action::Top => r.goto(0),
            Action::Bottom => r.to_end(),
            Action::PageDown => r.page_down(),
            Action::PageUp => r.page_up(),
            Action::ScrollDown(n) => r.scroll_down(n),
            Action::ScrollUp(n) => r.scroll_up(n),
            Action::OpenTagPicker => self.mode = Mode::TagPicker,
            Action::OpenEditor => {
                let ann = r.current_annotation();
                let editor = match &ann {
                    Some(a) if !a.conflicts.is_empty() => {
                        self.message = Some(format!(
                            "{} notes saved at once: merge them into one, Ctrl-S saves",
                            a.conflicts.len() + 1
                        ));
                        Editor::resolving(&a.note, &a.conflicts)
                    }
                    Some(a) => Editor::new(&a.note),
                    None => Editor::new(""),
                };
                self.mode = Mode::Editor(Box::new(editor));
            }
            Action::DeleteAnnotation => {
                if r.current_marks().is_some() {
                    self.mode = Mode::Confirm(Ask::Delete);
                } else {
                    self.message = Some("this paragraph has no annotation".into());
                }
            }
            Action::Undo => match r.undo() {
                Ok(false) => self.message = Some("nothing to undo".into()),
                Ok(true) => self.saved(Ok(()), "undone (saved)".into()),
                Err(e) => self.saved(Err(e), String::new()),
            },
            Action::NextAnnotated | Action::PrevAnnotated
                if !r.jump_annotated(action == Action::NextAnnotated) =>
            {
                self.message = Some(if r.marks.is_empty() {
                    "no annotated paragraph".into()
                } else if action == Action::NextAnnotated {
                    "no annotated paragraph below".into()
                } else {
                    "no annotated paragraph above".into()
                });
            }
            Action::ToggleBidiControls => {
                let apply = !r.opts.apply_bidi_controls;
                r.set_bidi_controls(apply);
                self.message = Some(if apply {
                    "bidi controls applied, as the text asks (B neutralises them)".into()
                } else {
                    "bidi controls neutralised and shown as ⁞ (B applies them)".into()
                });
            }
            Action::ToggleNotes => {
                r.toggle_notes();
                self.message = Some(
                    if r.show_notes {
                        "notes shown"
                    } else {
                        "notes hidden"
                    }
                    .into(),
                );
            }
            Action::CycleDirection => {
                let d = r.opts.direction.next();
                r.set_direction(d);
                self.message = Some(format!("direction: {}", d.name()));
            }
            Action::NextHit | Action::PrevHit => {
                if r.search.query.is_empty() {
                    self.message = Some("no search yet: press / to search".into());
                } else if let Some(i) = r.next_hit(action == Action::NextHit) {
                    self.message = Some(format!("match {}/{}", i + 1, r.search.hits.len()));
                } else {
                    self.message = Some(format!("not found: {}", r.search.query));
                }
            }
            _ => {}
        }
    }

    fn run_search(&mut self, query: &str) {
        let Some(r) = &mut self.reader else { return };
        let n = r.search(query);
        self.message = Some(match (n, r.search.current) {
            (0, _) => format!("not found: {query}"),
            (n, Some(i)) => format!("match {}/{n}", i + 1),
            (n, None) => format!("{n} matches"),
        });
    }
}

/// Move a list selection for the movement keys; false for other actions.
fn move_selection(selected: &mut usize, len: usize, action: &Action) -> bool {
    /// Rows a page key moves in a list.
    const PAGE: usize = 10;
    let last = len.saturating_sub(1);
    *selected = match action {
        Action::Down | Action::ScrollDown(_) => (*selected + 1).min(last),
        Action::Up | Action::ScrollUp(_) => selected.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageDown => (*selected + PAGE).min(last),
        Action::PageUp => selected.saturating_sub(PAGE),
        _ => return false,
    };
    true
}
