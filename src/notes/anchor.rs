//! Re-anchoring annotations when the article changed (DESIGN §4.4).
//!
//! In order: the same paragraph (index and hash agree); the exact paragraph
//! text, unique or nearest the old place; the same after Arabic folding; a
//! paragraph split in two by the repair rule; a fuzzy match above a strict
//! threshold, marked for review; else an orphan. A wrong confident match is
//! worse than an orphan, so ties become orphans.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::model::{Anchor, Annotation};
use super::store::NoteStore;
use crate::article::Texts;
use crate::digest::sha256_hex;

mod phrase;

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

/// An article's paragraphs, to place anchors on. Its paragraphs are read
/// through [`Texts`] when needed: an anchor still in place reads its own
/// paragraph only. The others are placed together, each step one pass
/// over the article for all the anchors still unplaced, keeping only what
/// those anchors need (the hashes looked for, the candidates, the two best
/// fuzzy scores): memory goes with the annotations, not the article.
pub struct Target<'a, P: Texts + ?Sized> {
    pub paragraphs: &'a P,
}

/// Where an anchor belongs now.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// 0-based paragraph, `None` for an orphan.
    pub para: Option<usize>,
    /// A phrase's code points in that paragraph.
    pub span: Option<Range<usize>>,
    pub status: Status,
}

impl Placed {
    fn orphan() -> Placed {
        Placed {
            para: None,
            span: None,
            status: Status::Orphan,
        }
    }
    fn at(para: usize, span: Option<Range<usize>>, status: Status) -> Placed {
        Placed {
            para: Some(para),
            span,
            status,
        }
    }
}

/// A paragraph's anchor looked for once folded: in a paragraph equal to
/// its folded quote, in consecutive paragraphs that joined make it (the
/// repair rule split it), or in the paragraph most like it.
struct FoldJob {
    /// Which anchor.
    k: usize,
    quote: String,
    /// The quote folded, without spaces.
    squashed: String,
    grams: HashMap<(char, char), usize>,
    equal: Vec<usize>,
    /// Runs of paragraphs that make the start of `squashed` so far: the
    /// first paragraph, the bytes made.
    open: Vec<(usize, usize)>,
    split: Vec<usize>,
    best: Option<(f64, usize)>,
    second: f64,
}

impl FoldJob {
    fn new(k: usize, quote: String) -> FoldJob {
        FoldJob {
            k,
            squashed: squash(&quote),
            grams: bigrams(&quote),
            quote,
            equal: Vec::new(),
            open: Vec::new(),
            split: Vec::new(),
            best: None,
            second: 0.0,
        }
    }

