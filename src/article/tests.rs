use super::*;

#[test]
fn glued_sentences_are_split() {
    let p = split_paragraphs("في غرب العراق.وتواصل المعارك");
    assert_eq!(p, ["في غرب العراق.", "وتواصل المعارك"]);
}

#[test]
fn quote_between_sentence_end_and_letter_still_splits() {
    let p = split_paragraphs("بالكامل\".ويأتي ذلك");
    assert_eq!(p, ["بالكامل\".", "ويأتي ذلك"]);
    let p = split_paragraphs("قال «نعم.»وأضاف");
    assert_eq!(p, ["قال «نعم.»", "وأضاف"]);
}

#[test]
fn digits_latin_and_spaces_never_split() {
    let one = |s: &str| assert_eq!(split_paragraphs(s), [s], "{s}");
    one("نحو الساعة 11.30 من مساء السبت");
    one("قالت U.S. officials إن");
    one("انتهى الأمر. وبدأ غيره");
    one("عام 2014.5 تقريبا");
}

#[test]
fn lines_blank_lines_crlf_and_bom() {
    let p = split_paragraphs("\u{FEFF}عنوان\r\n\r\nفقرة أولى\rفقرة ثانية\n   \n");
    assert_eq!(p, ["عنوان", "فقرة أولى", "فقرة ثانية"]);
}

#[test]
fn seed_001_is_repaired() {
    let bytes = include_bytes!("../../seeds/001_334c5c13315cfcf7.txt");
    let a = Article::from_bytes(Path::new("001.txt"), bytes);
    // The first glued block starts the article and is cut after "العراق."
    assert!(
        a.paragraphs[0].ends_with("والقائم في غرب العراق."),
        "{}",
        a.paragraphs[0]
    );
    assert!(a.paragraphs[1].starts_with("وتواصل كل من القوات"));
    assert!(
        a.paragraphs.len() > 10,
        "only {} paragraphs",
        a.paragraphs.len()
    );
    // No paragraph still holds a sentence end glued to an Arabic letter.
    for p in &a.paragraphs {
        let cs: Vec<char> = p.chars().collect();
        for w in cs.windows(2) {
            assert!(
                !(w[0] == '.' && ('\u{0621}'..='\u{064A}').contains(&w[1])),
                "{p}"
            );
        }
    }
}

#[test]
fn title_is_headline_or_file_name() {
    let a = Article::from_bytes(
        Path::new("x/004.txt"),
        "العراق وسوريا يضيقان الخناق\nنص طويل.".as_bytes(),
    );
    assert!(a.has_headline);
    assert_eq!(a.title, "العراق وسوريا يضيقان الخناق");
    assert_eq!(a.paragraphs.len(), 2, "the headline stays paragraph 1");

    let a = Article::from_bytes(Path::new("x/000.txt"), "جملة كاملة تنتهي بنقطة.".as_bytes());
    assert!(!a.has_headline);
    assert_eq!(a.title, "000.txt");
}

#[test]
fn hostile_bytes_are_decoded_and_cleaned() {
    let a = Article::from_bytes(Path::new("e\u{1b}[2J.txt"), b"\x1b]0;pwned\x07\xff ok\n");
    assert_eq!(a.invalid_bytes, 1);
    assert!(a.paragraphs[0].chars().all(|c| !c.is_control()));
    assert!(!display_name(&a.path).contains('\u{1b}'));
}

#[test]
fn spans_point_at_the_paragraph_text() {
    let text = "  عنوان \nفي غرب العراق.وتواصل\r\n\tآخر\t";
    let spans = paragraph_spans(text);
    let got: Vec<(&str, &str)> = spans
        .iter()
        .map(|(r, p)| (&text[r.clone()], p.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("عنوان", "عنوان"),
            ("في غرب العراق.", "في غرب العراق."),
            ("وتواصل", "وتواصل"),
            ("آخر", "آخر")
        ]
    );
}

/// The repair rule as first written, a character at a time: the byte-level
/// search must split exactly where it does.
fn split_points_reference(line: &str) -> Vec<usize> {
    let mut points = Vec::new();
    let mut prev_end = false;
    for (i, c) in line.char_indices() {
        if prev_end && paragraphs::is_arabic_letter(c) {
            points.push(i);
            prev_end = false;
            continue;
        }
        if paragraphs::is_sentence_end(c) {
            prev_end = true;
        } else if !(prev_end && paragraphs::is_closer(c)) {
            prev_end = false;
        }
    }
    points
}

