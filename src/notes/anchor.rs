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
    /// How many bigrams the quote has.
    gram_count: usize,
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
            gram_count: quote.chars().count().saturating_sub(1),
            quote,
            equal: Vec::new(),
            open: Vec::new(),
            split: Vec::new(),
            best: None,
            second: 0.0,
        }
    }

    /// Whether paragraph `folded` may start or continue a run of
    /// paragraphs that make the quote (else its squashed text is not
    /// needed).
    fn wants_squashed(&self, folded: &str) -> bool {
        !self.open.is_empty()
            || folded
                .chars()
                .find(|c| *c != ' ')
                .is_some_and(|c| self.squashed.starts_with(c))
    }

    /// Paragraph `i`, folded as `folded` (`pairs` bigrams), and without
    /// spaces `squashed`; `grams` its bigrams once counted.
    fn see(
        &mut self,
        i: usize,
        folded: &str,
        squashed: &str,
        pairs: usize,
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
        // Dice is at most 2·min/(a+b) of the two bigram counts: a
        // paragraph much shorter or longer than the quote scores below
        // FUZZY_THRESHOLD - FUZZY_MARGIN, where a score can change neither
        // the best (too low) nor whether the best is far enough ahead of
        // the runner-up. Counted as 0, its bigrams are never counted.
        let (a, b) = (self.gram_count, pairs);
        let score = if 2.0 * a.min(b) as f64 >= (FUZZY_THRESHOLD - FUZZY_MARGIN) * (a + b) as f64 {
            let grams = grams.get_or_insert_with(|| bigrams(folded));
            dice(&self.grams, grams)
        } else {
            0.0
        };
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

    /// Whether every anchor is where it was saved (each costs a read of
    /// its paragraph; then placing them is as cheap).
    pub fn in_place(&self, anchors: &[&Anchor]) -> bool {
        anchors.iter().all(|a| {
            self.paragraphs.text(a.para_index).is_some_and(|t| {
                sha256_hex(t.as_bytes()) == a.para_sha256
                    && (!a.is_phrase() || same(&t, &old_span(a), &a.quote))
            })
        })
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
            let phrases = self.in_old_paragraph(jobs, &phrases, &mut out);
            self.search(jobs, &paragraphs, &phrases, &mut out);
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

    /// One pass over the article for what is still unplaced: paragraphs'
    /// anchors `paragraphs` whose paragraph changed (once folded: equal,
    /// split in two, or like it), and phrases' anchors `phrases` (the
    /// phrase anywhere, else anywhere once folded).
    fn search(
        &self,
        jobs: &[(&Anchor, bool)],
        paragraphs: &[usize],
        phrases: &[usize],
        out: &mut [Option<Placed>],
    ) {
        let mut folds: Vec<FoldJob> = paragraphs
            .iter()
            .map(|&k| FoldJob::new(k, fold(&jobs[k].0.quote)))
            .filter(|j| !j.quote.is_empty())
            .collect();
        let mut finds = phrase::Finds::new(jobs, phrases);
        if folds.is_empty() && finds.is_empty() {
            return;
        }
        for i in 0..self.paragraphs.count() {
            let text = self.text(i);
            finds.exact(i, &text);
            if folds.is_empty() && !finds.folding() {
                continue;
            }
            let folded = phrase::FoldedText::new(&text, finds.folding());
            let squashed = if folds.iter().any(|j| j.wants_squashed(&folded.text)) {
                squash(&folded.text)
            } else {
                // No run can start or go on here.
                String::new()
            };
            let pairs = folded.text.chars().count().saturating_sub(1);
            let mut grams = None;
            for j in &mut folds {
                j.see(i, &folded.text, &squashed, pairs, &mut grams);
            }
            finds.folded(i, &text, &folded);
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
        self.place_found(jobs, finds, out);
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
    // The search table's folding, runs that fold to themselves copied
    // whole; then the spaces. The same as [`fold_into`] since a space
    // folds to itself and nothing else folds to a space (checked for
    // every character by a test).
    let mut folded = String::with_capacity(s.len());
    crate::text::fold::fold_str(s, HOW, &mut folded);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The search table's folding with ة as ه.
const HOW: crate::text::fold::Fold = crate::text::fold::Fold {
    strict: false,
    ta_marbuta: true,
    words: false,
};

/// [`fold`] of `s` onto `out`, calling `from(i, n)` for each character
/// of `s` that gives `n` folded ones (a space before it included), `i`
/// its index in code points.
fn fold_into(s: &str, out: &mut String, mut from: impl FnMut(usize, usize)) {
    let how = HOW;
    let mut pending_space = None;
    for (i, c) in s.chars().enumerate() {
        if c.is_whitespace() {
            if !out.is_empty() {
                pending_space = Some(i);
            }
            continue;
        }
        let mark = out.len();
        if pending_space.is_some() {
            out.push(' ');
        }
        let folded = out.len();
        crate::text::fold::fold_char(c, how, out);
        if out.len() == folded {
            out.truncate(mark);
            continue;
        }
        if let Some(at) = pending_space.take() {
            from(at, 1);
        }
        from(i, out[folded..].chars().count());
    }
}

/// [`fold`], each character with the index (in code points) of the
/// character of `s` it comes from.
fn folded_chars(s: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(s.len());
    let mut from = Vec::with_capacity(s.len());
    fold_into(s, &mut text, |i, n| from.extend(std::iter::repeat_n(i, n)));
    (text, from)
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
    Placements::default().place_all(store, paragraphs)
}

/// Anchors placed on one text, remembered: the reader places an open
/// article's annotations again after every change, and only the anchors
/// not placed before are looked for (one that is not in place costs a
/// pass over the article). The reader's edits go by what it placed last.
#[derive(Debug, Default)]
pub struct Placements {
    known: HashMap<Anchor, Placed>,
}

impl Placements {
    /// Forget every placement (the text changed).
    pub fn clear(&mut self) {
        self.known.clear();
    }

    /// Remember where anchors were placed (elsewhere: in the background).
    pub fn learn(&mut self, placed: impl IntoIterator<Item = (Anchor, Placed)>) {
        self.known.extend(placed);
    }

    /// [`place_all`], looking for the anchors not placed before only.
    pub fn place_all<P: Texts + ?Sized>(&mut self, store: &NoteStore, paragraphs: &P) -> Vec<Item> {
        let live: Vec<&Annotation> = store.live().filter(|a| !a.anchor.article).collect();
        let mut new: Vec<&Anchor> = live
            .iter()
            .map(|a| &a.anchor)
            .filter(|a| !self.known.contains_key(*a))
            .collect();
        new.sort_by_key(|a| (a.para_index, &a.para_sha256, &a.quote, a.start, a.end));
        new.dedup();
        let placed = Target::new(paragraphs).place_each(&new);
        for (a, p) in new.into_iter().zip(placed) {
            self.known.insert(a.clone(), p);
        }
        let items = live
            .into_iter()
            .map(|a| {
                let p = self
                    .known
                    .get(&a.anchor)
                    .cloned()
                    .unwrap_or_else(Placed::orphan);
                Item {
                    ann: a.clone(),
                    para: p.para,
                    span: p.span,
                    status: p.status,
                }
            })
            .collect();
        sorted(items)
    }
}

/// Items by paragraph, orphans last.
fn sorted(mut items: Vec<Item>) -> Vec<Item> {
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

#[cfg(test)]
mod fold_tests {
    use proptest::prelude::*;

    /// What [`super::fold`]'s quick path rests on, for every character: a
    /// space folds to itself, and nothing else folds to (or with) one.
    #[test]
    fn only_a_space_folds_to_a_space() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut out = String::new();
            crate::text::fold::fold_char(c, super::HOW, &mut out);
            if c.is_whitespace() {
                assert_eq!(out, c.to_string(), "{c:?}");
            } else {
                assert!(!out.contains(char::is_whitespace), "{c:?} gives {out:?}");
            }
        }
    }

    proptest! {
        /// The quick fold is the fold with where each character comes
        /// from, without the places.
        #[test]
        fn the_quick_fold_is_the_mapped_one(
            s in "[\\x{600}-\\x{6ff} \\t\\x{a0}\\x{2028}\\x{3000}a-zA-Z0-9\\x{130}\\x{1e9e}\\x{fb50}-\\x{fdff}\\x{fe70}-\\x{feff}]{0,40}"
        ) {
            prop_assert_eq!(super::fold(&s), super::folded_chars(&s).0);
        }
    }
}
