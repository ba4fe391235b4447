//! The reader's state: an article, its layout cache and the viewport.
//!
//! Positions are kept as paragraph indices plus a line within the paragraph
//! at the current width, so they survive re-wrapping. Paragraphs are
//! prepared and wrapped lazily, only when they come into view.

use std::collections::HashMap;
use std::ops::Range;

use crate::article::Article;
use crate::text::{Direction, Options, Prepared, VisualLine};

/// One row of the text area, ready to paint.
#[derive(Debug, Clone)]
pub struct Row {
    pub para: usize,
    /// `None` for the blank row after each paragraph.
    pub line: Option<VisualLine>,
}

/// A search and its hits, as logical byte ranges per paragraph.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub hits: Vec<(usize, Range<usize>)>,
    pub current: Option<usize>,
}

pub struct Reader {
    pub article: Article,
    pub opts: Options,
    prepared: HashMap<usize, Prepared>,
    wraps: HashMap<usize, Vec<Range<usize>>>,
    width: usize,
    height: usize,
    /// The current paragraph.
    pub cursor: usize,
    /// First row shown: paragraph and row within it.
    pub top: (usize, usize),
    pub search: Search,
    /// What the last `sync` laid out, for drawing.
    pub rows: Vec<Row>,
}

impl Reader {
    pub fn new(article: Article, opts: Options) -> Reader {
        Reader {
            article,
            opts,
            prepared: HashMap::new(),
            wraps: HashMap::new(),
            width: 80,
            height: 20,
            cursor: 0,
            top: (0, 0),
            search: Search::default(),
            rows: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.article.paragraphs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.article.paragraphs.is_empty()
    }

    fn last(&self) -> usize {
        self.len().saturating_sub(1)
    }

    /// Set the text area size; a new width drops the wrap cache but keeps
    /// the paragraph at the top and the cursor in view.
    pub fn resize(&mut self, width: usize, height: usize) {
        let width = width.max(1);
        let height = height.max(1);
        if width != self.width {
            self.wraps.clear();
            self.width = width;
            let rows = self.para_rows(self.top.0);
            self.top.1 = self.top.1.min(rows.saturating_sub(1));
        }
        self.height = height;
        self.ensure_visible(self.cursor);
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn set_direction(&mut self, d: Direction) {
        self.opts.direction = d;
        self.prepared.clear();
        self.wraps.clear();
        self.ensure_visible(self.cursor);
    }

    fn prepared(&mut self, p: usize) -> &Prepared {
        let opts = self.opts;
        let text = &self.article.paragraphs[p];
        self.prepared
            .entry(p)
            .or_insert_with(|| Prepared::new(text, opts))
    }

    fn wrapped(&mut self, p: usize) -> &[Range<usize>] {
        if !self.wraps.contains_key(&p) {
            let width = self.width;
            let lines = self.prepared(p).wrap(width);
            self.wraps.insert(p, lines);
        }
        self.wraps.get(&p).map_or(&[], Vec::as_slice)
    }

    /// Rows a paragraph takes: its lines and the blank row after it.
    fn para_rows(&mut self, p: usize) -> usize {
        if p >= self.len() {
            return 0;
        }
        self.wrapped(p).len() + 1
    }

    /// Rows from the top of the view to the end of the article, counted up
    /// to `limit`.
    fn rows_below_top(&mut self, limit: usize) -> usize {
        let (mut p, skip) = self.top;
        let mut n = self.para_rows(p).saturating_sub(skip);
        while n < limit && p < self.last() {
            p += 1;
            n += self.para_rows(p);
        }
        n
    }

    /// Scroll the view down by `n` rows, stopping when the end is in view.
    pub fn scroll_down(&mut self, n: usize) {
        for _ in 0..n {
            if self.rows_below_top(self.height + 1) <= self.height {
                break;
            }
            let (p, line) = self.top;
            if line + 1 < self.para_rows(p) {
                self.top.1 += 1;
            } else if p < self.last() {
                self.top = (p + 1, 0);
            }
        }
        self.keep_cursor_in_view();
    }

    pub fn scroll_up(&mut self, n: usize) {
        for _ in 0..n {
            let (p, line) = self.top;
            if line > 0 {
                self.top.1 -= 1;
            } else if p > 0 {
                let rows = self.para_rows(p - 1);
                self.top = (p - 1, rows - 1);
            } else {
                break;
            }
        }
        self.keep_cursor_in_view();
    }

    /// Paragraphs whose first line is in view (first, last).
    fn starts_in_view(&mut self) -> Option<(usize, usize)> {
        let (mut p, skip) = self.top;
        let mut row = 0;
        if skip > 0 {
            row = self.para_rows(p) - skip;
            p += 1;
        }
        let first = p;
        let mut last = None;
        while p < self.len() && row < self.height {
            last = Some(p);
            row += self.para_rows(p);
            p += 1;
        }
        last.map(|l| (first, l))
    }

    /// After scrolling the view, move the cursor into it if it left.
    fn keep_cursor_in_view(&mut self) {
        if self.is_empty() {
            return;
        }
        match self.starts_in_view() {
            Some((first, last)) => {
                if self.cursor < first || self.cursor > last {
                    let in_view = self.cursor == self.top.0 && self.cursor < first;
                    if !in_view {
                        self.cursor = self.cursor.clamp(first, last);
                    }
                }
            }
            None => self.cursor = self.top.0,
        }
    }

    /// Scroll the least needed for paragraph `p` to be in view.
    pub fn ensure_visible(&mut self, p: usize) {
        if self.is_empty() {
            return;
        }
        let p = p.min(self.last());
        if p < self.top.0 || (p == self.top.0 && self.top.1 > 0) {
            self.top = (p, 0);
            return;
        }
        // Rows from the top of the view to the end of p's last line.
        let mut rows = self.para_rows(self.top.0) - self.top.1;
        for q in self.top.0 + 1..=p {
            rows += self.para_rows(q);
            if rows > self.height * 4 + 1 {
                break;
            }
        }
        let p_lines = self.para_rows(p) - 1;
        if rows - 1 > self.height {
            if p_lines >= self.height {
                self.top = (p, 0);
            } else {
                // Put p's last line on the bottom row.
                self.top = (p, 0);
                let above = self.height - p_lines;
                self.scroll_up_raw(above);
            }
        }
    }

    fn scroll_up_raw(&mut self, n: usize) {
        for _ in 0..n {
            let (p, line) = self.top;
            if line > 0 {
                self.top.1 -= 1;
            } else if p > 0 {
                let rows = self.para_rows(p - 1);
                self.top = (p - 1, rows - 1);
            }
        }
    }

    pub fn move_cursor(&mut self, delta: isize) {
        if self.is_empty() {
            return;
        }
        self.cursor = self.cursor.saturating_add_signed(delta).min(self.last());
        self.ensure_visible(self.cursor);
    }

    pub fn goto(&mut self, p: usize) {
        if self.is_empty() {
            return;
        }
        self.cursor = p.min(self.last());
        self.ensure_visible(self.cursor);
    }

    /// Open at a remembered paragraph, shown at the top.
    pub fn restore(&mut self, p: usize) {
        if self.is_empty() {
            return;
        }
        self.cursor = p.min(self.last());
        self.top = (self.cursor, 0);
    }

    pub fn page_down(&mut self) {
        let step = self.height.saturating_sub(2).max(1);
        self.scroll_down(step);
        if let Some((first, _)) = self.starts_in_view() {
            self.cursor = first.min(self.last());
        }
        self.ensure_visible(self.cursor);
    }

    pub fn page_up(&mut self) {
        let step = self.height.saturating_sub(2).max(1);
        if self.top == (0, 0) {
            self.cursor = 0;
            return;
        }
        self.scroll_up(step);
        if let Some((first, _)) = self.starts_in_view() {
            self.cursor = if self.top.1 > 0 { first } else { self.top.0 };
            self.cursor = self.cursor.min(self.last());
        }
    }

    pub fn to_end(&mut self) {
        self.goto(self.last());
    }

    /// Percent read, by paragraph.
    pub fn percent(&self) -> usize {
        if self.is_empty() {
            100
        } else {
            (self.cursor + 1) * 100 / self.len()
        }
    }

    /// Find every hit of `query` (ASCII letters match either case) and jump
    /// to the first one at or after the cursor. Returns the hit count.
    pub fn search(&mut self, query: &str) -> usize {
        let mut hits = Vec::new();
        if !query.is_empty() {
            let needle = query.to_ascii_lowercase();
            for (p, text) in self.article.paragraphs.iter().enumerate() {
                let hay = text.to_ascii_lowercase();
                let mut from = 0;
                while let Some(i) = hay[from..].find(&needle) {
                    let start = from + i;
                    hits.push((p, start..start + needle.len()));
                    from = start + needle.len();
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

    /// Lay out the rows in view; call before drawing.
    pub fn sync(&mut self) {
        let mut rows = Vec::with_capacity(self.height);
        let (mut p, mut skip) = self.top;
        while rows.len() < self.height && p < self.len() {
            let ranges = self.wrapped(p).to_vec();
            for r in ranges.into_iter().skip(skip) {
                if rows.len() == self.height {
                    break;
                }
                let line = self.prepared(p).visual_line(r);
                rows.push(Row {
                    para: p,
                    line: Some(line),
                });
            }
            if rows.len() < self.height && skip <= self.wraps.get(&p).map_or(0, Vec::len) {
                rows.push(Row {
                    para: p,
                    line: None,
                });
            }
            skip = 0;
            p += 1;
        }
        self.rows = rows;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn reader(paras: usize, words: usize) -> Reader {
        let text: String = (0..paras)
            .map(|i| format!("{i} {}\n", "كلمة ".repeat(words)))
            .collect();
        let a = Article::from_bytes(Path::new("t.txt"), text.as_bytes());
        let mut r = Reader::new(a, Options::default());
        r.resize(20, 10);
        r
    }

    #[test]
    fn cursor_moves_and_view_follows() {
        let mut r = reader(30, 6); // each paragraph: 2 lines + blank
        r.move_cursor(5);
        r.sync();
        assert!(r.rows.iter().any(|row| row.para == 5 && row.line.is_some()));
        let last_text_row = r
            .rows
            .iter()
            .rposition(|row| row.line.is_some())
            .expect("rows");
        assert_eq!(
            r.rows[last_text_row].para, 5,
            "the view scrolled just enough"
        );
        r.move_cursor(-5);
        assert_eq!(r.top, (0, 0));
    }

    #[test]
    fn end_and_start() {
        let mut r = reader(30, 6);
        r.to_end();
        r.sync();
        assert_eq!(r.cursor, 29);
        assert!(r.rows.iter().any(|row| row.para == 29));
        r.goto(0);
        assert_eq!(r.top, (0, 0));
    }

    #[test]
    fn resize_keeps_the_top_paragraph() {
        let mut r = reader(30, 12);
        r.goto(10);
        r.sync();
        let shown = r.rows[0].para;
        r.resize(40, 10);
        r.sync();
        assert!(
            r.rows.iter().any(|row| row.para == 10),
            "cursor paragraph stays in view"
        );
        assert!(r.rows[0].para >= shown.saturating_sub(1));
        r.resize(9, 10);
        r.sync();
        assert!(r.rows.iter().any(|row| row.para == 10));
    }

    #[test]
    fn paging_moves_the_cursor_with_the_view() {
        let mut r = reader(30, 6);
        r.page_down();
        r.sync();
        assert!(r.cursor > 0);
        assert!(r.rows.iter().any(|row| row.para == r.cursor));
        r.page_up();
        assert_eq!(r.cursor, 0);
    }

    #[test]
    fn search_finds_and_cycles() {
        let a = Article::from_bytes(
            Path::new("t.txt"),
            "ألف\nباء Reuters\nجيم\nreuters دال".as_bytes(),
        );
        let mut r = Reader::new(a, Options::default());
        r.resize(30, 5);
        assert_eq!(r.search("REUTERS"), 2);
        assert_eq!(r.cursor, 1);
        r.next_hit(true);
        assert_eq!(r.cursor, 3);
        r.next_hit(true);
        assert_eq!(r.cursor, 1, "wraps around");
        assert_eq!(r.search("جيم"), 1);
        assert_eq!(r.cursor, 2);
        assert_eq!(r.search("nothing"), 0);
    }

    #[test]
    fn tiny_sizes_do_not_panic() {
        let mut r = reader(5, 30);
        for (w, h) in [(1, 1), (2, 1), (1, 3), (3, 2)] {
            r.resize(w, h);
            r.to_end();
            r.page_up();
            r.page_down();
            r.scroll_down(3);
            r.scroll_up(7);
            r.sync();
            assert!(r.rows.len() <= h);
        }
    }
}
