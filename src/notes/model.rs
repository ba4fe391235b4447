//! The annotation model (DESIGN §4.1).

use crate::article::Texts;
use crate::digest::sha256_hex;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Characters of context kept on each side of the quoted paragraph.
pub const CONTEXT_CHARS: usize = 32;

/// Where an annotation belongs in its article: a paragraph, or a phrase
/// in one (`start`, `end`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Anchor {
    /// 0-based paragraph index when the annotation was last saved.
    pub para_index: usize,
    /// SHA-256 of the paragraph's text.
    pub para_sha256: String,
    /// The paragraph's full text; for a phrase, the phrase.
    pub quote: String,
    /// Context before: the last characters of the paragraph before; for a
    /// phrase, of its paragraph before the phrase.
    #[serde(default)]
    pub prefix: String,
    /// Context after: the first characters of the paragraph after; for a
    /// phrase, of its paragraph after the phrase.
    #[serde(default)]
    pub suffix: String,
    /// SHA-256 of the whole article file when this anchor was made.
    pub doc_sha256: String,
    /// A phrase's first character, counted in code points from the start
    /// of its paragraph's text (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Just past the phrase's last character, in code points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// On the article as a whole (a label such as `disputed`); the
    /// paragraph fields are empty (schema 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub article: bool,
}

impl Anchor {
    /// The phrase's code points in its paragraph, for a phrase anchor
    /// (`start` before `end`); `None` for a paragraph's.
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        match (self.start, self.end) {
            (Some(s), Some(e)) if s < e && !self.article => Some(s..e),
            _ => None,
        }
    }

    /// Whether it is a phrase's (it has `start` or `end`), whether or not
    /// they make sense.
    pub fn is_phrase(&self) -> bool {
        !self.article && (self.start.is_some() || self.end.is_some())
    }

    /// Whether it needs schema 2: a phrase's or the article's.
    pub fn is_schema_2(&self) -> bool {
        self.article || self.start.is_some() || self.end.is_some()
    }
}

/// A version of a note that was saved while another one was being written
/// (two people, or two windows, changed the same note): kept beside the
/// note until someone merges the two in the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteVersion {
    pub note: String,
    /// When that version was saved (as its writer's clock said).
    #[serde(default)]
    pub modified: String,
}

/// One annotation on one paragraph. Fields are written in this order;
/// fields hamish does not know are kept in `extra` and written back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub created: String,
    /// When it was last saved, as the saving machine's clock said: shown,
    /// never used to order edits (clocks disagree).
    pub modified: String,
    /// How many times it has been saved: each save sets it one above the
    /// version it changed, so a later edit always has the higher `rev`,
    /// whatever the clocks say (see `notes::merge`).
    #[serde(default, deserialize_with = "lenient_rev")]
    pub rev: u64,
    pub author: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// Other versions of the note, saved at the same time as this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<NoteVersion>,
    /// Short hashes of the versions this one was made from, newest last
    /// (a few): a copy whose hash is here is an older version of this
    /// one, not an edit made apart from it (see `notes::merge`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<String>,
    /// Tombstone: the annotation was deleted (kept so merges respect it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    pub anchor: Anchor,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Annotation {
    /// A new annotation on paragraph `index`.
    pub fn new(author: String, anchor: Anchor) -> Annotation {
        let t = now();
        Annotation {
            id: new_id(),
            created: t.clone(),
            modified: t,
            rev: 0,
            author,
            tags: Vec::new(),
            note: String::new(),
            conflicts: Vec::new(),
            history: Vec::new(),
            deleted: false,
            anchor,
            extra: Map::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.note.trim().is_empty() && self.conflicts.is_empty()
    }

    /// Whether two copies say the same thing (when and how often they were
    /// saved aside).
    pub fn same_content(&self, other: &Annotation) -> bool {
        self.id == other.id
            && self.created == other.created
            && self.author == other.author
            && self.tags == other.tags
            && self.note == other.note
            && self.conflicts == other.conflicts
            && self.deleted == other.deleted
            && self.anchor == other.anchor
            && self.extra == other.extra
    }
}