proptest::proptest! {
    #[test]
    fn repair_rule_splits_where_the_reference_does(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "و", "ال", "قال", "a", "U.S.", "11.30", " ", ".", "!", "?", "؟", "…", "\"", "»",
            ")", "”", "ـ", "\u{064E}", "؛", "x", "٣", "\u{2026}\u{2026}",
        ]), 0..30)
    ) {
        let line: String = pieces.concat();
        let spans = paragraph_spans(&line);
        // Each split point starts a paragraph (after trimming, so compare
        // the pieces' text with the reference's pieces).
        let mut cuts = split_points_reference(&line);
        cuts.insert(0, 0);
        cuts.push(line.len());
        let reference: Vec<String> = cuts
            .windows(2)
            .map(|w| line[w[0]..w[1]].trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let ours: Vec<String> = spans.into_iter().map(|(_, p)| p).collect();
        proptest::prop_assert_eq!(ours, reference);
    }
}

/// The library's streaming read gives what a whole read gives.
#[test]
fn streamed_entries_match_whole_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
            .expect("seeds")
            .map(|e| e.expect("entry").path())
            .collect();
    for (name, bytes) in [
        (
            "bom_crlf.txt",
            "\u{FEFF}عنوان\r\n\r\nجملة أولى.وجملة ثانية\r\n".as_bytes(),
        ),
        (
            "bad.txt",
            b"\xff\xfe head\n\nbody \x1b[2J text.\n".as_slice(),
        ),
        ("empty.txt", b"".as_slice()),
        ("blank.txt", b"\n\n  \n".as_slice()),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        files.push(p);
    }
    for p in files {
        let (a, b) = (
            scan::entry_of(&Article::load(&p).expect("load")),
            scan::stream_entry(&p).expect("stream"),
        );
        assert_eq!(
            (a.title, a.excerpt, a.paragraphs, a.words, a.name),
            (b.title, b.excerpt, b.paragraphs, b.words, b.name),
            "{}",
            p.display()
        );
    }
}

/// Loading a file a line at a time gives what reading it whole gives.
#[test]
fn streamed_load_matches_a_whole_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: [&[u8]; 5] = [
        "\u{FEFF}عنوان\r\n\r\nجملة أولى.وجملة ثانية\r\nسطر\rآخر".as_bytes(),
        b"\xff\xfe head\n\nbody \x1b[2J text.\n\xd8",
        b"",
        b"\n\n  \n",
        b"no newline at the end",
    ];
    for (i, bytes) in cases.into_iter().enumerate() {
        let p = dir.path().join(format!("{i}.txt"));
        std::fs::write(&p, bytes).expect("write");
        let (a, b) = (
            Article::from_bytes(&p, bytes),
            Article::load(&p).expect("load"),
        );
        assert_eq!(
            (
                &a.title,
                a.has_headline,
                &a.paragraphs,
                a.invalid_bytes,
                &a.doc_sha256
            ),
            (
                &b.title,
                b.has_headline,
                &b.paragraphs,
                b.invalid_bytes,
                &b.doc_sha256
            ),
            "case {i}"
        );
    }
}

#[test]
fn lines_are_read_decoded_and_counted() {
    let bytes: &[u8] =
        b"\xEF\xBB\xBF\xD8\xB9\xD9\x86\xD9\x88\xD8\xA7\xD9\x86\n\nbad \xFF byte\r\nlast";
    let mut r = super::LineReader::new(bytes);
    let mut all = Vec::new();
    let mut raw = Vec::new();
    while let Some(more) = r.next_paragraphs().expect("read") {
        raw.extend_from_slice(r.last_read());
        all.extend(more);
    }
    // The BOM goes, a CR ends a line like LF, a blank line makes nothing.
    assert_eq!(all, vec!["عنوان", "bad \u{FFFD} byte", "last"]);
    assert_eq!(r.invalid, 1);
    // Every byte was seen, line ends included (for the file's hash).
    assert_eq!(raw, bytes);
}

/// A hit's place in code points and its snippet, checked by counting: «في »
/// is 3 code points, مِصْرَ is 6 (three letters, three harakat, the last
/// one the hit's own); the context is cut at 30 characters each side.
#[test]
fn a_hit_has_its_code_points_and_its_context() {
    use crate::article::search::hits_in;
    let hits = hits_in(4, "في مِصْرَ اليوم", "مصر", Default::default());
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!((h.para, h.chars.clone()), (4, 3..9));
    assert_eq!(
        (h.before.as_str(), h.matched.as_str(), h.after.as_str()),
        ("في ", "مِصْرَ", " اليوم")
    );
    let long = format!("{}مصر{}", "ا".repeat(40), "ب".repeat(40));
    let h = &hits_in(0, &long, "مصر", Default::default())[0];
    assert_eq!(h.chars, 40..43);
    assert_eq!(h.before, "ا".repeat(30));
    assert_eq!(h.after, "ب".repeat(30));
    // A second hit in the same paragraph counts from the start again.
    let two = hits_in(0, "مصر و مِصر", "مصر", Default::default());
    assert_eq!(
        two.iter().map(|h| h.chars.clone()).collect::<Vec<_>>(),
        [0..3, 6..10]
    );
}

