//! brat standoff: `.ann` files and `annotation.conf`.

use super::*;

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
pub(super) fn one_brat_line(text: &str) -> String {
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

pub(super) fn is_brat_line_break(c: char) -> bool {
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
pub(super) fn brat_fragments(text: &str, start: usize) -> (String, String) {
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
/// `.ann` lines, and what brat cannot show: the ids of orphans and of
/// phrases of nothing but line breaks, each with why. A phrase's
/// T-lines are on the phrase itself; several tags on one span give
/// several T-lines with the same offsets (`<OVERLAP>` in
/// [`brat_conf`] lets brat take them). The article's labels are not
/// here: brat has no annotation on a document as a whole.
pub fn brat(a: &ExportArticle) -> (String, String, Vec<(String, &'static str)>) {
    let mut ann = String::new();
    let mut skipped = Vec::new();
    let (mut t, mut n) = (0, 0);
    for it in &a.items {
        let Some(placed) = a.placed(it) else {
            skipped.push((it.ann.id.clone(), "an orphan, with no place in the text"));
            continue;
        };
        let (offsets, exact) = brat_fragments(placed.exact, placed.start);
        if offsets.is_empty() {
            skipped.push((it.ann.id.clone(), "on nothing but line breaks"));
            continue;
        }
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
