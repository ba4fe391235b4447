//! The one binding table: every key of the library, the reader and the `A`
//! list, the command it runs there, and the words the help says about it.
//! The keymap dispatches from it, the help and the hint lines are written
//! from it, and `config.toml` rebinds it (`[keys]`). Free of any terminal
//! library.
//!
//! The overlays (a prompt, the tag picker, a yes/no question, the note
//! editor) keep fixed keys, named in their titles: they take text.

mod chord;
pub mod help;
mod table;

pub use chord::{Chord, Code};

/// What a key asks for on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    LineDown,
    LineUp,
    Open,
    Filter,
    ClearFilter,
    /// Order the library by name, title, size, annotations or last opened.
    Sort,
    /// Search every article of the corpus, and list the hits.
    CorpusSearch,
    /// Mark a hit of the corpus search (or unmark it).
    MarkHit,
    NotesList,
    Quit,
    Back,
    PrevArticle,
    NextArticle,
    Search,
    NextMatch,
    PrevMatch,
    Direction,
    BidiControls,
    Tags,
    /// Labels of the article as a whole.
    Labels,
    /// What is on the selected phrase or the paragraph.
    Details,
    /// The next paragraph where annotators tag differently.
    NextDisagreement,
    /// Only my annotations shown, or everyone's.
    MineOnly,
    /// Take another annotator's tags on the paragraph as mine.
    Adopt,
    /// The next / previous paragraph with no annotation.
    NextUnannotated,
    PrevUnannotated,
    /// The next paragraph carrying a tag (then its key).
    JumpToTag,
    /// The `A` list: one row per paragraph, annotators side by side.
    GroupNotes,
    Note,
    Delete,
    Undo,
    NextAnnotated,
    PrevAnnotated,
    Copy,
    ToggleNotes,
    /// Start selecting a phrase (`v`), and move its end.
    Select,
    SelectWordNext,
    SelectWordPrev,
    SelectLeft,
    SelectRight,
    SelectCharLeft,
    SelectCharRight,
    SelectCharNext,
    SelectSwap,
    SelectDrop,
    Help,
    Suspend,
    Redraw,
    /// Ctrl-C: quit, whatever the config says.
    Interrupt,
    /// Stop waiting for a busy sidecar (Esc, Ctrl-C while a save waits).
    CancelSave,
}

/// The screens keys work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Library,
    Reader,
    /// Every annotation of the corpus (`A`).
    List,
    /// The hits of a search across the corpus (`Ctrl-F`).
    Hits,
}

impl Place {
    const fn bit(self) -> u8 {
        match self {
            Place::Library => LIBRARY,
            Place::Reader => READER,
            Place::List => LIST,
            Place::Hits => HITS,
        }
    }

    pub const ALL: [Place; 4] = [Place::Library, Place::Reader, Place::List, Place::Hits];

    /// How the help and config messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Place::Library => "the library",
            Place::Reader => "the reader",
            Place::List => "the A list",
            Place::Hits => "the search hits",
        }
    }
}

const LIBRARY: u8 = 1;
const READER: u8 = 2;
const LIST: u8 = 4;
const HITS: u8 = 8;
const ALL: u8 = LIBRARY | READER | LIST | HITS;

/// When a binding is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// While a search in the reader is active; before the `Always` keys.
    Searching,
    /// While a save waits for another hamish; before everything else.
    Saving,
    /// While a phrase is being selected in the reader; before the
    /// `Always` keys, which it shadows where it takes them over.
    Selecting,
}

