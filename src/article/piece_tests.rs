//! Rule 3 of `paragraphs`: long paragraphs laid out in pieces, the same
//! whatever the reads.

use super::paragraphs::{ParagraphSplitter, spans_with};
use super::*;

/// Paragraphs of `text` with pieces of at most `limit` bytes.
fn pieces(text: &str, limit: usize) -> Vec<String> {
    spans_with(ParagraphSplitter::with_limit(limit), text)
        .into_iter()
        .map(|(_, p)| p)
        .collect()
}

/// Input that returns `sizes` bytes a read, in turn.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: &'a [usize],
    k: usize,
}

impl std::io::Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::BufRead::fill_buf(self)?.len().min(buf.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl std::io::BufRead for Chunked<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let size = self.sizes[self.k % self.sizes.len()].max(1);
        Ok(&self.data[..size.min(self.data.len())])
    }
    fn consume(&mut self, n: usize) {
        self.data = &self.data[n..];
        self.k += 1;
    }
}

/// What the reader makes of `bytes` read `sizes` bytes at a time: the
/// paragraphs, the invalid sequences, and every byte it read, in order.
fn read_in(bytes: &[u8], sizes: &[usize], limit: usize) -> (Vec<String>, usize, Vec<u8>) {
    let input = Chunked {
        data: bytes,
        sizes,
        k: 0,
    };
    let mut r = LineReader::with_splitter(input, ParagraphSplitter::with_limit(limit));
    let (mut all, mut seen) = (Vec::new(), Vec::new());
    while let Some(more) = r.next_paragraphs().expect("read") {
        seen.extend_from_slice(r.last_read());
        all.extend(more);
    }
    (all, r.invalid, seen)
}

/// What decoding `bytes` whole gives.
fn whole(bytes: &[u8], limit: usize) -> (Vec<String>, usize) {
    let d = sanitize::decode(bytes);
    let text = d.text.strip_prefix('\u{FEFF}').unwrap_or(&d.text);
    (pieces(text, limit), d.invalid)
}

#[test]
fn a_long_paragraph_is_cut_after_its_last_space_within_the_limit() {
    // Words of 8 bytes and a space: the last space within 64 bytes ends
    // at byte 63, after the seventh word.
    let text = "كلمة ".repeat(10);
    let spans = spans_with(ParagraphSplitter::with_limit(64), &text);
    let seven = ["كلمة"; 7].join(" ");
    let three = ["كلمة"; 3].join(" ");
    assert_eq!(
        spans,
        [(0..62, seven), (63..89, three)],
        "two pieces, trimmed, pointing at their text"
    );
    // Short paragraphs and lines are left whole.
    assert_eq!(pieces(&text, 90), [text.trim()]);
}

#[test]
fn without_a_space_a_sentence_end_is_the_place_to_cut() {
    let text = format!("{}.{}", "a".repeat(30), "b".repeat(40));
    assert_eq!(
        pieces(&text, 64),
        [format!("{}.", "a".repeat(30)), "b".repeat(40)]
    );
}

#[test]
fn without_a_space_the_cut_is_at_a_grapheme_cluster_boundary() {
    // An alef, then twenty beh with a fatha (4 bytes a cluster): byte 64
    // is where a fatha starts, so the cut is at 62, before its letter.
    let text = format!("ا{}", "بَ".repeat(20));
    assert_eq!(
        pieces(&text, 64),
        [format!("ا{}", "بَ".repeat(15)), "بَ".repeat(5)]
    );
    // A flag is two regional indicators (8 bytes): never cut between them.
    let text = format!("{}{}", "x".repeat(60), "🇸🇦".repeat(2));
    assert_eq!(
        pieces(&text, 64),
        ["x".repeat(60), "🇸🇦".repeat(2)],
        "the flag across byte 64 goes whole to the next piece"
    );
    // A full stop with a mark on it is one cluster: not cut after it.
    let text = format!("{}.\u{064E}{}", "a".repeat(62), "b".repeat(10));
    assert_eq!(
        pieces(&text, 64),
        ["a".repeat(62), format!(".\u{064E}{}", "b".repeat(10))]
    );
}

#[test]
fn a_cluster_longer_than_the_limit_is_cut_between_characters() {
    // One letter under a hundred fathas: a single 202-byte cluster.
    let text = format!("ب{}", "\u{064E}".repeat(100));
    let got = pieces(&text, 64);
    let lens: Vec<usize> = got.iter().map(String::len).collect();
    assert_eq!(lens, [64, 64, 64, 10]);
    assert!(got[0].starts_with('ب'));
    assert_eq!(got.concat(), text, "nothing lost, nothing added");
}

#[test]
fn invalid_utf8_at_the_cut_is_one_replacement_whatever_the_reads() {
    // The invalid byte, then a truncated sequence, stand at byte 63:
    // U+FFFD is 3 bytes, so the cut is before it.
    for bad in [&b"\xFF"[..], b"\xD8", b"\xE2\x80"] {
        let mut bytes = b"a".repeat(63);
        bytes.extend_from_slice(bad);
        bytes.extend_from_slice(b"bbbbbbbbbb\n");
        for size in 1..=70 {
            let (got, invalid, seen) = read_in(&bytes, &[size], 64);
            assert_eq!(
                got,
                ["a".repeat(63), format!("\u{FFFD}{}", "b".repeat(10))],
                "{bad:?}, reads of {size}"
            );
            assert_eq!(invalid, 1, "{bad:?}, reads of {size}");
            assert_eq!(seen, bytes);
        }
    }
    // A valid letter across the limit and across a read is kept whole.
    let bytes = format!("{}بب", "a".repeat(63)).into_bytes();
    for size in 1..=70 {
        let (got, invalid, _) = read_in(&bytes, &[size], 64);
        assert_eq!(got, ["a".repeat(63), "بب".to_string()], "reads of {size}");
        assert_eq!(invalid, 0);
    }
}

