//! The order of edits, and how two copies of one annotation are reconciled.
//!
//! No clock decides anything here. Every save sets an annotation's `rev`
//! one above the version it changed, and saves of one sidecar happen one
//! at a time under its lock, each applied to the file as it is then, so a
//! later edit always carries the higher `rev`, whatever the clocks of the
//! machines say. Two copies of one id meet only outside hamish's own
//! saves: lines doubled by `git merge` with `merge=union`, a sync tool's
//! conflict copy, a save interrupted by a crash. Then the higher `rev`
//! wins; two different copies with the same `rev` were written side by
//! side, so both are kept: the second under a new id derived from its
//! content (the same for every reader of the file), time-ordered like the
//! first.

use sha2::{Digest, Sha256};

use super::model::{Annotation, hex};

/// Which of two copies of one annotation to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The first: it is the later edit, or says the same.
    First,
    /// The second is the later edit.
    Second,
    /// Both: different, and neither was written after the other.
    Both,
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
    match a.rev.cmp(&b.rev) {
        std::cmp::Ordering::Greater => Pick::First,
        std::cmp::Ordering::Less => Pick::Second,
        std::cmp::Ordering::Equal => Pick::Both,
    }
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
    fn the_higher_rev_wins_whatever_the_clock_says() {
        let future = ann(3, "قديم", "9999-12-31T23:59:59Z");
        let later = ann(4, "جديد", "2020-01-01T00:00:00Z");
        assert_eq!(reconcile(&future, &later), Pick::Second);
        assert_eq!(reconcile(&later, &future), Pick::First);
        let garbage = ann(4, "جديد", "not a time");
        assert_eq!(reconcile(&garbage, &future), Pick::First);
    }

    #[test]
    fn same_rev_different_content_keeps_both_same_content_keeps_one() {
        let a = ann(2, "أ", "2026-01-01T00:00:00Z");
        let b = ann(2, "ب", "2026-01-01T00:00:00Z");
        assert_eq!(reconcile(&a, &b), Pick::Both);
        let a2 = ann(2, "أ", "2027-01-01T00:00:00Z");
        assert_eq!(reconcile(&a, &a2), Pick::First, "only the time differs");
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
