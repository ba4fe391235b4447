//! Placing a phrase again: in its paragraph unchanged, else the phrase in
//! its old paragraph, then anywhere in the article, then anywhere once
//! folded; the article is joined once and searched once per phrase.

use std::collections::HashMap;
use std::ops::Range;

use super::{Status, Target, fold, folded_chars, unique_nearest};
use crate::digest::sha256_hex;
use crate::notes::model::Anchor;
use crate::text::fold::is_dropped as dropped_by_folding;

/// Texts joined by `\n` (which no paragraph holds), and where each starts.
pub(super) struct Joined {
    text: String,
    starts: Vec<usize>,
}

impl Joined {
    pub(super) fn new<'t>(parts: impl Iterator<Item = &'t str>) -> Joined {
        let mut text = String::new();
        let mut starts = Vec::new();
        for p in parts {
            starts.push(text.len());
            text.push_str(p);
            text.push('\n');
        }
        Joined { text, starts }
    }

    /// Each place `needle` occurs, as (part, byte offset in it).
    pub(super) fn find(&self, needle: &str) -> Vec<(usize, usize)> {
        if needle.is_empty() || needle.contains('\n') {
            return Vec::new();
        }
        self.text
            .match_indices(needle)
            .map(|(b, _)| {
                let part = self.starts.partition_point(|&s| s <= b) - 1;
                (part, b - self.starts[part])
            })
            .collect()
    }
}

/// A paragraph folded, and where each of its characters comes from.
pub(super) struct FoldedText {
    pub(super) text: String,
    /// Per folded character: the code point of the paragraph it is from.
    pub(super) from: Vec<usize>,
}

impl<'a> Target<'a> {
    pub(super) fn joined(&self) -> &Joined {
        self.joined_cell
            .get_or_init(|| Joined::new(self.paragraphs.iter().map(String::as_str)))
    }

    pub(super) fn folded_joined(&self) -> &Joined {
        self.folded_joined_cell
            .get_or_init(|| Joined::new(self.folded_map().iter().map(|f| f.text.as_str())))
    }

    /// Every paragraph folded, with where its characters come from.
    pub(super) fn folded_map(&self) -> &[FoldedText] {
        self.folded_map_cell.get_or_init(|| {
            self.paragraphs
                .iter()
                .map(|p| {
                    let chars = folded_chars(p);
                    FoldedText {
                        text: chars.iter().map(|(c, _)| *c).collect(),
                        from: chars.into_iter().map(|(_, i)| i).collect(),
                    }
                })
                .collect()
        })
    }

    /// Where a phrase's anchor belongs now, and its code points there: its
    /// paragraph unchanged (in place or moved whole), the same code
    /// points; else the phrase in its old paragraph, then anywhere in the
    /// article, then anywhere once folded, each time the place whose
    /// context matches, nearest the old one; else an orphan. Two places
    /// equally good are no answer: a phrase is never put on other words.
    pub fn place_span(&self, anchor: &Anchor) -> (Option<Place>, Status) {
        // A phrase's anchor whose code points make no sense (written by
        // hand, or by another tool) is looked for by its text alone.
        let old_span = anchor.span().unwrap_or(0..0);
        let quote = anchor.quote.as_str();
        if quote.is_empty() {
            return (None, Status::Orphan);
        }
        let quote_len = quote.chars().count();
        let same = |p: usize| {
            old_span.len() == quote_len
                && self.paragraphs[p]
                    .chars()
                    .skip(old_span.start)
                    .take(quote_len)
                    .eq(quote.chars())
        };
        let old = anchor.para_index;
        if self
            .paragraphs
            .get(old)
            .is_some_and(|p| sha256_hex(p.as_bytes()) == anchor.para_sha256)
            && same(old)
        {
            return (Some((old, old_span)), Status::Exact);
        }
        if let Some(cands) = self.by_hash().get(&anchor.para_sha256) {
            let cands: Vec<usize> = cands.iter().copied().filter(|&p| same(p)).collect();
            if let Some(p) = unique_nearest(&cands, old) {
                return (Some((p, old_span)), Status::Moved);
            }
        }
        if old < self.paragraphs.len() {
            // In its old paragraph only where its context says so; else the
            // whole article decides.
            let found = exact_in(old, &self.paragraphs[old], quote);
            if let Some(placed @ (Some(_), Status::Moved)) =
                self.best_place(&found, anchor, &old_span)
            {
                return placed;
            }
        }
        let quote_chars = quote.chars().count();
        let everywhere: Vec<Place> = self
            .joined()
            .find(quote)
            .into_iter()
            .map(|(p, b)| {
                let start = self.paragraphs[p][..b].chars().count();
                (p, start..start + quote_chars)
            })
            .collect();
        if let Some(placed) = self.best_place(&everywhere, anchor, &old_span) {
            return placed;
        }
        let fq = fold(&anchor.quote);
        let maps = self.folded_map();
        let mut folded: Vec<Place> = Vec::new();
        for (p, b) in self.folded_joined().find(&fq) {
            if let Some(at) = folded_at(&self.paragraphs[p], &maps[p], b, &fq)
                && !folded.contains(&(p, at.clone()))
            {
                folded.push((p, at));
            }
        }
        if let Some(placed) = self.best_place(&folded, anchor, &old_span) {
            return placed;
        }
        (None, Status::Orphan)
    }

