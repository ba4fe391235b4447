//! Configuration: built-in defaults (`assets/config.toml`), then the user's
//! `config.toml`, then a corpus folder's `hamish.toml` (DESIGN §5).
//!
//! Parsing is a pure function of a string ([`parse`]); finding the files is
//! separate ([`load`]). A bad file is reported with its name, line and key,
//! and the settings before it stay in force. Keys (`[keys]`) are the
//! user's own: a corpus's file does not set them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::keys::{Chord, Keys};
use crate::text::display::display_path;

pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");
/// The corpus folder's own settings file.
pub const CORPUS_FILE: &str = "hamish.toml";

/// One tag of the tag set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub id: String,
    /// The key that toggles it in the tag picker.
    pub key: char,
    /// One letter shown in the gutter, so tags read without colour.
    pub mark: char,
    pub label: String,
    pub label_en: String,
    /// 24-bit colour.
    pub color: (u8, u8, u8),
}

/// Display defaults; command-line flags win over them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Display {
    /// Join Arabic letters (`--shape`).
    pub shape: Option<bool>,
    /// Who orders right-to-left text (`--bidi`).
    pub bidi: Option<crate::text::terminal::BidiChoice>,
    /// Widest text column in the reader, in cells.
    pub max_width: Option<usize>,
    /// The background is light (`Some(true)`), dark, or found out (`None`,
    /// `theme = "auto"`).
    pub light: Option<bool>,
}

/// The reader's text column is capped here unless the config says otherwise.
pub const DEFAULT_MAX_WIDTH: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub author: Option<String>,
    pub tags: Vec<Tag>,
    pub display: Display,
    /// Where the articles are published (`[export] base_iri`): W3C
    /// exports name them under it instead of by `file:` URI.
    pub base_iri: Option<String>,
    /// The keys of the library, the reader and the `A` list (`[keys]`).
    pub keys: Keys,
    /// How searches fold text (`[search]`).
    pub search: Search,
}

/// How searches fold text unless told otherwise while typing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Search {
    /// `ة` found as `ه` and the other way (`ta_marbuta`; `Ctrl-T` while
    /// typing a search).
    pub ta_marbuta: bool,
}

impl Config {
    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == id)
    }

    /// The tag on key `k`.
    pub fn tag_on(&self, k: char) -> Option<&Tag> {
        self.tags.iter().find(|t| t.key == k)
    }

    /// The author written into annotations of the corpus at `corpus`:
    /// `author` in the config, else git's `user.name` there (the team's
    /// names, when the corpus is shared over git), else $USER, else
    /// "unknown".
    pub fn author_in(&self, corpus: &Path) -> String {
        let name = self
            .author
            .clone()
            .filter(|a| !a.trim().is_empty())
            .or_else(|| git_user_name(corpus))
            .or_else(|| std::env::var("USER").ok())
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| "unknown".into());
        crate::text::sanitize::sanitize(name.trim())
    }

    pub fn builtin() -> Config {
        let base = Config {
            author: None,
            tags: Vec::new(),
            display: Display::default(),
            base_iri: None,
            keys: Keys::default(),
            search: Search::default(),
        };
        parse(DEFAULT_CONFIG, "built-in config", &base).unwrap_or(base)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    author: Option<String>,
    tags: Option<Vec<RawTag>>,
    display: Option<RawDisplay>,
    export: Option<RawExport>,
    keys: Option<BTreeMap<String, Spanned<RawKeys>>>,
    search: Option<RawSearch>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    ta_marbuta: Option<bool>,
}

/// A command's keys: one, or a list (empty: no key).
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a key such as \"j\" or a list of keys such as [\"j\", \"Down\"]"
)]
enum RawKeys {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExport {
    base_iri: Option<Spanned<String>>,
}

/// Whether `s` is an absolute IRI hamish can put a file name after: a
/// scheme, `:`, and no space or control character.
pub fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisplay {
    shape: Option<bool>,
    bidi: Option<Spanned<String>>,
    max_width: Option<Spanned<i64>>,
    theme: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTag {
    id: Spanned<String>,
    key: Spanned<String>,
    mark: Option<Spanned<String>>,
    label: String,
    label_en: Option<String>,
    color: Spanned<String>,
}

/// A config file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: line {line}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn parse_color(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && !c.is_whitespace() => Some(c),
        _ => None,
    }
}

