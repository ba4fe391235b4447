//! How much annotators agree (`hamish agree`): Krippendorff's alpha for
//! nominal data (any number of annotators, missing values allowed) and,
//! for two annotators, Cohen's kappa and raw agreement, on which
//! paragraphs, and which words of phrases, carry each tag. Pure
//! computation: the articles come in loaded.
//!
//! Alpha follows Krippendorff (2011), "Computing Krippendorff's
//! Alpha-Reliability": only units holding two values or more are
//! pairable; with `n` pairable values, `n_c` of them `c`, and in unit `u`
//! `m_u` values, `n_uc` of them `c`,
//! `alpha = 1 - (n - 1) * sum_u (m_u^2 - sum_c n_uc^2) / (m_u - 1)
//!            / (n^2 - sum_c n_c^2)`,
//! undefined when the denominator (the expected disagreement) is 0: no
//! pairable unit, or a single value among them all.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::export::ExportArticle;

/// Agreement over one set of units.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Pairable units: those holding values from two coders or more (for
    /// two coders, the units both coded).
    pub items: usize,
    /// Krippendorff's alpha (nominal); `None` when undefined.
    pub alpha: Option<f64>,
    /// Cohen's kappa, for exactly two coders over the units both coded;
    /// `None` for more coders, no such unit, or chance agreement of 1
    /// (both gave one and the same value throughout).
    pub kappa: Option<f64>,
    /// Raw agreement, for exactly two coders: the share of the units both
    /// coded on which they gave the same value (0 to 1).
    pub observed: Option<f64>,
}

/// A reliability matrix taken unit by unit, without keeping it: what
/// alpha and kappa need of it.
#[derive(Debug, Clone)]
pub struct Tally<V: Ord + Clone> {
    coders: usize,
    items: usize,
    /// Pairable values, and how many of each.
    n: u64,
    totals: BTreeMap<V, u64>,
    /// For the pairable units with `m` values: the sum of
    /// `m^2 - sum_c n_uc^2` (ordered pairs of different values), by `m`,
    /// so that the division by `m - 1` happens once, at the end.
    disagreement: BTreeMap<u64, u64>,
    /// Two coders: units both coded, those they agree on, and the
    /// values each gave there.
    both: u64,
    same: u64,
    first: BTreeMap<V, u64>,
    second: BTreeMap<V, u64>,
}

impl<V: Ord + Clone> Tally<V> {
    /// An empty tally for units of `coders` cells.
    pub fn new(coders: usize) -> Tally<V> {
        Tally {
            coders,
            items: 0,
            n: 0,
            totals: BTreeMap::new(),
            disagreement: BTreeMap::new(),
            both: 0,
            same: 0,
            first: BTreeMap::new(),
            second: BTreeMap::new(),
        }
    }

    /// One unit: each coder's value, `None` where missing. Cells past the
    /// tally's number of coders are ignored; missing ones are missing.
    pub fn add(&mut self, unit: &[Option<V>]) {
        let cells = &unit[..unit.len().min(self.coders)];
        let mut counts: BTreeMap<&V, u64> = BTreeMap::new();
        for v in cells.iter().flatten() {
            *counts.entry(v).or_default() += 1;
        }
        let m: u64 = counts.values().sum();
        if m < 2 {
            return;
        }
        self.items += 1;
        self.n += m;
        let squares: u64 = counts.values().map(|c| c * c).sum();
        *self.disagreement.entry(m).or_default() += m * m - squares;
        for (v, c) in counts {
            *self.totals.entry(v.clone()).or_default() += c;
        }
        if self.coders == 2
            && let [Some(a), Some(b)] = cells
        {
            self.both += 1;
            self.same += u64::from(a == b);
            *self.first.entry(a.clone()).or_default() += 1;
            *self.second.entry(b.clone()).or_default() += 1;
        }
    }

    /// Add the units of `other` (a tally of as many coders).
    pub fn merge(&mut self, other: &Tally<V>) {
        self.items += other.items;
        self.n += other.n;
        for (v, c) in &other.totals {
            *self.totals.entry(v.clone()).or_default() += c;
        }
        for (m, d) in &other.disagreement {
            *self.disagreement.entry(*m).or_default() += d;
        }
        self.both += other.both;
        self.same += other.same;
        for (v, c) in &other.first {
            *self.first.entry(v.clone()).or_default() += c;
        }
        for (v, c) in &other.second {
            *self.second.entry(v.clone()).or_default() += c;
        }
    }

    pub fn result(&self) -> Agreement {
        let two = self.coders == 2 && self.both > 0;
        Agreement {
            items: self.items,
            alpha: self.alpha(),
            kappa: if two { self.kappa() } else { None },
            observed: two.then(|| self.same as f64 / self.both as f64),
        }
    }

