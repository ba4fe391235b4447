use super::*;

fn base() -> Annotation {
    let mut a = Annotation::new("ليلى".into(), anchor_for(&["أ".to_string()], 0, "d"));
    a.tags = vec!["claim".into()];
    a.note = "الأصل".into();
    a.rev = 3;
    a
}

fn change(f: impl FnOnce(&mut Annotation)) -> Change {
    let b = base();
    let mut after = b.clone();
    f(&mut after);
    Change::between(Some(&b), &after, 0, "ليلى", b.anchor.clone())
}

#[test]
fn tags_merge_with_what_changed_on_disk() {
    let c = change(|a| a.tags.push("source".into()));
    let mut disk = base();
    disk.tags = vec!["claim".into(), "quote".into()];
    let out = c.apply(Some(&disk));
    assert_eq!(out.tags, ["claim", "quote", "source"]);
    assert_eq!(out.rev, 4);
    let c = change(|a| a.tags.clear());
    assert_eq!(c.apply(Some(&disk)).tags, ["quote"], "only what I removed");
}

#[test]
fn a_note_changed_on_both_sides_keeps_both() {
    let c = change(|a| a.note = "نسختي".into());
    let mut disk = base();
    disk.note = "نسختهم".into();
    let out = c.apply(Some(&disk));
    assert_eq!(out.note, "نسختي");
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].note, "نسختهم");
    // Unchanged on disk: replaced, no conflict.
    let out = c.apply(Some(&base()));
    assert_eq!((out.note.as_str(), out.conflicts.len()), ("نسختي", 0));
    // Cleared by me, changed by them: theirs stays.
    let c = change(|a| a.note.clear());
    assert_eq!(c.apply(Some(&disk)).note, "نسختهم");
}

#[test]
fn removing_everything_deletes_and_undo_brings_it_back() {
    let c = change(|a| {
        a.tags.clear();
        a.note.clear();
    });
    let gone = c.apply(Some(&base()));
    assert!(gone.deleted);
    let back = c.inverse().apply(Some(&gone));
    assert!(!back.deleted);
    assert_eq!(
        (back.tags.clone(), back.note.as_str()),
        (vec!["claim".to_string()], "الأصل")
    );
    assert_eq!(back.rev, 5);
}

#[test]
fn adding_to_an_annotation_deleted_meanwhile_brings_back_only_the_addition() {
    let c = change(|a| a.tags.push("source".into()));
    let mut disk = base();
    disk.deleted = true;
    let out = c.apply(Some(&disk));
    assert!(!out.deleted);
    assert_eq!(out.tags, ["source"]);
    assert_eq!(out.note, "");
    // A removal on a deleted one changes nothing.
    let c = change(|a| a.tags.clear());
    assert_eq!(c.apply(Some(&disk)), disk);
}

#[test]
fn merging_conflicts_removes_them_and_undo_restores_them() {
    let mut b = base();
    b.conflicts = vec![NoteVersion {
        note: "أخرى".into(),
        modified: String::new(),
    }];
    let mut after = b.clone();
    after.note = "الأصل، أخرى".into();
    after.conflicts.clear();
    let c = Change::between(Some(&b), &after, 0, "ليلى", b.anchor.clone());
    let out = c.apply(Some(&b));
    assert!(out.conflicts.is_empty());
    assert_eq!(out.note, "الأصل، أخرى");
    let undone = c.inverse().apply(Some(&out));
    assert_eq!(undone.note, "الأصل");
    assert_eq!(undone.conflicts, b.conflicts);
}