/// Parse one config file's text over `base`. `name` is how the file is
/// named in errors.
pub fn parse(text: &str, name: &str, base: &Config) -> Result<Config, ConfigError> {
    parse_keys(text, name, base, true)
}

/// [`parse`]; with `keys` false, a `[keys]` table is left unused (a
/// corpus's `hamish.toml` does not choose a reader's keys).
fn parse_keys(text: &str, name: &str, base: &Config, keys: bool) -> Result<Config, ConfigError> {
    // The message may quote the file (a key's name, a value): shown on a
    // terminal, it holds no control and no bidi override.
    let err = |line: usize, message: String| ConfigError {
        file: name.to_string(),
        line,
        message: crate::text::sanitize::shown(&message),
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        err(line, e.message().trim().to_string())
    })?;
    let mut config = base.clone();
    // Who one is, like one's keys, is the user's own: a corpus's file
    // (shared, maybe by someone else) does not say it.
    if let Some(author) = raw.author.filter(|_| keys) {
        config.author = Some(author);
    }
    if let Some(d) = raw.display {
        if let Some(shape) = d.shape {
            config.display.shape = Some(shape);
        }
        if let Some(b) = d.bidi {
            config.display.bidi = Some(
                crate::text::terminal::BidiChoice::parse(b.get_ref()).ok_or_else(|| {
                    err(
                        line_of(text, b.span().start),
                        format!(
                            "key `display.bidi`: one of {}, not {:?}",
                            crate::text::terminal::BidiChoice::NAMES
                                .map(|n| format!("\"{n}\""))
                                .join(", "),
                            b.get_ref()
                        ),
                    )
                })?,
            );
        }
        if let Some(t) = d.theme {
            config.display.light = match t.get_ref().as_str() {
                "auto" => None,
                "dark" => Some(false),
                "light" => Some(true),
                other => {
                    return Err(err(
                        line_of(text, t.span().start),
                        format!(
                            "key `display.theme`: \"auto\", \"dark\" or \"light\", not {other:?}"
                        ),
                    ));
                }
            };
        }
        if let Some(w) = d.max_width {
            let v = *w.get_ref();
            if !(20..=1000).contains(&v) {
                return Err(err(
                    line_of(text, w.span().start),
                    format!("key `display.max_width`: a width from 20 to 1000 cells, not {v}"),
                ));
            }
            config.display.max_width = Some(v as usize);
        }
    }
    if let Some(t) = raw.search.and_then(|s| s.ta_marbuta) {
        config.search.ta_marbuta = t;
    }
    if let Some(b) = raw.export.and_then(|e| e.base_iri) {
        let v = b.get_ref().trim();
        if !is_iri(v) {
            return Err(err(
                line_of(text, b.span().start),
                format!(
                    "key `export.base_iri`: an absolute IRI such as \"https://example.org/corpus/\", not {v:?}"
                ),
            ));
        }
        config.base_iri = Some(v.to_string());
    }
    // Each tag key this file sets, with its index and line.
    let mut tag_lines: Vec<(char, usize, usize)> = Vec::new();
    if let Some(raw_tags) = raw.tags {
        let mut tags: Vec<Tag> = Vec::new();
        for (i, t) in raw_tags.into_iter().enumerate() {
            let at = |s: &Spanned<String>| line_of(text, s.span().start);
            let key_name = |k: &str| format!("key `tags[{i}].{k}`");
            let id = t.id.get_ref().trim().to_string();
            if id.is_empty() || id.chars().any(|c| c.is_control() || c.is_whitespace()) {
                return Err(err(
                    at(&t.id),
                    format!("{}: a tag id is one word", key_name("id")),
                ));
            }
            let key = single_char(t.key.get_ref()).ok_or_else(|| {
                err(
                    at(&t.key),
                    format!("{}: one character, like \"1\"", key_name("key")),
                )
            })?;
            let mark = match &t.mark {
                Some(m) => single_char(m.get_ref()).ok_or_else(|| {
                    err(
                        at(m),
                        format!("{}: one character, like \"C\"", key_name("mark")),
                    )
                })?,
                None => id.chars().next().map_or('?', |c| c.to_ascii_uppercase()),
            };
            let color = parse_color(t.color.get_ref()).ok_or_else(|| {
                err(
                    at(&t.color),
                    format!(
                        "{}: a colour like \"#e06c75\", not {:?}",
                        key_name("color"),
                        t.color.get_ref()
                    ),
                )
            })?;
            if tags.iter().any(|o| o.id == id) {
                return Err(err(
                    at(&t.id),
                    format!("{}: tag id {id:?} appears twice", key_name("id")),
                ));
            }
            if tags.iter().any(|o| o.key == key) {
                return Err(err(
                    at(&t.key),
                    format!("{}: key {key:?} is used twice", key_name("key")),
                ));
            }
            tag_lines.push((key, i, at(&t.key)));
            tags.push(Tag {
                label_en: t.label_en.unwrap_or_else(|| id.clone()),
                id,
                key,
                mark,
                label: crate::text::sanitize::sanitize(&t.label),
                color,
            });
        }
        config.tags = tags;
    }
    let mut rebound: Vec<(&str, usize)> = Vec::new();
    for (name, value) in raw.keys.iter().flatten().filter(|_| keys) {
        let line = line_of(text, value.span().start);
        let written = match value.get_ref() {
            RawKeys::One(k) => std::slice::from_ref(k),
            RawKeys::Many(ks) => ks.as_slice(),
        };
        let mut chords = Vec::new();
        for k in written {
            let chord =
                Chord::parse(k).map_err(|m| err(line, format!("key `keys.{name}`: {m}")))?;
            if !chords.contains(&chord) {
                chords.push(chord);
            }
        }
        config
            .keys
            .set(name, chords)
            .map_err(|m| err(line, format!("key `keys.{name}`: {m}")))?;
        rebound.push((name.as_str(), line));
    }
    let tag_keys: Vec<char> = config.tags.iter().map(|t| t.key).collect();
    let names: Vec<&str> = rebound.iter().map(|(n, _)| *n).collect();
    if let Some(c) = config.keys.conflict(&tag_keys, &names) {
        // Point at what this file changed: the rebinding, else the tag.
        let (key, line) = match rebound.iter().find(|(n, _)| *n == c.row) {
            Some((n, line)) => (format!("keys.{n}"), *line),
            None => tag_lines
                .iter()
                .find(|(k, _, _)| Some(*k) == c.tag)
                .map_or(("keys".to_string(), 1), |(_, i, line)| {
                    (format!("tags[{i}].key"), *line)
                }),
        };
        return Err(err(line, format!("key `{key}`: {}", c.message)));
    }
    Ok(config)
}

