//! What has the focus over the screens: the question or prompt in the
//! status bar, the tag picker, the note editor.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Filter,
    Search,
    NotesFilter,
    /// A search in every article (`Ctrl-F`).
    CorpusSearch,
}

/// What has the focus over the screen, at most one at a time; it takes
/// the keys before the screen does. The keymap, `update` and the views all
/// ask this one value.
pub enum Overlay {
    None,
    /// A line typed in the status bar: the filter, a search.
    Prompt(Prompt),
    /// The list of keys (`?`), scrolled this many lines.
    Help(usize),
    /// Tags of the paragraph or the selected phrase, or (`article`) the
    /// labels of the article as a whole.
    TagPicker {
        article: bool,
    },
    Editor(Box<Editor>),
    /// Waiting for a tag key: the next paragraph with that tag (`'`).
    JumpToTag,
    /// A yes/no question in the status bar.
    Confirm(Ask),
}

impl Overlay {
    /// The note editor, open or waiting under a question about it.
    pub fn editor(&self) -> Option<&Editor> {
        match self {
            Overlay::Editor(ed) | Overlay::Confirm(Ask::Discard(ed)) => Some(ed),
            _ => None,
        }
    }

    /// The prompt being typed, if that has the focus.
    pub fn prompt(&self) -> Option<&Prompt> {
        match self {
            Overlay::Prompt(p) => Some(p),
            _ => None,
        }
    }
}

/// What a yes/no question is about.
#[derive(Debug, Clone)]
pub enum Ask {
    /// Drop the changes to the note being typed; no goes back to it.
    Discard(Box<Editor>),
    /// Delete the annotation of the current paragraph, or of this phrase
    /// (as shown).
    Delete(Option<String>),
    /// Save changes that an earlier session could not save.
    SaveRecovered(Vec<Change>),
    /// Merge the temp files that killed saves left beside the sidecar.
    MergeLeftovers(Vec<PathBuf>),
    /// Tag (or untag) the paragraphs of the corpus search's hits, in
    /// more than one article.
    TagHits {
        tag: String,
        /// The tag's name, for the question.
        label: String,
        paragraphs: usize,
        articles: usize,
        untag: bool,
    },
}

impl Ask {
    /// The question in few cells, for a narrow screen.
    pub fn short_question(&self, cursor: usize) -> String {
        match self {
            Ask::Delete(None) => format!("Delete ¶ {}'s notes? y/n", cursor + 1),
            Ask::Delete(Some(_)) => "Delete the phrase's notes? y/n".into(),
            Ask::Discard(_) => "Discard changes? y/n".into(),
            Ask::SaveRecovered(_) => "Save unsaved changes? y/n".into(),
            Ask::MergeLeftovers(_) => "Merge interrupted save? y/n".into(),
            Ask::TagHits { articles, .. } => format!("Change {articles} articles? y/n"),
        }
    }

    /// The question, for the status bar (`cursor`: the current paragraph).
    pub fn question(&self, cursor: usize) -> String {
        match self {
            Ask::Delete(None) => format!("Delete the annotation of ¶ {}? y/n", cursor + 1),
            Ask::Delete(Some(phrase)) => format!("Delete the annotation of «{phrase}»? y/n"),
            Ask::Discard(_) => format!("Discard your changes to the note on ¶ {}? y/n", cursor + 1),
            Ask::SaveRecovered(changes) => {
                let mut paras: Vec<usize> = changes.iter().map(|c| c.para + 1).collect();
                paras.sort_unstable();
                paras.dedup();
                let mut shown: Vec<String> =
                    paras.iter().take(3).map(|p| format!("¶ {p}")).collect();
                if paras.len() > 3 {
                    shown.push("…".into());
                }
                format!(
                    "Save {} change(s) to {} left unsaved last time? y/n",
                    changes.len(),
                    shown.join(", ")
                )
            }
            Ask::MergeLeftovers(_) => "Merge what an interrupted save left? y/n".into(),
            Ask::TagHits {
                label,
                paragraphs,
                articles,
                untag,
                ..
            } => format!(
                "{} {paragraphs} paragraph(s) in {articles} articles {label}? y/n",
                if *untag { "Untag" } else { "Tag" }
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// Search as written, not folded (Ctrl-R while typing).
    pub strict: bool,
    /// Whole words only, with their prefixes (Ctrl-W while typing).
    pub words: bool,
    /// `ة` found as `ه` (Ctrl-T while typing; `[search] ta_marbuta`).
    pub ta_marbuta: bool,
}

impl Prompt {
    /// An empty line to type (`ta_marbuta`: as the config says).
    pub fn new(kind: PromptKind, text: String, ta_marbuta: bool) -> Prompt {
        Prompt {
            kind,
            text,
            strict: false,
            words: false,
            ta_marbuta,
        }
    }

    /// How what is typed is matched.
    pub fn how(&self) -> crate::text::fold::Fold {
        crate::text::fold::Fold {
            strict: self.strict,
            words: self.words,
            ta_marbuta: self.ta_marbuta,
        }
    }
}
