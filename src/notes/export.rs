//! Export (DESIGN §4.5): JSONL, CSV, W3C Web Annotation JSON-LD, brat
//! standoff and a Markdown review report. Every export reflects the article
//! as it is now: paragraph numbers are re-anchored, and orphans are marked
//! with their status, not dropped.

use std::path::Path;

use serde_json::{Value, json};

use super::anchor::{Item, Status, place_all};
use super::store::NoteStore;
use crate::article::{Span, paragraph_spans};
use crate::config::Config;
use crate::text::display::display_name;
use crate::text::sanitize;

/// One article with its annotations placed.
#[derive(Debug, Clone)]
pub struct ExportArticle {
    /// The file name, made safe to show.
    pub name: String,
    /// The file's canonical path (for IRIs and output names).
    pub path: std::path::PathBuf,
    /// The decoded text (BOM removed) that positions refer to.
    pub text: String,
    pub spans: Vec<Span>,
    /// Code-point start and end of each paragraph in `text`.
    pub positions: Vec<(usize, usize)>,
    pub items: Vec<Item>,
    /// What reading its annotations found (a refused sidecar, unreadable
    /// lines), to tell the user.
    pub warnings: Vec<String>,
}

impl ExportArticle {
    pub fn load(path: &Path) -> std::io::Result<ExportArticle> {
        let bytes = crate::files::read_regular(path)?;
        let decoded = sanitize::decode(&bytes);
        let text = match decoded.text.strip_prefix('\u{FEFF}') {
            Some(t) => t.to_string(),
            None => decoded.text,
        };
        let spans = paragraph_spans(&text);
        let paragraphs: Vec<String> = spans.iter().map(|(_, p)| p.clone()).collect();
        let mut positions = Vec::with_capacity(spans.len());
        let (mut byte, mut cp) = (0, 0);
        for (r, _) in &spans {
            cp += text[byte..r.start].chars().count();
            let start = cp;
            cp += text[r.clone()].chars().count();
            byte = r.end;
            positions.push((start, cp));
        }
        let store = NoteStore::open(path);
        Ok(ExportArticle {
            name: display_name(path),
            path: super::store::canonical(path),
            items: place_all(&store, &paragraphs),
            warnings: store.warnings.clone(),
            text,
            spans,
            positions,
        })
    }

    /// Paragraph `i` as it is in the file (not as it is shown): what its
    /// offsets point to.
    fn paragraph(&self, i: Option<usize>) -> Option<&str> {
        i.and_then(|i| self.spans.get(i))
            .and_then(|(r, _)| self.text.get(r.clone()))
    }

    /// Up to `n` code points of the text before and after paragraph `i`.
    fn around(&self, i: usize, n: usize) -> (String, String) {
        let Some((r, _)) = self.spans.get(i) else {
            return (String::new(), String::new());
        };
        let before = &self.text[..r.start];
        let start = before
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(b, _)| b);
        let after: String = self.text[r.end..].chars().take(n).collect();
        (before[start..].to_string(), after)
    }

    /// The article's IRI: under `base` when given, else a `file:` URI of
    /// its canonical path, percent-encoded.
    pub fn iri(&self, base: Option<&str>) -> String {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        /// What stays as it is in a path: RFC 3986 unreserved, and `/`.
        const PATH: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~')
            .remove(b'/');
        let bytes = |s: &std::ffi::OsStr| -> String {
            percent_encoding::percent_encode(s.as_encoded_bytes(), PATH).to_string()
        };
        match base {
            Some(b) => {
                let name = self.path.file_name().unwrap_or_default();
                let name = match name.to_str() {
                    Some(n) => utf8_percent_encode(n, PATH).to_string(),
                    None => bytes(name),
                };
                format!("{b}{}{name}", if b.ends_with('/') { "" } else { "/" })
            }
            None => format!("file://{}", bytes(self.path.as_os_str())),
        }
    }
}

fn number(i: Option<usize>) -> Value {
    i.map_or(Value::Null, |i| json!(i + 1))
}

