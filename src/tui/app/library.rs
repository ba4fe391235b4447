//! The library: reading articles in the background, the filter.

use super::*;

/// How the library is ordered (`s` goes to the next).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Name,
    Title,
    /// Longest first.
    Size,
    /// Most annotated first.
    Annotations,
    /// Last opened first; never opened last, by name.
    Opened,
}

impl SortBy {
    pub fn next(self) -> SortBy {
        match self {
            SortBy::Name => SortBy::Title,
            SortBy::Title => SortBy::Size,
            SortBy::Size => SortBy::Annotations,
            SortBy::Annotations => SortBy::Opened,
            SortBy::Opened => SortBy::Name,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Title => "title",
            SortBy::Size => "size",
            SortBy::Annotations => "annotations",
            SortBy::Opened => "last opened",
        }
    }
}

/// The corpus's articles as the library lists them: read in the
/// background, narrowed by the filter.
pub struct Library {
    /// How they are ordered.
    pub sort: SortBy,
    pub entries: Vec<Entry>,
    /// Indices into `entries` that pass the filter.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    pub filter: String,
    /// Whether the filter's text search is still running.
    pub filter_pending: bool,
    /// Articles read so far.
    pub scanned: usize,
    /// Whether the worker has said it read them all (and saved the
    /// titles cache).
    pub(super) scan_finished: bool,
    /// Reads the articles in the background, and searches their text.
    pub(super) scanner: Option<Scanner>,
    /// The articles to read, with what the titles cache knows of them,
    /// until the worker starts (after the first frame, so that frame
    /// never waits on it).
    pub(super) to_scan: Option<Titles>,
    /// The filter's text search: its generation and the articles whose
    /// text matches.
    pub(super) filter_gen: u64,
    pub(super) text_hits: Vec<bool>,
}

impl Library {
    /// Whether articles are still being read.
    pub fn scanning(&self) -> bool {
        self.scanned < self.entries.len()
    }

