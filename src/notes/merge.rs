//! The order of edits, and how two copies of one annotation are reconciled.
//!
//! No clock decides anything here. Every save sets an annotation's `rev`
//! one above the version it changed and adds that version's short hash to
//! its `history`; saves of one sidecar happen one at a time under its
//! lock, each applied to the file as it is then, so a later edit always
//! carries the higher `rev`, whatever the clocks of the machines say.
//!
//! Two copies of one id meet only outside hamish's own saves: lines
//! doubled by `git merge` with `merge=union`, a sync tool's conflict copy,
//! the temp file of an interrupted save. Then:
//! - a copy whose hash is in the other's `history` is an older version of
//!   it, and gives way;
//! - otherwise the two were edited apart. On the same paragraph they
//!   become one: the tags of both, the note of the later, the other note
//!   kept beside it as a conflict for the user to merge (the reader shows
//!   `≠`). On different paragraphs both are kept, the second under a new
//!   id derived from its content (the same for every reader of the file),
//!   time-ordered like the first.

use sha2::{Digest, Sha256};

use super::model::Annotation;
use crate::digest::hex;

/// How many versions back `history` reaches.
pub const HISTORY: usize = 16;

/// Which of two copies of one annotation to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The first: it is the later edit, or says the same.
    First,
    /// The second is the later edit.
    Second,
    /// Edited apart on the same paragraph: one record holding both
    /// ([`merged`]).
    Merge,
    /// Edited apart on different paragraphs: both, under two ids.
    Both,
}

/// A short hash of a version (what the annotation says, and its `rev`:
/// a change undone later is a new version, not the old one again), then
/// `:` and a short hash of its note: what `history` holds of each earlier
/// version.
pub fn content_hash(a: &Annotation) -> String {
    let mut c = a.clone();
    c.modified.clear();
    c.history.clear();
    let bytes = serde_json::to_vec(&c).unwrap_or_default();
    format!(
        "{}:{}",
        hex(&Sha256::digest(&bytes)[..6]),
        note_hash(&a.note)
    )
}

fn note_hash(note: &str) -> String {
    hex(&Sha256::digest(note.as_bytes())[..3])
}

/// Whether `later` was made from `earlier` (its version is in `later`'s
/// history).
pub fn descends(later: &Annotation, earlier: &Annotation) -> bool {
    let h = content_hash(earlier);
    later.history.contains(&h)
}

/// Whether `a` had `note` at some point of its history.
fn had_note(a: &Annotation, note: &str) -> bool {
    let n = note_hash(note);
    a.history
        .iter()
        .any(|h| h.rsplit_once(':').is_some_and(|(_, x)| x == n))
}

/// Reconcile two copies of one annotation (same id).
pub fn reconcile(a: &Annotation, b: &Annotation) -> Pick {
    if a.same_content(b) {
        return if b.rev > a.rev {
            Pick::Second
        } else {
            Pick::First
        };
    }
    if descends(b, a) {
        return Pick::Second;
    }
    if descends(a, b) {
        return Pick::First;
    }
    if a.anchor.para_sha256 == b.anchor.para_sha256 {
        Pick::Merge
    } else {
        Pick::Both
    }
}

/// One record from two copies edited apart, losing nothing: the later
/// (higher `rev`) with the other's tags added (a tag one side removed
/// comes back: without their common version there is no telling a removal
/// from an addition), the other's note kept as a conflict unless the
/// later one had it and moved on, alive if either is (an edit made while
/// the other side deleted it stands); it descends from both.
pub fn merged(a: &Annotation, b: &Annotation) -> Annotation {
    // The later by `rev`; on a tie, by hash, so the order the two copies
    // come in does not matter.
    let key = |x: &Annotation| (x.rev, content_hash(x));
    let (w, l) = if key(b) > key(a) { (b, a) } else { (a, b) };
    let mut m = w.clone();
    if m.deleted && !l.deleted {
        // One side deleted it, the other went on editing: the edit stands,
        // on its own.
        m.tags.clear();
        m.note.clear();
        m.conflicts.clear();
    }
    if !l.deleted {
        for t in &l.tags {
            if !m.tags.contains(t) {
                m.tags.push(t.clone());
            }
        }
        let mut others = vec![super::model::NoteVersion {
            note: l.note.clone(),
            modified: l.modified.clone(),
        }];
        others.extend(l.conflicts.iter().cloned());
        for o in others {
            // A note the later copy had and replaced is not a conflict.
            if o.note.trim().is_empty() || o.note == m.note || had_note(w, &o.note) {
                continue;
            }
            if m.note.trim().is_empty() {
                m.note = o.note;
            } else if !m.conflicts.iter().any(|c| c.note == o.note) {
                m.conflicts.push(o);
            }
        }
    }
    m.deleted = w.deleted && l.deleted;
    let mut history: Vec<String> = Vec::new();
    let capped = |h: &[String]| h[h.len().saturating_sub(HISTORY)..].to_vec();
    for h in capped(&l.history)
        .into_iter()
        .chain(capped(&w.history))
        .chain([content_hash(l), content_hash(w)])
    {
        history.retain(|x| *x != h);
        history.push(h);
    }
    let skip = history.len().saturating_sub(HISTORY);
    m.history = history.split_off(skip);
    m.rev = a.rev.max(b.rev).saturating_add(1);
    m
}