    /// Alpha as one fraction of whole numbers where they fit (so that it
    /// is the nearest double to the true value: 0.45, not 0.4499…): with
    /// `l` the least common multiple of the `m - 1`, `(expected * l - (n -
    /// 1) * observed * l) / (expected * l)`.
    fn alpha(&self) -> Option<f64> {
        let n = u128::from(self.n);
        let squares: u128 = self.totals.values().map(|&c| u128::from(c).pow(2)).sum();
        let expected = n.checked_mul(n)?.checked_sub(squares)?;
        if expected == 0 {
            return None;
        }
        let exact = || -> Option<f64> {
            let l = self
                .disagreement
                .keys()
                .try_fold(1u128, |l, &m| lcm(l, u128::from(m - 1)))?;
            let observed = self.disagreement.iter().try_fold(0u128, |sum, (&m, &d)| {
                sum.checked_add(u128::from(d).checked_mul(l / u128::from(m - 1))?)
            })?;
            let whole = expected.checked_mul(l)?;
            let lost = (n - 1).checked_mul(observed)?;
            Some(ratio(
                i128::try_from(whole).ok()? - i128::try_from(lost).ok()?,
                i128::try_from(whole).ok()?,
            ))
        };
        exact().or_else(|| {
            let observed: f64 = self
                .disagreement
                .iter()
                .map(|(&m, &d)| d as f64 / (m - 1) as f64)
                .sum();
            Some(1.0 - (n - 1) as f64 * observed / expected as f64)
        })
    }

    /// `(N * agreements - chance) / (N^2 - chance)`, where `chance` is
    /// the sum over values of how often each coder gave it times how often
    /// the other did: Cohen's `(p_o - p_e) / (1 - p_e)` multiplied through
    /// by `N^2`.
    fn kappa(&self) -> Option<f64> {
        let n = u128::from(self.both);
        let chance: u128 = self
            .first
            .iter()
            .map(|(v, &a)| u128::from(a) * u128::from(self.second.get(v).copied().unwrap_or(0)))
            .sum();
        let denominator = n.checked_mul(n)?.checked_sub(chance)?;
        if denominator == 0 {
            return None;
        }
        let agreeing = n.checked_mul(u128::from(self.same))?;
        Some(ratio(
            i128::try_from(agreeing).ok()? - i128::try_from(chance).ok()?,
            i128::try_from(denominator).ok()?,
        ))
    }
}

/// `a / b` as a double, reduced first so that both fit exactly when they
/// can.
fn ratio(a: i128, b: i128) -> f64 {
    let g = gcd(a.unsigned_abs(), b.unsigned_abs()).max(1) as i128;
    (a / g) as f64 / (b / g) as f64
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn lcm(a: u128, b: u128) -> Option<u128> {
    if a == 0 || b == 0 {
        return Some(0);
    }
    (a / gcd(a, b)).checked_mul(b)
}

/// Agreement over `units` (each a row of coders' values, `None` where
/// missing), with as many coders as the longest row.
pub fn agreement<V: Ord + Clone>(units: &[Vec<Option<V>>]) -> Agreement {
    let coders = units.iter().map(Vec::len).max().unwrap_or(0);
    let mut t = Tally::new(coders);
    for u in units {
        t.add(u);
    }
    t.result()
}

/// What the units are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Each paragraph of each article: does it carry the tag?
    Paragraphs,
    /// Each word of each paragraph that holds a phrase: is it in a phrase
    /// with the tag?
    Words,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Paragraphs => "paragraphs",
            Level::Words => "words",
        }
    }
}

/// One tag's agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub tag: String,
    pub agreement: Agreement,
}

/// The agreement at one level: per tag, and over all tags pooled (each
/// unit once per tag).
#[derive(Debug, Clone, PartialEq)]
pub struct LevelReport {
    pub level: Level,
    pub rows: Vec<Row>,
    /// All tags pooled; `None` when one tag was asked for.
    pub overall: Option<Agreement>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub annotators: Vec<String>,
    /// Paragraphs; then words, when any annotator marked a phrase.
    pub levels: Vec<LevelReport>,
}

/// The authors of live annotations (labels included) in `articles`,
/// sorted, each once.
pub fn annotators(articles: &[ExportArticle]) -> Vec<String> {
    let mut names = BTreeSet::new();
    for a in articles {
        for ann in a.items.iter().map(|it| &it.ann).chain(&a.labels) {
            names.insert(ann.author.as_str());
        }
    }
    names.into_iter().map(str::to_string).collect()
}

/// The code points of each word of `text` (a unicode word boundary
/// segment with a letter or a digit in it).
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for w in text.split_word_bounds() {
        let len = w.chars().count();
        if w.chars().any(char::is_alphanumeric) {
            out.push(at..at + len);
        }
        at += len;
    }
    out
}

/// One annotator's marks on one paragraph: the tags of their annotations
/// placed on it (whole or phrase), and their phrases with their tags.
#[derive(Debug, Default)]
struct Marks<'a> {
    tags: BTreeSet<&'a str>,
    phrases: Vec<(Range<usize>, &'a [String])>,
}

/// One article as the annotators left it.
struct Coded<'a> {
    /// Per annotator: whether they annotated anything in the article
    /// (then they read it, and what they did not tag is a 0).
    read: Vec<bool>,
    /// Per paragraph, per annotator.
    marks: Vec<Vec<Marks<'a>>>,
    /// The words of the paragraphs that hold a phrase, with the paragraph.
    words: Vec<(usize, Range<usize>)>,
}

