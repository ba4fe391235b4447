//! `Ctrl-F`: the hits of a search across the corpus, a row each: the
//! article, the paragraph, its tags, and a snippet laid out in its own
//! direction with the hit highlighted.

use crate::keys::Command;
use crate::keys::help::{hints, tag_keys};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::notes::Status;
use crate::text::{self, Direction, Options};
use crate::tui::app::{App, Hits};

use super::reader::paint_marks;
use super::{
    MARKS_WIDTH, Theme, list_offset, paint_dim_row, paint_line, paint_list, paint_status,
    paint_title,
};

/// What the status line offers when nothing else is said.
fn hint_line(app: &App) -> String {
    let keys = &app.config.keys;
    let tags: Vec<char> = app.config.tags.iter().map(|t| t.key).collect();
    let mut parts = vec![hints(keys, &[Command::Open, Command::MarkHit])];
    if !tags.is_empty() {
        parts.push(format!("{} tag", tag_keys(&tags)));
    }
    parts.push(hints(
        keys,
        &[Command::Undo, Command::CorpusSearch, Command::Back],
    ));
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

/// How a search matches, in words: empty when folded (the default).
pub(super) fn how_said(how: crate::text::fold::Fold) -> String {
    let mut said = Vec::new();
    if how.strict {
        said.push("as written");
    } else if how.ta_marbuta {
        said.push("ة as ه");
    }
    if how.words {
        said.push("whole words");
    }
    said.join(", ")
}

/// The title: the query and how it is matched (`narrow`: in fewer words).
fn title(h: &Hits, narrow: bool) -> String {
    let how = how_said(h.how);
    let how = if how.is_empty() {
        how
    } else {
        format!(" ({how})")
    };
    format!(
        "{}{how}: {}",
        if narrow { "All" } else { "Search all" },
        crate::text::sanitize::shown(&h.query)
    )
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let Some(h) = &app.hits else { return };
    let ltr = Options {
        direction: Direction::Ltr,
        ..app.opts
    };
    // Narrow, the counts give way to the query.
    let mut count = if area.width < 70 {
        format!("{} in {}", h.rows.len(), h.articles())
    } else {
        format!("{} hits in {} articles", h.rows.len(), h.articles())
    };
    if h.searching() {
        count = format!("{count} · {}%", h.searched * 100 / h.total.max(1));
    }
    if !h.marked.is_empty() {
        count = format!("{} marked · {count}", h.marked.len());
    }
    paint_title(
        buf,
        area,
        &title(h, area.width < 70),
        &count,
        app.opts,
        theme,
    );
    if area.height < 3 {
        return;
    }
    let w = area.width;
    let name_w = (w / 5).clamp(6, 24);
    let largest = h.rows.iter().map(|r| r.hit.para + 1).max().unwrap_or(1);
    let para_w = super::para_cells(largest);
    let marks_x = area.x + 2 + name_w + 1 + para_w + 1;
    let text_x = marks_x + MARKS_WIDTH + 2;
    let text_w = (area.x + w).saturating_sub(text_x + 1);
    let rows = area.height.saturating_sub(2);
    let top = area.y + 1;
    if h.rows.is_empty() {
        let mut msg = if h.searching() {
            "Searching…".to_string()
        } else {
            format!("No hits for {}", crate::text::sanitize::shown(&h.query))
        };
        if let Some((why, n)) = &h.failed {
            msg = format!("{msg} ({n} article(s) not read: {why})");
        }
        let line = text::one_line(&msg, usize::from(w.saturating_sub(2)).max(1), ltr);
        paint_dim_row(buf, area, top, &line, theme);
    }
    // Only the rows on screen are looked at, however many hits there are.
    let offset = list_offset(h.selected, rows);
    let window: Vec<usize> = (offset..(offset + usize::from(rows)).min(h.rows.len())).collect();
    paint_list(
        buf,
        area,
        top,
        rows,
        &window,
        h.selected - offset,
        theme,
        |buf, i, y, style| {
            let row = &h.rows[i];
            if h.marked.contains(&i) {
                buf.set_stringn(area.x + 1, y, "•", 1, style);
            }
            let name = text::one_line(&row.name, usize::from(name_w), ltr);
            paint_line(buf, area.x + 2, y, name_w, &name, style, |_| None);
            let para = format!("¶{:>1$}", row.hit.para + 1, usize::from(para_w) - 1);
            buf.set_stringn(area.x + 3 + name_w, y, para, usize::from(para_w), style);
            let tags = app.paragraph_tags(&row.path, row.hit.para);
            if text_x < area.x + w && !tags.is_empty() {
                paint_marks(buf, marks_x, y, &tags, Status::Exact, app, theme);
            }
            if text_w > 1 {
                let (snippet, hit) = snippet(&row.hit, usize::from(text_w));
                let line = text::one_line(&snippet, usize::from(text_w), app.opts);
                paint_line(buf, text_x, y, text_w, &line, style, |logical| {
                    (logical.start < hit.end && hit.start < logical.end).then(|| theme.list_hit())
                });
            }
        },
    );
    // A question must be read whole, `y/n` included.
    let status = match &app.overlay {
        crate::tui::app::Overlay::Confirm(ask) => {
            let q = ask.question(0);
            if crate::text::width::str_width(&q) + 2 > usize::from(w) {
                ask.short_question(0)
            } else {
                q
            }
        }
        _ => app.message.clone().unwrap_or_else(|| hint_line(app)),
    };
    paint_status(buf, area, app, &status, theme);
}

/// The hit with its context, cut at its start so the hit itself fits in
/// `width` cells; and the hit's bytes in it.
fn snippet(hit: &crate::article::search::Hit, width: usize) -> (String, std::ops::Range<usize>) {
    use crate::text::width::str_width;
    let room = width.saturating_sub(str_width(&hit.matched) + 2);
    let mut before = hit.before.as_str();
    while str_width(before) > room {
        let mut chars = before.chars();
        chars.next();
        before = chars.as_str();
    }
    let at = before.len();
    (
        format!("{before}{}{}", hit.matched, hit.after),
        at..at + hit.matched.len(),
    )
}
