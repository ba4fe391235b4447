//! App state and `update(Action)`; no drawing and no terminal I/O here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::article::titles::Titles;
use crate::article::{Article, Entry, article_paths};
use crate::config::Config;
use crate::notes::edit::Change;
use crate::notes::summary::{ArticleNotes, NoteRow, note_rows, rows_of, summarize};
use crate::notes::{NoteStore, NotesError};
use crate::places::Positions;
use crate::text::Options;
use crate::text::display::display_path;

mod hits;
mod library;
mod notes_list;
mod open;
mod overlay;
mod reading;

use super::action::{Action, Done, Effect, OpenAt, TakeUp};
pub use hits::{HitRow, Hits, TagJob, Tagging};
pub use library::{Library, SortBy};
pub use notes_list::NotesList;
use notes_list::move_selection;
use open::Offer;
pub use open::Saving;
pub use overlay::{Ask, Overlay, Prompt, PromptKind};

use super::editor::{Editor, EditorOutcome};
use super::reader::Reader;
use super::scanner::{Found, Report, Scanner};

/// Lines a page key scrolls the help.
const HELP_PAGE: usize = 10;
/// Articles whose cached titles are checked before the first frame: more
/// rows than a screen has.
const FIRST_SCREEN: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    /// Every annotation of the corpus (`A`).
    Notes,
    /// The hits of a search across the corpus (`Ctrl-F`).
    Hits,
}

pub struct App {
    pub dir: PathBuf,
    /// The corpus's articles, the filter, the background reading.
    pub library: Library,
    pub screen: Screen,
    pub reader: Option<Reader>,
    pub message: Option<String>,
    pub opts: Options,
    /// Who orders right-to-left text and why, for the help screen.
    pub bidi: String,
    pub positions: Positions,
    pub theme: super::theme::Theme,
    pub config: Config,
    /// Who annotations made here are by (config, git, $USER).
    pub author: String,
    /// What has the focus over the screen.
    pub overlay: Overlay,
    pub article_notes: HashMap<PathBuf, ArticleNotes>,
    pub notes_list: NotesList,
    /// Where `A` returns to.
    notes_return: Screen,
    /// The last search across the corpus, if any.
    pub hits: Option<Hits>,
    /// Whether leaving the reader goes back to the hits (it was opened
    /// from them).
    back_to_hits: bool,
    /// Where the open article was left, while it is read up to there.
    restore_after_reading: Option<usize>,
    /// Where the open article was opened at (a paragraph, and the byte of
    /// a hit in it), while it is read up to there.
    goto_after_reading: Option<(usize, Option<usize>)>,
    /// Tags from the hits being saved, an article at a time.
    tagging: Option<TagJob>,
    /// Whether quitting while tags are saved has been warned about.
    quit_asked: bool,
    /// Where drafts of unsaved notes go (`None`: nowhere to keep them).
    pub drafts: Option<PathBuf>,
    /// The `A` list's rows per article, placed by the background scan.
    note_rows: HashMap<PathBuf, Vec<NoteRow>>,
    /// The article open in the reader, for the scanner (it leaves that
    /// one's annotations to the reader).
    open_now: crate::tui::scanner::OpenNow,
    /// A save waiting for a lock, if one is.
    pub saving: Option<Saving>,
    /// What is still to be offered about the open article.
    offers: Vec<Offer>,
    /// What an action asked the loop to do (open an article, save the
    /// annotations changed in memory, take up what an earlier session
    /// left), handed over by `update`.
    effect: Option<Effect>,
}

