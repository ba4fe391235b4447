//! The sidecar file format (DESIGN §4.2): JSON Lines, a header line, then
//! one annotation per line sorted by id, LF endings.
//!
//! Reading never drops bytes: a line that does not parse is kept as it was
//! and written back; an annotation with fields hamish does not know is
//! written back byte for byte until it is edited.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::merge::{Apart, HISTORY, Pick, merged, place_apart, reconcile};
use super::model::Annotation;

/// The newest schema hamish reads and writes: 2 adds phrase anchors
/// (`anchor.start`, `anchor.end`) and article labels (`anchor.article`).
pub const SCHEMA_VERSION: u64 = 2;
/// The schema a sidecar with no phrase is written in, so that a hamish
/// that knows only paragraphs still edits it.
pub const PARAGRAPHS_SCHEMA: u64 = 1;
pub const TEXT_MODEL: &str = "hamish-paragraphs-v1";
/// Lines of one id reconciled in one file; more are kept as they are.
pub const MAX_VERSIONS: usize = 64;

/// An annotation as read, with its original line when that must be kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub ann: Annotation,
    /// The line as read, when it holds unknown fields and is unchanged.
    pub raw: Option<Vec<u8>>,
}

/// A line that could not be read as an annotation, kept byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line_no: usize,
    pub bytes: Vec<u8>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sidecar {
    pub schema_version: u64,
    pub records: BTreeMap<String, Record>,
    pub bad: Vec<BadLine>,
    /// Annotations carrying fields this version does not know.
    pub unknown_fields: usize,
    /// Notes on what was read (duplicate ids and the like).
    pub notices: Vec<String>,
    /// Ids that had two different versions; the second got a new id.
    pub duplicates: usize,
    /// How many lines each id has had.
    versions: std::collections::HashMap<String, usize>,
}

#[derive(Serialize)]
struct Header<'a> {
    kind: &'static str,
    schema_version: u64,
    target: &'a str,
    text_model: &'static str,
}

fn is_header(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("header")
}

impl Sidecar {
    /// Keep an annotation read from `line`. A second copy of an id is
    /// reconciled with the first (`notes::merge`): the later edit is kept,
    /// and two different copies written side by side are both kept.
    fn add(&mut self, mut ann: Annotation, line: &[u8], line_no: usize) {
        // Only the last few versions count (and a crafted, endless history
        // would make every merge slow).
        if ann.history.len() > HISTORY {
            ann.history.drain(..ann.history.len() - HISTORY);
        }
        let raw = (!ann.extra.is_empty()).then(|| line.to_vec());
        if raw.is_some() {
            self.unknown_fields += 1;
        }
        let id = ann.id.clone();
        let seen = self.versions.entry(id.clone()).or_insert(0);
        *seen += 1;
        if *seen > MAX_VERSIONS {
            // Reconciling ever more copies of one id would take ever
            // longer; past this many they are kept as they are.
            self.bad.push(BadLine {
                line_no,
                bytes: line.to_vec(),
                reason: format!("more than {MAX_VERSIONS} versions of one annotation"),
            });
            return;
        }
        if let Some(old) = self.records.get(&id) {
            let shown = crate::text::sanitize::sanitize(&id);
            match reconcile(&old.ann, &ann) {
                Pick::First => {
                    if !old.ann.same_content(&ann) {
                        self.notices.push(format!(
                            "line {line_no}: an older version of {shown}; the later one is kept"
                        ));
                    }
                    return;
                }
                Pick::Second => self.notices.push(format!(
                    "line {line_no}: a later version of {shown} replaces an older one"
                )),
                Pick::Merge => {
                    let m = merged(&old.ann, &ann);
                    self.notices.push(format!(
                        "line {line_no}: two versions of {shown} edited apart; merged into one{}",
                        if m.conflicts.is_empty() {
                            ""
                        } else {
                            " (both notes kept: merge them in the reader)"
                        }
                    ));
                    self.duplicates += 1;
                    self.records.insert(id, Record { ann: m, raw: None });
                    return;
                }
                Pick::Both => {
                    let records = &self.records;
                    let seed = serde_json::to_vec(&ann).unwrap_or_default();
                    let apart = match place_apart(|i| records.get(i).map(|r| &r.ann), ann, &seed) {
                        Apart::Put(a) => *a,
                        Apart::Held => return,
                        Apart::NoRoom => {
                            self.bad.push(BadLine {
                                line_no,
                                bytes: line.to_vec(),
                                reason: format!(
                                    "a version of {shown} with no free id to keep it under"
                                ),
                            });
                            return;
                        }
                    };
                    self.notices.push(format!(
                        "line {line_no}: a second version of {shown}, on another paragraph; both are kept, this one as {}",
                        crate::text::sanitize::sanitize(&apart.id)
                    ));
                    self.duplicates += 1;
                    self.records.insert(
                        apart.id.clone(),
                        Record {
                            ann: apart,
                            raw: None,
                        },
                    );
                    return;
                }
            }
        }
        self.records.insert(ann.id.clone(), Record { ann, raw });
    }
}

