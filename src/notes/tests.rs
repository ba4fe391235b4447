use super::model::anchor_for;
use super::sidecar::{self, SCHEMA_VERSION};
use super::*;
use crate::digest::sha256_hex;

fn paras(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn article(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let p = dir.join("a.txt");
    std::fs::write(&p, text).expect("write article");
    p
}

fn sample(paragraphs: &[String], i: usize) -> Annotation {
    let mut a = Annotation::new("ليلى".into(), anchor_for(paragraphs, i, "doc"));
    a.tags = vec!["claim".into(), "source".into()];
    a.note = "ملاحظة \"مقتبسة\"\nسطر ثان\t\\ و emoji 🙂".into();
    a
}

#[test]
fn round_trip_keeps_every_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = article(dir.path(), "أ\nب\nج\n");
    let ps = paras(&["أ", "ب", "ج"]);
    let mut store = NoteStore::open(&art);
    let a = sample(&ps, 1);
    store.put(a.clone());
    store.save().expect("save");
    let back = NoteStore::open(&art);
    let got = back.get(&a.id).expect("saved");
    assert_eq!(got.note, a.note);
    assert_eq!(got.tags, a.tags);
    assert_eq!(got.author, "ليلى");
    assert_eq!(got.anchor, a.anchor);
    assert_eq!(got.created, a.created);
    assert!(!got.deleted);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    // The file: a header, then the annotation; LF endings; fixed key order.
    let text = std::fs::read_to_string(sidecar_beside(&art)).expect("sidecar");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with(r#"{"kind":"header","schema_version":1,"target":"a.txt""#));
    assert!(lines[1].starts_with(r#"{"id":""#));
    let order = [
        "\"id\"",
        "\"created\"",
        "\"modified\"",
        "\"author\"",
        "\"tags\"",
        "\"note\"",
        "\"anchor\"",
    ];
    let pos: Vec<usize> = order.iter().map(|k| lines[1].find(k).expect(k)).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{}", lines[1]);
    assert!(!text.contains('\r'));
}

#[test]
fn lines_are_sorted_by_id_and_a_second_save_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = article(dir.path(), "أ\nب\n");
    let ps = paras(&["أ", "ب"]);
    let mut store = NoteStore::open(&art);
    for i in [1, 0, 1] {
        store.put(sample(&ps, i));
    }
    store.save().expect("save");
    let path = sidecar_beside(&art);
    let first = std::fs::read(&path).expect("read");
    let ids: Vec<String> = String::from_utf8_lossy(&first)
        .lines()
        .skip(1)
        .map(|l| l[7..43].to_string())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let mut again = NoteStore::open(&art);
    again.save().expect("save");
    assert_eq!(std::fs::read(&path).expect("read"), first);
}

#[test]
fn previous_version_is_kept_as_bak() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = article(dir.path(), "أ\n");
    let ps = paras(&["أ"]);
    let mut store = NoteStore::open(&art);
    store.put(sample(&ps, 0));
    store.save().expect("save");
    let v1 = std::fs::read(sidecar_beside(&art)).expect("v1");
    store.put(sample(&ps, 0));
    store.save().expect("save");
    let bak = dir.path().join("a.txt.annotations.jsonl.bak");
    assert_eq!(std::fs::read(bak).expect("bak"), v1);
}

#[test]
fn corrupt_lines_unknown_fields_and_bad_utf8_are_kept_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = article(dir.path(), "أ\n");
    let ps = paras(&["أ"]);
    let good = sample(&ps, 0);
    let mut with_extra = serde_json::to_value(&good).expect("json");
    with_extra["x_future"] = serde_json::json!({"k": [1, 2]});
    with_extra["id"] = serde_json::json!("00000000-0000-7000-8000-000000000001");
    let extra_line = serde_json::to_string(&with_extra).expect("json");
    let mut file = Vec::new();
    file.extend_from_slice(b"{\"kind\":\"header\",\"schema_version\":1,\"target\":\"a.txt\",\"text_model\":\"hamish-paragraphs-v1\"}\n");
    file.extend_from_slice(extra_line.as_bytes());
    file.push(b'\n');
    file.extend_from_slice(b"{\"id\":\"truncated\",\"crea\n");
    file.extend_from_slice(b"not json at all\n");
    file.extend_from_slice(b"{\"valid\":\"json\",\"but\":\"no annotation\"}\n");
    file.extend_from_slice(b"\xff\xfe{\"broken\":\"utf8\"}\n");
    std::fs::write(sidecar_beside(&art), &file).expect("write");

    let mut store = NoteStore::open(&art);
    assert_eq!(store.bad_lines().len(), 4);
    assert_eq!(store.live().count(), 1);
    let w = store.warnings.join("\n");
    assert!(
        w.contains("line 3") && w.contains("line 4") && w.contains("line 6"),
        "{w}"
    );
    assert!(
        w.contains("do not know") || w.contains("does not know"),
        "{w}"
    );
    assert!(
        w.contains("a.txt.annotations.jsonl"),
        "warnings name the file: {w}"
    );

    // Add one and save: every old byte is still there.
    store.put(sample(&ps, 0));
    store.save().expect("save");
    let after = std::fs::read(sidecar_beside(&art)).expect("read");
    for kept in [
        extra_line.as_bytes(),
        b"{\"id\":\"truncated\",\"crea".as_slice(),
        b"not json at all",
        b"\xff\xfe{\"broken\":\"utf8\"}",
    ] {
        assert!(
            after.windows(kept.len()).any(|w| w == kept),
            "lost {:?}",
            String::from_utf8_lossy(kept)
        );
    }
}

