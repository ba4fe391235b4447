//! Changing the annotation of one paragraph: shared by `hamish annotate`
//! and the reader.
//!
//! An edit is kept as *what the user changed* (tags added and removed,
//! the note replaced, conflicting versions merged), not as the whole
//! record, and applied at save time to the record as it is on disk then.
//! Another window's or another user's edit of the same annotation in the
//! meantime is kept: tags merge, and a note changed on both sides keeps
//! both versions for the user to merge.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::anchor::{Item, place_all};
use super::model::{Anchor, Annotation, NoteVersion, anchor_for, anchor_for_span, now};
use super::store::NoteStore;
use crate::article::Texts;

/// The live annotations placed on paragraph `para` now (oldest first):
/// on the paragraph itself, not on a phrase of it.
pub fn on_paragraph<P: Texts + ?Sized>(
    store: &NoteStore,
    paragraphs: &P,
    para: usize,
) -> Vec<Annotation> {
    on_target(store, paragraphs, para, None)
}

/// The live annotations placed now on paragraph `para` (`span`: `None`) or
/// on exactly the phrase at code points `span` of it, oldest first.
pub fn on_target<P: Texts + ?Sized>(
    store: &NoteStore,
    paragraphs: &P,
    para: usize,
    span: Option<&Range<usize>>,
) -> Vec<Annotation> {
    place_all(store, paragraphs)
        .into_iter()
        .filter(|it| it.para == Some(para) && it.span.as_ref() == span)
        .map(|it| it.ann)
        .collect()
}

/// What a user changed in one annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: String,
    /// The paragraph (0-based) the user was on, for messages and drafts.
    pub para: usize,
    pub author: String,
    /// When a new annotation was made.
    #[serde(default)]
    pub created: String,
    /// The annotation as the user saw it (`None`: it is new).
    #[serde(default)]
    pub before: Option<Annotation>,
    #[serde(default)]
    pub add_tags: Vec<String>,
    #[serde(default)]
    pub remove_tags: Vec<String>,
    /// The new note, when the user changed it.
    #[serde(default)]
    pub note: Option<String>,
    /// The note the user started from: if the note on disk is still this
    /// one, the new note replaces it; else both are kept.
    #[serde(default)]
    pub note_base: String,
    /// Conflicting versions the user merged (they leave the record).
    #[serde(default)]
    pub resolved: Vec<NoteVersion>,
    /// Conflicting versions put back (by an undo).
    #[serde(default)]
    pub restore: Vec<NoteVersion>,
    pub anchor: Anchor,
    /// The first annotation of a paragraph that had none: if its author
    /// made one there meanwhile (another window, another shell), the
    /// change goes to that one instead of making a second.
    #[serde(default)]
    pub first_on_paragraph: bool,
}

impl Change {
    /// The change that turns `before` (`None`: nothing) into `after`.
    pub fn between(
        before: Option<&Annotation>,
        after: &Annotation,
        para: usize,
        author: &str,
        anchor: Anchor,
    ) -> Change {
        let old_tags: &[String] = before.map_or(&[], |b| &b.tags);
        let old_note = before.map_or("", |b| &b.note);
        let old_conflicts: &[NoteVersion] = before.map_or(&[], |b| &b.conflicts);
        Change {
            id: after.id.clone(),
            para,
            author: author.to_string(),
            created: after.created.clone(),
            before: before.cloned(),
            add_tags: after
                .tags
                .iter()
                .filter(|t| !old_tags.contains(t))
                .cloned()
                .collect(),
            remove_tags: old_tags
                .iter()
                .filter(|t| !after.tags.contains(t))
                .cloned()
                .collect(),
            note: (after.note != old_note).then(|| after.note.clone()),
            note_base: old_note.to_string(),
            resolved: old_conflicts
                .iter()
                .filter(|c| !after.conflicts.contains(c))
                .cloned()
                .collect(),
            restore: Vec::new(),
            anchor,
            first_on_paragraph: false,
        }
    }

    /// Whether it changes nothing.
    pub fn is_noop(&self) -> bool {
        self.add_tags.is_empty()
            && self.remove_tags.is_empty()
            && self.note.is_none()
            && self.resolved.is_empty()
            && self.restore.is_empty()
    }

    /// Whether it adds something (a tag, a note, a version).
    fn adds(&self) -> bool {
        !self.add_tags.is_empty()
            || self.note.as_ref().is_some_and(|n| !n.trim().is_empty())
            || !self.restore.is_empty()
    }