    /// Narrow the list to the filter: a title, a name, the text (as the
    /// background search found it), or a label of the article (`labels`:
    /// its labels' words, lower-case).
    pub(super) fn refilter(&mut self, labels: impl Fn(&Path) -> String) {
        let needle = self.filter.clone();
        let has = |s: &str| crate::text::fold::contains(s, &needle, Default::default());
        self.visible = self
            .entries
            .iter()
            .enumerate()
            .filter(|&(i, e)| {
                needle.is_empty()
                    || self.text_hits.get(i).copied().unwrap_or(false)
                    || has(&e.title)
                    || has(&e.name)
                    || has(&e.excerpt)
                    || has(&labels(&e.path))
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.visible.get(self.selected).map(|&i| &self.entries[i])
    }
}

impl App {
    /// Whether the background worker is still reading or searching.
    pub fn busy(&self) -> bool {
        self.scanning()
            || self.library.filter_pending
            || self.saving.is_some()
            || self.hits.as_ref().is_some_and(Hits::searching)
            || self
                .reader
                .as_ref()
                .is_some_and(|r| r.loading() || r.placing())
            || self.searching_article()
            || self.tagging()
    }

    /// Whether articles are still being read.
    pub fn scanning(&self) -> bool {
        self.library.scanning()
    }

    /// Start reading the articles in the background (once).
    pub fn start_background(&mut self) {
        if let Some(titles) = self.library.to_scan.take()
            && !titles.paths.is_empty()
        {
            self.library.scanner = Some(Scanner::start(titles, self.open_now.clone()));
        }
    }

    /// Take what the background worker has found; true if the screen
    /// changed. Never blocks for long.
    pub fn poll_background(&mut self) -> bool {
        let started = std::time::Instant::now();
        let tag_until = std::time::Instant::now() + std::time::Duration::from_millis(30);
        let mut changed = self.poll_hits()
            | self.poll_reading()
            | self.search_on()
            | self.tag_on(Some(tag_until));
        while let Some(report) = self.library.scanner.as_ref().and_then(Scanner::try_next) {
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

    /// Wait until every article has been read and the titles cache saved
    /// (tests, and callers that need the whole library at once).
    pub fn wait_for_scan(&mut self) {
        self.start_background();
        while self.scanning() || (self.library.scanner.is_some() && !self.library.scan_finished) {
            match self.library.scanner.as_ref().and_then(Scanner::next) {
                Some(report) => self.apply(report),
                None => break,
            }
        }
        self.refilter();
    }

    pub(super) fn apply(&mut self, report: Report) {
        match report {
            Report::Titles(known) => {
                for (i, e) in known {
                    if let Some(slot) = self.library.entries.get_mut(i) {
                        *slot = e;
                    }
                }
            }
            Report::Entry(i, found, notes, rows) => {
                let Some(slot) = self.library.entries.get_mut(i) else {
                    return;
                };
                match found {
                    Found::Read(e) => *slot = e,
                    Found::Same => {}
                    Found::Unreadable => {
                        slot.loaded = true;
                        slot.excerpt = "(cannot be read)".into();
                    }
                }
                // What the open reader knows is newer than the disk.
                self.article_notes.entry(slot.path.clone()).or_insert(notes);
                self.note_rows.entry(slot.path.clone()).or_insert(rows);
                self.library.scanned += 1;
            }
            Report::Scanned => {
                self.library.scanned = self.library.entries.len();
                self.library.scan_finished = true;
            }
            Report::Matches {
                generation,
                hits,
                done,
            } if generation == self.library.filter_gen => {
                for i in hits {
                    if let Some(h) = self.library.text_hits.get_mut(i) {
                        *h = true;
                    }
                }
                self.library.filter_pending &= !done;
            }
            Report::Matches { .. } => {}
        }
    }

    /// A new filter: titles and names match at once, the articles' text
    /// is searched in the background.
    pub(super) fn set_filter(&mut self, text: String) {
        self.library.filter = text;
        self.library.filter_gen += 1;
        self.library.text_hits = vec![false; self.library.entries.len()];
        let needle = self.library.filter.clone();
        self.library.filter_pending = false;
        if !needle.is_empty() {
            self.start_background();
        }
        if !needle.is_empty()
            && let Some(sc) = &self.library.scanner
        {
            sc.query(self.library.filter_gen, needle);
            self.library.filter_pending = true;
        }
        self.refilter();
    }

    /// How many paragraphs of the article at `path` carry an annotation,
    /// as last read (for the library's progress figure).
    pub fn annotated_paragraphs(&self, path: &Path) -> usize {
        let mut ps: Vec<usize> = self
            .note_rows
            .get(path)
            .map(|rows| rows.iter().filter_map(|r| r.para).collect())
            .unwrap_or_default();
        ps.sort_unstable();
        ps.dedup();
        ps.len()
    }

    pub(super) fn refilter(&mut self) {
        // The article selected now stays selected.
        let selected = self.library.visible.get(self.library.selected).copied();
        self.refilter_only();
        // Ordered as asked (names are the entries' own order).
        let lib = &mut self.library;
        let notes = &self.article_notes;
        let count = |i: &usize| notes.get(&lib.entries[*i].path).map_or(0, |n| n.count);
        match lib.sort {
            SortBy::Name => lib.visible.sort_unstable(),
            // By the title column as shown (its first words).
            SortBy::Title => {
                let entries = &lib.entries;
                lib.visible
                    .sort_by(|a, b| entries[*a].excerpt.cmp(&entries[*b].excerpt).then(a.cmp(b)))
            }
            SortBy::Size => {
                let entries = &lib.entries;
                lib.visible
                    .sort_by(|a, b| entries[*b].words.cmp(&entries[*a].words).then(a.cmp(b)))
            }
            SortBy::Annotations => lib
                .visible
                .sort_by(|a, b| count(b).cmp(&count(a)).then(a.cmp(b))),
            SortBy::Opened => {
                let (entries, positions) = (&lib.entries, &self.positions);
                lib.visible.sort_by_cached_key(|&i| {
                    (std::cmp::Reverse(positions.opened(&entries[i].path)), i)
                })
            }
        }
        // The same article stays selected.
        if let Some(i) = selected.and_then(|s| lib.visible.iter().position(|&v| v == s)) {
            lib.selected = i;
        }
    }

    fn refilter_only(&mut self) {
        let notes = &self.article_notes;
        let config = &self.config;
        self.library.refilter(|path| {
            let Some(n) = notes.get(path) else {
                return String::new();
            };
            n.labels
                .iter()
                .map(|id| match config.tag(id) {
                    Some(t) => format!("{} {} {} ", t.id, t.label_en, t.label),
                    None => format!("{id} "),
                })
                .collect::<String>()
                .to_lowercase()
        });
    }

    pub(super) fn update_library(&mut self, action: Action) {
        if move_selection(
            &mut self.library.selected,
            self.library.visible.len(),
            &action,
        ) {
            return;
        }
        match action {
            Action::Open => {
                if let Some(path) = self.library.selected_entry().map(|e| e.path.clone()) {
                    self.effect = Some(Effect::Open {
                        path,
                        at: OpenAt::LastRead,
                    });
                }
            }
            Action::StartFilter => {
                self.overlay = Overlay::Prompt(Prompt::new(
                    PromptKind::Filter,
                    self.library.filter.clone(),
                    false,
                ))
            }
            Action::ClearFilter if !self.library.filter.is_empty() => {
                self.set_filter(String::new())
            }
            Action::SortLibrary => {
                self.library.sort = self.library.sort.next();
                self.refilter();
                self.message = Some(format!("sorted by {}", self.library.sort.name()));
            }
            _ => {}
        }
    }
}
