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
