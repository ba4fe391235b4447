//! The library: reading articles in the background, the filter.

use super::*;

impl App {
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

    pub(super) fn apply(&mut self, report: Report) {
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
    pub(super) fn set_filter(&mut self, text: String) {
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

    pub(super) fn refilter(&mut self) {
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

    pub(super) fn update_library(&mut self, action: Action) {
        if move_selection(&mut self.selected, self.visible.len(), &action) {
            return;
        }
        match action {
            Action::Open => {
                if let Some(path) = self.selected_entry().map(|e| e.path.clone()) {
                    self.effect = Some(Effect::Open {
                        path,
                        at: OpenAt::LastRead,
                    });
                }
            }
            Action::StartFilter => {
                self.overlay = Overlay::Prompt(Prompt {
                    kind: PromptKind::Filter,
                    text: self.filter.clone(),
                })
            }
            Action::ClearFilter if !self.filter.is_empty() => self.set_filter(String::new()),
            _ => {}
        }
    }
}
