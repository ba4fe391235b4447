//! Search in the open article.

use super::*;

/// A search and its hits, as logical byte ranges per paragraph.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub hits: Vec<(usize, Range<usize>)>,
    pub current: Option<usize>,
    /// How the query is matched.
    pub how: crate::text::fold::Fold,
}

impl Reader {
    /// Find every hit of `query`, folded as `how` says (harakat, tatweel
    /// and letter variants ignored; or as written), and jump to the first
    /// one at or after the cursor. Returns the hit count.
    pub fn search(&mut self, query: &str, how: crate::text::fold::Fold) -> usize {
        let hits = self.hits_of(query, how);
        let current = hits
            .iter()
            .position(|(p, _)| *p >= self.cursor)
            .or(if hits.is_empty() { None } else { Some(0) });
        let n = hits.len();
        self.search = Search {
            query: query.to_string(),
            hits,
            current,
            how,
        };
        if let Some(i) = current {
            self.goto(self.search.hits[i].0);
        }
        n
    }

    fn hits_of(&self, query: &str, how: crate::text::fold::Fold) -> Vec<(usize, Range<usize>)> {
        let mut hits = Vec::new();
        if !query.is_empty() {
            for (p, text) in self.article.paragraphs.iter().enumerate() {
                for r in crate::text::fold::find_all(text, query, how) {
                    hits.push((p, r));
                }
            }
        }
        hits
    }

    /// The same search again, on more of the article (the rest of it
    /// read): the current hit stays current, and the view stays.
    pub(super) fn search_again(&mut self) {
        let current = self
            .search
            .current
            .and_then(|i| self.search.hits.get(i).cloned());
        let hits = self.hits_of(&self.search.query, self.search.how);
        self.search.current = current.and_then(|c| hits.iter().position(|h| *h == c));
        self.search.hits = hits;
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
