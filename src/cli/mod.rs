//! The command line: its definition (clap derive) and the non-interactive
//! commands. The TUI lives in `crate::tui`.

pub mod agree;
pub mod annotate;
pub mod calibrate;
pub mod doctor;
pub mod export;
pub mod git;
pub mod list;
pub mod render;
pub mod search;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::text::terminal::{BidiChoice, Reorder};
use crate::text::{Direction, Options};

pub use list::list;
pub use render::render;

/// A terminal reader for Arabic articles, with margin notes.
#[derive(Debug, Parser)]
#[command(
    name = "hamish",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A folder of articles or one article (default: the current folder if
    /// it holds articles, else the sample library).
    pub path: Option<PathBuf>,

    #[command(flatten)]
    pub display: DisplayArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article's visual lines to stdout, laid out as the reader shows them.
    Render {
        /// The article to print.
        file: PathBuf,
        /// Line width in cells (default: the terminal's, or 80 when not a terminal).
        #[arg(long, short, value_parser = clap::value_parser!(u16).range(2..))]
        width: Option<u16>,
        #[command(flatten)]
        display: DisplayArgs,
    },
    /// Tag or note a paragraph (numbered from 1, as the reader shows it), a
    /// phrase in it, or the article as a whole.
    Annotate {
        /// The article.
        file: PathBuf,
        /// Paragraph number, from 1.
        #[arg(long, short, required_unless_present = "article")]
        paragraph: Option<usize>,
        /// A phrase of the paragraph, as it is written there: annotate the
        /// phrase, not the whole paragraph.
        #[arg(long, value_name = "TEXT", requires = "paragraph")]
        quote: Option<String>,
        /// Which occurrence of the phrase in the paragraph, from 1.
        #[arg(
            long,
            value_name = "K",
            requires = "quote",
            value_parser = clap::value_parser!(u64).range(1..)
        )]
        occurrence: Option<u64>,
        /// Label the article as a whole.
        #[arg(long, conflicts_with = "paragraph")]
        article: bool,
        /// A tag id (repeat for several); see the tag set with `?` in the reader.
        #[arg(long = "tag", short)]
        tags: Vec<String>,
        /// The note text (replaces the paragraph's note).
        #[arg(long, short)]
        note: Option<String>,
        /// Remove the given tags (and the note with --note), or the whole
        /// annotation when nothing else is given.
        #[arg(long)]
        remove: bool,
        /// Seconds to wait while another hamish saves the same sidecar;
        /// then give up (exit 1) and keep the change as a draft.
        #[arg(long, value_name = "SECONDS", default_value_t = 10)]
        wait: u64,
        /// Whose annotation it is [default: `author` in the config, else
        /// git's user.name for the corpus, else $USER]
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
    /// Export annotations of an article or a folder.
    Export {
        /// An article or a folder of articles.
        path: PathBuf,
        #[arg(long, short, value_enum)]
        format: export::Format,
        /// Write here instead of stdout (a folder, for brat). Never an
        /// article, a sidecar, or (brat) a folder that holds articles.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// CSV: start with a byte-order mark, for Excel.
        #[arg(long)]
        bom: bool,
        /// W3C: the IRI the articles are published under (else `file:`
        /// URIs; also `[export] base_iri` in the config).
        #[arg(long, value_name = "IRI", value_parser = parse_iri)]
        base_iri: Option<String>,
    },
    /// Check annotations: orphaned, re-anchored, unreadable; sidecars
    /// without article; merges leftover conflict copies.
    /// With no path (or --terminal): what hamish learns about the terminal,
    /// and advice.
    Doctor {
        /// An article or a folder of articles.
        path: Option<PathBuf>,
        /// Report on the terminal too.
        #[arg(long)]
        terminal: bool,
        /// Show four samples of an Arabic line, ask which reads right, and
        /// remember the answer for this terminal (`--bidi auto` uses it).
        #[arg(long, conflicts_with_all = ["path", "terminal"])]
        calibrate: bool,
        /// Seconds to wait for a sidecar another hamish is saving; then
        /// that article is reported and the others are checked.
        #[arg(long, value_name = "SECONDS", default_value_t = 10)]
        wait: u64,
    },
    /// How much annotators agree on which paragraphs (and which words of
    /// phrases) carry each tag: Krippendorff's alpha and, for two
    /// annotators, Cohen's kappa and raw agreement, per tag and overall.
    Agree {
        /// An article or a folder of articles.
        path: PathBuf,
        /// Only this tag.
        #[arg(long, short, value_name = "ID")]
        tag: Option<String>,
        /// Compare these annotators (authors of annotations, comma
        /// separated); default: every author found.
        #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
        authors: Vec<String>,
        #[arg(long, short, value_enum, default_value_t = agree::Format::Text)]
        format: agree::Format,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff), e.g. `hamish man > hamish.1`.
    Man,
    /// git's merge driver for sidecars (installed by `git-setup`): merge
    /// OURS and THEIRS into OURS by the store's rules; exit 1, OURS
    /// untouched, on input that is not a sidecar.
    MergeSidecar {
        /// The common ancestor (%O).
        base: PathBuf,
        /// Ours (%A): the result is written here.
        ours: PathBuf,
        /// Theirs (%B).
        theirs: PathBuf,
        /// The sidecar's path in the repository (%P): names the article.
        path: Option<PathBuf>,
    },
    /// In a corpus that is a git repository: merge sidecars with hamish
    /// (.gitattributes, the driver in .git/config) and ignore the lock,
    /// backup and temp files (.gitignore).
    GitSetup {
        /// The corpus folder [default: .]
        #[arg(default_value = ".")]
        corpus: PathBuf,
    },
    /// Find a word or phrase in an article or a folder, as the reader's /
    /// does (harakat, tatweel and letter variants ignored): a line per hit,
    /// file:paragraph: snippet. Exit 1 when nothing is found.
    Search {
        /// An article or a folder of articles.
        path: PathBuf,
        /// What to find.
        query: String,
        /// One JSON object per hit and line (file, paragraph, start and
        /// end in code points, match, snippet).
        #[arg(long)]
        json: bool,
        /// As written: no folding.
        #[arg(long)]
        strict: bool,
        /// ة as ه.
        #[arg(long)]
        ta_marbuta: bool,
        /// Whole words only, with their attached prefixes (و ف ب ك ل ال):
        /// دولة finds والدولة, not دولتين.
        #[arg(long, short)]
        words: bool,
    },
    /// List the articles of a folder: file, title, paragraphs, words.
    List {
        /// The folder to list.
        dir: PathBuf,
        /// One JSON array, for scripts.
        #[arg(long)]
        json: bool,
    },
}

