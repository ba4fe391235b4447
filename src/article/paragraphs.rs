//! Text -> paragraphs (DESIGN §3.1).
//!
//! Each non-empty line is a paragraph; blank lines only separate. Some
//! sources lost their line breaks and glue sentences together
//! (`العراق.وتواصل`): a sentence end immediately followed by an Arabic
//! letter starts a new paragraph. Digits (`11.30`) and Latin (`U.S.`) are
//! never followed by an Arabic letter there, so they never split.

use std::sync::LazyLock;

use crate::text::sanitize;

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

/// Split one line (starting at byte `base` of its text) into paragraphs
/// with the repair rule, each trimmed and sanitized; empty ones dropped.
pub(super) fn push_line(line: &str, base: usize, out: &mut Vec<Span>) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let bytes = line.as_bytes();
    // Where a sentence ends: the last byte of each `.`, `!`, `?`, `؟`, `…`.
    let mut ends: Vec<usize> = memchr::memchr3_iter(b'.', b'!', b'?', bytes)
        .chain(QUESTION.find_iter(bytes).map(|p| p + 1))
        .chain(ELLIPSIS.find_iter(bytes).map(|p| p + 2))
        .collect();
    ends.sort_unstable();
    let mut start = 0;
    for at in ends {
        if at < start {
            continue;
        }
        // Closing quotes and brackets, and more sentence ends, may follow;
        // then an Arabic letter starts a new paragraph.
        for (j, c) in line[at + 1..].char_indices() {
            if is_sentence_end(c) || is_closer(c) {
                continue;
            }
            if is_arabic_letter(c) {
                let split = at + 1 + j;
                push_piece(&line[start..split], base + start, out);
                start = split;
            }
            break;
        }
    }
    push_piece(&line[start..], base + start, out);
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

/// Every paragraph of a decoded text (its BOM already removed) with its
/// byte range in that text.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut base = 0;
    // Lines end at LF or CR, found byte by byte (both are ASCII).
    for line in text.as_bytes().split(|&b| b == b'\n' || b == b'\r') {
        let end = base + line.len();
        push_line(&text[base..end], base, &mut out);
        base = end + 1;
    }
    out
}

/// All paragraphs of a decoded text.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    paragraph_spans(text).into_iter().map(|(_, p)| p).collect()
}

/// Paragraphs read from `input` a line at a time, so a file of any size
/// costs no more than its longest line: each line decoded (invalid bytes
/// counted, each becoming U+FFFD) and split. Loading, the library's scan
/// and `render` all read articles through this.
pub struct LineReader<R> {
    input: R,
    line: Vec<u8>,
    splitter: ParagraphSplitter,
    /// Invalid UTF-8 sequences met so far.
    pub invalid: usize,
}

impl<R: std::io::BufRead> LineReader<R> {
    pub fn new(input: R) -> LineReader<R> {
        LineReader {
            input,
            line: Vec::new(),
            splitter: ParagraphSplitter::default(),
            invalid: 0,
        }
    }

    /// The paragraphs of the next line; `None` at the end of the input.
    pub fn next_line(&mut self) -> std::io::Result<Option<Vec<String>>> {
        self.line.clear();
        if self.input.read_until(b'\n', &mut self.line)? == 0 {
            return Ok(None);
        }
        let text = self.line.strip_suffix(b"\n").unwrap_or(&self.line);
        Ok(Some(match simdutf8::basic::from_utf8(text) {
            Ok(text) => self.splitter.line(text),
            Err(_) => {
                let d = crate::text::sanitize::decode(text);
                self.invalid += d.invalid;
                self.splitter.line(&d.text)
            }
        }))
    }

    /// The bytes of the line last read, its line end included.
    pub fn last_line(&self) -> &[u8] {
        &self.line
    }
}

/// Paragraphs from a stream of lines, for `render` on files of any size.
#[derive(Default)]
pub struct ParagraphSplitter {
    started: bool,
}

impl ParagraphSplitter {
    /// Paragraphs of one decoded line (without its `\n`).
    pub fn line(&mut self, line: &str) -> Vec<String> {
        let line = if self.started {
            line
        } else {
            self.started = true;
            line.strip_prefix('\u{FEFF}').unwrap_or(line)
        };
        let mut out = Vec::new();
        for piece in line.split('\r') {
            push_line(piece, 0, &mut out);
        }
        out.into_iter().map(|(_, p)| p).collect()
    }
}
