//! Published values, and small cases worked by hand (the arithmetic is in
//! the comments).

use super::*;
use crate::notes::anchor::{Item, Status};
use crate::notes::model::{Annotation, anchor_for, anchor_for_article};

fn close(got: Option<f64>, want: f64, tolerance: f64) -> bool {
    got.is_some_and(|g| (g - want).abs() <= tolerance)
}

/// Coders' rows (`0` missing) turned into units (columns).
fn units(rows: &[&[u8]]) -> Vec<Vec<Option<u8>>> {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    (0..width)
        .map(|u| {
            rows.iter()
                .map(|r| r.get(u).copied().filter(|&v| v != 0))
                .collect()
        })
        .collect()
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
/// section C: 4 observers, 12 units, nominal values 1-5, 7 missing; alpha
/// = 0.743. By hand: unit 12 holds one value and is left out; the other
/// 11 hold n = 40 values (n_1..n_5 = 9, 13, 10, 5, 3, so n^2 - sum n_c^2
/// = 1600 - 384 = 1216); units 2 (2,2,3,2), 6 (1,2,3,4) and 8 (1,1,2,1)
/// disagree: 6/3 + 12/3 + 6/3 = 8; alpha = 1 - 39 * 8 / 1216 = 0.74342.
#[test]
fn krippendorff_2011_nominal_example_with_missing_data() {
    let data = units(&[
        &[1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
        &[1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
        &[0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
        &[1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
    ]);
    let a = agreement(&data);
    assert_eq!(a.items, 11);
    assert!(close(a.alpha, 0.743, 0.0005), "{a:?}");
    assert!(close(a.alpha, 1.0 - 39.0 * 8.0 / 1216.0, 1e-12), "{a:?}");
    // Four coders: no kappa.
    assert_eq!((a.kappa, a.observed), (None, None));
}

/// Krippendorff (2011), section B: two observers, ten units, binary;
/// alpha = 0.095. By hand: n = 20, n_0 = 14, n_1 = 6 (400 - 232 = 168);
/// units 1, 3, 6 and 9 disagree (2 each): alpha = 1 - 19 * 8 / 168.
#[test]
fn krippendorff_2011_two_observers_binary() {
    let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    let data: Vec<Vec<Option<u8>>> = a
        .iter()
        .zip(&b)
        .map(|(&x, &y)| vec![Some(x), Some(y)])
        .collect();
    let got = agreement(&data);
    assert_eq!(got.items, 10);
    assert!(close(got.alpha, 0.095, 0.0005), "{got:?}");
    assert!(close(got.alpha, 1.0 - 152.0 / 168.0, 1e-12));
    // Kappa by hand: p_o = 6/10; A says 1 twice, B four times: p_e =
    // 0.2 * 0.4 + 0.8 * 0.6 = 0.56; kappa = 0.04 / 0.44.
    assert!(close(got.observed, 0.6, 1e-12));
    assert!(close(got.kappa, 0.04 / 0.44, 1e-12));
}

/// Wikipedia, "Krippendorff's alpha", the computational example (also the
/// `krippendorff` Python package's test: 0.691358): 3 coders, 15 units.
/// By hand: 12 pairable units, n = 26 (n_1..n_4 = 7, 4, 10, 5: 676 - 190
/// = 486); units 6 (3,3,4), 8 (1,3) and 15 (3,4) disagree: 4/2 + 2 + 2 =
/// 6; alpha = 1 - 25 * 6 / 486.
#[test]
fn wikipedia_three_coders_fifteen_units() {
    let data = units(&[
        &[0, 0, 0, 0, 0, 3, 4, 1, 2, 1, 1, 3, 3, 0, 3],
        &[1, 0, 2, 1, 3, 3, 4, 3, 0, 0, 0, 0, 0, 0, 0],
        &[0, 0, 2, 1, 3, 4, 4, 0, 2, 1, 1, 3, 3, 0, 4],
    ]);
    let a = agreement(&data);
    assert_eq!(a.items, 12);
    assert!(close(a.alpha, 0.691358, 0.0000005), "{a:?}");
    assert!(close(a.alpha, 1.0 - 150.0 / 486.0, 1e-12));
}

/// Two coders' yes/no table as units: `yy` both yes, `yn` A yes B no...
fn table(yy: usize, yn: usize, ny: usize, nn: usize) -> Vec<Vec<Option<bool>>> {
    let mut out = Vec::new();
    for (n, a, b) in [
        (yy, true, true),
        (yn, true, false),
        (ny, false, true),
        (nn, false, false),
    ] {
        out.extend(std::iter::repeat_n(vec![Some(a), Some(b)], n));
    }
    out
}

/// Wikipedia, "Cohen's kappa", the worked example: 50 grant proposals,
/// both yes 20, A yes B no 5, A no B yes 10, both no 15: p_o = 0.7, p_e =
/// 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.4.
#[test]
fn cohen_kappa_wikipedia_grant_example() {
    let a = agreement(&table(20, 5, 10, 15));
    assert_eq!(a.items, 50);
    assert!(close(a.observed, 0.7, 1e-12), "{a:?}");
    assert!(close(a.kappa, 0.4, 1e-12), "{a:?}");
}

/// Gerstman, "Epidemiology Kept Simple" (3rd ed., 2013), chapter 10:
/// Illustrative Example 10.1 (X-rays read twice: a = 1467, d = 16232, N
/// = 19790, row and column totals of "+" 2249 and 2776, so b = 782 and c
/// = 1309): p_o = 0.8943, p_e = 0.7780, kappa = 0.524. Table 10.6, the
/// kappa paradox (after Feinstein and Cicchetti, 1990): the same p_o =
/// 0.85 with kappa 0.70 (40, 9, 6, 45) and 0.32 (80, 10, 5, 5).
#[test]
fn cohen_kappa_epidemiology_kept_simple() {
    let xray = agreement(&table(1467, 782, 1309, 16232));
    assert_eq!(xray.items, 19790);
    assert!(close(xray.observed, 0.8943, 0.00005), "{xray:?}");
    assert!(close(xray.kappa, 0.524, 0.0005), "{xray:?}");
    let a = agreement(&table(40, 9, 6, 45));
    assert!(close(a.observed, 0.85, 1e-12));
    assert!(close(a.kappa, 0.70, 0.005), "{a:?}");
    let b = agreement(&table(80, 10, 5, 5));
    assert!(close(b.observed, 0.85, 1e-12));
    assert!(close(b.kappa, 0.32, 0.005), "{b:?}");
}

#[test]
fn undefined_when_there_is_nothing_to_compare() {
    let none = Agreement {
        items: 0,
        alpha: None,
        kappa: None,
        observed: None,
    };
    // No units at all.
    assert_eq!(agreement::<u8>(&[]), none);
    // All missing.
    assert_eq!(agreement::<u8>(&[vec![None, None], vec![None, None]]), none);
    // One coder per unit: nothing pairable.
    assert_eq!(agreement(&[vec![Some(1), None], vec![None, Some(2)]]), none);
    // No variation: every value the same. Expected disagreement is 0, so
    // alpha is 0/0; chance agreement is 1, so kappa is too; they agree
    // on all 3.
    let same = agreement(&vec![vec![Some(0), Some(0)]; 3]);
    assert_eq!(
        same,
        Agreement {
            items: 3,
            alpha: None,
            kappa: None,
            observed: Some(1.0),
        }
    );
}

#[test]
fn perfect_agreement_with_variation_is_exactly_one() {
    let a = agreement(&table(3, 0, 0, 5));
    assert_eq!(
        (a.alpha, a.kappa, a.observed),
        (Some(1.0), Some(1.0), Some(1.0))
    );
    // Three coders: alpha only.
    let three = agreement(&[
        vec![Some(1), Some(1), Some(1)],
        vec![Some(2), Some(2), None],
    ]);
    assert_eq!(
        (three.items, three.alpha, three.kappa),
        (2, Some(1.0), None)
    );
}

#[test]
fn merged_tallies_are_the_tally_of_all_units() {
    let all = table(20, 5, 10, 15);
    let mut first = Tally::new(2);
    let mut second = Tally::new(2);
    for (i, u) in all.iter().enumerate() {
        if i % 3 == 0 { &mut first } else { &mut second }.add(u);
    }
    first.merge(&second);
    assert_eq!(first.result(), agreement(&all));
}

#[test]
fn words_are_word_segments_with_a_letter_or_digit() {
    // ق ا ل َ (0..4), space, الجيش (5..10), space, إن (11..13), space,
    // الجيش (14..19), space, تقدم (20..24), space, '(' at 25, رويترز
    // (26..32), ')', '.'.
    assert_eq!(
        words("قالَ الجيش إن الجيش تقدم (رويترز)."),
        [0..4, 5..10, 11..13, 14..19, 20..24, 26..32]
    );
    assert_eq!(words("عام 2017 - "), [0..3, 4..8]);
    assert!(words("").is_empty() && words(" – (،) ").is_empty());
}

/// An annotation made by hand: author, paragraph (`None`: a label on the
/// article), phrase code points, tags.
type Mark<'a> = (&'a str, Option<usize>, Option<Range<usize>>, &'a [&'a str]);

/// An article of `paragraphs` with `marks`.
fn article(paragraphs: &[&str], marks: &[Mark]) -> ExportArticle {
    let ps: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
    let mut items = Vec::new();
    let mut labels = Vec::new();
    for (author, para, span, tags) in marks {
        let anchor = match para {
            Some(p) => anchor_for(&ps, *p, "doc"),
            None => anchor_for_article("doc"),
        };
        let mut ann = Annotation::new(author.to_string(), anchor);
        ann.tags = tags.iter().map(|t| t.to_string()).collect();
        match para {
            Some(_) => items.push(Item {
                ann,
                para: *para,
                span: span.clone(),
                status: Status::Exact,
            }),
            None => labels.push(ann),
        }
    }
    let text = ps.join("\n");
    let mut spans = Vec::new();
    let mut at = 0;
    for p in &ps {
        spans.push(at..at + p.len());
        at += p.len() + 1;
    }
    ExportArticle {
        name: "a.txt".into(),
        path: "a.txt".into(),
        text,
        spans,
        positions: Vec::new(),
        items,
        labels,
        warnings: Vec::new(),
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Article 1 (4 paragraphs): alice tags 1 and 2 `claim`, bob tags 1
/// `claim` and labels the article (so he read it). Article 2: only alice
/// (`source` on paragraph 1): bob's values are missing, nothing pairable.
///
/// claim: 4 units (1,1) (1,0) (0,0) (0,0): p_o = 3/4; A yes 2, B yes 1:
/// p_e = (2*1 + 2*3)/16 = 0.5, kappa = 0.5; alpha: n = 8, n_1 = 3, n_0 =
/// 5, disagreement 2: 1 - 7 * 2 / (64 - 34) = 1 - 14/30.
/// source: 4 units, all (0,0): alpha and kappa undefined, p_o = 1.
/// Overall, 8 units: p_o = 7/8, chance = (2*1 + 6*7) = 44, kappa = (8*7 -
/// 44)/(64 - 44) = 0.6; alpha: n = 16, n_1 = 3: 1 - 15 * 2 / (256 - 178).
#[test]
fn paragraphs_of_articles_each_annotator_read() {
    let one = article(
        &["a", "b", "c", "d"],
        &[
            ("alice", Some(0), None, &["claim"]),
            ("alice", Some(1), None, &["claim"]),
            ("bob", Some(0), None, &["claim"]),
            ("bob", None, None, &["disputed"]),
        ],
    );
    let two = article(&["e", "f"], &[("alice", Some(0), None, &["source"])]);
    let articles = [one, two];
    assert_eq!(annotators(&articles), names(&["alice", "bob"]));
    let r = report(&articles, &names(&["alice", "bob"]), None);
    assert_eq!(r.levels.len(), 1, "no phrase: no word level");
    let l = &r.levels[0];
    assert_eq!(l.level, Level::Paragraphs);
    let tags: Vec<&str> = l.rows.iter().map(|r| r.tag.as_str()).collect();
    assert_eq!(tags, ["claim", "source"], "labels are not paragraph tags");
    let claim = &l.rows[0].agreement;
    assert_eq!(claim.items, 4);
    assert!(close(claim.observed, 0.75, 1e-12));
    assert!(close(claim.kappa, 0.5, 1e-12));
    assert!(close(claim.alpha, 1.0 - 14.0 / 30.0, 1e-12));
    let source = &l.rows[1].agreement;
    assert_eq!(
        (source.items, source.alpha, source.kappa, source.observed),
        (4, None, None, Some(1.0))
    );
    let all = l.overall.as_ref().expect("pooled");
    assert_eq!(all.items, 8);
    assert!(close(all.observed, 7.0 / 8.0, 1e-12));
    assert!(close(all.kappa, 0.6, 1e-12));
    assert!(close(all.alpha, 1.0 - 30.0 / 78.0, 1e-12));

    // One tag asked for: that row only, nothing pooled; a tag no one
    // used is all 0s: undefined.
    let r = report(&articles, &names(&["alice", "bob"]), Some("claim"));
    assert_eq!(r.levels[0].rows.len(), 1);
    assert_eq!(r.levels[0].rows[0].agreement, *claim);
    assert_eq!(r.levels[0].overall, None);
    let r = report(&articles, &names(&["alice", "bob"]), Some("quote"));
    assert_eq!(r.levels[0].rows[0].agreement.alpha, None);
    assert_eq!(r.levels[0].rows[0].agreement.items, 4);

    // A third annotator who read nothing changes no alpha, and there is
    // no kappa for three.
    let r = report(&articles, &names(&["alice", "bob", "carol"]), None);
    let claim3 = &r.levels[0].rows[0].agreement;
    assert_eq!((claim3.items, claim3.alpha), (4, claim.alpha));
    assert_eq!((claim3.kappa, claim3.observed), (None, None));
}

/// "قالَ الجيش إن الجيش تقدم (رويترز)." (6 words, see
/// `words_are_word_segments_with_a_letter_or_digit`) after a title.
/// alice: الجيش (5..10) `actor`. bob: الجيش إن (5..13) `actor` and
/// (رويترز). (25..34) `source`.
///
/// Words, actor: (0,0) (1,1) (0,1) (0,0) (0,0) (0,0): p_o = 5/6; chance
/// = 1*2 + 5*4 = 22: kappa = (6*5 - 22)/(36 - 22) = 8/14; alpha: n = 12,
/// n_1 = 3, disagreement 2: 1 - 11 * 2 / (144 - 90).
/// Words, source: only bob's w6: chance = 6*5 = 30, kappa = (30 -
/// 30)/(36 - 30) = 0; alpha: n_1 = 1: 1 - 11 * 2 / (144 - 122) = 0.
/// Words pooled (12 units): p_o = 10/12; A yes 1, B yes 3: chance = 3 +
/// 11*9 = 102, kappa = (120 - 102)/(144 - 102) = 18/42; alpha: n = 24,
/// n_1 = 4, disagreement 4: 1 - 23 * 4 / (576 - 416).
/// Paragraphs: actor (0,0) (1,1): alpha = kappa = 1; source (0,0) (0,1):
/// alpha = 1 - 3 * 2 / (16 - 10) = 0, kappa = (2 - 2)/(4 - 2) = 0.
#[test]
fn words_of_paragraphs_with_phrases() {
    let text = "قالَ الجيش إن الجيش تقدم (رويترز).";
    let a = article(
        &["عنوان", text],
        &[
            ("alice", Some(1), Some(5..10), &["actor"]),
            ("bob", Some(1), Some(5..13), &["actor"]),
            ("bob", Some(1), Some(25..34), &["source"]),
        ],
    );
    let r = report(&[a], &names(&["alice", "bob"]), None);
    assert_eq!(r.levels.len(), 2);
    let paras = &r.levels[0];
    let actor = &paras.rows[0].agreement;
    assert_eq!((paras.rows[0].tag.as_str(), actor.items), ("actor", 2));
    assert_eq!((actor.alpha, actor.kappa), (Some(1.0), Some(1.0)));
    let source = &paras.rows[1].agreement;
    assert!(close(source.alpha, 0.0, 1e-12) && close(source.kappa, 0.0, 1e-12));

    let w = &r.levels[1];
    assert_eq!(w.level, Level::Words);
    let actor = &w.rows[0].agreement;
    assert_eq!(actor.items, 6);
    assert!(close(actor.observed, 5.0 / 6.0, 1e-12));
    assert!(close(actor.kappa, 8.0 / 14.0, 1e-12));
    assert!(close(actor.alpha, 1.0 - 22.0 / 54.0, 1e-12));
    let source = &w.rows[1].agreement;
    assert!(close(source.kappa, 0.0, 1e-12) && close(source.alpha, 0.0, 1e-12));
    let all = w.overall.as_ref().expect("pooled");
    assert_eq!(all.items, 12);
    assert!(close(all.observed, 10.0 / 12.0, 1e-12));
    assert!(close(all.kappa, 18.0 / 42.0, 1e-12));
    assert!(close(all.alpha, 1.0 - 92.0 / 160.0, 1e-12));
}

#[test]
fn an_annotator_with_nothing_anywhere_leaves_everything_unpaired() {
    let a = article(&["a", "b"], &[("alice", Some(0), None, &["claim"])]);
    let r = report(&[a], &names(&["alice", "nobody"]), None);
    let claim = &r.levels[0].rows[0].agreement;
    assert_eq!(
        (claim.items, claim.alpha, claim.kappa, claim.observed),
        (0, None, None, None)
    );
    // A phrase past the end of its paragraph, or on a paragraph the
    // article does not have, is taken as it is, never a panic.
    let b = article(
        &["ab"],
        &[
            ("alice", Some(0), Some(1..99), &["claim"]),
            ("bob", Some(7), Some(0..1), &["claim"]),
        ],
    );
    let r = report(&[b], &names(&["alice", "bob"]), None);
    assert_eq!(r.levels[1].rows[0].agreement.items, 1);
}
