//! Properties of the pipeline on arbitrary input (proptest).

use hamish::cli::render::render_from;
use hamish::text::width::str_width;
use hamish::text::{Direction, Options, Prepared, render_paragraph};
use proptest::prelude::*;
use unicode_bidi::BidiInfo;
use unicode_segmentation::UnicodeSegmentation;

fn render_bytes(bytes: &[u8], width: usize, opts: Options) -> String {
    let mut out = Vec::new();
    render_from(bytes, width, opts, None, &mut out).expect("render never fails on bytes");
    String::from_utf8(out).expect("render writes UTF-8")
}

/// Text made of the pieces news articles mix: Arabic with harakat, Latin,
/// digits, brackets, quotes, punctuation, spaces and bidi controls.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("ال".to_string()),
        Just("لا".to_string()),
        Just("شَنَّ".to_string()),
        Just("قال".to_string()),
        Just("الولايات".to_string()),
        Just("رويترز".to_string()),
        Just("U.S.".to_string()),
        Just("Reuters".to_string()),
        Just("2017".to_string()),
        Just("11.30".to_string()),
        Just("٢٠١٧".to_string()),
        Just("https://example.com/a?b=1".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("،".to_string()),
        Just(".".to_string()),
        Just("-".to_string()),
        Just("%".to_string()),
        Just(" ".to_string()),
        Just(" ".to_string()),
        Just("\u{06DD}".to_string()),
        Just("\u{200F}".to_string()),
        Just("\u{2067}".to_string()),
        Just("\u{2069}".to_string()),
        "[a-z]{1,12}",
        "[\u{0621}-\u{064A}]{1,12}",
    ];
    prop::collection::vec(piece, 1..40).prop_map(|v| v.concat())
}

/// Characters that test grapheme rules: letters, harakat, Prepend, ZWJ and
/// emoji, regional indicators, Hangul jamo, a Devanagari conjunct, CR LF.
fn cluster_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        Just('a'),
        Just(' '),
        Just('ب'),
        Just('ل'),
        Just('ا'),
        Just('٣'),
        Just('«'),
        Just('\u{064E}'),
        Just('\u{0651}'),
        Just('\u{0670}'),
        Just('\u{0300}'),
        Just('\u{0600}'),
        Just('\u{06DD}'),
        Just('\u{200D}'),
        Just('\u{200C}'),
        Just('\u{1F468}'),
        Just('\u{1F1F8}'),
        Just('\u{1F1E6}'),
        Just('\u{FE0F}'),
        Just('\u{1100}'),
        Just('\u{1161}'),
        Just('\u{11A8}'),
        Just('\u{0915}'),
        Just('\u{094D}'),
        Just('\u{0937}'),
        Just('\u{093F}'),
        Just('\r'),
        Just('\n'),
        Just('\u{00AD}'),
        Just('\u{2026}'),
        any::<char>(),
    ];
    prop::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
}

/// Right-to-left text with numbers and the characters the weak-type rules
/// turn on: digits of both kinds, separators, terminators, marks.
fn rtl_number_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        Just('ب'),
        Just('ل'),
        Just('ש'),
        Just('1'),
        Just('2'),
        Just('٣'),
        Just('۴'),
        Just('.'),
        Just(','),
        Just(':'),
        Just('/'),
        Just('+'),
        Just('-'),
        Just('%'),
        Just('$'),
        Just('#'),
        Just('٫'),
        Just('٪'),
        Just(' '),
        Just('('),
        Just(')'),
        Just('«'),
        Just('»'),
        Just('\u{064E}'),
        Just('\u{0651}'),
        Just('\u{200F}'),
        Just('\u{061C}'),
        Just('!'),
        Just('a'),
    ];
    prop::collection::vec(c, 0..30).prop_map(|v| v.into_iter().collect())
}

/// Letters of both directions inside and around brackets of every kind
/// (canonically equivalent pairs too), with numbers, separators and marks:
/// what rule N0 and the neutral rules turn on.
fn bracket_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        Just('a'),
        Just('Z'),
        Just('ب'),
        Just('ש'),
        Just('1'),
        Just('٣'),
        Just('('),
        Just(')'),
        Just('['),
        Just(']'),
        Just('{'),
        Just('}'),
        Just('\u{2329}'),
        Just('\u{232A}'),
        Just('\u{3008}'),
        Just('\u{3009}'),
        Just('«'),
        Just('»'),
        Just(' '),
        Just('.'),
        Just(','),
        Just('%'),
        Just('+'),
        Just('!'),
        Just('\u{064E}'),
        Just('\u{0300}'),
        Just('\t'),
    ];
    prop::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
}