/// Found by the `sidecar` fuzz target: an unreadable line ending in CRs lost
/// one CR on every save.
#[test]
fn an_unreadable_line_keeps_its_carriage_returns_through_saves() {
    let input = b"22t\nr   \r\r\r\r\n";
    let first = sidecar::parse(input);
    let again = sidecar::parse(&sidecar::serialize("a.txt", &first.records, &first.bad));
    let bytes = |s: &sidecar::Sidecar| s.bad.iter().map(|b| b.bytes.clone()).collect::<Vec<_>>();
    assert_eq!(bytes(&first), [b"22t".to_vec(), b"r   \r\r\r\r".to_vec()]);
    assert_eq!(bytes(&again), bytes(&first));
}

#[test]
fn a_future_schema_opens_read_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = article(dir.path(), "أ\n");
    let header = format!(
        "{{\"kind\":\"header\",\"schema_version\":{},\"target\":\"a.txt\"}}\n{{\"id\":\"x\",\"new\":\"shape\"}}\n",
        SCHEMA_VERSION + 1
    );
    std::fs::write(sidecar_beside(&art), &header).expect("write");
    let mut store = NoteStore::open(&art);
    assert!(store.read_only.is_some());
    assert!(
        store.warnings.iter().any(|w| w.contains("newer hamish")),
        "{:?}",
        store.warnings
    );
    store.put(sample(&paras(&["أ"]), 0));
    assert!(matches!(store.save(), Err(NotesError::ReadOnly { .. })));
    assert_eq!(
        std::fs::read_to_string(sidecar_beside(&art)).expect("read"),
        header
    );
}

#[test]
fn two_instances_merge_by_id_and_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = article(dir.path(), "أ\nب\n");
    let ps = paras(&["أ", "ب"]);
    let mut laptop = NoteStore::open(&art);
    let mut ssh = NoteStore::open(&art);
    let a = sample(&ps, 0);
    let b = sample(&ps, 1);
    laptop.put(a.clone());
    laptop.save().expect("save");
    ssh.put(b.clone());
    ssh.save().expect("save");
    let both = NoteStore::open(&art);
    assert!(both.get(&a.id).is_some() && both.get(&b.id).is_some());
    assert!(
        ssh.get(&a.id).is_some(),
        "a save brings in the other's notes"
    );

    // The laptop deletes a; ssh, not having touched a, saves again: a stays deleted.
    laptop.delete(&a.id);
    laptop.save().expect("save");
    ssh.put(sample(&ps, 1));
    ssh.save().expect("save");
    let now = NoteStore::open(&art);
    assert!(now.get(&a.id).is_some_and(|x| x.deleted), "tombstone kept");
}

fn place(old: &[String], i: usize, new: &[String]) -> (Option<usize>, Status) {
    let anchor = anchor_for(old, i, "old-doc");
    Target::new(new).place(&anchor)
}

