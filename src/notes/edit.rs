//! Changing the annotation of one paragraph: shared by `hamish annotate`
//! and the reader.

use super::export::place_all;
use super::model::{Annotation, anchor_for};
use super::store::NoteStore;

/// The live annotations placed on paragraph `para` now (oldest first).
pub fn on_paragraph(store: &NoteStore, paragraphs: &[String], para: usize) -> Vec<Annotation> {
    place_all(store, paragraphs)
        .into_iter()
        .filter(|it| it.para == Some(para))
        .map(|it| it.ann)
        .collect()
}

/// What an edit did, so it can be undone.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: String,
    /// The annotation before the edit (`None`: it was created).
    pub before: Option<Annotation>,
}

/// Edit the annotation of paragraph `para` (creating it if needed) with
/// `f`, refresh its anchor to the text as it is now, and delete it when it
/// ends up with no tag and no note. Not saved: call `store.save()`.
pub fn edit_paragraph(
    store: &mut NoteStore,
    paragraphs: &[String],
    doc_sha256: &str,
    para: usize,
    author: &str,
    f: impl FnOnce(&mut Annotation),
) -> Change {
    let existing = on_paragraph(store, paragraphs, para).into_iter().next();
    let anchor = anchor_for(paragraphs, para, doc_sha256);
    let mut ann = existing
        .clone()
        .unwrap_or_else(|| Annotation::new(author.to_string(), anchor.clone()));
    f(&mut ann);
    ann.anchor = anchor;
    let id = ann.id.clone();
    if ann.is_empty() {
        if existing.is_some() {
            store.delete(&id);
        }
    } else {
        store.put(ann);
    }
    Change {
        id,
        before: existing,
    }
}

/// Undo a change: put back what was there before.
pub fn undo(store: &mut NoteStore, change: &Change) {
    match &change.before {
        Some(before) => {
            let mut restored = before.clone();
            restored.deleted = false;
            store.put(restored);
        }
        None => store.delete(&change.id),
    }
}

/// Toggle `tag` in a tag list, keeping the list's order.
pub fn toggle_tag(tags: &mut Vec<String>, tag: &str) {
    if let Some(i) = tags.iter().position(|t| t == tag) {
        tags.remove(i);
    } else {
        tags.push(tag.to_string());
    }
}
