//! Search in the open article. A long article is searched a slice at a
//! time between frames: from the cursor to the end first (so the first
//! hit after it shows at once), then from the start to the cursor.

use super::*;

/// Text searched at once before a search goes on between frames: a
/// whole article of any usual size, so its hits are all there at once.
const AT_ONCE: usize = 1 << 20;

/// A search and its hits, as logical byte ranges per paragraph.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    /// In article order; while a search goes on, those found so far from
    /// where it started.
    pub hits: Vec<(usize, Range<usize>)>,
    pub current: Option<usize>,
    /// How the query is matched.
    pub how: crate::text::fold::Fold,
    /// What is still to be searched, while a long article is.
    scan: Option<Scan>,
    /// Paragraphs added since the search went past them, from here.
    unsearched: Option<usize>,
}

/// Where a search of a long article has come.
#[derive(Debug, Clone)]
struct Scan {
    /// The paragraph it started at (the cursor's).
    start: usize,
    /// The next paragraph to search.
    next: usize,
    /// Past the end: searching from the start up to `start`, these hits.
    wrapped: Option<Vec<(usize, Range<usize>)>>,
    /// Only paragraphs added to the article since it was searched (from
    /// `start` to the end): their hits come after the others, and the
    /// view stays where it is.
    extend: bool,
}

impl Search {
    /// Whether part of the article is still to be searched.
    pub fn going_on(&self) -> bool {
        self.scan.is_some() || self.unsearched.is_some()
    }
}

impl Reader {
    /// Find every hit of `query`, folded as `how` says (harakat, tatweel
    /// and letter variants ignored; or as written), and jump to the first
    /// one at or after the cursor. Returns the hit count found so far (a
    /// long article's search goes on with [`Reader::search_more`]).
    pub fn search(&mut self, query: &str, how: crate::text::fold::Fold) -> usize {
        self.search_with(query, how, AT_ONCE)
    }

    /// [`Reader::search`], searching about `bytes` of text at once.
    pub fn search_with(
        &mut self,
        query: &str,
        how: crate::text::fold::Fold,
        bytes: usize,
    ) -> usize {
        self.search = Search {
            query: query.to_string(),
            hits: Vec::new(),
            current: None,
            how,
            scan: (!query.is_empty() && !self.is_empty()).then_some(Scan {
                start: self.cursor.min(self.last()),
                next: self.cursor.min(self.last()),
                wrapped: None,
                extend: false,
            }),
            unsearched: None,
        };
        self.search_more(bytes, None);
        self.search.hits.len()
    }

    /// Search on, about `bytes` of text (or until `deadline`): true if
    /// the search is done now. The first hit found after the cursor is
    /// jumped to; once all is searched, the hits are in article order.
    pub fn search_more(&mut self, bytes: usize, deadline: Option<std::time::Instant>) -> bool {
        // Paragraphs that came since it was done, past where it looked.
        if self.search.scan.is_none()
            && let Some(from) = self.search.unsearched.take()
        {
            self.search.scan = Some(Scan {
                start: from,
                next: from,
                wrapped: None,
                extend: true,
            });
        }
        let Some(mut scan) = self.search.scan.take() else {
            return true;
        };
        let (query, how) = (self.search.query.clone(), self.search.how);
        let mut done = 0;
        let mut steps = 0usize;
        let finished = loop {
            let end = if scan.wrapped.is_some() {
                scan.start
            } else {
                self.len()
            };
            if scan.next >= end {
                if scan.wrapped.is_none() && scan.start > 0 && !scan.extend {
                    scan.wrapped = Some(Vec::new());
                    scan.next = 0;
                    continue;
                }
                break true;
            }
            if done >= bytes
                || (steps % 64 == 63 && deadline.is_some_and(|d| std::time::Instant::now() >= d))
            {
                break false;
            }
            let p = scan.next;
            let text = self.text(p).unwrap_or_default();
            done += text.len();
            steps += 1;
            let found: Vec<(usize, Range<usize>)> = crate::text::fold::find_all(&text, &query, how)
                .into_iter()
                .map(|r| (p, r))
                .collect();
            drop(text);
            match &mut scan.wrapped {
                Some(before) => before.extend(found),
                None => {
                    let first = self.search.hits.is_empty();
                    self.search.hits.extend(found);
                    if first && !self.search.hits.is_empty() && !scan.extend {
                        self.search.current = Some(0);
                        self.goto(p);
                    }
                }
            }
            scan.next += 1;
        };
        if !finished {
            self.search.scan = Some(scan);
            return false;
        }
        // All searched: the hits before the start come first.
        if let Some(mut before) = scan.wrapped {
            let shift = before.len();
            before.append(&mut self.search.hits);
            self.search.hits = before;
            match self.search.current {
                Some(i) => self.search.current = Some(i + shift),
                None if !self.search.hits.is_empty() => {
                    self.search.current = Some(0);
                    self.goto(self.search.hits[0].0);
                }
                None => {}
            }
        }
        // Paragraphs that came meanwhile, past where it looked.
        if self.search.unsearched.is_some() {
            return self.search_more(bytes, deadline);
        }
        true
    }

    /// Paragraphs from `from` on were added to the article (the rest of
    /// it read): a search looks into them too, after what it is doing.
    pub(super) fn search_into(&mut self, from: usize) {
        if self.search.query.is_empty() {
            return;
        }
        // A pass going on to the end (the first, or one over paragraphs
        // that came before) takes them in on its way.
        let on_its_way = self
            .search
            .scan
            .as_ref()
            .is_some_and(|s| s.wrapped.is_none());
        if on_its_way {
            return;
        }
        let from = self.search.unsearched.map_or(from, |u| u.min(from));
        self.search.unsearched = Some(from);
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
}