#[test]
fn reanchoring_follows_each_kind_of_edit() {
    let old = paras(&[
        "عنوان الخبر",
        "الفقرة الأولى عن دير الزور.",
        "الفقرة الثانية عن البوكمال.",
        "الفقرة الثالثة.",
    ]);

    // Unchanged.
    assert_eq!(place(&old, 2, &old), (Some(2), Status::Exact));

    // A paragraph inserted above.
    let mut ins = old.clone();
    ins.insert(1, "فقرة جديدة تماما.".into());
    assert_eq!(place(&old, 2, &ins), (Some(3), Status::Moved));

    // A paragraph deleted above.
    let mut del = old.clone();
    del.remove(1);
    assert_eq!(place(&old, 2, &del), (Some(1), Status::Moved));

    // The annotated paragraph itself deleted: orphan, never another one.
    let mut gone = old.clone();
    gone.remove(2);
    assert_eq!(place(&old, 2, &gone), (None, Status::Orphan));

    // Only harakat added: found after folding.
    let mut diac = old.clone();
    diac[2] = "الفِقْرَةُ الثانيةُ عن البوكمال.".into();
    assert_eq!(place(&old, 2, &diac), (Some(2), Status::Moved));

    // One word changed in a long paragraph: fuzzy, marked for review.
    let long = paras(&[
        "عنوان",
        "وقال مصدر عسكري سوري إن وحدات من الجيش أنجزت بالتعاون مع القوات الرديفة تحرير مدينة دير الزور بالكامل من التنظيم.",
        "فقرة أخرى مختلفة تماما عن سابقتها في الموضوع.",
    ]);
    let mut edited = long.clone();
    edited[1] = edited[1].replace("بالكامل", "كليا");
    assert_eq!(place(&long, 1, &edited), (Some(1), Status::NeedsReview));

    // Split in two by the repair rule.
    let glued = paras(&["مقدمة", "في غرب العراق.وتواصل المعارك في الوادي"]);
    let split = paras(&["مقدمة", "في غرب العراق.", "وتواصل المعارك في الوادي"]);
    assert_eq!(place(&glued, 1, &split), (Some(1), Status::Moved));
}

#[test]
fn two_identical_paragraphs_are_told_apart_by_context_or_place() {
    let old = paras(&["أ", "تكرار", "ب", "تكرار", "ج"]);
    // Unchanged: exact.
    assert_eq!(place(&old, 3, &old), (Some(3), Status::Exact));
    // One paragraph inserted at the top: context picks the right copy.
    let mut new = old.clone();
    new.insert(0, "جديد".into());
    assert_eq!(place(&old, 1, &new), (Some(2), Status::Moved));
    assert_eq!(place(&old, 3, &new), (Some(4), Status::Moved));
    // Context gone and both copies equally near: an orphan, not a guess.
    let tie = paras(&["س", "تكرار", "ص", "تكرار"]);
    let anchor = super::model::Anchor {
        para_index: 2,
        para_sha256: sha256_hex("تكرار".as_bytes()),
        quote: "تكرار".into(),
        prefix: String::new(),
        suffix: String::new(),
        doc_sha256: "x".into(),
        start: None,
        end: None,
        article: false,
    };
    assert_eq!(Target::new(&tie).place(&anchor), (None, Status::Orphan));
}

#[test]
fn unrelated_text_is_never_matched() {
    let old = paras(&["عن المعارك في دير الزور"]);
    let new = paras(&["خبر رياضي عن كرة القدم", "طقس اليوم مشمس"]);
    assert_eq!(place(&old, 0, &new), (None, Status::Orphan));
}

#[test]
fn an_unwritable_folder_falls_back_to_the_data_folder() {
    // /sys refuses new files even to root (EACCES), like a read-only folder.
    let article = std::path::Path::new("/sys/hamish-test-article.txt");
    let data = tempfile::tempdir().expect("tempdir");
    let mut store = NoteStore::open_in(article, Some(data.path().to_path_buf()));
    assert!(!store.fallback);
    let ps = paras(&["أ"]);
    let a = sample(&ps, 0);
    store.put(a.clone());
    store.save().expect("saved in the fallback");
    assert!(store.fallback);
    assert!(store.path.starts_with(data.path()));
    // Opened again, the fallback copy is found, by any path to the article.
    let again = NoteStore::open_in(article, Some(data.path().to_path_buf()));
    assert!(again.fallback && again.get(&a.id).is_some());
    let odd = std::path::Path::new("/sys/../sys/./hamish-test-article.txt");
    let again = NoteStore::open_in(odd, Some(data.path().to_path_buf()));
    assert!(again.fallback && again.get(&a.id).is_some(), "same store");
}

