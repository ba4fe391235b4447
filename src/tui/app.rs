//! App state and `update(Action)`; no drawing and no terminal I/O here.

use std::path::{Path, PathBuf};

use crate::article::{Article, Entry, scan_dir};
use crate::places::Positions;
use crate::text::Options;

use super::reader::Reader;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Search,
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
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    Suspend,
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
    pub positions: Positions,
    pub theme: super::views::Theme,
}

impl App {
    pub fn new(dir: PathBuf, opts: Options, positions: Positions) -> anyhow::Result<App> {
        let entries = scan_dir(&dir).map_err(anyhow::Error::msg)?;
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        let visible = (0..entries.len()).collect();
        Ok(App {
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
            positions,
            theme: super::views::Theme::from_env(),
        })
    }

    /// Open the article at `path` (which should be in the library).
    pub fn open_path(&mut self, path: &Path) {
        if let Some(i) = self.entries.iter().position(|e| e.path == path) {
            self.filter.clear();
            self.refilter();
            self.selected = self.visible.iter().position(|&v| v == i).unwrap_or(0);
        }
        self.close_reader();
        match Article::load(path) {
            Ok(article) => {
                if article.invalid_bytes > 0 {
                    self.message = Some(format!(
                        "{}: {} invalid UTF-8 sequence(s) shown as \u{FFFD}",
                        crate::article::display_name(path),
                        article.invalid_bytes
                    ));
                }
                let mut reader = Reader::new(article, self.opts);
                if let Some(p) = self.positions.get(path) {
                    reader.restore(p);
                }
                self.reader = Some(reader);
                self.screen = Screen::Reader;
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    fn close_reader(&mut self) {
        if let Some(r) = self.reader.take() {
            self.positions.set(&r.article.path, r.cursor);
        }
        self.screen = Screen::Library;
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

    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.visible = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                needle.is_empty()
                    || e.title.to_lowercase().contains(&needle)
                    || e.name.to_lowercase().contains(&needle)
                    || e.haystack.contains(&needle)
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
        if !matches!(action, Action::ToggleHelp) {
            self.message = None;
        }
        if let Some(prompt) = &mut self.prompt {
            match action {
                Action::PromptInput(c) => prompt.text.push(c),
                Action::PromptBackspace => {
                    prompt.text.pop();
                }
                Action::PromptCancel => {
                    if prompt.kind == PromptKind::Filter {
                        self.filter.clear();
                        self.refilter();
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
                self.filter = prompt.text.clone();
                self.refilter();
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
            Action::ToggleHelp => self.help = true,
            _ => match self.screen {
                Screen::Library => self.update_library(action),
                Screen::Reader => self.update_reader(action),
            },
        }
        Effect::None
    }

    fn update_library(&mut self, action: Action) {
        let n = self.visible.len();
        let last = n.saturating_sub(1);
        match action {
            Action::Down | Action::ScrollDown(_) => self.selected = (self.selected + 1).min(last),
            Action::Up | Action::ScrollUp(_) => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::PageDown => self.selected = (self.selected + 10).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
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
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.refilter();
            }
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
