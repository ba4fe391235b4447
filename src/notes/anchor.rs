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

mod phrase;
use phrase::{FoldedText, Joined};

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

/// Arabic folding for matching text again: the search table
/// (`text::fold`: marks and tatweel dropped, letter variants and digits
/// unified, lower case) with ة as ه, and runs of spaces as one.
pub fn fold(s: &str) -> String {
    folded_chars(s).into_iter().map(|(c, _)| c).collect()
}

/// [`fold`], each character with the index (in code points) of the
/// character of `s` it comes from: the search table (`text::fold`) with
/// ة as ه, and runs of spaces as one.
fn folded_chars(s: &str) -> Vec<(char, usize)> {
    let how = crate::text::fold::Fold {
        ta_marbuta: true,
        ..Default::default()
    };
    let mut out: Vec<(char, usize)> = Vec::with_capacity(s.len());
    let mut pending_space = None;
    let mut one = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_whitespace() {
            if !out.is_empty() {
                pending_space = Some(i);
            }
            continue;
        }
        one.clear();
        crate::text::fold::fold_char(c, how, &mut one);
        if one.is_empty() {
            continue;
        }
        if let Some(at) = pending_space.take() {
            out.push((' ', at));
        }
        out.extend(one.chars().map(|l| (l, i)));
    }
    out
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
            let (para, span, status) = if a.anchor.is_phrase() {
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
