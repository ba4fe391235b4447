//! The help screen and the hint lines, written from the binding table as
//! the config left it: a rebound key shows as rebound, an unbound command
//! is not listed.

use super::{Chord, Code, Command, Keys, Row, Section};
use crate::text::width::str_width;

/// One line of the help: keys and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub chords: Vec<Chord>,
    /// The keys as the help writes them.
    pub keys: String,
    pub text: String,
}

/// A section of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub section: Section,
    pub entries: Vec<Entry>,
}

/// Tag keys in few cells: `1-9` for a run, else one after another.
pub fn tag_keys(keys: &[char]) -> String {
    let run = keys.len() >= 3
        && keys
            .windows(2)
            .all(|w| u32::from(w[1]) == u32::from(w[0]) + 1);
    match (run, keys.first(), keys.last()) {
        (true, Some(a), Some(b)) => format!("{a}-{b}"),
        _ => keys
            .iter()
            .map(char::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn written(chords: &[Chord]) -> String {
    chords
        .iter()
        .map(Chord::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two commands' keys side by side, as their text is: `j ↓ / k ↑` for
/// `down / up`.
fn paired(a: &[Chord], b: &[Chord]) -> String {
    format!("{} / {}", written(a), written(b))
}

/// The help's sections with the keys in force. `tags`: the tag set's keys,
/// which toggle tags in the picker and show one tag in the `A` list.
pub fn parts(keys: &Keys, tags: &[char]) -> Vec<Part> {
    let tag_text = tag_keys(tags);
    Section::ALL
        .into_iter()
        .map(|section| {
            let rows: Vec<_> = keys
                .rows()
                .filter(|(r, k)| r.sections.contains(&section) && !k.is_empty())
                .collect();
            let mut entries = Vec::new();
            let mut i = 0;
            while let Some((row, k)) = rows.get(i) {
                let next = rows.get(i + 1);
                match (row.pair, next) {
                    (Some(both), Some((n, nk))) if follows(row, n) => {
                        entries.push(Entry {
                            chords: k.iter().chain(nk.iter()).copied().collect(),
                            keys: paired(k, nk),
                            text: both.to_string(),
                        });
                        i += 2;
                    }
                    _ => {
                        entries.push(Entry {
                            chords: k.to_vec(),
                            keys: written(k),
                            text: row.help.replace("{tags}", &tag_text),
                        });
                        i += 1;
                    }
                }
            }
            if section == Section::Selecting && !tags.is_empty() {
                entries.push(Entry {
                    chords: tags.iter().map(|c| Chord::plain(Code::Char(*c))).collect(),
                    keys: tag_text.clone(),
                    text: "tag the phrase (t a y x as for a paragraph)".into(),
                });
            }
            if section == Section::Hits && !tags.is_empty() {
                entries.push(Entry {
                    chords: tags.iter().map(|c| Chord::plain(Code::Char(*c))).collect(),
                    keys: tag_text.clone(),
                    text: "tag the hits' paragraphs (the marked, else all)".into(),
                });
            }
            if section == Section::List && !tags.is_empty() {
                entries.push(Entry {
                    chords: tags.iter().map(|c| Chord::plain(Code::Char(*c))).collect(),
                    keys: tag_text.clone(),
                    text: "by tag (again: all)".into(),
                });
            }
            Part { section, entries }
        })
        .filter(|p| !p.entries.is_empty())
        .collect()
}

/// Whether `b` is the row right after `a` in the table (its pair).
fn follows(a: &Row, b: &Row) -> bool {
    super::ROWS
        .windows(2)
        .any(|w| std::ptr::eq(&w[0], a) && std::ptr::eq(&w[1], b))
}

/// Cells wider than this take a line of their own.
const WIDE: usize = 34;

/// The help as lines no wider than `width` where it can be: a heading per
/// section, then its entries indented, in as many columns (up to three)
/// as fit; an entry too wide for a column takes a line of its own.
pub fn lines(parts: &[Part], width: usize) -> Vec<String> {
    let cells: Vec<Vec<(String, String)>> = parts
        .iter()
        .map(|part| {
            let key_w = part
                .entries
                .iter()
                .map(|e| str_width(&e.keys))
                .filter(|w| *w <= WIDE / 2)
                .max()
                .unwrap_or(0);
            part.entries
                .iter()
                .map(|e| {
                    let pad = key_w.saturating_sub(str_width(&e.keys));
                    (
                        format!("{}{}  {}", e.keys, " ".repeat(pad), e.text),
                        format!("{}  {}", e.keys, e.text),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let cell_w = cells
        .iter()
        .flatten()
        .map(|(c, _)| str_width(c))
        .filter(|w| *w <= WIDE)
        .max()
        .unwrap_or(0);
    let columns = (1..=3)
        .rev()
        .find(|n| 2 + n * cell_w + (n - 1) * 3 <= width)
        .unwrap_or(1);
    let mut out = Vec::new();
    for (part, cells) in parts.iter().zip(&cells) {
        out.extend(wrap(part.section.title(), width, 2));
        let mut line = String::new();
        let mut used = 0;
        let flush = |line: &mut String, used: &mut usize, out: &mut Vec<String>| {
            if *used > 0 {
                out.push(format!("  {}", line.trim_end()));
                line.clear();
                *used = 0;
            }
        };
        for (cell, bare) in cells {
            let w = str_width(cell);
            if w > cell_w || columns == 1 {
                flush(&mut line, &mut used, &mut out);
                // Aligned if it fits; else as short as it can be, its
                // continuation lines indented under it.
                let one = if 2 + w <= width { cell } else { bare };
                out.extend(wrap(&format!("  {one}"), width, 4));
                continue;
            }
            if used > 0 {
                line.push_str("   ");
            }
            line.push_str(cell);
            line.push_str(&" ".repeat(cell_w - w));
            used += 1;
            if used == columns {
                flush(&mut line, &mut used, &mut out);
            }
        }
        flush(&mut line, &mut used, &mut out);
    }
    out
}

/// `line` cut at spaces into lines no wider than `width` where a word
/// allows, the lines after the first indented by `indent` cells.
pub fn wrap(line: &str, width: usize, indent: usize) -> Vec<String> {
    let lead = line.len() - line.trim_start().len();
    let mut out: Vec<String> = Vec::new();
    let mut cur = line[..lead].to_string();
    let mut cur_w = lead;
    let mut bare = true;
    for word in line[lead..].split(' ') {
        let w = str_width(word);
        if !bare && cur_w + 1 + w > width {
            let done = std::mem::replace(&mut cur, " ".repeat(indent));
            out.push(done.trim_end().to_string());
            cur_w = indent;
            bare = true;
        }
        if !bare {
            cur.push(' ');
            cur_w += 1;
        }
        cur.push_str(word);
        cur_w += w;
        bare = word.is_empty() && bare;
    }
    out.push(cur);
    out
}

/// A hint line for a screen: the first key of each command and a word,
/// `Enter open · / filter · ? help`. A command with no key is left out.
pub fn hints(keys: &Keys, commands: &[Command]) -> String {
    commands
        .iter()
        .filter_map(|c| {
            let (row, chords) = keys.rows().find(|(r, _)| r.command == *c)?;
            Some(format!("{} {}", chords.first()?, row.hint))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The first key of a command as the help writes it, for a message that
/// names it ("t tags a paragraph"); `None` if it has no key.
pub fn key_of(keys: &Keys, command: Command) -> Option<String> {
    keys.of(command).first().map(Chord::to_string)
}
