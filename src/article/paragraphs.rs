//! Text -> paragraphs (DESIGN §3.1): the one place paragraphs are made.
//!
//! The rule, applied to the decoded text (invalid UTF-8 already U+FFFD,
//! a leading BOM already dropped):
//!
//! 1. **Lines.** A line ends at LF or CR (so CRLF too). Each non-empty line
//!    is a paragraph; blank lines only separate.
//! 2. **Repair.** Some sources lost their line breaks and glue sentences
//!    together (`العراق.وتواصل`): a sentence end (`. ! ? ؟ …`), then any
//!    closing quotes or brackets, then an Arabic letter: the letter starts
//!    a new paragraph. Digits (`11.30`) and Latin (`U.S.`) are never
//!    followed by an Arabic letter there, so they never split.
//! 3. **Length.** A paragraph longer than [`PIECE_LIMIT`] bytes (256 KiB
//!    of UTF-8) is laid out in pieces. Counting from the paragraph's start,
//!    the first piece ends after the last whitespace or sentence end that
//!    lies within the limit (at a grapheme-cluster boundary); without one,
//!    at the last grapheme-cluster boundary within it; and only when a
//!    single cluster is longer than the limit (a letter carrying more
//!    than 130,000 harakat), at the last character boundary within it.
//!    What is left is cut the same way, from its own start. Cuts never
//!    fall inside a UTF-8 sequence, and never undo or add a repair split.
//!    Each piece is then a paragraph like any other: numbered, shown,
//!    annotated and searched on its own.
//! 4. Each paragraph or piece is trimmed of whitespace and sanitized;
//!    empty ones are dropped.
//!
//! Every decision looks only at the text, from the start of the line or
//! the paragraph, never at where a read returned or how big a buffer is:
//! a file read whole or a few bytes at a time splits the same way, and a
//! piece stays the same when text before its paragraph changes, so
//! annotation anchors on pieces stay valid.
//!
//! Why 256 KiB: about 130,000 Arabic letters, some 25,000 words, far
//! beyond any real paragraph (the longest line of the sample articles is
//! 7 KB, glued sentences included), so real text is never cut. Yet laying
//! a piece out takes about 9 MB and a few tens of ms (a 1 MiB paragraph
//! takes 34 MB), so `render`, which lays out a piece per core, and the
//! reader, which lays out the pieces in view, stay small and quick on a
//! file of any size, even one without a line break.

use std::sync::LazyLock;

use crate::text::sanitize;

/// Longest paragraph, in bytes of UTF-8, laid out whole (rule 3).
pub const PIECE_LIMIT: usize = 256 << 10;

/// Bytes past the limit a cut may look at: one character, so a
/// grapheme-cluster boundary at the limit is known.
const LOOK: usize = 4;

/// Characters that end a sentence.
pub(super) fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…')
}

/// Arabic letters (not digits, marks or punctuation).
pub(super) fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}')
}

/// Closing quotes and brackets that may stand between a sentence end and
/// the next sentence (`بالكامل".وأعلن`).
pub(super) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']')
}

/// A paragraph and where it stands in the text it came from (bytes).
pub type Span = (std::ops::Range<usize>, String);

/// Searchers for the Arabic question mark and the ellipsis, built once.
static QUESTION: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("؟".as_bytes()));
static ELLIPSIS: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("…".as_bytes()));