#[test]
fn cr_and_crlf_end_lines_and_the_count_starts_again() {
    // Neither line reaches 64 bytes; CR alone and CRLF both end lines.
    let text = format!(
        "{}\r{}\r\n{}",
        "x".repeat(50),
        "y".repeat(50),
        "z".repeat(50)
    );
    assert_eq!(
        pieces(&text, 64),
        ["x".repeat(50), "y".repeat(50), "z".repeat(50)]
    );
    // A long line ended by CRLF: its pieces, and no empty paragraph.
    let text = format!("{}\r\nب", "a ".repeat(40));
    let first = ["a"; 32].join(" ");
    let second = ["a"; 8].join(" ");
    let bytes = text.as_bytes();
    for size in 1..=90 {
        let (got, _, _) = read_in(bytes, &[size], 64);
        assert_eq!(got, [&first, &second, "ب"], "reads of {size}");
    }
}

#[test]
fn runs_of_sentence_ends_and_closers_still_split_before_the_letter() {
    // 200 dots, 100 closing guillemets, then a word: the dots are cut
    // after the last dot within each 64 bytes; the guillemets (2 bytes
    // each) at each one; and the repair rule still starts a paragraph at
    // the letter, however the text before it was cut or read.
    let text = format!("{}{}وقال", ".".repeat(200), "»".repeat(100));
    let mut want = vec![".".repeat(64); 3];
    want.push(".".repeat(8));
    want.extend(vec!["»".repeat(32); 3]);
    want.push("»".repeat(4));
    want.push("وقال".into());
    assert_eq!(pieces(&text, 64), want);
    for size in 1..=40 {
        let (got, _, _) = read_in(text.as_bytes(), &[size], 64);
        assert_eq!(got, want, "reads of {size}");
    }
}

#[test]
fn a_bom_split_across_reads_is_still_dropped() {
    let bytes = "\u{FEFF}عنوان\nنص".as_bytes();
    for size in 1..=4 {
        let (got, invalid, _) = read_in(bytes, &[size], 64);
        assert_eq!(got, ["عنوان", "نص"], "reads of {size}");
        assert_eq!(invalid, 0);
    }
}

/// Pieces of text (and bytes) that meet every rule at a cut.
const PARTS: &[&[u8]] = &[
    "كلمة".as_bytes(),
    b" ",
    b"  ",
    b".",
    "؟".as_bytes(),
    "…".as_bytes(),
    "»".as_bytes(),
    b"\"",
    "و".as_bytes(),
    "\u{064E}\u{0651}".as_bytes(),
    "\u{064E}".as_bytes(),
    b"\r",
    b"\n",
    b"\r\n",
    b"abc",
    "🇸🇦".as_bytes(),
    "👨\u{200D}👩\u{200D}👧".as_bytes(),
    "\u{FEFF}".as_bytes(),
    "\u{1F1F8}".as_bytes(),
    b"\xFF",
    b"\xD8",
    b"\xE2\x80",
    b"\t\x1b[2J",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Read in any sizes, the paragraphs, the invalid count and the bytes
    /// seen are those of the whole input; each piece is within the limit.
    #[test]
    fn pieces_do_not_depend_on_the_reads(
        parts in proptest::collection::vec(
            (proptest::sample::select(PARTS), 1..40usize),
            0..60,
        ),
        sizes in proptest::collection::vec(1..80usize, 1..8),
        limit in 4..48usize,
    ) {
        let bytes: Vec<u8> = parts.iter().flat_map(|&(p, n)| p.repeat(n)).collect();
        let (want, want_invalid) = whole(&bytes, limit);
        let (got, invalid, seen) = read_in(&bytes, &sizes, limit);
        proptest::prop_assert_eq!(&got, &want);
        proptest::prop_assert_eq!(invalid, want_invalid);
        proptest::prop_assert_eq!(seen, bytes.clone());

        // The splitter itself, given the decoded text in any stretches.
        let d = sanitize::decode(&bytes);
        let text = d.text.strip_prefix('\u{FEFF}').unwrap_or(&d.text);
        let whole_spans = spans_with(ParagraphSplitter::with_limit(limit), text);
        let mut s = ParagraphSplitter::with_limit(limit);
        let (mut spans, mut at, mut k) = (Vec::new(), 0, 0);
        while at < text.len() {
            let mut to = (at + sizes[k % sizes.len()]).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            s.push(&text[at..to], &mut spans);
            (at, k) = (to, k + 1);
        }
        s.finish(&mut spans);
        proptest::prop_assert_eq!(&spans, &whole_spans);
        for (r, _) in &whole_spans {
            proptest::prop_assert!(r.len() <= limit, "{:?} over {}", r, limit);
        }
    }
}