#[test]
fn an_endless_history_is_cut_when_read() {
    let ps = paras(&["أ"]);
    let mut a = sample(&ps, 0);
    a.history = (0..10_000).map(|i| format!("{i:012x}:000000")).collect();
    let line = serde_json::to_string(&a).expect("json");
    let parsed = sidecar::parse(format!("{line}\n").as_bytes());
    let got = &parsed.records[&a.id].ann;
    assert_eq!(got.history.len(), super::merge::HISTORY);
    assert_eq!(got.history.last(), a.history.last(), "the newest are kept");
}

/// A long article changed since its annotations were made, read by an
/// index (its first part held, the rest read again from the file): every
/// anchor is placed where it is placed on the article read whole, by
/// each of the steps (in place, moved whole, folded, split, fuzzy, phrase
/// anywhere and folded).
#[test]
fn anchors_are_placed_alike_on_an_indexed_article() {
    use super::model::anchor_for_span;
    let dir = tempfile::tempdir().expect("tempdir");
    let line = |i: usize| format!("الفقرة رقم {i} من أخبار اليوم في البلاد.");
    let mut old: Vec<String> = (0..12_000).map(line).collect();
    // Far in (past the first part), paragraphs unlike the others.
    old[8000] = "وقال مصدر عسكري إن وحدات الجيش تقدمت نحو البلدة.".into();
    old[8500] = "وأفاد شهود عيان بأن القصف استمر حتى الفجر.".into();
    old[9000] =
        "وأضاف المتحدث باسم الوزارة أن المفاوضات ستستأنف الأسبوع المقبل في العاصمة بحضور الوسطاء."
            .into();
    old[10_000] = "وتواصلت المعارك في محيط مدينة البوكمال.".into();
    old[11_000] = "ونزح آلاف المدنيين.وتوقفت المدارس عن العمل".into();
    old[11_500] = "وعادت الحياة إلى أسواق دير الزور ببطء.".into();
    let mut new = old.clone();
    // One word changed (fuzzy), harakat given (folded), a paragraph split
    // at its glued sentence end (the repair rule), a phrase's words given
    // harakat; then a paragraph inserted near the top, moving every later
    // one down.
    new[9000] = new[9000].replace("الأسبوع", "الشهر");
    new[10_000] = "وتواصلت المَعَارِك في مُحِيطِ مدينة البوكمال.".into();
    new[11_000] = new[11_000].replace(".و", ".\nو");
    new[11_500] = new[11_500].replace("دير الزور", "دَيْر الزُّور");
    new.insert(3, "فقرة جديدة.".into());
    let path = article(dir.path(), &(new.join("\n") + "\n"));
    let anchors = [
        anchor_for(&old, 1, "d"),
        anchor_for(&old, 8000, "d"),
        anchor_for(&old, 9000, "d"),
        anchor_for(&old, 10_000, "d"),
        anchor_for(&old, 11_000, "d"),
        // "وأفاد", in a paragraph moved whole.
        anchor_for_span(&old, 8500, 0..5, "d").expect("phrase"),
        // "دير الزور".
        anchor_for_span(&old, 11_500, 23..32, "d").expect("phrase"),
        // A paragraph no longer in the article.
        anchor_for(&paras(&["نص لم يعد في المقال أبدا"]), 0, "d"),
    ];
    let refs: Vec<&super::model::Anchor> = anchors.iter().collect();

    let whole = crate::article::Article::load(&path).expect("load");
    let indexed = crate::article::IndexedArticle::load(&path).expect("index");
    assert!(indexed.article.paragraphs.len() * 3 < indexed.len());
    assert_eq!(indexed.len(), whole.paragraphs.len());
    let texts = indexed.texts();
    let by_index = Target::new(&texts).place_each(&refs);
    assert!(!texts.failed());
    assert_eq!(by_index, Target::new(&whole.paragraphs).place_each(&refs));
    let at: Vec<(Option<usize>, Status)> = by_index.iter().map(|p| (p.para, p.status)).collect();
    assert_eq!(
        at,
        [
            (Some(1), Status::Exact),
            (Some(8001), Status::Moved),
            (Some(9001), Status::NeedsReview),
            (Some(10_001), Status::Moved),
            (Some(11_001), Status::Moved),
            (Some(8501), Status::Moved),
            // One down for the paragraph inserted, one for the split.
            (Some(11_502), Status::Moved),
            (None, Status::Orphan),
        ]
    );
    // The phrase with harakat now covers them: "دَيْر الزُّور".
    let r = by_index[6].span.clone().expect("span");
    let found: String = whole.paragraphs[11_502]
        .chars()
        .skip(r.start)
        .take(r.len())
        .collect();
    assert_eq!(found, "دَيْر الزُّور");
}