/// Where the repair rule starts a paragraph in `line`, in order: each an
/// Arabic letter after a sentence end and closers. `after_end`: `line`
/// continues one that stopped right after a sentence end (and closers).
/// A split is given once its letter is in `line`, so on the start of a
/// line every split given is one of the whole line's.
fn splits(line: &str, after_end: bool) -> impl Iterator<Item = usize> + '_ {
    let bytes = line.as_bytes();
    let mut ascii = memchr::memchr3_iter(b'.', b'!', b'?', bytes).peekable();
    let mut question = QUESTION.find_iter(bytes).map(|p| p + 1).peekable();
    let mut ellipsis = ELLIPSIS.find_iter(bytes).map(|p| p + 2).peekable();
    // The last byte of each sentence end, in order.
    let mut ends = std::iter::from_fn(move || {
        let a = ascii.peek().copied().unwrap_or(usize::MAX);
        let q = question.peek().copied().unwrap_or(usize::MAX);
        let e = ellipsis.peek().copied().unwrap_or(usize::MAX);
        let first = a.min(q).min(e);
        if first == usize::MAX {
            return None;
        }
        if first == a {
            ascii.next();
        } else if first == q {
            question.next();
        } else {
            ellipsis.next();
        }
        Some(first)
    });
    // Sentence ends before `scanned` were followed up already (a run of
    // them leads to the same character: looked at once, not once each).
    let mut scanned = 0;
    let mut lead = after_end;
    std::iter::from_fn(move || {
        loop {
            let from = if std::mem::take(&mut lead) {
                0
            } else {
                ends.find(|&at| at >= scanned)? + 1
            };
            // Closers and more sentence ends may follow; then an Arabic
            // letter starts a new paragraph.
            scanned = line.len();
            for (j, c) in line[from..].char_indices() {
                if is_sentence_end(c) || is_closer(c) {
                    continue;
                }
                scanned = from + j;
                if is_arabic_letter(c) {
                    return Some(scanned);
                }
                break;
            }
        }
    })
}

/// Whether the repair rule stands right after a sentence end (and
/// closers) at byte `at` of `line`; `after_end` is how `line` started.
fn after_end_at(line: &str, at: usize, after_end: bool) -> bool {
    for c in line[..at].chars().rev() {
        if is_sentence_end(c) {
            return true;
        }
        if !is_closer(c) {
            return false;
        }
    }
    after_end
}

/// The largest character boundary of `s` at or before `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where a paragraph longer than `limit` is cut (rule 3): `window` is its
/// text from its start, through the character at byte `limit` (or all of
/// it). Always past the first character, at most `limit` bytes in (for a
/// `limit` of at least 4).
fn cut_point(window: &str, limit: usize) -> usize {
    use unicode_segmentation::GraphemeCursor;
    let is_boundary = |at: usize| {
        GraphemeCursor::new(at, window.len(), true)
            .is_boundary(window, 0)
            .unwrap_or(false)
    };
    let top = floor_boundary(window, limit);
    for (i, c) in window[..top].char_indices().rev() {
        let after = i + c.len_utf8();
        if (c.is_whitespace() || is_sentence_end(c)) && is_boundary(after) {
            return after;
        }
    }
    if top > 0 && is_boundary(top) {
        return top;
    }
    let mut cursor = GraphemeCursor::new(top, window.len(), true);
    match cursor.prev_boundary(window, 0) {
        Ok(Some(b)) if b > 0 => b,
        // One cluster longer than the limit: cut it at a character.
        _ if top > 0 => top,
        _ => window.chars().next().map_or(window.len(), char::len_utf8),
    }
}

/// The paragraphs of `line` (at byte `base` of the text), sent to `out`
/// as each is decided. `complete`: the whole line, else its start so far
/// (more of it is still to come); `after_end`: the repair rule's state
/// where `line` starts. Returns how much of `line` is done: all of it
/// when complete, else where the first undecided paragraph starts.
fn line_paragraphs(
    line: &str,
    base: usize,
    after_end: bool,
    complete: bool,
    limit: usize,
    out: &mut Vec<Span>,
) -> usize {
    let mut splits = splits(line, after_end).peekable();
    let mut start = 0;
    loop {
        while splits.next_if(|&s| s <= start).is_some() {}
        let end = match splits.peek() {
            Some(&s) => s,
            None if complete => line.len(),
            None => usize::MAX, // not known yet
        };
        if end - start <= limit {
            if start == line.len() {
                return start;
            }
            push_piece(&line[start..end], base + start, out);
            start = end;
            continue;
        }
        if !complete && line.len() - start < limit + LOOK {
            return start;
        }
        let window = &line[start..floor_boundary(line, start + limit + LOOK)];
        let cut = cut_point(window, limit);
        push_piece(&line[start..start + cut], base + start, out);
        start += cut;
    }
}