/// Whether `bytes` begin as a hamish sidecar does: the first line that is
/// not blank is a header.
pub fn starts_as_sidecar(bytes: &[u8]) -> bool {
    // A byte-order mark (an editor's) and git's conflict markers (a merge
    // without hamish's driver) are not what the file is.
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let Some(first) = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace) && !is_conflict_marker(l))
    else {
        return false;
    };
    serde_json::from_slice::<Value>(first).is_ok_and(|v| {
        is_header(&v)
            && v.get("text_model")
                .and_then(Value::as_str)
                .is_some_and(|m| m.starts_with("hamish"))
    })
}

/// UTF-8's byte-order mark, which some editors put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Read a sidecar's bytes; never fails, never loses a line that holds
/// anything (blank lines are dropped; a byte-order mark before the header
/// is not kept).
pub fn parse(bytes: &[u8]) -> Sidecar {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut s = Sidecar {
        schema_version: SCHEMA_VERSION,
        ..Sidecar::default()
    };
    let mut seen_first = false;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let whole = line; // what an unreadable line keeps, its CR included
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // A conflict marker is no line of the file's own (and never its
        // header): kept as it is until the next save drops it.
        let marker = is_conflict_marker(line);
        let first = !seen_first && !marker;
        seen_first |= !marker;
        let bad = |reason: String| BadLine {
            line_no,
            bytes: whole.to_vec(),
            reason,
        };
        let Ok(text) = simdutf8::basic::from_utf8(line) else {
            s.bad.push(bad("not valid UTF-8".into()));
            continue;
        };
        // Most lines are annotations: read them directly, and only look
        // closer (header, reason for an error) at the others.
        let value: Value = match serde_json::from_str::<Annotation>(text) {
            Ok(ann) => {
                s.add(ann, line, line_no);
                continue;
            }
            Err(_) => match serde_json::from_str(text) {
                Ok(v) => v,
                Err(e) => {
                    s.bad.push(bad(format!("not JSON ({e})")));
                    continue;
                }
            },
        };
        if is_header(&value) {
            if first {
                s.schema_version = value
                    .get("schema_version")
                    .and_then(Value::as_u64)
                    .unwrap_or(SCHEMA_VERSION);
            } else {
                s.bad.push(bad("a second header line".into()));
            }
            continue;
        }
        match serde_json::from_value::<Annotation>(value) {
            Ok(ann) => s.add(ann, line, line_no),
            Err(e) => s.bad.push(bad(format!("not an annotation ({e})"))),
        }
    }
    s
}

/// Whether a line is a marker git writes around a conflict (`<<<<<<< `,
/// `||||||| `, `=======`, `>>>>>>> `): what a merge without hamish's
/// driver leaves; the records between them are both sides' and read as
/// usual, so the markers alone are dropped on the next save.
pub fn is_conflict_marker(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    [b'<', b'|', b'=', b'>'].iter().any(|&c| {
        line.len() >= 7
            && line[..7].iter().all(|&b| b == c)
            && (line.len() == 7 || (c != b'=' && line[7] == b' '))
    })
}

/// Whether a line is a sidecar header (a second one is dropped on save:
/// the file has its own).
pub fn is_header_line(line: &[u8]) -> bool {
    serde_json::from_slice::<Value>(line).is_ok_and(|v| is_header(&v))
}

/// Lines a save drops: git's conflict markers and headers past the first.
pub fn dropped_on_save(b: &BadLine) -> bool {
    is_conflict_marker(&b.bytes) || is_header_line(&b.bytes)
}

/// The bytes of a sidecar for article file `target`.
pub fn serialize(target: &str, records: &BTreeMap<String, Record>, bad: &[BadLine]) -> Vec<u8> {
    // Schema 2 only when it is needed: an older hamish opening it goes
    // read-only rather than drop what it does not know.
    let phrases = records.values().any(|r| r.ann.anchor.is_schema_2());
    let header = Header {
        kind: "header",
        schema_version: if phrases {
            SCHEMA_VERSION
        } else {
            PARAGRAPHS_SCHEMA
        },
        target,
        text_model: TEXT_MODEL,
    };
    let mut out = serde_json::to_vec(&header).unwrap_or_default();
    out.push(b'\n');
    for rec in records.values() {
        match &rec.raw {
            Some(raw) => out.extend_from_slice(raw),
            None => match serde_json::to_vec(&rec.ann) {
                Ok(v) => out.extend_from_slice(&v),
                Err(_) => continue,
            },
        }
        out.push(b'\n');
    }
    for b in bad {
        out.extend_from_slice(&b.bytes);
        out.push(b'\n');
    }
    out
}