/// Where a copy kept apart from the record under its id goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Apart {
    /// Put this (under its new id; it may replace what is there).
    Put(Box<Annotation>),
    /// What is there holds it already.
    Held,
    /// Every id tried is taken by something else (a crafted file): keep
    /// the copy as it is, never over another record.
    NoRoom,
}

/// Where a copy that must be kept apart from the record under its id
/// goes: under a derived id ([`split_id`], from `seed`), reconciled with
/// what is there already (this very copy, split in an earlier save and
/// edited since).
pub fn place_apart<'a>(
    get: impl Fn(&str) -> Option<&'a Annotation>,
    mut ann: Annotation,
    seed: &[u8],
) -> Apart {
    ann.id = split_id(&ann.id, seed);
    // A few rounds at most: each derives a new id from the last.
    for _ in 0..8 {
        let Some(there) = get(&ann.id) else {
            return Apart::Put(Box::new(ann));
        };
        match reconcile(there, &ann) {
            Pick::First => return Apart::Held,
            Pick::Second => return Apart::Put(Box::new(ann)),
            Pick::Merge => return Apart::Put(Box::new(merged(there, &ann))),
            Pick::Both => ann.id = split_id(&ann.id, seed),
        }
    }
    Apart::NoRoom
}

/// A new id for the second of two different copies that share `id`,
/// derived from the copy's bytes so that everyone who reads the file
/// derives the same one. A UUIDv7 keeps its timestamp, so the copy sorts
/// beside the first.
pub fn split_id(id: &str, copy: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(id.as_bytes());
    h.update(b"\n");
    h.update(copy);
    let h = h.finalize();
    match uuid::Uuid::parse_str(id) {
        Ok(u) if u.get_version_num() == 7 => {
            let mut b = *u.as_bytes();
            b[6..16].copy_from_slice(&h[..10]);
            b[6] = (b[6] & 0x0f) | 0x70;
            b[8] = (b[8] & 0x3f) | 0x80;
            uuid::Uuid::from_bytes(b).to_string()
        }
        _ => format!("{id}~{}", hex(&h[..4])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::anchor_for;

    fn ann(rev: u64, note: &str, modified: &str) -> Annotation {
        let mut a = Annotation::new("x".into(), anchor_for(&["أ".to_string()], 0, "d"));
        a.id = "0190d3a4-5b6c-7def-8123-456789abcdef".into();
        a.rev = rev;
        a.note = note.into();
        a.modified = modified.into();
        a
    }

    #[test]
    fn the_later_version_wins_whatever_the_clock_says() {
        let future = ann(3, "قديم", "9999-12-31T23:59:59Z");
        let mut later = ann(4, "جديد", "2020-01-01T00:00:00Z");
        later.history = vec![content_hash(&future)];
        assert_eq!(reconcile(&future, &later), Pick::Second);
        assert_eq!(reconcile(&later, &future), Pick::First);
        let mut garbage = later.clone();
        garbage.modified = "not a time".into();
        assert_eq!(reconcile(&garbage, &future), Pick::First);
    }

    #[test]
    fn an_older_version_gives_way_and_edits_made_apart_are_merged() {
        let base = ann(2, "أصل", "2026-01-01T00:00:00Z");
        // Edited on two machines from the same version.
        let mut here = base.clone();
        here.tags = vec!["source".into()];
        here.history = vec![content_hash(&base)];
        here.rev = 3;
        let mut there = base.clone();
        there.tags = vec!["quote".into()];
        there.note = "هناك".into();
        there.history = vec![content_hash(&base)];
        there.rev = 3;
        let mut further = there.clone();
        further.note = "هناك، ثم هنا".into();
        further.history.push(content_hash(&there));
        further.rev = 4;
        assert_eq!(reconcile(&base, &here), Pick::Second, "base is older");
        assert_eq!(reconcile(&further, &there), Pick::First);
        // `further` has the higher rev but never saw `here`'s tag.
        assert_eq!(reconcile(&here, &further), Pick::Merge);
        let m = merged(&here, &further);
        assert_eq!(m.tags, ["quote", "source"]);
        assert_eq!(m.note, "هناك، ثم هنا");
        assert!(
            m.conflicts.is_empty(),
            "here's note was the base: {:?}",
            m.conflicts
        );
        assert_eq!(m.rev, 5);
        assert_eq!(
            reconcile(&m, &here),
            Pick::First,
            "the merge descends from both"
        );
        assert_eq!(reconcile(&further, &m), Pick::Second);
        // Two notes written apart: both kept.
        let mut mine = base.clone();
        mine.note = "ملاحظتي".into();
        mine.rev = 3;
        let m = merged(&mine, &further);
        assert_eq!(m.note, "هناك، ثم هنا");
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].note, "ملاحظتي");
        // On another paragraph: both kept apart.
        let mut moved = base.clone();
        moved.anchor.para_sha256 = "other".into();
        moved.note = "منقول".into();
        assert_eq!(reconcile(&mine, &moved), Pick::Both);
    }

    #[test]
    fn same_rev_different_content_keeps_both_same_content_keeps_one() {
        let a = ann(2, "أ", "2026-01-01T00:00:00Z");
        let b = ann(2, "ب", "2026-01-01T00:00:00Z");
        assert_eq!(reconcile(&a, &b), Pick::Merge);
        let m = merged(&a, &b);
        let mut notes = vec![m.note.clone(), m.conflicts[0].note.clone()];
        notes.sort();
        assert_eq!(notes, ["أ", "ب"]);
        assert_eq!(m, merged(&b, &a), "the order they come in does not matter");
        let mut a2 = a.clone();
        a2.modified = "2027-01-01T00:00:00Z".into();
        assert_eq!(reconcile(&a, &a2), Pick::First, "only the time differs");
    }

    #[test]
    fn a_change_undone_is_a_new_version_not_the_old_one() {
        let v1 = ann(1, "", "t");
        let mut v2 = v1.clone();
        v2.tags = vec!["source".into()];
        v2.rev = 2;
        v2.history = vec![content_hash(&v1)];
        let mut v3 = v1.clone();
        v3.rev = 3;
        v3.history = vec![content_hash(&v1), content_hash(&v2)];
        assert_eq!(reconcile(&v3, &v2), Pick::First, "v3 undid v2's tag");
        assert_eq!(reconcile(&v2, &v3), Pick::Second);
    }

    #[test]
    fn a_copy_kept_apart_never_goes_over_another_record() {
        let mut other = ann(1, "ضحية", "t");
        other.anchor.para_sha256 = "elsewhere".into();
        let copy = ann(1, "نسخة", "t");
        // Every id it could take is held by something else.
        let got = place_apart(|_| Some(&other), copy.clone(), b"seed");
        assert_eq!(got, Apart::NoRoom);
        let got = place_apart(|_| None, copy.clone(), b"seed");
        assert!(matches!(got, Apart::Put(a) if a.id != copy.id));
    }

    #[test]
    fn split_ids_are_stable_distinct_and_time_ordered() {
        let id = "0190d3a4-5b6c-7def-8123-456789abcdef";
        let x = split_id(id, b"line one");
        assert_eq!(x, split_id(id, b"line one"));
        assert_ne!(x, split_id(id, b"line two"));
        assert_ne!(x, id);
        let u = uuid::Uuid::parse_str(&x).expect("a UUID");
        assert_eq!(u.get_version_num(), 7);
        assert_eq!(&x[..13], &id[..13], "same timestamp");
        assert!(split_id("hand-made", b"l").starts_with("hand-made~"));
    }
}
