//! Phrase annotations: their anchors, re-anchoring when the text changes,
//! editing them apart from their paragraph's, and the schema they need.

use super::anchor::{Status, Target, place_all};
use super::edit::{change_target, on_paragraph, on_target};
use super::model::anchor_for_span;
use super::store::NoteStore;

fn paras(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Code points of `phrase` in `text` (its `nth` occurrence).
fn span_of(text: &str, phrase: &str, nth: usize) -> std::ops::Range<usize> {
    let (byte, _) = text.match_indices(phrase).nth(nth).expect("the phrase");
    let start = text[..byte].chars().count();
    start..start + phrase.chars().count()
}

/// Where the phrase saved on `old` is found in `new`: its paragraph and
/// its text there.
fn follow(
    old: &[String],
    para: usize,
    phrase: &str,
    nth: usize,
    new: &[String],
) -> (Option<(usize, String)>, Status) {
    let span = span_of(&old[para], phrase, nth);
    let anchor = anchor_for_span(old, para, span, "doc").expect("a phrase");
    let (at, status) = Target::new(new).place_span(&anchor);
    let shown = at.map(|(p, r)| (p, new[p].chars().skip(r.start).take(r.len()).collect()));
    (shown, status)
}

const P0: &str = "قال المتحدث باسم الجيش إن 1,500 مقاتل نزحوا (AFP).";
const P1: &str = "وأضاف أن المعارك مستمرة قرب دير الزور.";

#[test]
fn a_phrase_anchor_holds_its_text_its_context_and_its_code_points() {
    let old = paras(&[P0, P1]);
    let span = span_of(P0, "1,500 مقاتل", 0);
    let a = anchor_for_span(&old, 0, span.clone(), "doc").expect("a phrase");
    assert_eq!(a.quote, "1,500 مقاتل");
    assert_eq!(a.span(), Some(span));
    assert_eq!(a.prefix, "قال المتحدث باسم الجيش إن ");
    assert_eq!(a.suffix, " نزحوا (AFP).");
    assert_eq!(a.para_sha256, crate::digest::sha256_hex(P0.as_bytes()));
    // Nothing selected, or past the end: no anchor.
    assert!(anchor_for_span(&old, 0, 3..3, "doc").is_none());
    assert!(anchor_for_span(&old, 5, 0..2, "doc").is_none());
    // Clamped to the paragraph.
    let from = span_of(P1, "دير", 0).start;
    let tail = anchor_for_span(&old, 1, from..999, "doc").expect("a phrase");
    assert_eq!(tail.quote, "دير الزور.");
}

#[test]
fn a_phrase_follows_edits_around_it() {
    let old = paras(&[P0, P1]);
    let phrase = "1,500 مقاتل";
    let found = |new: &[String]| follow(&old, 0, phrase, 0, new);
    // Unchanged.
    assert_eq!(found(&old), (Some((0, phrase.into())), Status::Exact));
    // A paragraph inserted before: the paragraph moved whole.
    let moved = paras(&["عاجل", P0, P1]);
    assert_eq!(found(&moved), (Some((1, phrase.into())), Status::Moved));
    // Text inserted before the phrase in its paragraph.
    let before = paras(&[&P0.replace("قال", "قال أمس"), P1]);
    assert_eq!(found(&before), (Some((0, phrase.into())), Status::Moved));
    // Text inserted after it.
    let after = paras(&[&P0.replace("نزحوا", "نزحوا جميعا"), P1]);
    assert_eq!(found(&after), (Some((0, phrase.into())), Status::Moved));
    // The paragraph rewritten around the phrase and moved to the end: the
    // only place it is, but nothing around it as it was: for review.
    let elsewhere = paras(&[P1, "وفي خبر آخر، 1,500 مقاتل سلموا أنفسهم."]);
    assert_eq!(
        found(&elsewhere),
        (Some((1, phrase.into())), Status::NeedsReview)
    );
    // Harakat added to the phrase: found once folded, marks included.
    let marked = paras(&[&P0.replace("مقاتل", "مُقاتِلٍ"), P1]);
    assert_eq!(
        found(&marked),
        (Some((0, "1,500 مُقاتِلٍ".into())), Status::Moved)
    );
}

#[test]
fn an_edited_phrase_is_an_orphan_not_other_words() {
    let old = paras(&[P0, P1]);
    // The phrase itself edited: not attached to what is there now.
    let edited = paras(&[&P0.replace("1,500", "2,000"), P1]);
    assert_eq!(
        follow(&old, 0, "1,500 مقاتل", 0, &edited),
        (None, Status::Orphan)
    );
    // Deleted.
    let gone = paras(&[P1]);
    assert_eq!(
        follow(&old, 0, "1,500 مقاتل", 0, &gone),
        (None, Status::Orphan)
    );
}

#[test]
fn a_repeated_phrase_is_told_apart_by_its_context_or_left_alone() {
    let text = "الجيش تقدم شمالا ثم الجيش انسحب جنوبا";
    let old = paras(&[text]);
    // The second "الجيش", after text was added before both.
    let new = paras(&[&format!("صباحا {text}")]);
    let (at, status) = follow(&old, 0, "الجيش", 1, &new);
    assert_eq!(status, Status::Moved);
    let (p, _) = at.clone().expect("found");
    let span = {
        let span = span_of(&old[0], "الجيش", 1);
        let a = anchor_for_span(&old, 0, span, "doc").expect("a phrase");
        Target::new(&new).place_span(&a).0.expect("found").1
    };
    assert_eq!((p, span), (0, span_of(&new[0], "الجيش", 1)));
    // Its context gone on both sides and two copies equally near: orphan.
    let bare = paras(&["الجيش", "خبر", "الجيش"]);
    let mid = paras(&["س الجيش ص"]);
    let a = anchor_for_span(&mid, 0, span_of(&mid[0], "الجيش", 0), "doc").expect("a phrase");
    let mut between = a.clone();
    between.para_index = 1;
    assert_eq!(
        Target::new(&bare).place_span(&between),
        (None, Status::Orphan)
    );
}

#[test]
fn phrases_are_annotated_apart_from_their_paragraph() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = dir.path().join("a.txt");
    let text = format!("{P0}\n\n{P1}\n");
    std::fs::write(&art, &text).expect("write");
    let paragraphs = paras(&[P0, P1]);
    let mut store = NoteStore::open_in(&art, None);
    let span = span_of(P0, "1,500 مقاتل", 0);
    let tag = |t: &'static str| move |a: &mut crate::notes::Annotation| a.tags.push(t.into());
    for c in change_target(&store, &paragraphs, "doc", 0, None, "u", tag("claim")) {
        store.apply(c);
    }
    for c in change_target(
        &store,
        &paragraphs,
        "doc",
        0,
        Some(span.clone()),
        "u",
        tag("casualties"),
    ) {
        store.apply(c);
    }
    store.save().expect("saved");
    let store = NoteStore::open_in(&art, None);
    let para_tags: Vec<Vec<String>> = on_paragraph(&store, &paragraphs, 0)
        .into_iter()
        .map(|a| a.tags)
        .collect();
    assert_eq!(para_tags, [vec!["claim".to_string()]]);
    let phrase = on_target(&store, &paragraphs, 0, Some(&span));
    assert_eq!(phrase.len(), 1);
    assert_eq!(phrase[0].tags, ["casualties"]);
    assert_eq!(phrase[0].anchor.quote, "1,500 مقاتل");
    // Placed: the paragraph's first, then the phrase with its code points.
    let items = place_all(&store, &paragraphs);
    assert_eq!(items.len(), 2);
    assert_eq!((items[0].para, items[0].span.clone()), (Some(0), None));
    assert_eq!(
        (items[1].para, items[1].span.clone()),
        (Some(0), Some(span))
    );
    // Schema 2 on disk, since it holds a phrase.
    let disk = std::fs::read_to_string(super::sidecar_beside(&art)).expect("sidecar");
    let header = disk.lines().next().unwrap_or_default();
    assert!(header.contains("\"schema_version\":2"), "{header}");
}

