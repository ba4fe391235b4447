//! Export (DESIGN §4.5): JSONL, CSV, W3C Web Annotation JSON-LD, brat
//! standoff and a Markdown review report. Every export reflects the article
//! as it is now: paragraph numbers are re-anchored, and orphans are marked
//! with their status, not dropped.

use std::path::Path;

use serde_json::{Value, json};

use super::anchor::{Status, Target};
use super::model::Annotation;
use super::store::NoteStore;
use crate::article::{Span, display_name, paragraph_spans};
use crate::config::Config;
use crate::text::sanitize;

/// A live annotation and where it belongs now.
#[derive(Debug, Clone)]
pub struct Item {
    pub ann: Annotation,
    /// 0-based paragraph, `None` for an orphan.
    pub para: Option<usize>,
    pub status: Status,
}

/// One article with its annotations placed.
#[derive(Debug, Clone)]
pub struct ExportArticle {
    pub name: String,
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

/// Place every live annotation of `store` in `paragraphs`: by paragraph,
/// orphans last, then by creation time.
pub fn place_all(store: &NoteStore, paragraphs: &[String]) -> Vec<Item> {
    let target = Target::new(paragraphs);
    let mut items: Vec<Item> = store
        .live()
        .map(|a| {
            let (para, status) = target.place(&a.anchor);
            Item {
                ann: a.clone(),
                para,
                status,
            }
        })
        .collect();
    items.sort_by(|a, b| {
        (a.para.is_none(), a.para, &a.ann.created).cmp(&(b.para.is_none(), b.para, &b.ann.created))
    });
    items
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
            items: place_all(&store, &paragraphs),
            warnings: store.warnings.clone(),
            text,
            spans,
            positions,
        })
    }

    fn paragraph(&self, i: Option<usize>) -> Option<&str> {
        i.and_then(|i| self.spans.get(i)).map(|(_, p)| p.as_str())
    }
}

fn number(i: Option<usize>) -> Value {
    i.map_or(Value::Null, |i| json!(i + 1))
}

/// One JSON object per line: the annotation plus `article`, `paragraph`
/// (1-based, null for orphans) and `status`.
pub fn jsonl(articles: &[ExportArticle]) -> String {
    let mut out = String::new();
    for a in articles {
        for it in &a.items {
            let mut v = serde_json::to_value(&it.ann).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("article".into(), json!(a.name));
                m.insert("paragraph".into(), number(it.para));
                m.insert("status".into(), json!(it.status.name()));
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

/// A W3C Web Annotation collection: tags as `tagging` bodies, the note as a
/// `commenting` body, TextQuoteSelector and TextPositionSelector (code
/// points in the article's text) on the target.
pub fn w3c(articles: &[ExportArticle]) -> String {
    let mut items = Vec::new();
    for a in articles {
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
            let exact = a.paragraph(it.para).unwrap_or(&it.ann.anchor.quote);
            let mut selectors = vec![json!({
                "type": "TextQuoteSelector",
                "exact": exact,
                "prefix": it.ann.anchor.prefix,
                "suffix": it.ann.anchor.suffix,
            })];
            if let Some((start, end)) = it.para.and_then(|i| a.positions.get(i)) {
                selectors.push(json!({"type": "TextPositionSelector", "start": start, "end": end}));
            }
            items.push(json!({
                "id": format!("urn:uuid:{}", it.ann.id),
                "type": "Annotation",
                "created": it.ann.created,
                "modified": it.ann.modified,
                "creator": {"type": "Person", "name": it.ann.author},
                "body": body,
                "target": {"source": a.name, "selector": selectors},
                "hamish:status": it.status.name(),
            }));
        }
    }
    let doc = json!({
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"hamish": "https://hamish.invalid/ns#"}],
        "type": "AnnotationCollection",
        "total": items.len(),
        "items": items,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// brat standoff for one article: the text to save as `NAME.txt`, the
/// `.ann` lines, and the ids of orphans that brat cannot place.
pub fn brat(a: &ExportArticle) -> (String, String, Vec<String>) {
    let mut ann = String::new();
    let mut skipped = Vec::new();
    let (mut t, mut n) = (0, 0);
    for it in &a.items {
        let Some((start, end)) = it.para.and_then(|i| a.positions.get(i)) else {
            skipped.push(it.ann.id.clone());
            continue;
        };
        let exact = a.paragraph(it.para).unwrap_or_default();
        let types: Vec<&str> = if it.ann.tags.is_empty() {
            vec!["note"]
        } else {
            it.ann.tags.iter().map(String::as_str).collect()
        };
        let mut first = None;
        for ty in types {
            t += 1;
            let ty: String = ty
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            ann.push_str(&format!("T{t}\t{ty} {start} {end}\t{exact}\n"));
            first.get_or_insert(t);
        }
        if let Some(first) = first
            && !it.ann.note.is_empty()
        {
            n += 1;
            let note = it.ann.note.replace(['\n', '\r', '\t'], " ");
            ann.push_str(&format!("#{n}\tAnnotatorNotes T{first}\t{note}\n"));
        }
    }
    (a.text.clone(), ann, skipped)
}

/// A Markdown report for reviewing: per article, each annotation with its
/// paragraph number, tags, note and the text it annotates.
pub fn markdown(articles: &[ExportArticle], config: &Config) -> String {
    let mut out = String::from("# Annotations\n");
    for a in articles.iter().filter(|a| !a.items.is_empty()) {
        out.push_str(&format!("\n## {}\n", a.name));
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
                out.push_str(&format!("**Tags:** {}\n\n", tags.join(", ")));
            }
            if !it.ann.note.is_empty() {
                for line in it.ann.note.lines() {
                    out.push_str(line);
                    out.push_str("  \n");
                }
                out.push('\n');
            }
            let text = a.paragraph(it.para).unwrap_or(&it.ann.anchor.quote);
            out.push_str(&format!("> {text}\n\n"));
            out.push_str(&format!(
                "<sub>{} · {} · {}</sub>\n",
                it.ann.author, it.ann.modified, it.ann.id
            ));
        }
    }
    out
}
