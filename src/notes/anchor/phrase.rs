//! Placing a phrase again: in its paragraph unchanged, else the phrase in
//! its old paragraph, then anywhere in the article, then anywhere once
//! folded; the article is read once per step for all the phrases.

use std::ops::Range;

use super::{Placed, Status, Target, fold, folded_chars, old_span};
use crate::article::Texts;
use crate::notes::model::Anchor;
use crate::text::fold::is_dropped as dropped_by_folding;

/// A paragraph folded, and where each of its characters comes from.
pub(super) struct FoldedText {
    pub(super) text: String,
    /// Per folded character: the code point of the paragraph it is from.
    pub(super) from: Vec<usize>,
}

impl FoldedText {
    /// `p` folded; with `from`, where each character comes from too.
    pub(super) fn new(p: &str, from: bool) -> FoldedText {
        if !from {
            return FoldedText {
                text: fold(p),
                from: Vec::new(),
            };
        }
        let (text, from) = folded_chars(p);
        FoldedText { text, from }
    }
}

/// The phrases looked for in a pass over the article, and where each was
/// found: as it is, and once folded.
pub(super) struct Finds {
    which: Vec<usize>,
    exact: Option<Finder>,
    exact_places: Vec<Vec<Place>>,
    quotes: Vec<String>,
    folded: Option<Finder>,
    folded_places: Vec<Vec<Place>>,
}

impl Finds {
    /// Look for the phrases of anchors `which` (a phrase never holds a
    /// line break: one that does is found nowhere).
    pub(super) fn new(jobs: &[(&Anchor, bool)], which: &[usize]) -> Finds {
        let quotes: Vec<&str> = which
            .iter()
            .map(|&k| jobs[k].0.quote.as_str())
            .map(|q| if q.contains('\n') { "" } else { q })
            .collect();
        let folded: Vec<String> = which.iter().map(|&k| fold(&jobs[k].0.quote)).collect();
        let folded_refs: Vec<&str> = folded.iter().map(String::as_str).collect();
        Finds {
            which: which.to_vec(),
            exact: Finder::new(&quotes),
            exact_places: vec![Vec::new(); which.len()],
            folded: Finder::new(&folded_refs),
            folded_places: vec![Vec::new(); which.len()],
            quotes: folded,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.which.is_empty()
    }

    /// Whether phrases are looked for once folded.
    pub(super) fn folding(&self) -> bool {
        self.folded.is_some()
    }

    /// Paragraph `i`, `text`: where the phrases are in it.
    pub(super) fn exact(&mut self, i: usize, text: &str) {
        if let Some(finder) = &self.exact {
            let places = &mut self.exact_places;
            finder.each(text, |w, _, cp| {
                places[w].push((i, cp..cp + finder.chars[w]))
            });
        }
    }

    /// Paragraph `i`, `text`, folded as `f` (with where each character
    /// comes from): where the phrases are in it once folded.
    pub(super) fn folded(&mut self, i: usize, text: &str, f: &FoldedText) {
        let Some(finder) = &self.folded else {
            return;
        };
        let (places, quotes) = (&mut self.folded_places, &self.quotes);
        finder.each(&f.text, |w, b, _| {
            if let Some(at) = folded_at(text, f, b, &quotes[w]) {
                let here = &mut places[w];
                if !here
                    .iter()
                    .rev()
                    .take_while(|(p, _)| *p == i)
                    .any(|(_, r)| *r == at)
                {
                    here.push((i, at));
                }
            }
        });
    }
}

impl<'a, P: Texts + ?Sized> Target<'a, P> {
    /// Where a phrase's anchor belongs now, and its code points there: its
    /// paragraph unchanged (in place or moved whole), the same code
    /// points; else the phrase in its old paragraph, then anywhere in the
    /// article, then anywhere once folded, each time the place whose
    /// context matches, nearest the old one; else an orphan. Two places
    /// equally good are no answer: a phrase is never put on other words.
    pub fn place_span(&self, anchor: &Anchor) -> (Option<Place>, Status) {
        let placed = self.run(&[(anchor, true)]).remove(0);
        match (placed.para, placed.span) {
            (Some(p), Some(r)) => (Some((p, r)), placed.status),
            _ => (None, placed.status),
        }
    }

