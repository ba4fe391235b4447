//! Re-anchoring annotations when the article changed (DESIGN §4.4).
//!
//! In order: the same paragraph (index and hash agree); the exact paragraph
//! text, unique or nearest the old place; the same after Arabic folding; a
//! paragraph split in two by the repair rule; a fuzzy match above a strict
//! threshold, marked for review; else an orphan. A wrong confident match is
//! worse than an orphan, so ties become orphans.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::model::{Anchor, Annotation};
use super::store::NoteStore;
use crate::digest::sha256_hex;

/// Similarity (Dice coefficient of character bigrams of folded text) a
/// fuzzy match must reach.
pub const FUZZY_THRESHOLD: f64 = 0.80;
/// How far ahead of the runner-up the best fuzzy match must be.
const FUZZY_MARGIN: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Where it was saved.
    Exact,
    /// The same text found elsewhere (or after folding, or split in two).
    Moved,
    /// Attached by a fuzzy match: a person should check it.
    NeedsReview,
    /// Not attached to any paragraph.
    Orphan,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Exact => "exact",
            Status::Moved => "moved",
            Status::NeedsReview => "needs-review",
            Status::Orphan => "orphan",
        }
    }
}

/// An article's paragraphs, with what matching needs computed once, when
/// first needed: an anchor still in place costs one hash of its paragraph.
pub struct Target<'a> {
    pub paragraphs: &'a [String],
    folded_cell: OnceCell<Vec<String>>,
    by_hash_cell: OnceCell<HashMap<String, Vec<usize>>>,
    /// Each paragraph folded, with the code point each folded character
    /// comes from (for phrases found only once folded).
    folded_map_cell: OnceCell<Vec<FoldedText>>,
    /// The paragraphs, then the folded ones, joined by line breaks, with
    /// where each starts: a phrase is searched for once in the article,
    /// not once per paragraph.
    joined_cell: OnceCell<Joined>,
    folded_joined_cell: OnceCell<Joined>,
}

/// Texts joined by `\n` (which no paragraph holds), and where each starts.
struct Joined {
    text: String,
    starts: Vec<usize>,
}

