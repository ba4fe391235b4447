//! Bytes -> paragraphs, a read at a time: how loading, the library's scan
//! and `render` read articles, in memory bounded whatever the file.

use std::borrow::Cow;
use std::io::{BufRead, ErrorKind};

use super::paragraphs::{ParagraphSplitter, Span};
use crate::text::sanitize;

/// Paragraphs read from `input` a read at a time. Each read is decoded
/// (invalid sequences counted, each becoming U+FFFD, exactly as decoding
/// the whole file would) and given to a [`ParagraphSplitter`]; so the
/// paragraphs are those of the whole text, whatever the reads return,
/// and a file of any size costs a read and what the splitter holds back
/// (under two pieces of [`super::PIECE_LIMIT`]).
pub struct LineReader<R> {
    input: R,
    /// What the last call read, after the bytes of an unfinished
    /// character held back from the call before (`held` of them).
    raw: Vec<u8>,
    held: usize,
    /// How much of `raw` is decoded.
    decoded: usize,
    splitter: ParagraphSplitter,
    spans: Vec<Span>,
    /// Whether text has come (a BOM is dropped only at its start).
    started: bool,
    done: bool,
    /// Invalid UTF-8 sequences met so far.
    pub invalid: usize,
    /// Bytes of a BOM dropped at the start.
    pub bom: usize,
    /// Where the text and the file part: from each place in the text on
    /// (after an invalid sequence, which became a U+FFFD of another
    /// length), how many bytes further on it is in the file. The first
    /// is the BOM's; those before the paragraphs handed over are dropped.
    shifts: Vec<(usize, i64)>,
    /// Bytes of text decoded, and of the file read, before this read's.
    text_base: usize,
    file_base: u64,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(input: R) -> LineReader<R> {
        LineReader::with_splitter(input, ParagraphSplitter::default())
    }

    pub(crate) fn with_splitter(input: R, splitter: ParagraphSplitter) -> LineReader<R> {
        LineReader {
            input,
            raw: Vec::new(),
            held: 0,
            decoded: 0,
            splitter,
            spans: Vec::new(),
            started: false,
            done: false,
            invalid: 0,
            bom: 0,
            shifts: vec![(0, 0)],
            text_base: 0,
            file_base: 0,
        }
    }

    /// The paragraphs completed by the next read (often none, for a read
    /// inside a long line); `None` once the input has ended.
    pub fn next_paragraphs(&mut self) -> std::io::Result<Option<Vec<String>>> {
        Ok(self
            .next_spans()?
            .map(|spans| spans.into_iter().map(|(_, p)| p).collect()))
    }

    /// [`LineReader::next_paragraphs`], each with its place in the text
    /// (bytes, the BOM left out).
    pub fn next_spans(&mut self) -> std::io::Result<Option<Vec<Span>>> {
        if self.done {
            return Ok(None);
        }
        self.file_base += self.decoded as u64;
        self.raw.drain(..self.decoded);
        // The spans handed over are placed by now: only the shifts from
        // the text still to be made into paragraphs are kept (a file of
        // invalid bytes would otherwise keep one per byte).
        self.forget_shifts_before(self.splitter.pending_start());
        self.held = self.raw.len();
        let read = loop {
            match self.input.fill_buf() {
                Ok(buf) => break buf,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        let n = read.len();
        self.raw.extend_from_slice(read);
        self.input.consume(n);
        let end = n == 0;
        // An unfinished character at the end waits for the next read.
        self.decoded = self.raw.len() - if end { 0 } else { unfinished(&self.raw) };
        let bytes = &self.raw[..self.decoded];
        let (text, invalid) = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => (Cow::Borrowed(text), false),
            Err(_) => {
                let d = sanitize::decode(bytes);
                self.invalid += d.invalid;
                (Cow::Owned(d.text), true)
            }
        };
        let mut text: &str = &text;
        let mut bom = 0;
        if !self.started && !text.is_empty() {
            self.started = true;
            if let Some(rest) = text.strip_prefix('\u{FEFF}') {
                text = rest;
                bom = '\u{FEFF}'.len_utf8();
                self.bom = bom;
                self.shifts = vec![(0, bom as i64)];
            }
        }
        if invalid {
            note_shifts(
                &mut self.shifts,
                (self.text_base, self.file_base + bom as u64),
                &bytes[bom..],
            );
        }
        let pushed = text.len();
        self.splitter.push(text, &mut self.spans);
        if end {
            self.splitter.finish(&mut self.spans);
            self.done = true;
        }
        self.text_base += pushed;
        Ok(Some(std::mem::take(&mut self.spans)))
    }

    /// Where the bytes of the text at `range` (as a span gives it) are in
    /// the file: the paragraph's raw bytes, which decode to its text. For
    /// the spans handed over by the last call (the next forgets where
    /// those before what it reads are).
    pub fn file_range(&self, range: &std::ops::Range<usize>) -> (u64, u64) {
        let shift = |at: usize| {
            let i = self.shifts.partition_point(|(from, _)| *from <= at);
            self.shifts[i.saturating_sub(1)].1
        };
        let start = (range.start as i64 + shift(range.start)) as u64;
        let end = (range.end as i64 + shift(range.end)) as u64;
        (start, end.saturating_sub(start))
    }

    /// How many shifts are kept (tests: they stay few).
    #[cfg(test)]
    pub(crate) fn shifts_kept(&self) -> usize {
        self.shifts.len()
    }

    /// Forget the shifts before `end` (in the text) but the one in force
    /// there.
    fn forget_shifts_before(&mut self, end: usize) {
        let i = self.shifts.partition_point(|(from, _)| *from <= end);
        if i > 1 {
            self.shifts.drain(..i - 1);
        }
    }

    /// The bytes the last call read (each byte of the input is in one
    /// call's, in order: for the file's hash).
    pub fn last_read(&self) -> &[u8] {
        &self.raw[self.held..]
    }
}

/// Note in `shifts` where the text of `bytes` (its first byte at
/// `text_at` in the text, `file_at` in the file) and the bytes part:
/// after each invalid sequence (a U+FFFD of 3 bytes for 1 to 3 bytes).
fn note_shifts(
    shifts: &mut Vec<(usize, i64)>,
    (mut text_at, mut file_at): (usize, u64),
    bytes: &[u8],
) {
    for chunk in bytes.utf8_chunks() {
        text_at += chunk.valid().len();
        file_at += chunk.valid().len() as u64;
        if !chunk.invalid().is_empty() {
            text_at += '\u{FFFD}'.len_utf8();
            file_at += chunk.invalid().len() as u64;
            shifts.push((text_at, file_at as i64 - text_at as i64));
        }
    }
}

/// How many bytes at the end of `bytes` start a character that more
/// bytes could finish (0 to 3). Decoding stops before them: no sequence
/// before them reaches into them (they start with a lead byte), so what
/// comes before decodes as it would in the whole file.
fn unfinished(bytes: &[u8]) -> usize {
    for back in 1..=bytes.len().min(3) {
        let b = bytes[bytes.len() - back];
        if b & 0xC0 == 0x80 {
            continue; // a continuation byte: look further back
        }
        let needs = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return 0,
        };
        return if needs > back { back } else { 0 };
    }
    0
}
