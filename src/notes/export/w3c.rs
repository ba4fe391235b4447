//! W3C Web Annotation JSON-LD.

use super::*;

/// The JSON-LD context: the W3C model's, and hamish's own terms.
pub(super) fn context() -> Value {
    json!(["http://www.w3.org/ns/anno.jsonld", {"hamish": "https://hamish.invalid/ns#"}])
}

/// Characters of context on each side of a quoted span.
pub(super) const CONTEXT: usize = 32;

/// An `xsd:dateTime` as the W3C model wants it, or nothing (a hand-edited
/// time that does not parse is left out rather than exported wrong).
pub(super) fn date_time(s: &str) -> Option<&str> {
    crate::notes::model::parse_time(s).map(|_| s)
}

/// One annotation on `target`.
fn annotation(ann: &Annotation, target: Value, status: Status) -> Value {
    let mut body: Vec<Value> = ann
        .tags
        .iter()
        .map(|t| json!({"type": "TextualBody", "purpose": "tagging", "value": t}))
        .collect();
    if !ann.note.is_empty() {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": ann.note, "format": "text/plain"}));
    }
    let mut item = json!({
        // Each annotation stands on its own too (the suite checks them
        // one by one).
        "@context": context(),
        "id": format!("urn:uuid:{}", ann.id),
        "type": "Annotation",
        "creator": {"type": "Person", "name": ann.author},
        "body": body,
        "target": target,
        "hamish:status": status.name(),
    });
    if let Value::Object(m) = &mut item {
        if let Some(t) = date_time(&ann.created) {
            m.insert("created".into(), json!(t));
        }
        if let Some(t) = date_time(&ann.modified) {
            m.insert("modified".into(), json!(t));
        }
        if uuid::Uuid::parse_str(&ann.id).is_err() {
            // Not a UUID (hand-made): an IRI all the same.
            let id =
                percent_encoding::utf8_percent_encode(&ann.id, percent_encoding::NON_ALPHANUMERIC);
            m.insert("id".into(), json!(format!("urn:hamish:annotation:{id}")));
        }
    }
    item
}

/// A stable `urn:uuid:` for what was exported (the same sources give the
/// same collection id), with `tag` telling the collection from its page.
pub(super) fn export_id(articles: &[ExportArticle], base: Option<&str>, tag: &str) -> String {
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
/// IRI, its TextQuoteSelector the raw text (the paragraph, or the phrase)
/// with up to 32 code points of the file's text either side, its
/// TextPositionSelector code points in the file as it is now. Orphans keep
/// their quote and say so (`hamish:status`). A label on the article as a
/// whole targets the article's IRI itself, with no selector.
pub fn w3c(articles: &[ExportArticle], base: Option<&str>) -> String {
    let mut items = Vec::new();
    for a in articles {
        let source = a.iri(base);
        for label in &a.labels {
            items.push(annotation(label, json!(source), Status::Exact));
        }
        for it in &a.items {
            let selector = match a.placed(it) {
                Some(p) => {
                    let (prefix, suffix) = a.context(p.bytes, CONTEXT);
                    json!([
                        {"type": "TextQuoteSelector", "exact": p.exact, "prefix": prefix, "suffix": suffix},
                        {"type": "TextPositionSelector", "start": p.start, "end": p.end},
                    ])
                }
                None => json!([{
                    "type": "TextQuoteSelector",
                    "exact": it.ann.anchor.quote,
                    "prefix": it.ann.anchor.prefix,
                    "suffix": it.ann.anchor.suffix,
                }]),
            };
            let target = json!({"source": source, "selector": selector});
            items.push(annotation(&it.ann, target, it.status));
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
