//! JSONL and CSV.

use super::*;

pub(super) fn number(i: Option<usize>) -> Value {
    i.map_or(Value::Null, |i| json!(i + 1))
}

/// One JSON object per line: the annotation plus `article`, `paragraph`
/// (1-based, null for orphans and labels), `status`, `scope` (`paragraph`,
/// `phrase`, or `article` for a label on the article as a whole), `quote`
/// (a phrase's raw text as the file holds it now, or as it was made for
/// an orphan; empty otherwise), and for a placed annotation the
/// paragraph's raw `text` with its `start` and `end` in code points, and
/// for a placed phrase its `quote_start` and `quote_end`. Labels come
/// first in each article.
pub fn jsonl(articles: &[ExportArticle]) -> String {
    let mut out = String::new();
    for a in articles {
        for label in &a.labels {
            line(&mut out, a, label, None, Status::Exact, None);
        }
        for it in &a.items {
            line(&mut out, a, &it.ann, it.para, it.status, a.placed(it));
        }
    }
    out
}

/// One line of [`jsonl`].
fn line(
    out: &mut String,
    a: &ExportArticle,
    ann: &Annotation,
    para: Option<usize>,
    status: Status,
    placed: Option<Placed>,
) {
    let mut v = serde_json::to_value(ann).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("article".into(), json!(a.name));
        m.insert("paragraph".into(), number(para));
        m.insert("status".into(), json!(status.name()));
        m.insert("scope".into(), json!(scope(ann)));
        m.insert("quote".into(), json!(quote(ann, placed.as_ref())));
        // The paragraph as the file holds it now, and where (code
        // points), for placed annotations.
        if let (Some(text), Some(&(start, end))) =
            (a.paragraph(para), para.and_then(|i| a.positions.get(i)))
        {
            m.insert("text".into(), json!(text));
            m.insert("start".into(), json!(start));
            m.insert("end".into(), json!(end));
        }
        if let Some(p) = placed.filter(|_| ann.anchor.span().is_some()) {
            m.insert("quote_start".into(), json!(p.start));
            m.insert("quote_end".into(), json!(p.end));
        }
    }
    out.push_str(&v.to_string());
    out.push('\n');
}

/// A phrase's text: as the file holds it now where it is placed, else as
/// it was when annotated. Empty for a paragraph's annotation or a label.
pub(super) fn quote<'a>(ann: &'a Annotation, placed: Option<&Placed<'a>>) -> &'a str {
    if ann.anchor.span().is_none() {
        return "";
    }
    placed.map_or(ann.anchor.quote.as_str(), |p| p.exact)
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

/// One row per annotation, with the paragraph's text; then its `scope`
/// (`paragraph`, `phrase`, or `article` for a label) and a phrase's
/// `quote` (the last two columns, so the others keep their places).
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
        "scope",
        "quote",
    ]);
    for a in articles {
        let labels = a.labels.iter().map(|l| (l, None, Status::Exact, None));
        let items = a.items.iter().map(|it| {
            // An orphan: the paragraph it was made on, as it was then (a
            // phrase's anchor holds only the phrase: no text).
            let then = match it.ann.anchor.span() {
                Some(_) => "",
                None => it.ann.anchor.quote.as_str(),
            };
            let text = a.paragraph(it.para).unwrap_or(then);
            (&it.ann, it.para, it.status, Some((text, a.placed(it))))
        });
        for (ann, para, status, text) in labels.chain(items) {
            let para = para.map_or(String::new(), |i| (i + 1).to_string());
            let (text, quote) = match &text {
                Some((text, placed)) => (*text, quote(ann, placed.as_ref())),
                None => ("", ""),
            };
            let _ = w.write_record(
                [
                    a.name.as_str(),
                    &para,
                    status.name(),
                    &ann.tags.join(";"),
                    &ann.note,
                    &ann.author,
                    &ann.created,
                    &ann.modified,
                    &ann.id,
                    text,
                    scope(ann),
                    quote,
                ]
                .map(|c| no_formula(c).into_owned()),
            );
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
