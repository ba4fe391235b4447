//! Two versions of a sidecar merged into one, for git (`hamish
//! merge-sidecar`, the merge driver `hamish git-setup` installs).
//!
//! A three-way merge by record: an annotation changed on one side only is
//! taken from that side (so a tag removed there stays removed); changed
//! on both, the store's rules reconcile the two (`notes::merge`: the later
//! edit wins, copies edited apart are merged or both kept, a deletion is a
//! tombstone record that wins as an edit does), and a tag either side
//! removed since the ancestor stays removed. Lines are taken in an order
//! that does not depend on which side is which, so two clones merging the
//! same versions get the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::sidecar::{self, BadLine, Record};

/// Why two versions cannot be merged: which side, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMerged(pub String);

/// A sidecar's records and unreadable lines, as read.
struct Side {
    records: BTreeMap<String, Record>,
    bad: Vec<BadLine>,
    target: Option<String>,
}

fn read(side: &str, bytes: &[u8], strict: bool) -> Result<Side, NotMerged> {
    let blank = bytes.iter().all(u8::is_ascii_whitespace);
    if !blank && !sidecar::starts_as_sidecar(bytes) {
        if strict {
            return Err(NotMerged(format!(
                "{side}: not a hamish sidecar (no hamish header on its first line)"
            )));
        }
        // An ancestor that is no sidecar: as if there were none.
        return Ok(Side {
            records: BTreeMap::new(),
            bad: Vec::new(),
            target: None,
        });
    }
    let target = bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(l))
        .find(|l| sidecar::is_header_line(l))
        .and_then(|l| serde_json::from_slice::<Value>(l).ok())
        .and_then(|v| v.get("target").and_then(Value::as_str).map(str::to_string));
    let parsed = sidecar::parse(bytes);
    Ok(Side {
        records: parsed.records,
        bad: parsed
            .bad
            .into_iter()
            .filter(|b| !sidecar::dropped_on_save(b))
            .collect(),
        target,
    })
}

/// The line a record is written as.
fn line_of(r: &Record) -> Vec<u8> {
    r.raw
        .clone()
        .unwrap_or_else(|| serde_json::to_vec(&r.ann).unwrap_or_default())
}

/// Two versions of one annotation, both changed since the ancestor `base`
/// (if there is one), reconciled by the store's rules in an order that
/// does not depend on which side is which; then a tag removed on either
/// side since the ancestor stays removed.
fn both_changed(a: &Record, b: &Record, base: Option<&Record>) -> BTreeMap<String, Record> {
    let mut lines = [line_of(a), line_of(b)];
    lines.sort();
    let mut joined = sidecar::serialize("", &BTreeMap::new(), &[]);
    for l in &lines {
        joined.extend_from_slice(l);
        joined.push(b'\n');
    }
    let mut out = sidecar::parse(&joined).records;
    if let (Some(o), Some(r)) = (base, out.get_mut(&a.ann.id)) {
        let removed = |t: &String| {
            o.ann.tags.contains(t) && (!a.ann.tags.contains(t) || !b.ann.tags.contains(t))
        };
        r.ann.tags.retain(|t| !removed(t));
    }
    out
}

