//! The Markdown review report.

use super::*;

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
pub(super) fn md_block(out: &mut String, body: &str) {
    out.push_str("<div dir=\"auto\">\n\n");
    out.push_str(body);
    out.push_str("\n\n</div>\n\n");
}

/// A Markdown report for reviewing: per article, its labels (`### article`),
/// then each annotation with its paragraph number (`(phrase)` for a
/// phrase's), tags, note, a phrase's text (`**Phrase:**`) and the
/// paragraph it is in. What comes from files (names, notes, text, tags)
/// stays text ([`md_text`]).
pub fn markdown(articles: &[ExportArticle], config: &Config) -> String {
    let mut out = String::from("# Annotations\n");
    for a in articles.iter().filter(|a| !a.is_empty()) {
        out.push_str(&format!("\n## {}\n", md_text(&a.name)));
        for label in &a.labels {
            out.push_str("\n### article\n\n");
            body(&mut out, label, config);
            signature(&mut out, label);
        }
        for it in &a.items {
            let phrase = it.ann.anchor.span().is_some();
            let place = it
                .para
                .map_or("orphan".to_string(), |i| format!("¶ {}", i + 1));
            let kind = if phrase { " (phrase)" } else { "" };
            let status = match it.status {
                Status::Exact => String::new(),
                s => format!(" — {}", s.name()),
            };
            out.push_str(&format!("\n### {place}{kind}{status}\n\n"));
            body(&mut out, &it.ann, config);
            let placed = a.placed(it);
            if phrase {
                let quote = super::table::quote(&it.ann, placed.as_ref());
                md_block(&mut out, &format!("**Phrase:** {}", md_text(quote)));
            }
            // The paragraph: as the file holds it now, else (an orphan)
            // as it was, which a phrase's anchor does not keep.
            let text = match (a.paragraph(it.para), phrase) {
                (Some(t), _) => Some(t),
                (None, false) => Some(it.ann.anchor.quote.as_str()),
                (None, true) => None,
            };
            if let Some(text) = text {
                md_block(&mut out, &format!("> {}", md_text(text)));
            }
            signature(&mut out, &it.ann);
        }
    }
    out
}

/// An annotation's tags and note.
fn body(out: &mut String, ann: &Annotation, config: &Config) {
    let tags: Vec<String> = ann
        .tags
        .iter()
        .map(|t| {
            config.tag(t).map_or_else(
                || t.clone(),
                |tag| format!("{} ({})", tag.label_en, tag.label),
            )
        })
        .collect();
    if !tags.is_empty() {
        out.push_str(&format!("**Tags:** {}\n\n", md_text(&tags.join(", "))));
    }
    if !ann.note.trim().is_empty() {
        md_block(out, &md_text(ann.note.trim_end()));
    }
}

/// Who, when, which annotation.
fn signature(out: &mut String, ann: &Annotation) {
    out.push_str(&format!(
        "<sub>{} · {} · {}</sub>\n",
        md_text(&ann.author),
        md_text(&ann.modified),
        md_text(&ann.id)
    ));
}
