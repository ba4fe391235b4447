//! The binding table itself, one binding per line: command, its name in
//! `[keys]`, the screens it works on, its keys unless the config says
//! otherwise, the help's words, a hint's word, the help's sections.

use super::{ALL, Command as C, LIBRARY, LIST, READER, Row, Section as S, When, row};

/// Every binding, in the order the help lists them. A `pair` lists a row
/// and the next as one line of the help.
#[rustfmt::skip]
pub static ROWS: &[Row] = &[
    Row { pair: Some("down / up"), ..row(C::Down, "down", ALL, &["j", "↓"], "down", "down", &[S::Moving]) },
    row(C::Up, "up", ALL, &["k", "↑"], "up", "up", &[S::Moving]),
    Row { pair: Some("first / last"), ..row(C::Top, "top", ALL, &["g", "Home"], "first", "first", &[S::Moving]) },
    row(C::Bottom, "bottom", ALL, &["G", "End"], "last", "last", &[S::Moving]),
    Row { pair: Some("page down / up"), ..row(C::PageDown, "page-down", ALL, &["Space", "PgDn", "Ctrl-D", "Ctrl-F"], "page down", "page", &[S::Moving]) },
    row(C::PageUp, "page-up", ALL, &["b", "PgUp", "Ctrl-U", "Ctrl-B"], "page up", "page up", &[S::Moving]),
    Row { pair: Some("one line down / up"), ..row(C::LineDown, "line-down", ALL, &["Ctrl-E"], "one line down", "line", &[S::Moving]) },
    row(C::LineUp, "line-up", ALL, &["Ctrl-Y"], "one line up", "line up", &[S::Moving]),
    row(C::Open, "open", LIBRARY | LIST, &["Enter", "l", "→"], "open", "open", &[S::Library, S::List]),
    row(C::Filter, "filter", LIBRARY | LIST, &["/"], "filter", "filter", &[S::Library, S::List]),
    row(C::ClearFilter, "clear-filter", LIBRARY, &["Esc"], "clear the filter", "clear", &[S::Library]),
    row(C::NotesList, "all-annotations", LIBRARY | READER, &["A"], "all annotations", "annotations", &[S::Library, S::Annotations]),
    row(C::Quit, "quit", LIBRARY, &["q"], "quit", "quit", &[S::Library]),
    Row { pair: Some("previous / next article"), ..row(C::PrevArticle, "previous-article", READER, &["["], "previous article", "previous", &[S::Reader]) },
    row(C::NextArticle, "next-article", READER, &["]"], "next article", "next", &[S::Reader]),
    row(C::GroupNotes, "group-by-paragraph", LIST, &["Tab"], "a row per paragraph, annotators side by side", "by paragraph", &[S::List]),
    row(C::Back, "back", READER | LIST, &["q", "Esc"], "back", "back", &[S::Reader, S::List]),
    row(C::Search, "search", READER, &["/"], "search", "search", &[S::Reader]),
    Row { pair: Some("next / previous match"), ..row(C::NextMatch, "next-match", READER, &["n"], "next match", "next match", &[S::Reader]) },
    Row { when: When::Searching, shares: Some(C::ToggleNotes), ..row(C::PrevMatch, "previous-match", READER, &["N"], "previous match (while searching)", "previous match", &[S::Reader]) },
    row(C::Direction, "direction", READER, &["d"], "direction auto → rtl → ltr", "direction", &[S::Reader]),
    row(C::BidiControls, "bidi-controls", READER, &["B"], "bidi controls on/off (⁞)", "controls", &[S::Reader]),
    row(C::Tags, "tags", READER, &["t"], "tags: {tags} toggle", "tags", &[S::Annotations]),
    row(C::Details, "details", READER, &["Enter"], "show its tags and note", "details", &[S::Annotations]),
    row(C::NextDisagreement, "next-disagreement", READER, &["D"], "next disagreement", "disagreement", &[S::Annotations]),
    row(C::Adopt, "adopt", READER, &["="], "adopt another's tags here", "adopt", &[S::Annotations]),
    row(C::MineOnly, "mine-only", READER, &["M"], "mine only / everyone's", "mine", &[S::Annotations]),
    row(C::Labels, "labels", READER, &["T"], "labels of the article", "labels", &[S::Annotations]),
    row(C::Note, "note", READER, &["a"], "note (Ctrl-S saves; merges two notes)", "note", &[S::Annotations]),
    row(C::Delete, "delete", READER, &["x"], "delete", "delete", &[S::Annotations]),
    row(C::Undo, "undo", READER, &["u"], "undo", "undo", &[S::Annotations]),
    Row { pair: Some("next / previous annotated"), ..row(C::NextAnnotated, "next-annotated", READER, &[")"], "next annotated", "next annotated", &[S::Annotations]) },
    row(C::PrevAnnotated, "previous-annotated", READER, &["("], "previous annotated", "previous annotated", &[S::Annotations]),
    row(C::Copy, "copy", READER, &["y"], "copy the text", "copy", &[S::Annotations]),
    row(C::ToggleNotes, "notes", READER, &["N"], "notes on/off", "notes", &[S::Annotations]),
    row(C::Select, "select", READER, &["v"], "select a phrase", "select", &[S::Annotations]),
    Row { when: When::Selecting, pair: Some("a word on / back (reading order)"), ..row(C::SelectWordNext, "select-next-word", READER, &["w"], "a word on", "word", &[S::Selecting]) },
    Row { when: When::Selecting, ..row(C::SelectWordPrev, "select-previous-word", READER, &["b"], "a word back", "back", &[S::Selecting]) },
    Row { when: When::Selecting, pair: Some("a word left / right (as seen)"), ..row(C::SelectLeft, "select-left", READER, &["←"], "a word left", "left", &[S::Selecting]) },
    Row { when: When::Selecting, ..row(C::SelectRight, "select-right", READER, &["→"], "a word right", "right", &[S::Selecting]) },
    Row { when: When::Selecting, pair: Some("a character left / right"), ..row(C::SelectCharLeft, "select-character-left", READER, &["Shift-←"], "a character left", "character", &[S::Selecting]) },
    Row { when: When::Selecting, ..row(C::SelectCharRight, "select-character-right", READER, &["Shift-→"], "a character right", "character", &[S::Selecting]) },
    Row { when: When::Selecting, ..row(C::SelectCharNext, "select-next-character", READER, &["e"], "a character on (reading order)", "character", &[S::Selecting]) },
    Row { when: When::Selecting, ..row(C::SelectSwap, "select-swap", READER, &["o"], "the other end moves", "swap", &[S::Selecting]) },
    Row { when: When::Selecting, ..row(C::SelectDrop, "select-drop", READER, &["Esc"], "drop the selection", "drop", &[S::Selecting]) },
    row(C::Help, "help", ALL, &["?", "F1"], "this help", "help", &[S::Everywhere]),
    row(C::Suspend, "suspend", ALL, &["Ctrl-Z"], "suspend", "suspend", &[S::Everywhere]),
    row(C::Redraw, "redraw", ALL, &["Ctrl-L"], "redraw the screen", "redraw", &[S::Everywhere]),
    // Fixed: no name, so no config can take them away.
    row(C::Interrupt, "", ALL, &["Ctrl-C"], "quit", "quit", &[S::Everywhere]),
    Row { when: When::Saving, ..row(C::CancelSave, "", ALL, &["Esc", "Ctrl-C"], "stop a waiting save", "stop waiting", &[S::Everywhere]) },
];