    /// The annotation after this change, applied to `current`, the record
    /// as it is now (`None`: not there). Its `rev` is one above.
    pub fn apply(&self, current: Option<&Annotation>) -> Annotation {
        let mut a = match (current, &self.before) {
            (Some(c), _) => c.clone(),
            // Gone from the file since the user saw it: nothing of the
            // user's is dropped, it comes back with the change.
            (None, Some(b)) => b.clone(),
            (None, None) => {
                let mut a = Annotation::new(self.author.clone(), self.anchor.clone());
                a.id = self.id.clone();
                if !self.created.is_empty() {
                    a.created = self.created.clone();
                }
                a
            }
        };
        if a.deleted {
            if !self.adds() {
                // Removing from a deleted annotation: it stays as it is.
                return a;
            }
            // Deleted meanwhile, and the user adds to it: it comes back
            // with what the user adds, not with what was deleted.
            a.tags.clear();
            a.note.clear();
            a.conflicts.clear();
            a.deleted = false;
        }
        a.tags.retain(|t| !self.remove_tags.contains(t));
        for t in &self.add_tags {
            if !a.tags.contains(t) {
                a.tags.push(t.clone());
            }
        }
        if let Some(new) = &self.note {
            let theirs = std::mem::take(&mut a.note);
            let unchanged = theirs == self.note_base || theirs.trim().is_empty();
            if unchanged || theirs == *new {
                a.note = new.clone();
            } else if new.trim().is_empty() {
                // The user cleared the note they saw; what is there now
                // is another one, which stays.
                a.note = theirs;
            } else {
                a.note = new.clone();
                if !a.conflicts.iter().any(|c| c.note == theirs) {
                    a.conflicts.push(NoteVersion {
                        note: theirs,
                        modified: a.modified.clone(),
                    });
                }
            }
        }
        a.conflicts.retain(|c| !self.resolved.contains(c));
        for c in &self.restore {
            if !a.conflicts.contains(c) && c.note != a.note {
                a.conflicts.push(c.clone());
            }
        }
        a.anchor = self.anchor.clone();
        a.deleted = a.is_empty();
        if current.is_some() || self.before.is_some() {
            let h = super::merge::content_hash(current.or(self.before.as_ref()).unwrap_or(&a));
            a.history.retain(|x| *x != h);
            a.history.push(h);
            let skip = a.history.len().saturating_sub(super::merge::HISTORY);
            a.history.drain(..skip);
        }
        a.rev = a.rev.saturating_add(1);
        a.modified = now();
        a
    }

    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        Change {
            id: self.id.clone(),
            para: self.para,
            author: self.author.clone(),
            created: self.created.clone(),
            before: None,
            add_tags: self.remove_tags.clone(),
            remove_tags: self.add_tags.clone(),
            note: self.note.as_ref().map(|_| self.note_base.clone()),
            note_base: self.note.clone().unwrap_or_default(),
            resolved: self.restore.clone(),
            restore: self.resolved.clone(),
            anchor: self.anchor.clone(),
            first_on_paragraph: false,
        }
    }
}

/// The live labels of the article as a whole, oldest first.
pub fn article_labels(store: &NoteStore) -> Vec<Annotation> {
    let mut labels: Vec<Annotation> = store.live().filter(|a| a.anchor.article).cloned().collect();
    labels.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
    labels
}

/// The changes `f` makes to the article's labels, as [`change_paragraph`]
/// does for a paragraph: `f` sees the first label annotation (a new one if
/// there is none) with the tags of all of them.
pub fn change_article(
    store: &NoteStore,
    doc_sha256: &str,
    author: &str,
    f: impl FnOnce(&mut Annotation),
) -> Vec<Change> {
    let anchor = super::model::anchor_for_article(doc_sha256);
    let existing: Vec<Annotation> = article_labels(store)
        .into_iter()
        .filter(|a| a.author == author)
        .collect();
    changes_to(&existing, anchor, 0, author, f)
}

/// The changes `f` makes to paragraph `para`. `f` sees the paragraph as
/// the reader shows it: the first annotation on it (a new one if there is
/// none) with the tags of every annotation on it. What `f` adds and its
/// note go to the first; a tag it removes leaves every annotation that
/// has it, and clearing everything clears them all. Anchors are refreshed
/// to the text as it is now; an annotation left with no tag and no note
/// is deleted when applied. Empty if `f` changed nothing.
pub fn change_paragraph<P: Texts + ?Sized>(
    store: &NoteStore,
    paragraphs: &P,
    doc_sha256: &str,
    para: usize,
    author: &str,
    f: impl FnOnce(&mut Annotation),
) -> Vec<Change> {
    change_target(store, paragraphs, doc_sha256, para, None, author, f)
}

