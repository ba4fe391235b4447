//! What a key or event asks of the app, and what the event loop must do
//! after.

/// Everything a key or event can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageDown,
    PageUp,
    ScrollUp(usize),
    ScrollDown(usize),
    Open,
    /// Ctrl-C: quit from wherever the keys reach the screen (the help
    /// open included).
    Interrupt,
    /// Leave the screen (the reader, the `A` list).
    Back,
    /// Clear the library's filter.
    ClearFilter,
    /// Order the library the next way.
    SortLibrary,
    Quit,
    ToggleHelp,
    StartFilter,
    StartSearch,
    /// Search every article and list the hits (`Ctrl-F`).
    StartCorpusSearch,
    /// Mark the selected hit of the corpus search, or unmark it.
    MarkHit,
    PromptInput(char),
    PromptBackspace,
    /// Search as written, or folded (Ctrl-R while typing a search).
    PromptToggleStrict,
    /// Whole words only, or anywhere (Ctrl-W while typing a search).
    PromptToggleWords,
    /// `ة` found as `ه`, or not (Ctrl-T while typing a search).
    PromptToggleTaMarbuta,
    PromptAccept,
    PromptCancel,
    NextHit,
    PrevHit,
    CycleDirection,
    PrevArticle,
    NextArticle,
    Suspend,
    OpenTagPicker,
    /// Say what is on the selected phrase or the current paragraph.
    ShowDetails,
    /// Go to the next paragraph where annotators tag differently.
    NextDisagreement,
    /// Show only my annotations, or everyone's.
    ToggleMineOnly,
    /// Take the next other annotator's tags on the paragraph as mine.
    Adopt,
    /// The next / previous paragraph with no annotation.
    NextUnannotated,
    PrevUnannotated,
    /// Wait for a tag key, then go to the next paragraph with that tag.
    AskTagToJump,
    /// The `A` list: one row per paragraph, or per annotation.
    GroupNotes,
    /// The picker for the article's own labels (`T`).
    OpenLabelPicker,
    /// A key typed in the tag picker.
    TagKey(char),
    CloseOverlay,
    OpenEditor,
    EditorKey(super::input::Key),
    DeleteAnnotation,
    Confirm(bool),
    Undo,
    NextAnnotated,
    PrevAnnotated,
    Copy,
    ToggleNotes,
    OpenNotesList,
    ToggleBidiControls,
    /// Select a phrase, or move the selection's end.
    Select(super::reader::Step),
    /// The mouse at byte `byte` of paragraph `para`: select the word
    /// there, or (`drag`) move the selection's end to it.
    SelectAt {
        para: usize,
        byte: usize,
        drag: bool,
    },
    /// Draw the whole screen again (Ctrl-L).
    Redraw,
    /// Stop waiting for a busy sidecar and keep the change as a draft.
    CancelSave,
    /// Leave a question for later (Esc).
    ConfirmLater,
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    Suspend,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Open this article (reading the file, its sidecar and any draft), as
    /// `App::open` does.
    Open {
        path: std::path::PathBuf,
        at: OpenAt,
    },
    /// Save the open article's annotations (changed in memory by the
    /// update), then say what was done, as `App::save` does.
    Save {
        done: Done,
    },
    /// Leave the reader for the library, as `App::close` does (a change
    /// not yet saved goes to a draft).
    Close,
    /// Stop waiting for a busy sidecar, as `App::stop_saving` does (the
    /// change goes to a draft).
    StopSaving,
    /// Take up what an earlier session left (the user said yes or no), as
    /// `App::take_up` does.
    TakeUp(TakeUp),
    /// Tag the paragraphs of the corpus search's hits (the marked ones,
    /// else all) with this tag, saving each article's annotations, as
    /// `App::tag_hits` does.
    TagHits(String),
    /// Undo the last tagging from the hits, as `App::untag_hits` does.
    UntagHits,
    Redraw,
}

/// What an earlier session left that the user answered about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeUp {
    /// The draft's unsaved changes to the annotations: save them (read
    /// from the draft then, not when asked), or drop them.
    Draft { save: bool },
    /// Merge these temp files that interrupted saves left.
    Leftovers(Vec<std::path::PathBuf>),
}

/// Where an article opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenAt {
    /// Where the user left it.
    LastRead,
    /// At this paragraph (from the `A` list).
    Paragraph(usize),
    /// At this phrase (code points of a paragraph), selected.
    Phrase(usize, usize, usize),
    /// At a hit of the corpus search (paragraph, byte of its text): the
    /// same search is made in the article, this hit the current one.
    Hit(usize, usize),
    /// For an annotation whose paragraph is gone: where the user left it,
    /// with a word about that.
    Orphan,
}

/// What to say once a save is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// The current paragraph's annotation as it is then.
    Edit,
    Said(String),
}
