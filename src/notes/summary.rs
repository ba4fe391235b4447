//! What the library and the `A` list show of annotations: each article's
//! count and tags, and one row per annotation placed on its current text.

use std::path::PathBuf;

use super::anchor::{Status, place_all};
use super::store::NoteStore;
use crate::article::Article;
use crate::text::display::display_name;

/// One annotation in the `A` list.
#[derive(Debug, Clone)]
pub struct NoteRow {
    pub path: PathBuf,
    pub article: String,
    pub para: Option<usize>,
    pub status: Status,
    pub tags: Vec<String>,
    pub note: String,
    haystack: String,
}

impl NoteRow {
    /// Whether the article's name, the note or a tag holds `needle`
    /// (lower-case).
    pub fn matches(&self, needle: &str) -> bool {
        self.haystack.contains(needle)
    }
}

/// Annotation count and tags of an article, for the library.
#[derive(Debug, Clone, Default)]
pub struct ArticleNotes {
    /// Annotations on paragraphs and phrases.
    pub count: usize,
    /// Their tags.
    pub tags: Vec<String>,
    /// The article's own labels (`T`).
    pub labels: Vec<String>,
}

/// The `A` list's rows for one article's annotations, placed on its
/// current text.
pub fn note_rows(store: &NoteStore, article: &Article) -> Vec<NoteRow> {
    let name = display_name(&article.path);
    place_all(store, &article.paragraphs)
        .into_iter()
        .map(|it| {
            let haystack =
                format!("{} {} {}", name, it.ann.note, it.ann.tags.join(" ")).to_lowercase();
            NoteRow {
                path: article.path.clone(),
                article: name.clone(),
                para: it.para,
                status: it.status,
                tags: it.ann.tags,
                note: it.ann.note,
                haystack,
            }
        })
        .collect()
}

/// Annotation count and tags of one article.
pub fn summarize(store: &NoteStore) -> ArticleNotes {
    let mut s = ArticleNotes::default();
    for a in store.live() {
        let into = if a.anchor.article {
            &mut s.labels
        } else {
            s.count += 1;
            &mut s.tags
        };
        for t in &a.tags {
            if !into.contains(t) {
                into.push(t.clone());
            }
        }
    }
    s
}
