//! Drafts: what the user did that is not in the sidecar yet (a note being
//! typed when the terminal went away, changes whose save failed or was
//! cancelled), one JSON file per article in the drafts folder
//! (`places::drafts_dir`), keyed on the article's canonical path.

use std::path::{Path, PathBuf};

use super::edit::Change;
use super::model::NoteVersion;

/// What the user did that is not in the sidecar yet, offered again when
/// the article is next opened: a note that was being typed when the
/// terminal went away (SIGHUP, SIGTERM), and changes whose save failed or
/// was cancelled.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    pub article: String,
    /// 0-based paragraph of the note being typed.
    #[serde(default)]
    pub paragraph: usize,
    /// The note being typed (empty: none).
    #[serde(default)]
    pub text: String,
    /// The other versions of the note that were being merged into it.
    #[serde(default)]
    pub resolves: Vec<NoteVersion>,
    /// Saved changes that did not reach the sidecar.
    #[serde(default)]
    pub changes: Vec<Change>,
}

fn draft_file(root: &Path, article: &Path) -> PathBuf {
    let canonical = super::store::canonical(article);
    let key = crate::digest::sha256_hex(canonical.as_os_str().as_encoded_bytes());
    root.join(format!("{}.json", &key[..16]))
}

fn read_draft(file: &Path) -> Option<Draft> {
    let bytes = crate::files::read_regular(file).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn write_draft(root: &Path, article: &Path, draft: &Draft) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(root)?;
    let file = draft_file(root, article);
    if draft.text.is_empty() && draft.changes.is_empty() {
        return match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let mut tmp = tempfile::NamedTempFile::new_in(root)?;
    tmp.write_all(&serde_json::to_vec_pretty(draft)?)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&file).map_err(|e| e.error)?;
    Ok(())
}

/// The draft of `article` to add to: a new one when there is none, or
/// when the one there cannot be read (kept aside as `….damaged`, never
/// written over).
fn draft_of(root: &Path, article: &Path) -> Draft {
    let file = draft_file(root, article);
    read_draft(&file).unwrap_or_else(|| {
        if file.exists() {
            let _ = std::fs::rename(&file, file.with_extension("json.damaged"));
        }
        Draft {
            article: article.to_string_lossy().into_owned(),
            ..Draft::default()
        }
    })
}

/// Keep the note being typed on paragraph `paragraph` (written
/// atomically), with the versions it was merging, if any.
pub fn save_draft(
    root: &Path,
    article: &Path,
    paragraph: usize,
    text: &str,
    resolves: &[NoteVersion],
) -> std::io::Result<()> {
    crate::files::locked(root, || {
        let mut draft = draft_of(root, article);
        draft.paragraph = paragraph;
        draft.text = text.to_string();
        draft.resolves = resolves.to_vec();
        write_draft(root, article, &draft)
    })?
}

/// Keep changes that could not be saved, beside those kept before.
pub fn keep_changes(root: &Path, article: &Path, changes: &[Change]) -> std::io::Result<()> {
    crate::files::locked(root, || {
        let mut draft = draft_of(root, article);
        for c in changes {
            if !draft.changes.contains(c) {
                draft.changes.push(c.clone());
            }
        }
        write_draft(root, article, &draft)
    })?
}

/// The draft for `article`, if there is one, left in place: it goes only
/// when the user has answered for it ([`take_changes`], [`take_note`]),
/// so a hang-up while it is offered loses nothing.
pub fn peek_draft(root: &Path, article: &Path) -> Option<Draft> {
    read_draft(&draft_file(root, article))
}

/// Take the kept changes out of the draft (the note stays). Whatever
/// another window took meanwhile is not there any more.
pub fn take_changes(root: &Path, article: &Path) -> Vec<Change> {
    crate::files::locked(root, || {
        let Some(mut draft) = read_draft(&draft_file(root, article)) else {
            return Vec::new();
        };
        let changes = std::mem::take(&mut draft.changes);
        let _ = write_draft(root, article, &draft);
        changes
    })
    .unwrap_or_default()
}

/// Take the note being typed out of the draft (the changes stay).
pub fn take_note(root: &Path, article: &Path) -> Option<Draft> {
    crate::files::locked(root, || {
        let mut draft = read_draft(&draft_file(root, article))?;
        if draft.text.is_empty() {
            return None;
        }
        let note = Draft {
            changes: Vec::new(),
            ..draft.clone()
        };
        draft.text.clear();
        draft.resolves.clear();
        let _ = write_draft(root, article, &draft);
        Some(note)
    })
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_kept_then_taken_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let art = Path::new("/corpus/a.txt");
        assert_eq!(peek_draft(dir.path(), art), None);
        save_draft(dir.path(), art, 2, "مسودة\nثانية", &[]).expect("save");
        let d = peek_draft(dir.path(), art).expect("draft");
        assert_eq!((d.paragraph, d.text.as_str()), (2, "مسودة\nثانية"));
        assert!(
            peek_draft(dir.path(), art).is_some(),
            "a look takes nothing"
        );
        assert_eq!(take_note(dir.path(), art).map(|d| d.text), Some(d.text));
        assert_eq!(peek_draft(dir.path(), art), None, "taken once");
    }

    #[test]
    fn two_writers_of_one_draft_lose_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("drafts");
        let art = Path::new("/corpus/a.txt");
        let anchor = crate::notes::anchor_for(&["أ".to_string()], 0, "d");
        let change = |n: usize| Change {
            id: format!("id-{n}"),
            para: 0,
            author: "t".into(),
            created: String::new(),
            before: None,
            add_tags: vec![format!("t{n}")],
            remove_tags: Vec::new(),
            note: None,
            note_base: String::new(),
            resolved: Vec::new(),
            restore: Vec::new(),
            anchor: anchor.clone(),
            first_on_paragraph: false,
        };
        std::thread::scope(|s| {
            for w in 0..2 {
                let root = &root;
                let change = &change;
                s.spawn(move || {
                    for n in 0..40 {
                        keep_changes(root, art, &[change(w * 100 + n)]).expect("keep");
                    }
                });
            }
        });
        assert_eq!(take_changes(&root, art).len(), 80);
        // A draft that cannot be read is set aside, not written over.
        std::fs::write(draft_file(&root, art), b"{broken").expect("write");
        keep_changes(&root, art, &[change(1)]).expect("keep");
        assert!(
            draft_file(&root, art)
                .with_extension("json.damaged")
                .exists()
        );
    }

    #[test]
    fn drafts_are_keyed_on_the_canonical_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).expect("mkdir");
        std::fs::write(corpus.join("a.txt"), "نص").expect("article");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&corpus, &link).expect("symlink");
        let drafts = dir.path().join("drafts");
        save_draft(&drafts, &corpus.join("a.txt"), 0, "مسودة", &[]).expect("save");
        let odd = corpus.join("..").join("link").join("a.txt");
        let d = peek_draft(&drafts, &odd).expect("found by another path");
        assert_eq!(d.text, "مسودة");
    }
}