/// Opened in two parts (the first read at once, the rest in the
/// background), an article comes out as loading it whole makes it,
/// wherever the first part ends: before the first line, inside a line
/// (it goes on to the line's end), after everything. Until the rest is
/// added it has no hash, and its title is already the headline's.
#[test]
fn an_article_opened_in_two_parts_is_the_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut seed = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/004_60d1107e2fb93d1c.txt"),
    )
    .expect("seed");
    // Invalid bytes past the first part, and CR line ends.
    seed.extend_from_slice(b"\r\nbad \xff byte\r\nlast line");
    let cases: [&[u8]; 4] = [
        &seed,
        "\u{FEFF}عنوان\r\n\r\nجملة أولى.وجملة ثانية\r\nسطر\rآخر".as_bytes(),
        b"",
        b"no newline at the end",
    ];
    for (i, bytes) in cases.into_iter().enumerate() {
        let p = dir.path().join(format!("{i}.txt"));
        std::fs::write(&p, bytes).expect("write");
        let whole = Article::load(&p).expect("load");
        for first in [0, 1, 40, 3000, 1 << 20] {
            let (mut a, loading) = Article::open(&p, first).expect("open");
            assert_eq!(a.title, whole.title, "case {i} at {first}");
            match loading {
                Some(l) => {
                    assert!(a.doc_sha256.is_empty(), "no hash before the rest");
                    a.take_rest(l.wait().expect("rest"));
                }
                None => assert!(first >= bytes.len() || bytes.is_empty(), "case {i}"),
            }
            assert_eq!(
                (
                    &a.paragraphs,
                    a.invalid_bytes,
                    &a.doc_sha256,
                    a.has_headline
                ),
                (
                    &whole.paragraphs,
                    whole.invalid_bytes,
                    &whole.doc_sha256,
                    whole.has_headline
                ),
                "case {i} at {first}"
            );
        }
    }
}

#[test]
fn article_names_end_in_txt_or_md_in_any_case_and_are_not_hidden() {
    use std::ffi::OsStr;
    for (name, is) in [
        ("a.txt", true),
        ("B.TXT", true),
        ("c.Md", true),
        ("مقال.txt", true),
        (".hidden.txt", false),
        ("a.txt.annotations.jsonl", false),
        ("a.text", false),
        ("txt", false),
        ("a.md~", false),
    ] {
        assert_eq!(scan::is_article_name(OsStr::new(name)), is, "{name}");
    }
}

/// A file read in the background is taken as changed when its size or
/// modification time moved, or when not all of it was read.
#[test]
fn a_file_that_changed_while_read_is_told() {
    use crate::article::loading::changed;
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "نص\n").expect("write");
    let before = std::fs::metadata(&p).expect("stat");
    let len = before.len();
    assert!(!changed(
        &before,
        &std::fs::metadata(&p).expect("stat"),
        len
    ));
    assert!(changed(
        &before,
        &std::fs::metadata(&p).expect("stat"),
        len - 1
    ));
    std::fs::write(&p, "نص آخر أطول\n").expect("write");
    let after = std::fs::metadata(&p).expect("stat");
    assert!(changed(&before, &after, after.len()));
    // The same size, written again a moment later: its time moved.
    let f = std::fs::File::options().write(true).open(&p).expect("open");
    f.set_modified(std::time::SystemTime::UNIX_EPOCH)
        .expect("set time");
    let touched = std::fs::metadata(&p).expect("stat");
    assert!(changed(&after, &touched, touched.len()));
}

/// The packed index gives back each paragraph as it was put in: places
/// past 4 GiB (the high bits), texts between them, in order.
#[test]
fn places_give_back_what_was_put_in() {
    use super::loading::{Para, PlaceOf, Places};
    let put = vec![
        Para::At(0, 10, 1),
        Para::Text("نص بعد بايت خاطئ".into()),
        Para::At((5 << 32) + 7, 262_144, u32::MAX),
        Para::Text(String::new()),
        Para::At(u64::MAX >> 1, 1, 0xDEAD_BEEF),
    ];
    let mut places = Places::default();
    places.extend(put.clone());
    assert_eq!(places.len(), 5);
    assert_eq!(
        places.get(2),
        Some(PlaceOf::At((5 << 32) + 7, 262_144, u32::MAX))
    );
    assert_eq!(places.get(1), Some(PlaceOf::Text("نص بعد بايت خاطئ")));
    assert_eq!(
        places.get(4),
        Some(PlaceOf::At(u64::MAX >> 1, 1, 0xDEAD_BEEF))
    );
    assert_eq!(places.get(5), None);
    assert_eq!(places.into_paras().collect::<Vec<_>>(), put);
}

