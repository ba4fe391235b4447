//! Search in the open article.

use super::*;

/// A search and its hits, as logical byte ranges per paragraph.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub hits: Vec<(usize, Range<usize>)>,
    pub current: Option<usize>,
}

impl Reader {
    /// Find every hit of `query`, folded as `how` says (harakat, tatweel
    /// and letter variants ignored; or as written), and jump to the first
    /// one at or after the cursor. Returns the hit count.
    pub fn search(&mut self, query: &str, how: crate::text::fold::Fold) -> usize {
        let mut hits = Vec::new();
        if !query.is_empty() {
            for (p, text) in self.article.paragraphs.iter().enumerate() {
                for r in crate::text::fold::find_all(text, query, how) {
                    hits.push((p, r));
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
}
