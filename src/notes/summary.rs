//! What the library and the `A` list show of annotations: each article's
//! count and tags, and one row per annotation placed on its current text.

use std::path::{Path, PathBuf};

use super::anchor::{Status, place_all};
use super::store::NoteStore;
use crate::article::Texts;
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
    /// The phrase, for an annotation on one.
    pub quote: Option<String>,
    /// Where the phrase is now: code points of its paragraph.
    pub span: Option<std::ops::Range<usize>>,
    /// A label on the article as a whole.
    pub whole: bool,
    /// Whose it is.
    pub author: String,
    haystack: String,
}

impl NoteRow {
    /// Whether the article's name, the note, a tag, the phrase or the
    /// author holds `query`, both folded for search (harakat, tatweel,
    /// letter variants and case ignored).
    pub fn matches(&self, query: &str) -> bool {
        let q = crate::text::fold::Folded::new(query, Default::default()).text;
        !q.is_empty() && self.haystack.contains(&q)
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
pub fn note_rows<P: Texts + ?Sized>(
    store: &NoteStore,
    path: &Path,
    paragraphs: &P,
) -> Vec<NoteRow> {
    rows_of(store, path, place_all(store, paragraphs))
}

/// The `A` list's rows for the article at `path` with annotations
/// `store`, read from its file in bounded memory: the paragraphs the
/// annotations were saved on, in one pass; if one is no longer there, the
/// article by an index (it is looked for through all of it), if still
/// `still_wanted`. `None` if the article cannot be read, or is not wanted.
pub fn rows_for(
    store: &NoteStore,
    path: &Path,
    still_wanted: impl Fn() -> bool,
) -> Option<Vec<NoteRow>> {
    use crate::article::texts::{IndexedArticle, Sparse};
    let anchors: Vec<&super::model::Anchor> = store
        .live()
        .filter(|a| !a.anchor.article)
        .map(|a| &a.anchor)
        .collect();
    let wanted = anchors.iter().map(|a| a.para_index).collect();
    let some = Sparse::load(path, &wanted).ok()?;
    if super::anchor::Target::new(&some).in_place(&anchors) {
        return Some(note_rows(store, path, &some));
    }
    drop(some);
    // No longer wanted (opened in the reader meanwhile, which places them).
    if !still_wanted() {
        return None;
    }
    let article = IndexedArticle::load(path).ok()?;
    Some(note_rows(store, path, &article.texts()))
}

/// [`note_rows`] of annotations placed already (`items`, as
/// [`place_all`] gives them).
pub fn rows_of(store: &NoteStore, path: &Path, items: Vec<super::anchor::Item>) -> Vec<NoteRow> {
    let name = display_name(path);
    let row = |ann: super::Annotation, para, span, status, whole| {
        let quote = ann.anchor.span().map(|_| ann.anchor.quote.clone());
        let haystack = crate::text::fold::Folded::new(
            &format!(
                "{} {} {} {} {}",
                name,
                ann.note,
                ann.tags.join(" "),
                quote.as_deref().unwrap_or_default(),
                ann.author
            ),
            Default::default(),
        )
        .text;
        NoteRow {
            path: path.to_path_buf(),
            article: name.clone(),
            para,
            status,
            tags: ann.tags,
            note: ann.note,
            quote,
            span,
            whole,
            author: crate::text::sanitize::sanitize(&ann.author),
            haystack,
        }
    };
    // The article's labels first, then its annotations in text order.
    super::edit::article_labels(store)
        .into_iter()
        .map(|a| row(a, None, None, Status::Exact, true))
        .chain(
            items
                .into_iter()
                .map(|it| row(it.ann, it.para, it.span, it.status, false)),
        )
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