/// [`change_paragraph`] for the paragraph (`span`: `None`) or the phrase
/// at code points `span` of it: the annotations on exactly that phrase
/// are changed, not those on the paragraph or on other phrases. Empty if
/// the span holds nothing of the paragraph.
pub fn change_target<P: Texts + ?Sized>(
    store: &NoteStore,
    paragraphs: &P,
    doc_sha256: &str,
    para: usize,
    span: Option<Range<usize>>,
    author: &str,
    f: impl FnOnce(&mut Annotation),
) -> Vec<Change> {
    change_placed(
        &place_all(store, paragraphs),
        paragraphs,
        doc_sha256,
        para,
        span,
        author,
        f,
    )
}

/// [`change_target`] with the annotations as `placed` already (the
/// reader keeps them: placing them again would cost a pass over the
/// article for each one not in place).
pub fn change_placed<P: Texts + ?Sized>(
    placed: &[Item],
    paragraphs: &P,
    doc_sha256: &str,
    para: usize,
    span: Option<Range<usize>>,
    author: &str,
    f: impl FnOnce(&mut Annotation),
) -> Vec<Change> {
    let anchor = match &span {
        None => anchor_for(paragraphs, para, doc_sha256),
        Some(r) => match anchor_for_span(paragraphs, para, r.clone(), doc_sha256) {
            Some(a) => a,
            None => return Vec::new(),
        },
    };
    // The author's own annotations: another's are never rewritten.
    let span = anchor.span();
    let existing: Vec<Annotation> = placed
        .iter()
        .filter(|it| it.para == Some(para) && it.span == span && it.ann.author == author)
        .map(|it| it.ann.clone())
        .collect();
    changes_to(&existing, anchor, para, author, f)
}

/// The changes `f` makes to one target (a paragraph, a phrase, the
/// article) that holds `existing` annotations now.
fn changes_to(
    existing: &[Annotation],
    anchor: Anchor,
    para: usize,
    author: &str,
    f: impl FnOnce(&mut Annotation),
) -> Vec<Change> {
    let first = existing.first();
    let mut shown = first
        .cloned()
        .unwrap_or_else(|| Annotation::new(author.to_string(), anchor.clone()));
    for a in existing.iter().skip(1) {
        for t in &a.tags {
            if !shown.tags.contains(t) {
                shown.tags.push(t.clone());
            }
        }
    }
    let before = shown.clone();
    f(&mut shown);
    let removed: Vec<&String> = before
        .tags
        .iter()
        .filter(|t| !shown.tags.contains(t))
        .collect();
    let cleared = shown.tags.is_empty() && shown.note.trim().is_empty();
    let mut changes = Vec::new();
    // The first: what `f` did, with its own tags.
    let mut after = shown.clone();
    after.tags = first.map_or_else(Vec::new, |a| a.tags.clone());
    after.tags.retain(|t| !removed.contains(&t));
    for t in &shown.tags {
        if !before.tags.contains(t) && !after.tags.contains(t) {
            after.tags.push(t.clone());
        }
    }
    let mut change = Change::between(first, &after, para, author, anchor.clone());
    change.first_on_paragraph = first.is_none();
    changes.push(change);
    // The others: only removals.
    for a in existing.iter().skip(1) {
        let mut b = a.clone();
        b.tags.retain(|t| !removed.contains(&t));
        if cleared {
            b.note.clear();
            b.conflicts.clear();
        }
        changes.push(Change::between(Some(a), &b, para, author, anchor.clone()));
    }
    changes.retain(|c| !c.is_noop());
    changes
}

/// [`change_paragraph`], applied to the store (not saved: call
/// `store.save()`).
pub fn edit_paragraph<P: Texts + ?Sized>(
    store: &mut NoteStore,
    paragraphs: &P,
    doc_sha256: &str,
    para: usize,
    author: &str,
    f: impl FnOnce(&mut Annotation),
) -> Vec<Change> {
    let changes = change_paragraph(store, paragraphs, doc_sha256, para, author, f);
    for c in &changes {
        store.apply(c.clone());
    }
    changes
}

/// Undo changes (recorded as changes of their own), last first.
pub fn undo(store: &mut NoteStore, changes: &[Change]) {
    for c in changes.iter().rev() {
        store.apply(c.inverse());
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

#[cfg(test)]
mod tests;