    /// Paragraph `i`, folded as `folded`, and without spaces `squashed`;
    /// `grams` its bigrams once counted.
    fn see(
        &mut self,
        i: usize,
        folded: &str,
        squashed: &str,
        grams: &mut Option<HashMap<(char, char), usize>>,
    ) {
        if folded == self.quote {
            self.equal.push(i);
        }
        let whole = &self.squashed;
        let mut split = Vec::new();
        self.open.retain_mut(|(start, made)| {
            if !whole[*made..].starts_with(squashed) {
                return false;
            }
            *made += squashed.len();
            if *made == whole.len() {
                split.push(*start);
                return false;
            }
            true
        });
        self.split.extend(split);
        if !squashed.is_empty() && squashed.len() != whole.len() && whole.starts_with(squashed) {
            self.open.push((i, squashed.len()));
        }
        let grams = grams.get_or_insert_with(|| bigrams(folded));
        let score = dice(&self.grams, grams);
        match self.best {
            Some((best, _)) if score <= best => {
                if score > self.second {
                    self.second = score;
                }
            }
            Some((best, _)) => {
                self.second = best;
                self.best = Some((score, i));
            }
            None => self.best = Some((score, i)),
        }
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A phrase's code points as saved (nothing, if they make no sense).
fn old_span(anchor: &Anchor) -> Range<usize> {
    anchor.span().unwrap_or(0..0)
}

/// Whether `text` holds the phrase `quote` at code points `span`.
fn same(text: &str, span: &Range<usize>, quote: &str) -> bool {
    span.len() == quote.chars().count()
        && text
            .chars()
            .skip(span.start)
            .take(span.len())
            .eq(quote.chars())
}

impl<'a, P: Texts + ?Sized> Target<'a, P> {
    pub fn new(paragraphs: &'a P) -> Target<'a, P> {
        Target { paragraphs }
    }

    /// Paragraph `i`'s text (`i` below the count).
    fn text(&self, i: usize) -> std::borrow::Cow<'a, str> {
        self.paragraphs
            .text(i)
            .unwrap_or(std::borrow::Cow::Borrowed(""))
    }

    /// Where a paragraph's `anchor` belongs now.
    pub fn place(&self, anchor: &Anchor) -> (Option<usize>, Status) {
        let placed = self.run(&[(anchor, false)]).remove(0);
        (placed.para, placed.status)
    }

    /// Where each anchor belongs now, a phrase's as a phrase: all placed
    /// together (each fallback one pass over the article).
    pub fn place_each(&self, anchors: &[&Anchor]) -> Vec<Placed> {
        let jobs: Vec<(&Anchor, bool)> = anchors.iter().map(|a| (*a, a.is_phrase())).collect();
        self.run(&jobs)
    }

    /// Place `jobs` (an anchor, whether it is a phrase's). In order, for
    /// a paragraph's: the same paragraph (index and hash agree); the exact
    /// paragraph text, unique or nearest the old place; the same after
    /// folding; a paragraph split in two; a fuzzy match; else an orphan.
    /// A phrase's: see [`Target::place_span`].
    fn run(&self, jobs: &[(&Anchor, bool)]) -> Vec<Placed> {
        let mut out: Vec<Option<Placed>> = vec![None; jobs.len()];
        // Still in place: its own paragraph read.
        for (k, &(a, phrase)) in jobs.iter().enumerate() {
            if phrase && a.quote.is_empty() {
                out[k] = Some(Placed::orphan());
                continue;
            }
            let old = a.para_index;
            let Some(text) = self.paragraphs.text(old) else {
                continue;
            };
            if sha256_hex(text.as_bytes()) != a.para_sha256 {
                continue;
            }
            if !phrase {
                out[k] = Some(Placed::at(old, None, Status::Exact));
            } else if same(&text, &old_span(a), &a.quote) {
                out[k] = Some(Placed::at(old, Some(old_span(a)), Status::Exact));
            }
        }
        let waiting: Vec<usize> = (0..jobs.len()).filter(|&k| out[k].is_none()).collect();
        if !waiting.is_empty() {
            self.moved_whole(jobs, &waiting, &mut out);
            let (phrases, paragraphs): (Vec<usize>, Vec<usize>) = (0..jobs.len())
                .filter(|&k| out[k].is_none())
                .partition(|&k| jobs[k].1);
            self.folded(jobs, &paragraphs, &mut out);
            self.place_phrases(jobs, &phrases, &mut out);
        }
        out.into_iter()
            .map(|p| p.unwrap_or_else(Placed::orphan))
            .collect()
    }

    /// The anchors `waiting` whose paragraph is unchanged but elsewhere:
    /// every paragraph hashed once, for the hashes looked for.
    fn moved_whole(&self, jobs: &[(&Anchor, bool)], waiting: &[usize], out: &mut [Option<Placed>]) {
        let mut by_hash: HashMap<&str, Vec<usize>> = waiting
            .iter()
            .map(|&k| (jobs[k].0.para_sha256.as_str(), Vec::new()))
            .collect();
        for i in 0..self.paragraphs.count() {
            let hash = sha256_hex(self.text(i).as_bytes());
            if let Some(found) = by_hash.get_mut(hash.as_str()) {
                found.push(i);
            }
        }
        for &k in waiting {
            let (a, phrase) = jobs[k];
            let cands = by_hash
                .get(a.para_sha256.as_str())
                .map_or(&[][..], Vec::as_slice);
            if !phrase {
                if let Some(i) = self.best_of(cands, a) {
                    out[k] = Some(Placed::at(i, None, Status::Moved));
                }
                continue;
            }
            let span = old_span(a);
            let cands: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&p| same(&self.text(p), &span, &a.quote))
                .collect();
            if let Some(p) = unique_nearest(&cands, a.para_index) {
                out[k] = Some(Placed::at(p, Some(span), Status::Moved));
            }
        }
    }

    /// Paragraphs' anchors `which` whose paragraph changed: once folded,
    /// equal, split in two, or like it (one pass over the article).
    fn folded(&self, jobs: &[(&Anchor, bool)], which: &[usize], out: &mut [Option<Placed>]) {
        let mut folds: Vec<FoldJob> = which
            .iter()
            .map(|&k| FoldJob::new(k, fold(&jobs[k].0.quote)))
            .filter(|j| !j.quote.is_empty())
            .collect();
        if folds.is_empty() {
            return;
        }
        for i in 0..self.paragraphs.count() {
            let folded = fold(&self.text(i));
            let squashed = squash(&folded);
            let mut grams = None;
            for j in &mut folds {
                j.see(i, &folded, &squashed, &mut grams);
            }
        }
        for j in folds {
            let a = jobs[j.k].0;
            out[j.k] = if let Some(i) = self.best_of(&j.equal, a) {
                Some(Placed::at(i, None, Status::Moved))
            } else if let Some(i) = unique_nearest(&j.split, a.para_index) {
                Some(Placed::at(i, None, Status::Moved))
            } else {
                match j.best {
                    Some((best, i))
                        if best >= FUZZY_THRESHOLD && best - j.second >= FUZZY_MARGIN =>
                    {
                        Some(Placed::at(i, None, Status::NeedsReview))
                    }
                    _ => None,
                }
            };
        }
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
                    .and_then(|j| self.paragraphs.text(j))
                    .is_some_and(|p| p.ends_with(&anchor.prefix));
            let after = !anchor.suffix.is_empty()
                && self
                    .paragraphs
                    .text(i + 1)
                    .is_some_and(|p| p.starts_with(&anchor.suffix));
            usize::from(before) + usize::from(after)
        };
        let scores: Vec<usize> = cands.iter().map(|&i| score(i)).collect();
        let best = scores.iter().copied().max()?;
        let top: Vec<usize> = cands
            .iter()
            .zip(&scores)
            .filter(|(_, s)| **s == best)
            .map(|(i, _)| *i)
            .collect();
        unique_nearest(&top, anchor.para_index)
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
pub fn place_all<P: Texts + ?Sized>(store: &NoteStore, paragraphs: &P) -> Vec<Item> {
    let live: Vec<&Annotation> = store.live().filter(|a| !a.anchor.article).collect();
    let anchors: Vec<&Anchor> = live.iter().map(|a| &a.anchor).collect();
    let placed = Target::new(paragraphs).place_each(&anchors);
    let mut items: Vec<Item> = live
        .into_iter()
        .zip(placed)
        .map(|(a, p)| Item {
            ann: a.clone(),
            para: p.para,
            span: p.span,
            status: p.status,
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