fn push_piece(piece: &str, base: usize, out: &mut Vec<Span>) {
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = piece.len() - piece.trim_start().len();
    let from = base + lead;
    out.push((from..from + trimmed.len(), sanitize::sanitize(trimmed)));
}

/// Paragraphs from decoded text given a stretch at a time, cut by the
/// rule above whatever the stretches are: what is not decided yet (the
/// start of a line whose end is still to come) waits, never more than
/// twice [`PIECE_LIMIT`].
pub struct ParagraphSplitter {
    limit: usize,
    /// The start of a line whose end is not read yet.
    pending: String,
    /// Where `pending` starts in the whole text.
    base: usize,
    /// The repair rule's state where `pending` starts.
    after_end: bool,
}

impl Default for ParagraphSplitter {
    fn default() -> Self {
        ParagraphSplitter::with_limit(PIECE_LIMIT)
    }
}

impl ParagraphSplitter {
    /// Where the text not made into paragraphs yet starts: no paragraph
    /// to come starts before it.
    pub(crate) fn pending_start(&self) -> usize {
        self.base
    }

    /// With another limit than [`PIECE_LIMIT`] (at least 4 bytes), for
    /// tests.
    pub(crate) fn with_limit(limit: usize) -> ParagraphSplitter {
        ParagraphSplitter {
            limit: limit.max(LOOK),
            pending: String::new(),
            base: 0,
            after_end: false,
        }
    }

    /// The next stretch of text; the paragraphs it completes go to `out`
    /// with their place in the whole text.
    pub fn push(&mut self, text: &str, out: &mut Vec<Span>) {
        let mut rest = text;
        while let Some(e) = memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            self.line(&rest[..e], true, out);
            self.base += 1; // the line end
            rest = &rest[e + 1..];
        }
        // A long line is laid out as far as it is decided, so what waits
        // stays under the limit and a character.
        if self.pending.len() + rest.len() >= 2 * self.limit + LOOK {
            self.line(rest, false, out);
        } else {
            self.pending.push_str(rest);
        }
    }

    /// The end of the text: its last line, if it had no line end.
    pub fn finish(&mut self, out: &mut Vec<Span>) {
        self.line("", true, out);
    }

    /// The line so far, `pending` then `more`: its decided paragraphs go
    /// to `out`, the rest waits in `pending`.
    fn line(&mut self, more: &str, complete: bool, out: &mut Vec<Span>) {
        let (limit, after_end) = (self.limit, self.after_end);
        if self.pending.is_empty() {
            let done = line_paragraphs(more, self.base, after_end, complete, limit, out);
            self.pending.push_str(&more[done..]);
            self.advance(more, done, complete);
        } else {
            let mut line = std::mem::take(&mut self.pending);
            line.push_str(more);
            let done = line_paragraphs(&line, self.base, after_end, complete, limit, out);
            self.advance(&line, done, complete);
            line.drain(..done);
            self.pending = line; // its buffer is kept for the next line
        }
    }

    /// Past the first `done` bytes of `line`.
    fn advance(&mut self, line: &str, done: usize, complete: bool) {
        self.base += done;
        self.after_end = !complete && after_end_at(line, done, self.after_end);
    }
}

/// Every paragraph of a decoded text (its BOM already removed) with its
/// byte range in that text.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    spans_with(ParagraphSplitter::default(), text)
}

pub(crate) fn spans_with(mut splitter: ParagraphSplitter, text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    splitter.push(text, &mut out);
    splitter.finish(&mut out);
    out
}

/// All paragraphs of a decoded text.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    paragraph_spans(text).into_iter().map(|(_, p)| p).collect()
}