#[test]
fn a_sidecar_without_phrases_stays_in_schema_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = dir.path().join("a.txt");
    std::fs::write(&art, format!("{P0}\n")).expect("write");
    let paragraphs = paras(&[P0]);
    let mut store = NoteStore::open_in(&art, None);
    let tag = |a: &mut crate::notes::Annotation| a.tags.push("claim".into());
    for c in change_target(&store, &paragraphs, "doc", 0, None, "u", tag) {
        store.apply(c);
    }
    store.save().expect("saved");
    let disk = std::fs::read_to_string(super::sidecar_beside(&art)).expect("sidecar");
    let header = disk.lines().next().unwrap_or_default();
    assert!(header.contains("\"schema_version\":1"), "{header}");
    assert!(!disk.contains("\"start\""), "{disk}");
    // A schema above what this hamish knows: read-only, as before.
    let newer = disk.replace("\"schema_version\":1", "\"schema_version\":3");
    std::fs::write(super::sidecar_beside(&art), newer).expect("write");
    let store = NoteStore::open_in(&art, None);
    assert!(store.read_only.is_some());
}

#[test]
fn article_labels_have_no_place_and_count_apart() {
    use super::edit::{article_labels, change_article};
    let dir = tempfile::tempdir().expect("tempdir");
    let art = dir.path().join("a.txt");
    std::fs::write(&art, format!("{P0}\n")).expect("write");
    let paragraphs = paras(&[P0]);
    let mut store = NoteStore::open_in(&art, None);
    let label = |a: &mut crate::notes::Annotation| a.tags.push("disputed".into());
    for c in change_article(&store, "doc", "u", label) {
        store.apply(c);
    }
    let tag = |a: &mut crate::notes::Annotation| a.tags.push("claim".into());
    for c in change_target(&store, &paragraphs, "doc", 0, None, "u", tag) {
        store.apply(c);
    }
    store.save().expect("saved");
    let store = NoteStore::open_in(&art, None);
    let labels = article_labels(&store);
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0].tags, ["disputed"]);
    // Not placed on a paragraph, and not an orphan either.
    let items = place_all(&store, &paragraphs);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].ann.tags, ["claim"]);
    let s = super::summary::summarize(&store);
    assert_eq!(
        (s.count, s.tags.clone(), s.labels.clone()),
        (1, vec!["claim".to_string()], vec!["disputed".to_string()])
    );
    // Untagging the last label deletes it.
    let mut store = store;
    let untag = |a: &mut crate::notes::Annotation| a.tags.clear();
    for c in change_article(&store, "doc", "u", untag) {
        store.apply(c);
    }
    assert!(article_labels(&store).is_empty());
    let disk = std::fs::read_to_string(super::sidecar_beside(&art)).expect("sidecar");
    assert!(
        disk.lines()
            .next()
            .unwrap_or_default()
            .contains("\"schema_version\":2")
    );
}