    /// Among places a phrase occurs: those whose context matches the saved
    /// one best, then the nearest the old place (paragraph, then code
    /// point); moved. With no context matching, only a place that is the
    /// only one, marked for review. A tie is no answer (an orphan: a
    /// phrase is never put on other words on a guess).
    fn best_place(
        &self,
        places: &[Place],
        anchor: &Anchor,
        old: &Range<usize>,
    ) -> Option<(Option<Place>, Status)> {
        let prefix: Vec<char> = fold(&anchor.prefix).chars().collect();
        let suffix: Vec<char> = fold(&anchor.suffix).chars().collect();
        // Context is compared near the phrase only: enough characters on
        // each side for the saved context once folding drops marks.
        let reach = 4 * prefix.len().max(suffix.len()) + 8;
        let mut offsets: HashMap<usize, Vec<usize>> = HashMap::new();
        for (p, _) in places {
            offsets.entry(*p).or_insert_with(|| {
                let t = &self.paragraphs[*p];
                t.char_indices().map(|(b, _)| b).chain([t.len()]).collect()
            });
        }
        let score = |(p, r): &Place| {
            let text = &self.paragraphs[*p];
            let Some(at) = offsets.get(p) else {
                return 0;
            };
            let byte = |cp: usize| at.get(cp.min(at.len() - 1)).copied().unwrap_or(text.len());
            let chars_len = at.len() - 1;
            let before = fold(&text[byte(r.start.saturating_sub(reach))..byte(r.start)]);
            let after = fold(&text[byte(r.end)..byte(r.end + reach)]);
            let b = if prefix.is_empty() {
                r.start == 0
            } else {
                before
                    .chars()
                    .rev()
                    .zip(prefix.iter().rev())
                    .all(|(a, b)| a == *b)
                    && before.chars().count() >= prefix.len()
            };
            let a = if suffix.is_empty() {
                r.end == chars_len
            } else {
                after.chars().zip(suffix.iter()).all(|(a, b)| a == *b)
                    && after.chars().count() >= suffix.len()
            };
            usize::from(b) + usize::from(a)
        };
        let scores: Vec<usize> = places.iter().map(score).collect();
        let best = scores.iter().copied().max()?;
        if best == 0 {
            return Some(match places {
                [one] => (Some(one.clone()), Status::NeedsReview),
                _ => (None, Status::Orphan),
            });
        }
        let top: Vec<&Place> = places
            .iter()
            .zip(&scores)
            .filter(|(_, s)| **s == best)
            .map(|(pl, _)| pl)
            .collect();
        let distance =
            |(p, r): &Place| (p.abs_diff(anchor.para_index), r.start.abs_diff(old.start));
        let nearest = top.iter().map(|pl| distance(pl)).min()?;
        let mut at = top.into_iter().filter(|pl| distance(pl) == nearest);
        let first = at.next()?.clone();
        Some(if at.next().is_none() {
            (Some(first), Status::Moved)
        } else {
            (None, Status::Orphan)
        })
    }
}

/// Where a phrase may be: its paragraph and code points there.
type Place = (usize, Range<usize>);

/// Every place `quote` occurs in paragraph `p` (its text `text`), exactly,
/// as code points.
fn exact_in(p: usize, text: &str, quote: &str) -> Vec<Place> {
    if quote.is_empty() {
        return Vec::new();
    }
    let n = quote.chars().count();
    let mut out = Vec::new();
    let (mut cp, mut last) = (0, 0);
    for (b, _) in text.match_indices(quote) {
        cp += text[last..b].chars().count();
        last = b;
        out.push((p, cp..cp + n));
    }
    out
}

/// The code points of paragraph `text` (folded as `f`) that the folded
/// `quote` found at byte `b` of `f` stands for (marks after the phrase's
/// last letter go with it); `None` if it starts or ends inside a character
/// (a lower-case letter that stands for part of one).
fn folded_at(text: &str, f: &FoldedText, b: usize, quote: &str) -> Option<Range<usize>> {
    let s = f.text.get(..b)?.chars().count();
    let n = quote.chars().count();
    let start = *f.from.get(s)?;
    let end_char = *f.from.get(s + n - 1)?;
    let whole = s == 0 || f.from[s - 1] != start;
    let whole_end = f.from.get(s + n).is_none_or(|i| *i != end_char);
    if !(whole && whole_end) {
        return None;
    }
    let mut end = end_char + 1;
    let mut after = text.chars().skip(end);
    while after.next().is_some_and(dropped_by_folding) {
        end += 1;
    }
    Some(start..end)
}