impl App {
    /// The library of `dir`; `titles_cache`: the folder of the titles
    /// cache ([`crate::places::titles_cache_dir`]; `None`: no cache, every
    /// title is read after the first frame).
    pub fn new(
        dir: PathBuf,
        opts: Options,
        positions: Positions,
        config: Config,
        titles_cache: Option<&Path>,
    ) -> anyhow::Result<App> {
        let paths = article_paths(&dir).map_err(anyhow::Error::msg)?;
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        let mut entries: Vec<Entry> = paths.iter().cloned().map(Entry::pending).collect();
        // What the cache knows of the first screen's articles, checked
        // against their files now; the rest in the background.
        let mut titles = Titles::open(titles_cache, &dir, paths);
        for (i, e) in titles.check_first(FIRST_SCREEN) {
            entries[i] = e;
        }
        let config_light = config.display.light;
        let visible = (0..entries.len()).collect();
        Ok(App {
            author: config.author_in(&dir),
            config,
            overlay: Overlay::None,
            article_notes: HashMap::new(),
            note_rows: HashMap::new(),
            open_now: Default::default(),
            saving: None,
            offers: Vec::new(),
            effect: None,
            notes_list: NotesList::default(),
            notes_return: Screen::Library,
            hits: None,
            back_to_hits: false,
            restore_after_reading: None,
            goto_after_reading: None,
            tagging: None,
            quit_asked: false,
            drafts: crate::places::drafts_dir(),
            dir,
            library: Library {
                sort: SortBy::Name,
                entries,
                visible,
                selected: 0,
                filter: String::new(),
                scanner: None,
                to_scan: Some(titles),
                scanned: 0,
                scan_finished: false,
                filter_gen: 0,
                text_hits: Vec::new(),
                filter_pending: false,
            },
            screen: Screen::Library,
            reader: None,
            message: None,
            opts,
            bidi: "app".to_string(),
            positions,
            theme: super::theme::Theme::from_env(config_light),
        })
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
                self.message = Some(saving.status(matches!(self.overlay, Overlay::None)));
                self.saving = Some(saving);
                true
            }
            other => {
                self.saved(other, "saved".into());
                true
            }
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        let mut effect = self.update_inner(action);
        if let Some(asked) = self.effect.take() {
            effect = asked;
        }
        // While a save waits, the status bar says so.
        if self.message.is_none()
            && let Some(saving) = &self.saving
        {
            self.message = Some(saving.status(matches!(self.overlay, Overlay::None)));
        }
        effect
    }

    fn update_inner(&mut self, action: Action) -> Effect {
        if !matches!(action, Action::ToggleHelp) {
            self.message = None;
        }
        if action == Action::CancelSave {
            return if self.saving.is_some() {
                Effect::StopSaving
            } else {
                Effect::None
            };
        }
        if matches!(
            self.overlay,
            Overlay::TagPicker { .. }
                | Overlay::Editor(_)
                | Overlay::Confirm(_)
                | Overlay::JumpToTag
        ) {
            self.update_mode(action);
            // An answer the loop still has to carry out comes before the
            // next offer (which may read what it changes): take_up offers
            // it then.
            if !matches!(self.effect, Some(Effect::TakeUp(_))) {
                self.next_offer();
            }
            return Effect::None;
        }
        if let Overlay::Prompt(prompt) = &mut self.overlay {
            match action {
                Action::PromptInput(c) => prompt.text.push(c),
                Action::PromptToggleStrict => prompt.strict = !prompt.strict,
                Action::PromptToggleWords => prompt.words = !prompt.words,
                Action::PromptToggleTaMarbuta => prompt.ta_marbuta = !prompt.ta_marbuta,
                // A filter or a search typed so far, looked for in every
                // article instead.
                Action::StartCorpusSearch => {
                    if prompt.kind == PromptKind::Filter {
                        self.set_filter(String::new());
                    }
                    if let Overlay::Prompt(p) = &mut self.overlay {
                        p.kind = PromptKind::CorpusSearch;
                    }
                    return Effect::None;
                }
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
                    self.overlay = Overlay::None;
                    return Effect::None;
                }
                Action::PromptAccept => {
                    let Overlay::Prompt(p) = std::mem::replace(&mut self.overlay, Overlay::None)
                    else {
                        return Effect::None;
                    };
                    if p.kind == PromptKind::Search {
                        self.run_search(&p.text, p.how());
                    } else if p.kind == PromptKind::CorpusSearch {
                        self.start_corpus_search(&p.text, p.how());
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
        // Keys of everywhere work with the help open too.
        match action {
            Action::Interrupt => return Effect::Quit,
            Action::Suspend => return Effect::Suspend,
            Action::Redraw => return Effect::Redraw,
            _ => {}
        }
        if let Overlay::Help(top) = &mut self.overlay {
            // It scrolls with the moving keys; lay_out keeps it in range.
            match action {
                Action::Quit | Action::Back | Action::ClearFilter | Action::ToggleHelp => {
                    self.overlay = Overlay::None
                }
                Action::Down => *top += 1,
                Action::ScrollDown(n) => *top += n,
                Action::PageDown => *top += HELP_PAGE,
                Action::Up => *top = top.saturating_sub(1),
                Action::ScrollUp(n) => *top = top.saturating_sub(n),
                Action::PageUp => *top = top.saturating_sub(HELP_PAGE),
                Action::Top => *top = 0,
                Action::Bottom => *top = usize::MAX / 2,
                _ => {}
            }
            return Effect::None;
        }
        match action {
            // Tags still being saved: said first, a second q leaves.
            Action::Quit if self.tagging.is_some() && !self.quit_asked => {
                self.quit_asked = true;
                self.message = Some(
                    "still saving tags to the hits' articles: q again leaves the rest untagged"
                        .into(),
                );
            }
            Action::Quit => return Effect::Quit,
            Action::Suspend => return Effect::Suspend,
            Action::Redraw => return Effect::Redraw,
            Action::ToggleHelp => self.overlay = Overlay::Help(0),
            Action::OpenNotesList if self.screen != Screen::Notes => self.open_notes_list(),
            Action::StartCorpusSearch => {
                let mut prompt = Prompt::new(
                    PromptKind::CorpusSearch,
                    String::new(),
                    self.config.search.ta_marbuta,
                );
                match (&self.hits, &self.reader) {
                    // The last corpus search, to change or run again.
                    (Some(h), _) => {
                        prompt.text = h.query.clone();
                        (prompt.strict, prompt.words, prompt.ta_marbuta) =
                            (h.how.strict, h.how.words, h.how.ta_marbuta);
                    }
                    // What is searched in the article, in every article.
                    (None, Some(r)) if self.screen == Screen::Reader => {
                        prompt.text = r.search.query.clone()
                    }
                    _ => {}
                }
                self.overlay = Overlay::Prompt(prompt);
            }
            Action::Copy => return self.copy(),
            _ => match self.screen {
                Screen::Library => self.update_library(action),
                Screen::Reader => self.update_reader(action),
                Screen::Notes => self.update_notes(action),
                Screen::Hits => self.update_hits(action),
            },
        }
        Effect::None
    }

    /// Keys while the tag picker, the note editor or a question is open.
    fn update_mode(&mut self, action: Action) {
        let author = self.author.clone();
        match (&mut self.overlay, action) {
            (Overlay::TagPicker { article }, Action::TagKey(k)) => {
                let article = *article;
                let Some(tag) = self.config.tag_on(k).map(|t| t.id.clone()) else {
                    self.message = Some(format!("no tag on {k:?}"));
                    return;
                };
                let toggle = |a: &mut crate::notes::Annotation| {
                    crate::notes::edit::toggle_tag(&mut a.tags, &tag)
                };
                if article {
                    self.edit_labels(&author, toggle);
                } else {
                    self.edit_current(&author, None, toggle);
                }
            }
            (Overlay::TagPicker { .. } | Overlay::JumpToTag, Action::CloseOverlay) => {
                self.overlay = Overlay::None
            }
            (Overlay::JumpToTag, Action::TagKey(k)) => {
                self.overlay = Overlay::None;
                let Some(tag) = self.config.tag_on(k).cloned() else {
                    self.message = Some(format!("no tag on {k:?}"));
                    return;
                };
                let Some(r) = &mut self.reader else { return };
                self.message = Some(if r.jump_tagged(&tag.id) {
                    format!("¶ {}: {}", r.cursor + 1, tag.label_en)
                } else {
                    format!("no paragraph tagged {}", tag.label_en)
                });
            }
            (Overlay::Editor(ed), Action::EditorKey(key)) => match ed.key(key) {
                EditorOutcome::Editing => {}
                EditorOutcome::Close => self.overlay = Overlay::None,
                EditorOutcome::AskDiscard => {
                    if let Overlay::Editor(ed) = std::mem::replace(&mut self.overlay, Overlay::None)
                    {
                        self.overlay = Overlay::Confirm(Ask::Discard(ed));
                    }
                }
                EditorOutcome::Save(text) => {
                    // Not to be saved (the article changed on disk since):
                    // the editor stays open with the text, which is kept
                    // as a draft too.
                    if let Some(Err(reason)) = self.reader.as_mut().map(|r| r.writable_now()) {
                        self.save_draft();
                        self.message = Some(format!("draft kept, not saved: {reason}"));
                        return;
                    }
                    let Overlay::Editor(ed) = &mut self.overlay else {
                        return;
                    };
                    let base = ed.original.clone();
                    let resolves = std::mem::take(&mut ed.resolves);
                    self.overlay = Overlay::None;
                    self.edit_current(&author, Some(&base), |a| {
                        a.note = text;
                        a.conflicts.retain(|c| !resolves.contains(c));
                    });
                }
            },
            (Overlay::Confirm(_), Action::Confirm(yes)) => {
                let Overlay::Confirm(ask) = std::mem::replace(&mut self.overlay, Overlay::None)
                else {
                    return;
                };
                self.answer(ask, yes, &author);
            }
            (Overlay::Confirm(_), Action::ConfirmLater) => {
                let Overlay::Confirm(ask) = std::mem::replace(&mut self.overlay, Overlay::None)
                else {
                    return;
                };
                self.message = match ask {
                    Ask::Delete(_) => None,
                    // Later, for a note being typed: back to typing it.
                    Ask::Discard(ed) => {
                        self.overlay = Overlay::Editor(ed);
                        None
                    }
                    Ask::SaveRecovered(_) => Some("kept for next time".into()),
                    Ask::MergeLeftovers(_) => {
                        Some("left as it is (hamish doctor merges it)".into())
                    }
                    Ask::TagHits { .. } => Some("nothing tagged".into()),
                };
            }
            _ => {}
        }
    }
}