fn parse_iri(s: &str) -> Result<String, String> {
    if crate::config::is_iri(s) {
        Ok(s.to_string())
    } else {
        Err("an absolute IRI such as https://example.org/corpus/".into())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    Auto,
    Rtl,
    Ltr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BidiMode {
    /// Chosen from the terminal the environment names, or a saved
    /// calibration (`hamish doctor --calibrate`).
    Auto,
    /// hamish reorders the text and asks the terminal not to.
    App,
    /// The terminal reorders each row left to right (VTE in implicit mode);
    /// hamish writes rows that come out right after that.
    Terminal,
    /// As `terminal`, for Konsole, which does not mirror brackets and takes
    /// box drawing for letters.
    Konsole,
    /// The terminal reorders each row from its first strong letter
    /// (mlterm); hamish writes rows that come out right after that.
    FirstStrong,
}

impl BidiMode {
    pub fn choice(self) -> BidiChoice {
        match self {
            BidiMode::Auto => BidiChoice::Auto,
            BidiMode::App => BidiChoice::App,
            BidiMode::Terminal => BidiChoice::Terminal(Reorder::LeftToRight),
            BidiMode::Konsole => BidiChoice::Terminal(Reorder::Konsole),
            BidiMode::FirstStrong => BidiChoice::Terminal(Reorder::FirstStrong),
        }
    }
}

/// How text is shown; shared by the reader and `render`. Flags win over
/// the config's `[display]`, which wins over the defaults.
#[derive(Debug, Clone, Copy, Args)]
pub struct DisplayArgs {
    /// Join Arabic letters with presentation forms [default: on]
    #[arg(long, value_enum)]
    pub shape: Option<OnOff>,
    /// Paragraph direction: auto follows the first strong letter [default: auto]
    #[arg(long, value_enum)]
    pub direction: Option<DirectionArg>,
    /// Who reorders right-to-left text [default: auto]
    #[arg(long, value_enum)]
    pub bidi: Option<BidiMode>,
}

impl DisplayArgs {
    /// Who orders right-to-left text, as asked by the flag or the config.
    pub fn bidi(&self, config: &crate::config::Display) -> BidiChoice {
        self.bidi
            .map(BidiMode::choice)
            .or(config.bidi)
            .unwrap_or_default()
    }

    pub fn options(&self, config: &crate::config::Display) -> Options {
        Options {
            shape: self
                .shape
                .map_or(config.shape.unwrap_or(true), |s| s == OnOff::On),
            direction: match self.direction.unwrap_or(DirectionArg::Auto) {
                DirectionArg::Auto => Direction::Auto,
                DirectionArg::Rtl => Direction::Rtl,
                DirectionArg::Ltr => Direction::Ltr,
            },
            reorder: true,
            apply_bidi_controls: false,
        }
    }
}

/// Whether an I/O error is a closed pipe (`hamish render f | head`), which
/// ends the command quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
