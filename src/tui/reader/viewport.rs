//! Where the reader looks: the cursor paragraph and the rows in view,
//! scrolling and paging.

use super::*;

impl Reader {
    /// Rows from the top of the view to the end of the article, counted up
    /// to `limit`.
    pub(super) fn rows_below_top(&mut self, limit: usize) -> usize {
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
        self.scroll_up_raw(n);
        self.keep_cursor_in_view();
    }

    /// Paragraphs whose first line is in view (first, last).
    pub(super) fn starts_in_view(&mut self) -> Option<(usize, usize)> {
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
    pub(super) fn keep_cursor_in_view(&mut self) {
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

    pub(super) fn scroll_up_raw(&mut self, n: usize) {
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
}