/// One JSON object per line: the annotation plus `article`, `paragraph`
/// (1-based, null for orphans), `status`, and for a placed annotation the
/// paragraph's raw `text` with its `start` and `end` in code points.
pub fn jsonl(articles: &[ExportArticle]) -> String {
    let mut out = String::new();
    for a in articles {
        for it in &a.items {
            let mut v = serde_json::to_value(&it.ann).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("article".into(), json!(a.name));
                m.insert("paragraph".into(), number(it.para));
                m.insert("status".into(), json!(it.status.name()));
                // The paragraph as the file holds it now, and where (code
                // points), for placed annotations.
                if let (Some(text), Some(&(start, end))) = (
                    a.paragraph(it.para),
                    it.para.and_then(|i| a.positions.get(i)),
                ) {
                    m.insert("text".into(), json!(text));
                    m.insert("start".into(), json!(start));
                    m.insert("end".into(), json!(end));
                }
            }
            out.push_str(&v.to_string());
            out.push('\n');
        }
    }
    out
}

/// A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return first) starts with `'` instead, as OWASP
/// advises: shown as text, never run.
pub fn no_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// One row per annotation, with the paragraph's text.
pub fn csv(articles: &[ExportArticle]) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "article",
        "paragraph",
        "status",
        "tags",
        "note",
        "author",
        "created",
        "modified",
        "id",
        "text",
    ]);
    for a in articles {
        for it in &a.items {
            let para = it.para.map_or(String::new(), |i| (i + 1).to_string());
            let text = a.paragraph(it.para).unwrap_or(&it.ann.anchor.quote);
            let _ = w.write_record(
                [
                    a.name.as_str(),
                    &para,
                    it.status.name(),
                    &it.ann.tags.join(";"),
                    &it.ann.note,
                    &it.ann.author,
                    &it.ann.created,
                    &it.ann.modified,
                    &it.ann.id,
                    text,
                ]
                .map(|c| no_formula(c).into_owned()),
            );
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The JSON-LD context: the W3C model's, and hamish's own terms.
fn context() -> Value {
    json!(["http://www.w3.org/ns/anno.jsonld", {"hamish": "https://hamish.invalid/ns#"}])
}

/// Characters of context on each side of a quoted span.
const CONTEXT: usize = 32;

/// An `xsd:dateTime` as the W3C model wants it, or nothing (a hand-edited
/// time that does not parse is left out rather than exported wrong).
fn date_time(s: &str) -> Option<&str> {
    super::model::parse_time(s).map(|_| s)
}

/// A stable `urn:uuid:` for what was exported (the same sources give the
/// same collection id), with `tag` telling the collection from its page.
fn export_id(articles: &[ExportArticle], base: Option<&str>, tag: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(tag.as_bytes());
    for a in articles {
        h.update(a.iri(base).as_bytes());
        h.update(b"\n");
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    format!("urn:uuid:{}", uuid::Uuid::new_v8(b))
}

/// A W3C Web Annotation collection (one page): tags as `tagging` bodies,
/// the note as a `commenting` body; the target's source is the article's
/// IRI, its TextQuoteSelector the raw text with up to 32 code points of
/// context either side, its TextPositionSelector code points in the file
/// as it is now. Orphans keep their quote and say so (`hamish:status`).
pub fn w3c(articles: &[ExportArticle], base: Option<&str>) -> String {
    let mut items = Vec::new();
    for a in articles {
        let source = a.iri(base);
        for it in &a.items {
            let mut body: Vec<Value> = it
                .ann
                .tags
                .iter()
                .map(|t| json!({"type": "TextualBody", "purpose": "tagging", "value": t}))
                .collect();
            if !it.ann.note.is_empty() {
                body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": it.ann.note, "format": "text/plain"}));
            }
            let placed = it
                .para
                .and_then(|i| Some((i, a.paragraph(Some(i))?, a.positions.get(i)?)));
            let selector = match placed {
                Some((i, exact, &(start, end))) => {
                    let (prefix, suffix) = a.around(i, CONTEXT);
                    json!([
                        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
                        {"type": "TextPositionSelector", "start": start, "end": end},
                    ])
                }
                None => json!([{
                    "type": "TextQuoteSelector",
                    "exact": it.ann.anchor.quote,
                    "prefix": it.ann.anchor.prefix,
                    "suffix": it.ann.anchor.suffix,
                }]),
            };
            let mut item = json!({
                // Each annotation stands on its own too (the suite checks
                // them one by one).
                "@context": context(),
                "id": format!("urn:uuid:{}", it.ann.id),
                "type": "Annotation",
                "creator": {"type": "Person", "name": it.ann.author},
                "body": body,
                "target": {"source": source, "selector": selector},
                "hamish:status": it.status.name(),
            });
            if let Value::Object(m) = &mut item {
                if let Some(t) = date_time(&it.ann.created) {
                    m.insert("created".into(), json!(t));
                }
                if let Some(t) = date_time(&it.ann.modified) {
                    m.insert("modified".into(), json!(t));
                }
                if uuid::Uuid::parse_str(&it.ann.id).is_err() {
                    // Not a UUID (hand-made): an IRI all the same.
                    let id = percent_encoding::utf8_percent_encode(
                        &it.ann.id,
                        percent_encoding::NON_ALPHANUMERIC,
                    );
                    m.insert("id".into(), json!(format!("urn:hamish:annotation:{id}")));
                }
            }
            items.push(item);
        }
    }
    let doc = json!({
        "@context": context(),
        "id": export_id(articles, base, "collection"),
        "type": "AnnotationCollection",
        "label": "hamish annotations",
        "total": items.len(),
        "first": {
            "id": export_id(articles, base, "page 1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// A tag id as a brat type: letters, digits, `-` and `_`.
pub fn brat_type(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Text on one line of a brat `.ann` file: brat splits lines as Python's
/// `splitlines` does (LF, CR, VT, FF, FS, GS, RS, NEL, U+2028, U+2029),
/// and fields on tabs.
fn one_brat_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\t' || is_brat_line_break(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn is_brat_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// A span of `text` starting at code point `start`, as brat writes it: the
/// pieces between the characters brat breaks lines at, as `s e;s e`, and
/// their texts joined by a space (brat's discontinuous spans).
fn brat_fragments(text: &str, start: usize) -> (String, String) {
    let mut offsets = Vec::new();
    let mut texts = Vec::new();
    let mut piece = String::new();
    let mut piece_start = start;
    let mut at = start;
    for c in text.chars() {
        if is_brat_line_break(c) {
            if !piece.is_empty() {
                offsets.push(format!("{piece_start} {at}"));
                texts.push(std::mem::take(&mut piece));
            }
            piece_start = at + 1;
        } else {
            piece.push(c);
        }
        at += 1;
    }
    if !piece.is_empty() {
        offsets.push(format!("{piece_start} {at}"));
        texts.push(piece);
    }
    (offsets.join(";"), texts.join(" "))
}

/// brat's `annotation.conf` and `visual.conf` for the tag set: one entity
/// type per tag (and `note`), any entities allowed on one span
/// (`<OVERLAP>`), labels and colours as in hamish.
pub fn brat_conf(config: &Config, articles: &[ExportArticle]) -> (String, String) {
    let mut types: Vec<(String, String, String)> = config
        .tags
        .iter()
        .map(|t| {
            let (r, g, b) = t.color;
            (
                brat_type(&t.id),
                one_brat_line(&t.label_en).replace('|', "/"),
                format!("#{r:02x}{g:02x}{b:02x}"),
            )
        })
        .collect();
    types.push(("note".into(), "Note".into(), "#cccccc".into()));
    // Tags the annotations hold that the tag set does not know.
    for t in articles
        .iter()
        .flat_map(|a| &a.items)
        .flat_map(|it| &it.ann.tags)
    {
        let ty = brat_type(t);
        if !types.iter().any(|(x, _, _)| *x == ty) {
            types.push((ty.clone(), ty, "#cccccc".into()));
        }
    }
    let mut annotation = String::from("[entities]\n");
    for (ty, _, _) in &types {
        annotation.push_str(ty);
        annotation.push('\n');
    }
    annotation.push_str(
        "\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n",
    );
    let mut visual = String::from("[labels]\n");
    for (ty, label, _) in &types {
        visual.push_str(&format!("{ty} | {label}\n"));
    }
    visual.push_str("\n[drawing]\n");
    for (ty, _, color) in &types {
        visual.push_str(&format!("{ty}\tbgColor:{color}\n"));
    }
    (annotation, visual)
}

/// brat standoff for one article: the text to save as `NAME.txt`, the
/// `.ann` lines, and the ids of orphans that brat cannot place.
pub fn brat(a: &ExportArticle) -> (String, String, Vec<String>) {
    let mut ann = String::new();
    let mut skipped = Vec::new();
    let (mut t, mut n) = (0, 0);
    for it in &a.items {
        let Some((start, _end)) = it.para.and_then(|i| a.positions.get(i)) else {
            skipped.push(it.ann.id.clone());
            continue;
        };
        let exact = a.paragraph(it.para).unwrap_or_default();
        let (offsets, exact) = brat_fragments(exact, *start);
        let types: Vec<&str> = if it.ann.tags.is_empty() {
            vec!["note"]
        } else {
            it.ann.tags.iter().map(String::as_str).collect()
        };
        let mut first = None;
        for ty in types {
            t += 1;
            let ty = brat_type(ty);
            ann.push_str(&format!("T{t}\t{ty} {offsets}\t{exact}\n"));
            first.get_or_insert(t);
        }
        if let Some(first) = first
            && !it.ann.note.is_empty()
        {
            n += 1;
            let note = one_brat_line(&it.ann.note);
            ann.push_str(&format!("#{n}\tAnnotatorNotes T{first}\t{note}\n"));
        }
    }
    (a.text.clone(), ann, skipped)
}

/// Text that stays text in any CommonMark or GFM renderer: every ASCII
/// punctuation mark escaped (no emphasis, link, HTML, heading, list or
/// table can start), leading spaces made non-breaking (no code block),
/// line breaks kept as hard breaks.
pub fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\\\n");
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut leading = true;
        for c in line.chars() {
            if leading && (c == ' ' || c == '\t') {
                out.push('\u{a0}');
                continue;
            }
            leading = false;
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
        }
    }
    // A break at the very end would escape nothing: drop it.
    while out.ends_with("\\\n") {
        out.truncate(out.len() - 2);
    }
    out
}

/// A block of text in its own direction (`dir="auto"`: Arabic reads right
/// to left, English left to right).
fn md_block(out: &mut String, body: &str) {
    out.push_str("<div dir=\"auto\">\n\n");
    out.push_str(body);
    out.push_str("\n\n</div>\n\n");
}

/// A Markdown report for reviewing: per article, each annotation with its
/// paragraph number, tags, note and the text it annotates. What comes from
/// files (names, notes, text, tags) stays text ([`md_text`]).
pub fn markdown(articles: &[ExportArticle], config: &Config) -> String {
    let mut out = String::from("# Annotations\n");
    for a in articles.iter().filter(|a| !a.items.is_empty()) {
        out.push_str(&format!("\n## {}\n", md_text(&a.name)));
        for it in &a.items {
            let tags: Vec<String> = it
                .ann
                .tags
                .iter()
                .map(|t| {
                    config.tag(t).map_or_else(
                        || t.clone(),
                        |tag| format!("{} ({})", tag.label_en, tag.label),
                    )
                })
                .collect();
            let place = it
                .para
                .map_or("orphan".to_string(), |i| format!("¶ {}", i + 1));
            let status = match it.status {
                Status::Exact => String::new(),
                s => format!(" — {}", s.name()),
            };
            out.push_str(&format!("\n### {place}{status}\n\n"));
            if !tags.is_empty() {
                out.push_str(&format!("**Tags:** {}\n\n", md_text(&tags.join(", "))));
            }
            if !it.ann.note.trim().is_empty() {
                md_block(&mut out, &md_text(it.ann.note.trim_end()));
            }
            let text = a.paragraph(it.para).unwrap_or(&it.ann.anchor.quote);
            md_block(&mut out, &format!("> {}", md_text(text)));
            out.push_str(&format!(
                "<sub>{} · {} · {}</sub>\n",
                md_text(&it.ann.author),
                md_text(&it.ann.modified),
                md_text(&it.ann.id)
            ));
        }
    }
    out
}