/// A place whose bytes are no longer the paragraph's (the file rewritten
/// at the same size) reads as not there, though it reads whole.
#[test]
fn a_place_rewritten_in_the_file_is_told() {
    use super::loading::{Para, Places};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "أول\nالفقرة الثانية\n").expect("write");
    let file = std::fs::File::open(&path).expect("open");
    let para = "الفقرة الثانية";
    let start = "أول\n".len() as u64;
    let mut places = Places::default();
    places.push(Para::At(
        start,
        para.len() as u32,
        crc32fast::hash(para.as_bytes()),
    ));
    assert_eq!(
        places
            .read(0, Some(&file))
            .map(|r| r.ok().map(|t| t.into_owned())),
        Some(Some(para.to_string()))
    );
    // The same length, other letters.
    std::fs::write(&path, "أول\nالفقرة الثالثة\n").expect("write");
    let read = places.read(0, Some(&file)).expect("a paragraph");
    assert_eq!(
        read.err().map(|e| e.partial),
        Some("الفقرة الثالثة".to_string())
    );
}

proptest::proptest! {
    /// Each paragraph's bytes in the file, as the reader gives them for
    /// its index, decode to the paragraph, whatever the reads return and
    /// wherever invalid sequences (of 1 to 3 bytes), a BOM, CRLF, long
    /// lines cut in pieces and glued sentences fall.
    #[test]
    fn file_ranges_hold_each_paragraph(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            &b"\xd9\x82\xd8\xa7\xd9\x84"[..], b" ", b"\n", b"\r\n", b"\n\n", b".", b"x",
            b"\xff", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc3", b"\x80\x80", b"\x1b[31m",
            "\u{064E}".as_bytes(), "ﻻ".as_bytes(), b"\t",
        ]), 0..200),
        bom in proptest::bool::ANY,
        read in 1usize..40,
    ) {
        let mut bytes: Vec<u8> = if bom { "\u{FEFF}".as_bytes().to_vec() } else { Vec::new() };
        for p in &pieces {
            bytes.extend_from_slice(p);
        }
        let splitter = super::ParagraphSplitter::with_limit(24);
        let mut lines = super::LineReader::with_splitter(
            std::io::BufReader::with_capacity(read, &bytes[..]),
            splitter,
        );
        while let Some(spans) = lines.next_spans().expect("read") {
            for (range, text) in &spans {
                let (start, len) = lines.file_range(range);
                let raw = &bytes[start as usize..(start + len) as usize];
                let again = crate::text::sanitize::sanitize(&crate::text::sanitize::decode(raw).text);
                proptest::prop_assert_eq!(&again, text);
            }
        }
    }
}

/// Where text and file part is kept only for the text not yet made into
/// paragraphs: a file of 4 MB of invalid bytes, read a line at a time,
/// never keeps more than a line's worth.
#[test]
fn shifts_are_forgotten_as_paragraphs_are_made() {
    let line = [&[0xFFu8; 100][..], b"\n"].concat();
    let bytes = line.repeat(40_000);
    let mut lines = super::LineReader::new(std::io::BufReader::with_capacity(4096, &bytes[..]));
    let (mut most, mut paragraphs) = (0, 0);
    while let Some(spans) = lines.next_spans().expect("read") {
        paragraphs += spans.len();
        most = most.max(lines.shifts_kept());
    }
    assert_eq!(paragraphs, 40_000);
    assert_eq!(lines.invalid, 4_000_000);
    // A read of 4 KiB holds at most 4,096 invalid bytes, with the line
    // before it; never the 4 million of the file.
    assert!(most <= 4096 + 101 + 1, "{most}");
}

/// Reads for work no longer wanted fail at once, and say so.
#[test]
fn a_stopped_index_reads_nothing() {
    use super::loading::{Para, Places};
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "أول\nثان\n").expect("write");
    let file = std::fs::File::open(&path).expect("open");
    let mut places = Places::default();
    let second = "ثان";
    places.push(Para::At(
        "أول\n".len() as u64,
        second.len() as u32,
        crc32fast::hash(second.as_bytes()),
    ));
    let held = vec!["أول".to_string()];
    let stop = AtomicBool::new(false);
    let texts = super::Indexed::new(&held, &places, Some(&file)).stopping(&stop);
    assert_eq!(super::Texts::text(&texts, 1).as_deref(), Some(second));
    assert!(!texts.failed());
    stop.store(true, Ordering::Relaxed);
    assert_eq!(super::Texts::text(&texts, 1).as_deref(), Some(""));
    assert_eq!(super::Texts::text(&texts, 2), None);
    assert!(texts.failed());
    // What is held is still read.
    assert_eq!(super::Texts::text(&texts, 0).as_deref(), Some("أول"));
}