/// A `rev` that is not a whole number (hand-edited, or from a tool that
/// got it wrong) counts as the oldest, never as an error that would make
/// the line unreadable.
fn lenient_rev<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(v.as_u64().unwrap_or(0))
}

/// Now, as RFC 3339 in UTC with exactly three digits of milliseconds, so
/// that two times compare as strings as they compare as times (the
/// well-known RFC 3339 format drops trailing zeros: `…:03Z` would sort
/// after `…:03.5Z`).
pub fn now() -> String {
    stamp(time::OffsetDateTime::now_utc())
}

fn stamp(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// A new, time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The anchor for paragraph `index` of `paragraphs`.
pub fn anchor_for<P: Texts + ?Sized>(paragraphs: &P, index: usize, doc_sha256: &str) -> Anchor {
    let quote = paragraphs
        .text(index)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    let prefix = index
        .checked_sub(1)
        .and_then(|i| paragraphs.text(i))
        .map(|p| {
            let n = p.chars().count();
            p.chars().skip(n.saturating_sub(CONTEXT_CHARS)).collect()
        })
        .unwrap_or_default();
    let suffix = paragraphs
        .text(index + 1)
        .map(|p| p.chars().take(CONTEXT_CHARS).collect())
        .unwrap_or_default();
    Anchor {
        para_index: index,
        para_sha256: sha256_hex(quote.as_bytes()),
        quote,
        prefix,
        suffix,
        doc_sha256: doc_sha256.to_string(),
        start: None,
        end: None,
        article: false,
    }
}

/// The anchor of a label on the whole article.
pub fn anchor_for_article(doc_sha256: &str) -> Anchor {
    Anchor {
        para_index: 0,
        para_sha256: String::new(),
        quote: String::new(),
        prefix: String::new(),
        suffix: String::new(),
        doc_sha256: doc_sha256.to_string(),
        start: None,
        end: None,
        article: true,
    }
}

/// The anchor for the phrase at code points `span` of paragraph `index`
/// (clamped to the paragraph); `None` if that leaves nothing.
pub fn anchor_for_span<P: Texts + ?Sized>(
    paragraphs: &P,
    index: usize,
    span: std::ops::Range<usize>,
    doc_sha256: &str,
) -> Option<Anchor> {
    let para = paragraphs.text(index)?;
    let chars: Vec<char> = para.chars().collect();
    let end = span.end.min(chars.len());
    let start = span.start.min(end);
    if start == end {
        return None;
    }
    let text = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
    Some(Anchor {
        para_index: index,
        para_sha256: sha256_hex(para.as_bytes()),
        quote: text(start..end),
        prefix: text(start.saturating_sub(CONTEXT_CHARS)..start),
        suffix: text(end..(end + CONTEXT_CHARS).min(chars.len())),
        doc_sha256: doc_sha256.to_string(),
        start: Some(start),
        end: Some(end),
        article: false,
    })
}

/// RFC 3339 time, if it parses.
pub fn parse_time(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

#[cfg(test)]
mod stamp_tests {
    use super::*;

    #[test]
    fn times_are_written_with_three_digits_and_parse_back() {
        let at = |ms: u16| {
            time::OffsetDateTime::UNIX_EPOCH
                .replace_millisecond(ms)
                .expect("ms")
        };
        assert_eq!(stamp(at(0)), "1970-01-01T00:00:00.000Z");
        assert_eq!(stamp(at(500)), "1970-01-01T00:00:00.500Z");
        // As strings they sort as the times do.
        assert!(stamp(at(0)) < stamp(at(5)) && stamp(at(5)) < stamp(at(120)));
        assert_eq!(parse_time(&stamp(at(120))), Some(at(120)));
        assert!(parse_time(&now()).is_some());
    }
}