    /// Phrases' anchors `which` whose paragraph is neither in place nor
    /// moved whole, placed in their old paragraph where the context says
    /// so; the others, to be looked for everywhere.
    pub(super) fn in_old_paragraph(
        &self,
        jobs: &[(&Anchor, bool)],
        which: &[usize],
        out: &mut [Option<Placed>],
    ) -> Vec<usize> {
        let n = self.paragraphs.count();
        let mut waiting: Vec<usize> = Vec::new();
        for &k in which {
            let a = jobs[k].0;
            let old = a.para_index;
            if old < n {
                // In its old paragraph only where its context says so;
                // else the whole article decides.
                let found = exact_in(old, &self.text(old), &a.quote);
                if let Some((Some((p, r)), Status::Moved)) =
                    self.best_place(&found, a, &old_span(a))
                {
                    out[k] = Some(Placed::at(p, Some(r), Status::Moved));
                    continue;
                }
            }
            waiting.push(k);
        }
        waiting
    }

    /// Place the phrases looked for: where found as they are, else where
    /// found once folded, else orphans.
    pub(super) fn place_found(
        &self,
        jobs: &[(&Anchor, bool)],
        finds: Finds,
        out: &mut [Option<Placed>],
    ) {
        for (w, &k) in finds.which.iter().enumerate() {
            let a = jobs[k].0;
            let placed = self
                .best_place(&finds.exact_places[w], a, &old_span(a))
                .or_else(|| self.best_place(&finds.folded_places[w], a, &old_span(a)));
            if let Some(placed) = placed {
                out[k] = Some(placed.into());
            }
        }
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
        // One paragraph's text and character offsets at a time: places
        // come in paragraph order.
        let mut held: Option<(usize, std::borrow::Cow<'_, str>, Vec<usize>)> = None;
        let mut score = |(p, r): &Place| {
            if held.as_ref().is_none_or(|(q, _, _)| q != p) {
                let t = self.text(*p);
                let at = t.char_indices().map(|(b, _)| b).chain([t.len()]).collect();
                held = Some((*p, t, at));
            }
            let Some((_, text, at)) = held.as_ref() else {
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
        let scores: Vec<usize> = places.iter().map(&mut score).collect();
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
pub type Place = (usize, Range<usize>);

impl From<(Option<Place>, Status)> for Placed {
    fn from((at, status): (Option<Place>, Status)) -> Placed {
        match at {
            Some((p, r)) => Placed::at(p, Some(r), status),
            None => Placed {
                para: None,
                span: None,
                status,
            },
        }
    }
}

/// Many phrases looked for in one pass over a text: each found where
/// `str::match_indices` would find it alone (left to right, never
/// overlapping itself), whatever the others.
struct Finder {
    ac: aho_corasick::AhoCorasick,
    /// The phrase each pattern is (phrases alike share one pattern).
    phrases: Vec<Vec<usize>>,
    /// Each phrase's length in code points.
    chars: Vec<usize>,
}

impl Finder {
    /// `None` if there is nothing to look for (empty phrases are never
    /// found).
    fn new(phrases: &[&str]) -> Option<Finder> {
        let mut patterns: Vec<&str> = Vec::new();
        let mut of: Vec<Vec<usize>> = Vec::new();
        for (w, q) in phrases.iter().enumerate() {
            if q.is_empty() {
                continue;
            }
            match patterns.iter().position(|p| p == q) {
                Some(i) => of[i].push(w),
                None => {
                    patterns.push(q);
                    of.push(vec![w]);
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let ac = aho_corasick::AhoCorasick::new(&patterns).ok()?;
        Some(Finder {
            ac,
            phrases: of,
            chars: phrases.iter().map(|q| q.chars().count()).collect(),
        })
    }

    /// Call `f(phrase, byte, code point)` for each place a phrase is
    /// found in `text`, in the order of the text.
    fn each(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut ends: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for m in self.ac.find_overlapping_iter(text) {
            let pattern = m.pattern().as_usize();
            // Ends come in order, and a pattern's length is fixed: its
            // starts come in order too; one overlapping the last kept is
            // not where it would be found alone.
            let end = ends.entry(pattern).or_insert(0);
            if m.start() >= *end {
                *end = m.end();
                found.push((m.start(), pattern));
            }
        }
        found.sort_unstable();
        let (mut cp, mut last) = (0, 0);
        for (b, pattern) in found {
            cp += text[last..b].chars().count();
            last = b;
            for &w in &self.phrases[pattern] {
                f(w, b, cp);
            }
        }
    }
}

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
