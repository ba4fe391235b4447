//! JSONL and CSV.

use super::*;

pub(super) fn number(i: Option<usize>) -> Value {
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