impl Joined {
    fn new<'t>(parts: impl Iterator<Item = &'t str>) -> Joined {
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
    fn find(&self, needle: &str) -> Vec<(usize, usize)> {
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
struct FoldedText {
    text: String,
    /// Per folded character: the code point of the paragraph it is from.
    from: Vec<usize>,
}

impl<'a> Target<'a> {
    pub fn new(paragraphs: &'a [String]) -> Target<'a> {
        Target {
            paragraphs,
            folded_cell: OnceCell::new(),
            by_hash_cell: OnceCell::new(),
            folded_map_cell: OnceCell::new(),
            joined_cell: OnceCell::new(),
            folded_joined_cell: OnceCell::new(),
        }
    }

    fn joined(&self) -> &Joined {
        self.joined_cell
            .get_or_init(|| Joined::new(self.paragraphs.iter().map(String::as_str)))
    }

    fn folded_joined(&self) -> &Joined {
        self.folded_joined_cell
            .get_or_init(|| Joined::new(self.folded_map().iter().map(|f| f.text.as_str())))
    }

    /// Every paragraph folded, with where its characters come from.
    fn folded_map(&self) -> &[FoldedText] {
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

    /// Every paragraph, folded.
    fn folded(&self) -> &[String] {
        self.folded_cell
            .get_or_init(|| self.paragraphs.iter().map(|p| fold(p)).collect())
    }

    /// Paragraph indices by the hash of their text.
    fn by_hash(&self) -> &HashMap<String, Vec<usize>> {
        self.by_hash_cell.get_or_init(|| {
            let mut by_hash: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, p) in self.paragraphs.iter().enumerate() {
                by_hash.entry(sha256_hex(p.as_bytes())).or_default().push(i);
            }
            by_hash
        })
    }

    /// Where `anchor` belongs now.
    pub fn place(&self, anchor: &Anchor) -> (Option<usize>, Status) {
        let old = anchor.para_index;
        if self
            .paragraphs
            .get(old)
            .is_some_and(|p| sha256_hex(p.as_bytes()) == anchor.para_sha256)
        {
            return (Some(old), Status::Exact);
        }
        if let Some(cands) = self.by_hash().get(&anchor.para_sha256)
            && let Some(i) = self.best_of(cands, anchor)
        {
            return (Some(i), Status::Moved);
        }
        let fq = fold(&anchor.quote);
        if !fq.is_empty() {
            let folded = self.folded();
            let cands: Vec<usize> = (0..folded.len()).filter(|&i| folded[i] == fq).collect();
            if let Some(i) = self.best_of(&cands, anchor) {
                return (Some(i), Status::Moved);
            }
            if let Some(i) = self.split_start(&fq, old) {
                return (Some(i), Status::Moved);
            }
            if let Some(i) = self.fuzzy(&fq) {
                return (Some(i), Status::NeedsReview);
            }
        }
        (None, Status::Orphan)
    }

    /// Where a phrase's anchor belongs now, and its code points there: its
    /// paragraph unchanged (in place or moved whole), the same code
    /// points; else the phrase in its old paragraph, then anywhere in the
    /// article, then anywhere once folded, each time the place whose
    /// context matches, nearest the old one; else an orphan. Two places
    /// equally good are no answer: a phrase is never put on other words.
    pub fn place_span(&self, anchor: &Anchor) -> (Option<Place>, Status) {
        let Some(old_span) = anchor.span() else {
            return (None, Status::Orphan);
        };
        let quote = anchor.quote.as_str();
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
            let found = exact_in(old, &self.paragraphs[old], quote);
            if let Some(at) = self.best_place(&found, anchor, &old_span) {
                return (Some(at), Status::Moved);
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
        if let Some(at) = self.best_place(&everywhere, anchor, &old_span) {
            return (Some(at), Status::Moved);
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
        if let Some(at) = self.best_place(&folded, anchor, &old_span) {
            return (Some(at), Status::Moved);
        }
        (None, Status::Orphan)
    }

    /// Among places a phrase occurs: those whose context matches the saved
    /// one best, then the nearest the old place (paragraph, then code
    /// point). A tie is no answer.
    fn best_place(&self, places: &[Place], anchor: &Anchor, old: &Range<usize>) -> Option<Place> {
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
        at.next().is_none().then_some(first)
    }

    /// Among equal candidates: those whose neighbours match the saved
    /// context, then the nearest to the old index. A tie is no answer.
    fn best_of(&self, cands: &[usize], anchor: &Anchor) -> Option<usize> {
        if let [one] = cands {
            return Some(*one);
        }
        let score = |i: usize| {
            let before = !anchor.prefix.is_empty()
                && i.checked_sub(1)
                    .is_some_and(|j| self.paragraphs[j].ends_with(&anchor.prefix));
            let after = !anchor.suffix.is_empty()
                && self
                    .paragraphs
                    .get(i + 1)
                    .is_some_and(|p| p.starts_with(&anchor.suffix));
            usize::from(before) + usize::from(after)
        };
        let best = cands.iter().map(|&i| score(i)).max()?;
        let top: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&i| score(i) == best)
            .collect();
        unique_nearest(&top, anchor.para_index)
    }

    /// The old paragraph was split into consecutive ones (the repair rule):
    /// their folded texts, joined, give the old folded text.
    fn split_start(&self, fq: &str, old: usize) -> Option<usize> {
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let target = squash(fq);
        let mut found = Vec::new();
        let folded = self.folded();
        for start in 0..folded.len() {
            let first = squash(&folded[start]);
            if first.is_empty() || first.len() == target.len() || !target.starts_with(&first) {
                continue;
            }
            let mut acc = first;
            for next in &folded[start + 1..] {
                acc.push_str(&squash(next));
                if acc == target {
                    found.push(start);
                    break;
                }
                if !target.starts_with(&acc) {
                    break;
                }
            }
        }
        unique_nearest(&found, old)
    }

    fn fuzzy(&self, fq: &str) -> Option<usize> {
        let q = bigrams(fq);
        let mut scored: Vec<(f64, usize)> = self
            .folded()
            .iter()
            .enumerate()
            .map(|(i, p)| (dice(&q, &bigrams(p)), i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (best, i) = *scored.first()?;
        let second = scored.get(1).map_or(0.0, |s| s.0);
        (best >= FUZZY_THRESHOLD && best - second >= FUZZY_MARGIN).then_some(i)
    }
}

/// The candidate nearest to `old`, if only one is that near.
fn unique_nearest(cands: &[usize], old: usize) -> Option<usize> {
    let nearest = cands.iter().map(|&i| i.abs_diff(old)).min()?;
    let mut at = cands
        .iter()
        .copied()
        .filter(|&i| i.abs_diff(old) == nearest);
    let first = at.next()?;
    at.next().is_none().then_some(first)
}

/// Arabic folding: strip harakat and tatweel, unify alef forms (and alef
/// maqsura, teh marbuta), lower-case, collapse spaces.
pub fn fold(s: &str) -> String {
    folded_chars(s).into_iter().map(|(c, _)| c).collect()
}

/// What folding drops: harakat, the superscript alef, tatweel.
fn dropped_by_folding(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// [`fold`], each character with the index (in code points) of the
/// character of `s` it comes from.
fn folded_chars(s: &str) -> Vec<(char, usize)> {
    let mut out: Vec<(char, usize)> = Vec::with_capacity(s.len());
    let mut pending_space = None;
    for (i, c) in s.chars().enumerate() {
        if dropped_by_folding(c) {
            continue;
        }
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        };
        if c.is_whitespace() {
            if !out.is_empty() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(at) = pending_space.take() {
            out.push((' ', at));
        }
        out.extend(c.to_lowercase().map(|l| (l, i)));
    }
    out
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

fn bigrams(s: &str) -> HashMap<(char, char), usize> {
    let chars: Vec<char> = s.chars().collect();
    let mut m = HashMap::new();
    for w in chars.windows(2) {
        *m.entry((w[0], w[1])).or_insert(0) += 1;
    }
    m
}

fn dice(a: &HashMap<(char, char), usize>, b: &HashMap<(char, char), usize>) -> f64 {
    let total: usize = a.values().sum::<usize>() + b.values().sum::<usize>();
    if total == 0 {
        return 0.0;
    }
    let common: usize = a
        .iter()
        .map(|(k, n)| (*n).min(b.get(k).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / total as f64
}
/// A live annotation and where it belongs now.
#[derive(Debug, Clone)]
pub struct Item {
    pub ann: Annotation,
    /// 0-based paragraph, `None` for an orphan.
    pub para: Option<usize>,
    /// A phrase's code points in that paragraph now; `None` for a
    /// paragraph's annotation (and an orphan).
    pub span: Option<Range<usize>>,
    pub status: Status,
}

/// Place every live annotation of `store` in `paragraphs` (not the
/// article's labels, which have no place): by paragraph, orphans last (in the order of the paragraphs they were made on), then
/// by creation time.
pub fn place_all(store: &NoteStore, paragraphs: &[String]) -> Vec<Item> {
    let target = Target::new(paragraphs);
    let mut items: Vec<Item> = store
        .live()
        .filter(|a| !a.anchor.article)
        .map(|a| {
            let (para, span, status) = if a.anchor.span().is_some() {
                let (at, status) = target.place_span(&a.anchor);
                match at {
                    Some((p, r)) => (Some(p), Some(r), status),
                    None => (None, None, status),
                }
            } else {
                let (para, status) = target.place(&a.anchor);
                (para, None, status)
            };
            Item {
                ann: a.clone(),
                para,
                span,
                status,
            }
        })
        .collect();
    // Orphans in the order of the paragraphs they were made on; ties by
    // creation time, then id, so the order never depends on the store's.
    let key = |i: &Item| {
        (
            i.para.is_none(),
            i.para,
            i.span.as_ref().map(|r| (r.start, r.end)),
            i.ann.anchor.para_index,
            i.ann.created.clone(),
            i.ann.id.clone(),
        )
    };
    items.sort_by_key(key);
    items
}