fn code<'a>(a: &'a ExportArticle, annotators: &[String]) -> Coded<'a> {
    let who = |author: &str| annotators.iter().position(|n| n == author);
    let mut read = vec![false; annotators.len()];
    for ann in a.items.iter().map(|it| &it.ann).chain(&a.labels) {
        if let Some(i) = who(&ann.author) {
            read[i] = true;
        }
    }
    let mut marks: Vec<Vec<Marks>> = (0..a.spans.len())
        .map(|_| (0..annotators.len()).map(|_| Marks::default()).collect())
        .collect();
    for it in &a.items {
        let (Some(i), Some(p)) = (who(&it.ann.author), it.para) else {
            continue;
        };
        let Some(m) = marks.get_mut(p).and_then(|row| row.get_mut(i)) else {
            continue;
        };
        m.tags.extend(it.ann.tags.iter().map(String::as_str));
        if let Some(span) = &it.span {
            m.phrases.push((span.clone(), &it.ann.tags));
        }
    }
    let mut words_out = Vec::new();
    for (p, row) in marks.iter().enumerate() {
        if row.iter().any(|m| !m.phrases.is_empty())
            && let Some(raw) = a.spans.get(p).and_then(|r| a.text.get(r.clone()))
        {
            // The paragraph as shown (what phrase offsets count in).
            let text = crate::text::sanitize::sanitize(raw);
            words_out.extend(words(&text).into_iter().map(|w| (p, w)));
        }
    }
    Coded {
        read,
        marks,
        words: words_out,
    }
}

/// Agreement among `annotators` in `articles`, for every tag placed on a
/// paragraph or a phrase (sorted), or only for `only`.
///
/// An annotator's value for a paragraph is 1 if an annotation of theirs
/// on it (the paragraph's, or a phrase's in it) has the tag, 0 if they
/// annotated anything in that article but not that, and missing if they
/// annotated nothing in it. Words: the words of every paragraph where an
/// annotator marked a phrase; 1 if a phrase of theirs with the tag
/// overlaps the word, 0 or missing as for paragraphs.
pub fn report(articles: &[ExportArticle], annotators: &[String], only: Option<&str>) -> Report {
    let coded: Vec<Coded> = articles.iter().map(|a| code(a, annotators)).collect();
    let mut para_tags = BTreeSet::new();
    let mut phrase_tags = BTreeSet::new();
    let mut any_phrase = false;
    for m in coded.iter().flat_map(|c| c.marks.iter().flatten()) {
        para_tags.extend(m.tags.iter().copied());
        for (_, tags) in &m.phrases {
            any_phrase = true;
            phrase_tags.extend(tags.iter().map(String::as_str));
        }
    }
    let pick = |all: BTreeSet<&str>| -> Vec<String> {
        match only {
            Some(t) => vec![t.to_string()],
            None => all.into_iter().map(str::to_string).collect(),
        }
    };
    let n = annotators.len();
    let mut levels = vec![level(
        Level::Paragraphs,
        &pick(para_tags),
        n,
        only.is_none(),
        |tag, t| {
            for c in &coded {
                for row in &c.marks {
                    let unit: Vec<Option<bool>> = row
                        .iter()
                        .zip(&c.read)
                        .map(|(m, &read)| read.then(|| m.tags.contains(tag)))
                        .collect();
                    t.add(&unit);
                }
            }
        },
    )];
    if any_phrase {
        levels.push(level(
            Level::Words,
            &pick(phrase_tags),
            n,
            only.is_none(),
            |tag, t| {
                for c in &coded {
                    for (p, w) in &c.words {
                        let Some(row) = c.marks.get(*p) else { continue };
                        let unit: Vec<Option<bool>> = row
                            .iter()
                            .zip(&c.read)
                            .map(|(m, &read)| {
                                read.then(|| {
                                    m.phrases.iter().any(|(span, tags)| {
                                        span.start < w.end
                                            && w.start < span.end
                                            && tags.iter().any(|x| x == tag)
                                    })
                                })
                            })
                            .collect();
                        t.add(&unit);
                    }
                }
            },
        ));
    }
    Report {
        annotators: annotators.to_vec(),
        levels,
    }
}

/// One level: `units(tag, tally)` adds the units of `tag` to the tally.
fn level(
    level: Level,
    tags: &[String],
    coders: usize,
    pooled: bool,
    units: impl Fn(&str, &mut Tally<bool>),
) -> LevelReport {
    let mut all = Tally::new(coders);
    let mut rows = Vec::with_capacity(tags.len());
    for tag in tags {
        let mut t = Tally::new(coders);
        units(tag, &mut t);
        if pooled {
            all.merge(&t);
        }
        rows.push(Row {
            tag: tag.clone(),
            agreement: t.result(),
        });
    }
    LevelReport {
        level,
        rows,
        overall: pooled.then(|| all.result()),
    }
}

#[cfg(test)]
mod tests;