#[test]
fn with_no_context_left_a_phrase_is_not_put_on_a_copy_of_it() {
    // The second الجيش tagged; the sentence rewritten around both: which
    // one it was cannot be told, so it is an orphan, not the nearest.
    let old = paras(&["قال الجيش إن الجيش تقدم"]);
    let new = paras(&["أكد الجيش مساء أمس أن الجيش انسحب"]);
    assert_eq!(follow(&old, 0, "الجيش", 1, &new), (None, Status::Orphan));
    // Its paragraph gone, the words elsewhere twice with other context.
    let old = paras(&["عاجل", "بيان الجيش اليوم", "خبر"]);
    let new = paras(&["عاجل", "خبر عن الجيش", "ثم الجيش"]);
    assert_eq!(follow(&old, 1, "الجيش", 0, &new), (None, Status::Orphan));
}

#[test]
fn a_phrase_anchor_that_makes_no_sense_is_found_by_its_text_or_orphaned() {
    let old = paras(&[P0, P1]);
    let span = span_of(P0, "1,500 مقاتل", 0);
    let mut a = anchor_for_span(&old, 0, span.clone(), "doc").expect("a phrase");
    // start after end (hand-edited): still a phrase, found by its text.
    a.start = Some(span.end);
    a.end = Some(span.start);
    assert!(a.is_phrase() && a.span().is_none());
    let (at, _) = Target::new(&old).place_span(&a);
    assert_eq!(at, Some((0, span)));
    // With no text either: an orphan, never the paragraph itself.
    a.quote.clear();
    assert_eq!(Target::new(&old).place_span(&a), (None, Status::Orphan));
}