/// git's `user.name` for `dir`, if it is in a git work tree (a corpus
/// shared over git: the name its commits carry) and git says one.
fn git_user_name(dir: &Path) -> Option<String> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        let text = text.trim();
        (out.status.success() && !text.is_empty()).then(|| text.to_string())
    };
    git(&["rev-parse", "--is-inside-work-tree"]).filter(|t| t == "true")?;
    git(&["config", "user.name"])
}

/// The user's config file, if there is a config folder.
pub fn user_config_path() -> Option<PathBuf> {
    crate::places::config_dir().map(|d| d.join("config.toml"))
}

/// Defaults, then the user's file, then the corpus's `hamish.toml`. Files
/// that are missing are skipped; a bad one is reported and skipped.
pub fn load(corpus: Option<&Path>) -> (Config, Vec<String>) {
    let mut config = Config::builtin();
    let mut warnings = Vec::new();
    let files = user_config_path()
        .into_iter()
        .map(|f| (f, true))
        .chain(corpus.map(|c| (c.join(CORPUS_FILE), false)));
    for (file, own) in files {
        let name = display_path(&file);
        let bytes = match crate::files::read_regular(&file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                warnings.push(format!("config not used: cannot read {name}: {e}"));
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                warnings.push(format!("config not used: {name}: not UTF-8 text"));
                continue;
            }
        };
        match parse_keys(&text, &name, &config, own) {
            Ok(c) => {
                config = c;
                let table = text.parse::<toml::Table>().ok();
                for (key, what) in [("keys", "[keys] are"), ("author", "author is")] {
                    if !own && table.as_ref().is_some_and(|t| t.contains_key(key)) {
                        warnings.push(format!(
                            "{name}: its {what} not used: that is set in your own config.toml"
                        ));
                    }
                }
            }
            Err(e) => warnings.push(format!("config not used: {e}")),
        }
    }
    (config, warnings)
}

#[cfg(test)]
mod tests;