/// The pipeline's paragraph levels (with its fast paths) are
/// unicode-bidi's, for every direction.
fn levels_are_unicode_bidis(text: &str) -> Result<(), TestCaseError> {
    use hamish::text::bidi::{Direction as D, resolve};
    for (d, default) in [
        (D::Auto, None),
        (D::Rtl, Some(unicode_bidi::Level::rtl())),
        (D::Ltr, Some(unicode_bidi::Level::ltr())),
    ] {
        let info = unicode_bidi::ParagraphBidiInfo::new(text, default);
        let full: Vec<u8> = info.levels.iter().map(|l| l.number()).collect();
        let (ours, rtl) = resolve(text, d);
        prop_assert_eq!(&ours, &full, "{:?} {:?}", text, d);
        prop_assert_eq!(rtl, info.paragraph_level.is_rtl());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Brackets, mixed directions and numbers: the pipeline's paragraph
    /// levels are unicode-bidi's, for every direction.
    #[test]
    fn bracketed_mixed_levels_are_unicode_bidis(text in bracket_text()) {
        levels_are_unicode_bidis(&text)?;
    }

    /// The pipeline's paragraph levels (with its fast paths) are
    /// unicode-bidi's, for every direction.
    #[test]
    fn paragraph_levels_are_unicode_bidis(text in rtl_number_text()) {
        levels_are_unicode_bidis(&text)?;
    }

    /// The pipeline's fast cluster split is unicode-segmentation's.
    #[test]
    fn clusters_are_extended_graphemes(text in cluster_text()) {
        let ours: Vec<(usize, &str)> = hamish::text::clusters(&text).collect();
        let theirs: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
        prop_assert_eq!(ours, theirs);
    }

    /// No panic, no escape sequence or other control out, no line wider
    /// than the width, RTL lines end at the last column, no trailing spaces.
    #[test]
    fn render_is_safe_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600),
                                   width in 2usize..120, shape in any::<bool>()) {
        let opts = Options { shape, ..Options::default() };
        let out = render_bytes(&bytes, width, opts);
        for line in out.lines() {
            prop_assert!(!line.chars().any(|c| c.is_control()), "control in {line:?}");
            prop_assert!(str_width(line) <= width, "{line:?} wider than {width}");
            prop_assert!(!line.ends_with(' '), "trailing space in {line:?}");
        }
    }

    #[test]
    fn lines_fit_and_rtl_lines_end_at_the_edge(text in mixed_text(), width in 4usize..200, shape in any::<bool>()) {
        let opts = Options { shape, ..Options::default() };
        let p = Prepared::new(&text, opts);
        for range in p.wrap(width) {
            // What `render` prints is what the reader draws.
            let mut printed = Vec::new();
            p.write_line(range.clone(), width, &mut printed);
            prop_assert_eq!(String::from_utf8(printed).expect("UTF-8"), p.visual_line(range).padded(width));
        }
        for line in p.lines(width) {
            prop_assert!(line.cells <= width || line.segments.len() == 1);
            prop_assert_eq!(line.cells, str_width(&line.text));
            let printed = line.padded(width);
            if p.is_rtl() && line.cells <= width {
                prop_assert_eq!(str_width(&printed), width);
            }
        }
    }

    /// Every printable grapheme of the paragraph is shown exactly once over
    /// all its lines (spaces at line breaks excepted).
    #[test]
    fn every_grapheme_once(text in mixed_text(), width in 4usize..120) {
        let opts = Options { shape: false, apply_bidi_controls: true, ..Options::default() };
        let p = Prepared::new(&text, opts);
        let mut shown: Vec<std::ops::Range<usize>> = p
            .lines(width)
            .into_iter()
            .flat_map(|l| l.segments.into_iter().map(|s| s.logical))
            .collect();
        shown.sort_by_key(|r| r.start);
        for w in shown.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "overlap {:?}", w);
        }
        for (i, g) in text.grapheme_indices(true) {
            let invisible = g.chars().all(hamish::text::sanitize::is_invisible_format);
            if g == " " || invisible {
                continue;
            }
            prop_assert!(shown.iter().any(|r| r.start == i), "{g:?} at {i} not shown");
        }
    }

    /// Each visual line is unicode-bidi's own reordering (levels, L1 and L2
    /// from its line API) of the logical slice it shows, with L4 mirroring.
    #[test]
    fn lines_match_unicode_bidi_line_reordering(text in mixed_text(), width in 20usize..200,
                                                 dir in prop_oneof![Just(Direction::Auto), Just(Direction::Rtl), Just(Direction::Ltr)]) {
        // Harakat are reordered by cluster here (L3) and by code point there.
        let text: String = text.chars().filter(|c| !('\u{064B}'..='\u{0652}').contains(c)).collect();
        let opts = Options { shape: false, direction: dir, reorder: true, apply_bidi_controls: true };
        let p = Prepared::new(&text, opts);
        let level = match dir {
            Direction::Auto => None,
            Direction::Rtl => Some(unicode_bidi::Level::rtl()),
            Direction::Ltr => Some(unicode_bidi::Level::ltr()),
        };
        let info = BidiInfo::new(&text, level);
        let para = &info.paragraphs[0];
        for line in p.lines(width) {
            let Some(start) = line.segments.iter().map(|s| s.logical.start).min() else { continue };
            let end = line.segments.iter().map(|s| s.logical.end).max().unwrap_or(start);
            // Per byte of the whole paragraph, L1 applied to this line.
            let levels = info.reordered_levels(para, start..end);
            let slice: Vec<(usize, char)> = text[start..end].char_indices().map(|(i, c)| (start + i, c)).collect();
            let line_levels: Vec<unicode_bidi::Level> = slice.iter().map(|&(i, _)| levels[i]).collect();
            let order = BidiInfo::reorder_visual(&line_levels);
            let expected: String = order
                .into_iter()
                .map(|k| {
                    let c = slice[k].1;
                    if line_levels[k].is_rtl() { unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c) } else { c }
                })
                .filter(|c| !hamish::text::sanitize::is_invisible_format(*c))
                .collect();
            prop_assert_eq!(&line.text, &expected, "slice {:?}", &text[start..end]);
        }
    }

    #[test]
    fn lam_alef_dense_text_is_measured_right(n in 1usize..60, width in 3usize..80) {
        let text = "الاستقلال لا ".repeat(n);
        for line in render_paragraph(text.trim(), width, Options { shape: false, ..Options::default() }) {
            prop_assert_eq!(str_width(&line), width);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// A logical range (a selection, a tagged phrase) is highlighted on
    /// exactly the cells whose characters lie in it, however bidi and
    /// wrapping scattered them, and each of its characters once.
    #[test]
    fn a_logical_range_is_highlighted_exactly_where_its_characters_are(
        text in mixed_text(),
        width in 3usize..60,
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        shape in any::<bool>(),
    ) {
        let opts = Options { shape, ..Options::default() };
        let p = Prepared::new(&text, opts);
        let lines: Vec<_> = p.wrap(width).into_iter().map(|r| p.visual_line(r)).collect();
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let (s, e) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
        let range = s.min(e)..s.max(e);
        prop_assume!(!range.is_empty());
        let mut shown = vec![0u32; text.len()];
        for line in &lines {
            let runs = line.cells_of(&range, width);
            // What it says, cell by cell; and what the segments say,
            // walked here on their own.
            let got: Vec<usize> = runs.iter().flat_map(|&(x, n)| x..x + n).collect();
            let mut want = Vec::new();
            let mut x = line.indent(width);
            for seg in &line.segments {
                let chars: Vec<usize> = text[seg.logical.clone()]
                    .char_indices()
                    .map(|(i, _)| seg.logical.start + i)
                    .collect();
                if chars.iter().any(|c| range.contains(c)) {
                    want.extend(x..x + seg.cells);
                    for c in chars {
                        shown[c] += 1;
                    }
                }
                x += seg.cells;
            }
            prop_assert_eq!(&got, &want);
            // Runs in order, apart, inside the line as drawn.
            for w in runs.windows(2) {
                prop_assert!(w[0].0 + w[0].1 < w[1].0);
            }
            let right = line.indent(width) + line.cells;
            prop_assert!(got.iter().all(|&c| c >= line.indent(width) && c < right));
        }
        // Every character of the range is shown once, unless it takes no
        // cell (a space where the line breaks, a mark of direction).
        for (i, c) in text[range.clone()].char_indices() {
            let n = shown[range.start + i];
            let may_vanish = c.is_whitespace() || str_width(&c.to_string()) == 0;
            prop_assert!(n == 1 || (n == 0 && may_vanish), "{:?} at {} shown {} times", c, range.start + i, n);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// On text with nothing to fold (plain letters, no marks, no variants),
    /// folded search finds exactly what search as written finds.
    #[test]
    fn folding_finds_the_same_hits_where_there_is_nothing_to_fold(
        text in "[ابتلمنسيو 0-9a-z]{0,80}",
        from in any::<prop::sample::Index>(),
        len in 1usize..6,
    ) {
        use hamish::text::fold::{Fold, find_all};
        let chars: Vec<char> = text.chars().collect();
        prop_assume!(!chars.is_empty());
        let start = from.index(chars.len());
        let query: String = chars[start..(start + len).min(chars.len())].iter().collect();
        let strict = Fold { strict: true, ..Fold::default() };
        let loose = find_all(&text, &query, Fold::default());
        prop_assert_eq!(&loose, &find_all(&text, &query, strict));
        prop_assert!(!loose.is_empty());
        for r in &loose {
            prop_assert_eq!(&text[r.clone()], query.as_str());
        }
    }

    /// Folding a text whole (runs that fold to themselves copied at once)
    /// gives what folding it a character at a time gives, on any text:
    /// Arabic with marks and variants, Latin in both cases, anything else.
    #[test]
    fn folding_a_text_whole_is_folding_each_character(
        text in "([\\x{0600}-\\x{06FF}A-Za-z0-9 ٠-٩۰-۹ÀÉİẞ]|\\PC){0,120}",
        ta_marbuta in any::<bool>(),
    ) {
        use hamish::text::fold::{Fold, fold_char, fold_str};
        let how = Fold { ta_marbuta, ..Fold::default() };
        let mut whole = String::new();
        fold_str(&text, how, &mut whole);
        let mut each = String::new();
        for c in text.chars() {
            fold_char(c, how, &mut each);
        }
        prop_assert_eq!(whole, each);
    }
}