/// The help's sections, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Moving,
    Library,
    Reader,
    Annotations,
    /// While a phrase is selected.
    Selecting,
    List,
    /// The hits of a search across the corpus.
    Hits,
    Everywhere,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Moving,
        Section::Library,
        Section::Reader,
        Section::Annotations,
        Section::Selecting,
        Section::List,
        Section::Hits,
        Section::Everywhere,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Moving => "Moving (library, reader, lists)",
            Section::Library => "Library",
            Section::Reader => "Reader",
            Section::Annotations => "Annotations (current paragraph)",
            Section::Selecting => "Selecting a phrase (v, in the reader)",
            Section::List => "All annotations (A list)",
            Section::Hits => "Search across the corpus (Ctrl-F)",
            Section::Everywhere => "Everywhere",
        }
    }

    /// The screens whose keys it lists.
    pub fn places(self) -> &'static [Place] {
        match self {
            Section::Moving | Section::Everywhere => &Place::ALL,
            Section::Library => &[Place::Library],
            Section::Reader | Section::Annotations | Section::Selecting => &[Place::Reader],
            Section::List => &[Place::List],
            Section::Hits => &[Place::Hits],
        }
    }
}

/// One binding: a command, where it works, its keys unless the config says
/// otherwise, and what the help says.
#[derive(Debug)]
pub struct Row {
    pub command: Command,
    /// Its name in `[keys]`; empty for keys that cannot be rebound.
    pub name: &'static str,
    places: u8,
    pub when: When,
    pub defaults: &'static [&'static str],
    /// For the help; `{tags}` stands for the tag keys.
    pub help: &'static str,
    /// For a hint line: a word or two.
    pub hint: &'static str,
    /// The help sections that list it.
    pub sections: &'static [Section],
    /// What the help says for this row and the next together
    /// (`j ↓ / k ↑  down / up`), if it lists them as a pair.
    pub pair: Option<&'static str>,
    /// The command it may share a key with, by design: while searching,
    /// `N` is the previous match; otherwise it shows and hides the notes.
    pub shares: Option<Command>,
}

impl Row {
    pub fn works_on(&self, place: Place) -> bool {
        self.places & place.bit() != 0
    }

    /// The screens it works on.
    pub fn places(&self) -> impl Iterator<Item = Place> + '_ {
        Place::ALL.into_iter().filter(|p| self.works_on(*p))
    }

    pub fn fixed(&self) -> bool {
        self.name.is_empty()
    }
}

const fn row(
    command: Command,
    name: &'static str,
    places: u8,
    defaults: &'static [&'static str],
    help: &'static str,
    hint: &'static str,
    sections: &'static [Section],
) -> Row {
    Row {
        command,
        name,
        places,
        when: When::Always,
        defaults,
        help,
        hint,
        sections,
        pair: None,
        shares: None,
    }
}

pub use table::ROWS;

/// The keys of every row of [`ROWS`], as the config left them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    chords: Vec<Vec<Chord>>,
}

impl Default for Keys {
    fn default() -> Keys {
        Keys {
            chords: ROWS
                .iter()
                .map(|r| {
                    r.defaults
                        .iter()
                        .filter_map(|k| Chord::parse(k).ok())
                        .collect()
                })
                .collect(),
        }
    }
}

/// What the keymap needs to know besides the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    pub searching: bool,
    pub saving: bool,
    pub selecting: bool,
}

impl Keys {
    /// Every row with its keys now.
    pub fn rows(&self) -> impl Iterator<Item = (&'static Row, &[Chord])> {
        ROWS.iter().zip(self.chords.iter().map(Vec::as_slice))
    }

    /// The keys of a command (the first row that runs it).
    pub fn of(&self, command: Command) -> &[Chord] {
        self.rows()
            .find(|(r, _)| r.command == command)
            .map_or(&[], |(_, k)| k)
    }

    /// The command `chord` runs on `place` now, if any: keys in force
    /// while a save waits come first, then those while searching.
    pub fn lookup(&self, place: Place, chord: Chord, state: State) -> Option<Command> {
        let active = |w: When| match w {
            When::Always => true,
            When::Searching => state.searching,
            When::Saving => state.saving,
            When::Selecting => state.selecting,
        };
        [When::Saving, When::Selecting, When::Searching, When::Always]
            .into_iter()
            .filter(|w| active(*w))
            .find_map(|w| {
                self.rows()
                    .find(|(r, keys)| r.when == w && r.works_on(place) && keys.contains(&chord))
                    .map(|(r, _)| r.command)
            })
    }