/// Merge `ours` and `theirs`, two versions of a sidecar, given their
/// common ancestor `base` (empty if there is none): an annotation changed
/// on one side only is taken from it (a tag removed stays removed, a line
/// removed stays removed); changed on both, the store's rules reconcile
/// them. `target` names the article the header points at (else the
/// sides' headers do). The same bytes whichever side is which.
pub fn merge(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    target: Option<&str>,
) -> Result<Vec<u8>, NotMerged> {
    let o = read("the ancestor", base, false)?;
    let a = read("ours", ours, true)?;
    let b = read("theirs", theirs, true)?;
    let target = target
        .map(str::to_string)
        .or_else(|| match (&a.target, &b.target) {
            (Some(x), Some(y)) => Some(x.min(y).clone()),
            (x, y) => x.clone().or_else(|| y.clone()),
        })
        .unwrap_or_default();
    let same = |x: &Record, y: &Record| x.ann.same_content(&y.ann) && x.ann.rev == y.ann.rev;
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    let ids: BTreeSet<&String> = a.records.keys().chain(b.records.keys()).collect();
    for id in ids {
        let base = o.records.get(id);
        let taken = match (a.records.get(id), b.records.get(id)) {
            (Some(x), Some(y)) if same(x, y) => single(x),
            (Some(x), Some(y)) => match base {
                Some(o) if same(x, o) => single(y),
                Some(o) if same(y, o) => single(x),
                _ => both_changed(x, y, base),
            },
            // On one side only: new there, or removed on the other (then
            // it stays removed unless the side that has it changed it).
            (Some(x), None) | (None, Some(x)) => match base {
                Some(o) if same(x, o) => BTreeMap::new(),
                _ => single(x),
            },
            (None, None) => BTreeMap::new(),
        };
        for (k, r) in taken {
            match records.get(&k) {
                Some(old) => {
                    // Two ids met again (a split copy): reconciled as well.
                    let merged = both_changed(old, &r, None);
                    records.extend(merged);
                }
                None => {
                    records.insert(k, r);
                }
            }
        }
    }
    // Unreadable lines: kept, once, unless one side removed one the
    // ancestor had.
    let mut bad: Vec<BadLine> = Vec::new();
    for l in a.bad.iter().chain(&b.bad) {
        let in_base = o.bad.iter().any(|k| k.bytes == l.bytes);
        let in_both =
            a.bad.iter().any(|k| k.bytes == l.bytes) && b.bad.iter().any(|k| k.bytes == l.bytes);
        if (in_base && !in_both) || bad.iter().any(|k| k.bytes == l.bytes) {
            continue;
        }
        bad.push(l.clone());
    }
    bad.sort_by(|x, y| x.bytes.cmp(&y.bytes));
    Ok(sidecar::serialize(&target, &records, &bad))
}

