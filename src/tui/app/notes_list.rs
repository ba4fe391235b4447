//! The `A` list: every annotation of the corpus, filtered.

use super::*;

/// The `A` view's state.
#[derive(Debug, Clone, Default)]
pub struct NotesList {
    pub rows: Vec<NoteRow>,
    pub visible: Vec<usize>,
    pub selected: usize,
    pub text: String,
    pub tags: Vec<String>,
    /// One row per paragraph, each annotator's tags side by side.
    pub grouped: bool,
}

impl NotesList {
    /// The rows a row stands for: itself, or grouped, every annotator's
    /// annotation on the same paragraph (not phrases or labels).
    pub fn group_of(&self, i: usize) -> Vec<&NoteRow> {
        let Some(row) = self.rows.get(i) else {
            return Vec::new();
        };
        if !self.grouped || row.quote.is_some() || row.whole || row.para.is_none() {
            return vec![row];
        }
        let mut group: Vec<&NoteRow> = self
            .rows
            .iter()
            .filter(|r| r.path == row.path && r.para == row.para && r.quote.is_none() && !r.whole)
            .collect();
        group.sort_by(|a, b| a.author.cmp(&b.author));
        group
    }
}

impl NotesList {
    pub(super) fn refilter(&mut self) {
        let needle = self.text.clone();
        let mut shown: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                self.tags.iter().all(|t| r.tags.contains(t))
                    && (needle.is_empty() || r.matches(&needle))
            })
            .collect();
        if self.grouped {
            // One row per paragraph: the first of its annotations.
            let mut seen: Vec<(PathBuf, usize)> = Vec::new();
            shown.retain(|&i| {
                let r = &self.rows[i];
                match r.para {
                    Some(p) if r.quote.is_none() && !r.whole => {
                        let key = (r.path.clone(), p);
                        if seen.contains(&key) {
                            false
                        } else {
                            seen.push(key);
                            true
                        }
                    }
                    _ => true,
                }
            });
        }
        self.visible = shown;
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }
}

/// Move a list selection for the movement keys; false for other actions.
pub(super) fn move_selection(selected: &mut usize, len: usize, action: &Action) -> bool {
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

impl App {
    /// Show the list of every annotation in the library's articles.
    pub(super) fn open_notes_list(&mut self) {
        self.start_background();
        self.notes_list = NotesList::default();
        self.rebuild_notes_list();
        self.notes_return = self.screen;
        self.screen = Screen::Notes;
    }

    /// The `A` list from what the background scan placed and what the
    /// reader changed since; called again as the scan goes on, keeping the
    /// filter and the selection.
    pub(super) fn rebuild_notes_list(&mut self) {
        // The open article's rows as the reader placed them (not placed
        // again: one not in place is looked for through the article).
        if let Some(r) = &self.reader
            && let Some(items) = r.placed_items()
        {
            self.article_notes
                .insert(r.article.path.clone(), summarize(&r.notes));
            self.note_rows.insert(
                r.article.path.clone(),
                rows_of(&r.notes, &r.article.path, items.to_vec()),
            );
        }
        let list = &mut self.notes_list;
        list.rows = self
            .library
            .entries
            .iter()
            .filter_map(|e| self.note_rows.get(&e.path))
            .flatten()
            .cloned()
            .collect();
        list.refilter();
    }

    pub(super) fn update_notes(&mut self, action: Action) {
        let list = &mut self.notes_list;
        if move_selection(&mut list.selected, list.visible.len(), &action) {
            return;
        }
        match action {
            Action::StartFilter | Action::StartSearch => {
                self.overlay = Overlay::Prompt(Prompt::new(
                    PromptKind::NotesFilter,
                    list.text.clone(),
                    false,
                ))
            }
            Action::GroupNotes => {
                list.grouped = !list.grouped;
                list.refilter();
                self.message = Some(
                    if list.grouped {
                        "one row per paragraph, each annotator's tags side by side"
                    } else {
                        "one row per annotation"
                    }
                    .into(),
                );
            }
            Action::TagKey(k) => {
                if let Some(tag) = self.config.tag_on(k) {
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
                self.effect = Some(Effect::Open {
                    path: row.path,
                    at: match (row.para, row.whole) {
                        (Some(p), _) if row.span.is_some() => {
                            let s = row.span.clone().unwrap_or_default();
                            OpenAt::Phrase(p, s.start, s.end)
                        }
                        (Some(p), _) => OpenAt::Paragraph(p),
                        (None, true) => OpenAt::LastRead,
                        (None, false) => OpenAt::Orphan,
                    },
                });
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
}