/// Placed again after a change, an article's annotations are looked for
/// only where new: an orphan (which reads the whole article) is not
/// looked for twice, and the places are those found from scratch.
#[test]
fn placements_look_only_for_new_anchors() {
    use crate::article::Texts;
    use std::borrow::Cow;
    use std::cell::Cell;
    struct Counted(Vec<String>, Cell<usize>);
    impl Texts for Counted {
        fn count(&self) -> usize {
            self.0.len()
        }
        fn text(&self, i: usize) -> Option<Cow<'_, str>> {
            self.1.set(self.1.get() + 1);
            self.0.text(i)
        }
    }
    let ps: Vec<String> = (0..1000).map(|i| format!("الفقرة رقم {i}.")).collect();
    let texts = Counted(ps.clone(), Cell::new(0));
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = NoteStore::open(&article(dir.path(), "x\n"));
    store.put(sample(&paras(&["نص لم يعد هنا"]), 0));
    let mut placements = super::anchor::Placements::default();
    let first = placements.place_all(&store, &texts);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].status, Status::Orphan);
    let reads = texts.1.get();
    assert!(
        reads >= 1000,
        "the orphan was looked for everywhere: {reads}"
    );
    store.put(sample(&ps, 500));
    let second = placements.place_all(&store, &texts);
    assert_eq!(
        texts.1.get() - reads,
        1,
        "only the new anchor's own paragraph is read"
    );
    let fresh = super::anchor::place_all(&store, &ps);
    let at = |items: &[super::anchor::Item]| -> Vec<(Option<usize>, Status)> {
        items.iter().map(|i| (i.para, i.status)).collect()
    };
    assert_eq!(at(&second), at(&fresh));
    assert_eq!(
        at(&second),
        [(Some(500), Status::Exact), (None, Status::Orphan)]
    );
}

/// The `A` list's rows read from the file: the annotations in place from
/// their paragraphs alone, and with one moved, from the whole article;
/// either way as placed on the article read whole.
#[test]
fn rows_for_an_article_read_from_its_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old: Vec<String> = (0..30)
        .map(|i| format!("الفقرة رقم {i} من الخبر."))
        .collect();
    let path = article(dir.path(), &(old.join("\n") + "\n"));
    let mut store = NoteStore::open(&path);
    store.put(sample(&old, 5));
    store.put(sample(&old, 20));
    store.save().expect("save");
    let at = |rows: &[super::summary::NoteRow]| -> Vec<(Option<usize>, Status)> {
        rows.iter().map(|r| (r.para, r.status)).collect()
    };
    let rows = super::summary::rows_for(&store, &path, || true).expect("rows");
    assert_eq!(
        at(&rows),
        [(Some(5), Status::Exact), (Some(20), Status::Exact)]
    );
    // A paragraph inserted above the second: it has moved.
    let mut new = old.clone();
    new.insert(10, "فقرة جديدة.".into());
    std::fs::write(&path, new.join("\n") + "\n").expect("write");
    let rows = super::summary::rows_for(&store, &path, || true).expect("rows");
    assert_eq!(
        at(&rows),
        [(Some(5), Status::Exact), (Some(21), Status::Moved)]
    );
    let whole = crate::article::Article::load(&path).expect("load");
    let direct = super::summary::note_rows(&store, &path, &whole.paragraphs);
    assert_eq!(at(&rows), at(&direct));
}