fn single(r: &Record) -> BTreeMap<String, Record> {
    BTreeMap::from([(r.ann.id.clone(), r.clone())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::{Annotation, anchor_for};

    fn header() -> String {
        String::from_utf8(sidecar::serialize("a.txt", &BTreeMap::new(), &[])).expect("utf-8")
    }

    fn line(a: &Annotation) -> String {
        serde_json::to_string(a).expect("json")
    }

    fn ann(id: &str, para: usize, tags: &[&str]) -> Annotation {
        let paras: Vec<String> = vec!["أ".into(), "ب".into(), "ج".into()];
        let mut a = Annotation::new("u".into(), anchor_for(&paras, para, "doc"));
        a.id = id.into();
        a.created = "2026-01-01T00:00:00.000Z".into();
        a.modified = a.created.clone();
        a.tags = tags.iter().map(|t| t.to_string()).collect();
        a
    }

    fn ids_and_tags(bytes: &[u8]) -> Vec<(String, Vec<String>, bool)> {
        sidecar::parse(bytes)
            .records
            .values()
            .map(|r| (r.ann.id.clone(), r.ann.tags.clone(), r.ann.deleted))
            .collect()
    }

    #[test]
    fn both_sides_records_are_kept_whichever_side_is_which() {
        let base = ann("1", 0, &["claim"]);
        let ours = format!(
            "{}\n{}\n{}\n",
            header().trim_end(),
            line(&base),
            line(&ann("2", 1, &["actor"]))
        );
        let theirs = format!(
            "{}\n{}\n{}\n",
            header().trim_end(),
            line(&base),
            line(&ann("3", 2, &["date"]))
        );
        let one = merge(b"", ours.as_bytes(), theirs.as_bytes(), None).expect("merged");
        let other = merge(b"", theirs.as_bytes(), ours.as_bytes(), None).expect("merged");
        assert_eq!(one, other, "the same bytes from either side");
        assert_eq!(
            ids_and_tags(&one),
            [
                ("1".to_string(), vec!["claim".to_string()], false),
                ("2".to_string(), vec!["actor".to_string()], false),
                ("3".to_string(), vec!["date".to_string()], false),
            ]
        );
        // A valid sidecar: a header first, records sorted by id.
        assert!(sidecar::starts_as_sidecar(&one));
    }

    #[test]
    fn a_later_edit_and_a_deletion_win_over_the_version_they_changed() {
        let base = ann("1", 0, &["claim"]);
        let header = header();
        let old = format!("{}\n{}\n", header.trim_end(), line(&base));
        // Ours: tagged again (a later version); theirs: the other deleted.
        let mut edited = base.clone();
        edited.tags.push("actor".into());
        edited.rev = 1;
        edited.history = vec![crate::notes::merge::content_hash(&base)];
        let mut gone = ann("2", 1, &[]);
        gone.deleted = true;
        gone.rev = 1;
        let two = ann("2", 1, &["date"]);
        let ours = format!("{}\n{}\n{}\n", header.trim_end(), line(&edited), line(&two));
        let mut gone_hist = gone.clone();
        gone_hist.history = vec![crate::notes::merge::content_hash(&two)];
        let theirs = format!("{}\n{}\n{}\n", old.trim_end(), "", line(&gone_hist));
        let merged = merge(b"", ours.as_bytes(), theirs.as_bytes(), None).expect("merged");
        assert_eq!(
            ids_and_tags(&merged),
            [
                (
                    "1".to_string(),
                    vec!["claim".to_string(), "actor".to_string()],
                    false
                ),
                ("2".to_string(), vec![], true),
            ]
        );
    }

    #[test]
    fn what_one_side_removed_since_the_ancestor_stays_removed() {
        let h = header();
        let h = h.trim_end();
        let base = ann("1", 0, &["claim", "actor"]);
        let other = ann("2", 1, &["date"]);
        let o = format!("{h}\n{}\n{}\nnot json\n", line(&base), line(&other));
        // Ours: actor removed from 1 (a later version of it).
        let mut untagged = base.clone();
        untagged.tags = vec!["claim".into()];
        untagged.rev = 1;
        untagged.history = vec![crate::notes::merge::content_hash(&base)];
        let ours = format!("{h}\n{}\n{}\nnot json\n", line(&untagged), line(&other));
        // Theirs: the note of 1 changed, and the line of 2 and the bad
        // line deleted by hand.
        let mut noted = base.clone();
        noted.note = "ملاحظة".into();
        noted.rev = 1;
        noted.history = vec![crate::notes::merge::content_hash(&base)];
        let theirs = format!("{h}\n{}\n", line(&noted));
        for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
            let merged =
                merge(o.as_bytes(), a.as_bytes(), b.as_bytes(), Some("a.txt")).expect("merged");
            let read = sidecar::parse(&merged);
            let one = &read.records["1"].ann;
            assert_eq!(one.tags, ["claim"], "actor stays removed");
            assert_eq!(one.note, "ملاحظة", "the note is theirs");
            assert!(
                !read.records.contains_key("2"),
                "removed on one side, untouched on the other"
            );
            assert!(read.bad.is_empty(), "the bad line too");
        }
        // Taken from one side only, the same bytes whichever it is.
        let x = merge(
            o.as_bytes(),
            ours.as_bytes(),
            theirs.as_bytes(),
            Some("a.txt"),
        )
        .expect("merged");
        let y = merge(
            o.as_bytes(),
            theirs.as_bytes(),
            ours.as_bytes(),
            Some("a.txt"),
        )
        .expect("merged");
        assert_eq!(x, y);
    }

    #[test]
    fn what_is_not_a_sidecar_is_not_merged() {
        let good = format!("{}\n", header().trim_end());
        let e = merge(b"", good.as_bytes(), b"not json\n", None).expect_err("not a sidecar");
        assert!(e.0.starts_with("theirs: not a hamish sidecar"), "{e:?}");
        // Conflict markers or a byte-order mark before the header do not
        // make a sidecar something else.
        let marked = format!("<<<<<<< HEAD\n{}\n", header().trim_end());
        assert!(merge(b"", marked.as_bytes(), good.as_bytes(), None).is_ok());
        let bom = format!("\u{feff}{}\n", header().trim_end());
        assert!(merge(b"", bom.as_bytes(), good.as_bytes(), None).is_ok());
        // An empty side (a sidecar added on one branch only) is fine.
        assert!(merge(b"", good.as_bytes(), b"", None).is_ok());
        // An unreadable line inside a sidecar is kept, once.
        let with_bad = format!("{}\nnot json\n", header().trim_end());
        let merged = merge(b"", with_bad.as_bytes(), with_bad.as_bytes(), None).expect("merged");
        let text = String::from_utf8(merged).expect("utf-8");
        assert_eq!(text.matches("not json").count(), 1, "{text}");
    }
}

#[cfg(test)]
mod marker_tests {
    use crate::notes::sidecar::is_conflict_marker;

    #[test]
    fn git_conflict_markers_are_told_from_records() {
        for m in [
            "<<<<<<< HEAD",
            "=======",
            ">>>>>>> origin/main",
            "||||||| merged common ancestors",
            "<<<<<<<",
            "=======\r",
        ] {
            assert!(is_conflict_marker(m.as_bytes()), "{m:?}");
        }
        for l in [
            "{\"id\":\"x\"}",
            "======= x",
            "<<<<<<<<",
            "<<<<<<HEAD",
            "not json",
            "",
        ] {
            assert!(!is_conflict_marker(l.as_bytes()), "{l:?}");
        }
    }
}