    /// Give the row named `name` (as in `[keys]`) these keys instead of its
    /// own. The error is for a config message.
    pub fn set(&mut self, name: &str, chords: Vec<Chord>) -> Result<(), String> {
        let Some(i) = ROWS.iter().position(|r| !r.fixed() && r.name == name) else {
            let names: Vec<&str> = ROWS.iter().filter(|r| !r.fixed()).map(|r| r.name).collect();
            return Err(format!(
                "no command named {name:?}; the commands are {}",
                names.join(", ")
            ));
        };
        self.chords[i] = chords;
        Ok(())
    }

    /// The first key that two commands share on one screen, or that a
    /// command shares with a tag in the `A` list (where the tag keys
    /// filter). Rows named in `prefer` are blamed first, so the message
    /// points at what a file just changed.
    pub fn conflict(&self, tag_keys: &[char], prefer: &[&str]) -> Option<Conflict> {
        let rows: Vec<(&'static Row, &[Chord])> = self.rows().collect();
        let blame = |a: &'static Row, b: &'static Row| -> (&'static Row, &'static Row) {
            if a.fixed() || (prefer.contains(&b.name) && !prefer.contains(&a.name)) {
                (b, a)
            } else {
                (a, b)
            }
        };
        for (i, (a, ka)) in rows.iter().enumerate() {
            for (b, kb) in &rows[i + 1..] {
                if a.places & b.places == 0 || !in_force_together(a, b) {
                    continue;
                }
                if let Some(k) = ka.iter().find(|k| kb.contains(k)) {
                    let (mine, other) = blame(a, b);
                    let place = Place::ALL
                        .into_iter()
                        .find(|p| a.works_on(*p) && b.works_on(*p))
                        .map_or("", Place::name);
                    let message = if other.fixed() {
                        format!("{k} cannot be bound: it always does {:?}", other.help)
                    } else {
                        format!("{k} is already `{}`'s key in {place}", other.name)
                    };
                    return Some(Conflict {
                        row: mine.name,
                        tag: None,
                        message,
                    });
                }
            }
        }
        // A tag's key that a command has in the A list: the command wins
        // there (tags are also set in the picker), unless the key was
        // given to the command just now.
        for (r, keys) in &rows {
            let tags_there = ((r.works_on(Place::List) || r.works_on(Place::Hits))
                && r.when == When::Always)
                || r.when == When::Selecting;
            if !tags_there || !prefer.contains(&r.name) {
                continue;
            }
            if let Some(t) = tag_keys
                .iter()
                .find(|t| keys.contains(&Chord::plain(Code::Char(**t))))
            {
                return Some(Conflict {
                    row: r.name,
                    tag: Some(*t),
                    message: format!(
                        "{t} is a tag's key (it tags a selected phrase or the search hits, \
                         and shows the tag in the A list), so it cannot be `{}`",
                        r.name
                    ),
                });
            }
        }
        None
    }
}

/// Whether two rows can both be in force at once: the same state; or one
/// while searching and one always (searching does not change the other
/// keys), unless they share the key by design.
fn in_force_together(a: &Row, b: &Row) -> bool {
    let shared = |x: &Row, y: &Row| x.shares == Some(y.command);
    match (a.when, b.when) {
        (x, y) if x == y => true,
        (When::Searching, When::Always) => !shared(a, b),
        (When::Always, When::Searching) => !shared(b, a),
        // A mode (selecting) may shadow the keys it takes over, but not
        // the fixed ones.
        (When::Selecting, When::Always) => b.fixed(),
        (When::Always, When::Selecting) => a.fixed(),
        _ => false,
    }
}

/// Two things on one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The `[keys]` name of the row to blame.
    pub row: &'static str,
    /// The tag whose key it is, if a tag is involved.
    pub tag: Option<char>,
    pub message: String,
}

#[cfg(test)]
mod tests;
