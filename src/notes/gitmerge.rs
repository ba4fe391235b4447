//! Two versions of a sidecar merged into one, for git (`hamish
//! merge-sidecar`, the merge driver `hamish git-setup` installs).
//!
//! Every record of both sides is kept and each id reconciled by the
//! store's rules (`notes::merge`): the later edit of one annotation wins,
//! copies edited apart are merged or both kept, a deletion is a tombstone
//! record that wins as an edit does. The common ancestor git offers is not
//! needed: hamish never drops a record, it marks it deleted. The lines are
//! taken in an order that does not depend on which side is which, so two
//! clones merging the same two versions get the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::sidecar::{self, BadLine};

/// Why two versions cannot be merged: which side, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMerged(pub String);

/// The bytes of `ours` and `theirs` merged into one sidecar.
pub fn merge(ours: &[u8], theirs: &[u8]) -> Result<Vec<u8>, NotMerged> {
    let mut target: Option<String> = None;
    let mut lines: BTreeSet<Vec<u8>> = BTreeSet::new();
    for (side, bytes) in [("ours", ours), ("theirs", theirs)] {
        let blank = bytes.iter().all(u8::is_ascii_whitespace);
        if !blank && !sidecar::starts_as_sidecar(bytes) {
            return Err(NotMerged(format!(
                "{side}: not a hamish sidecar (no hamish header on its first line)"
            )));
        }
        let mut first = true;
        for line in bytes.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if std::mem::take(&mut first) {
                if target.is_none() {
                    target = serde_json::from_slice::<Value>(line)
                        .ok()
                        .and_then(|v| v.get("target").and_then(Value::as_str).map(str::to_string));
                }
                continue;
            }
            lines.insert(line.to_vec());
        }
    }
    let target = target.unwrap_or_default();
    // The store's reader reconciles the copies of each id as it meets
    // them: give it a header and the lines of both, in byte order.
    let mut joined = sidecar::serialize(&target, &BTreeMap::new(), &[]);
    for line in &lines {
        joined.extend_from_slice(line);
        joined.push(b'\n');
    }
    let parsed = sidecar::parse(&joined);
    // A line neither side could read is kept once.
    let mut bad: Vec<BadLine> = Vec::new();
    for b in parsed.bad {
        if !bad.iter().any(|k| k.bytes == b.bytes) {
            bad.push(b);
        }
    }
    Ok(sidecar::serialize(&target, &parsed.records, &bad))
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
        let one = merge(ours.as_bytes(), theirs.as_bytes()).expect("merged");
        let other = merge(theirs.as_bytes(), ours.as_bytes()).expect("merged");
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
        let merged = merge(ours.as_bytes(), theirs.as_bytes()).expect("merged");
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
    fn what_is_not_a_sidecar_is_not_merged() {
        let good = format!("{}\n", header().trim_end());
        let e = merge(good.as_bytes(), b"<<<<<<< HEAD\nnot json\n").expect_err("not a sidecar");
        assert!(e.0.starts_with("theirs: not a hamish sidecar"), "{e:?}");
        // An empty side (a sidecar added on one branch only) is fine.
        assert!(merge(good.as_bytes(), b"").is_ok());
        // An unreadable line inside a sidecar is kept, once.
        let with_bad = format!("{}\nnot json\n", header().trim_end());
        let merged = merge(with_bad.as_bytes(), with_bad.as_bytes()).expect("merged");
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
