//! `hamish agree`: how much annotators agree, per tag and over all tags,
//! as a table, JSON or CSV (the computation is `notes::agree`).

use std::io::Write;
use std::path::Path;

use anyhow::bail;
use serde_json::{Value, json};

use crate::notes::agree::{self, Agreement, Level, Report};
use crate::notes::export::no_formula;
use crate::text::display::display_path;
use crate::text::sanitize::shown;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table per level.
    #[default]
    Text,
    /// One object: the annotators, and each level with its rows.
    Json,
    /// One row per level and tag, and per level over all tags.
    Csv,
}

/// What to compare, and how to say it.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Only this tag (then nothing is pooled).
    pub tag: Option<&'a str>,
    /// These annotators, in this order (else every author found).
    pub authors: &'a [String],
    pub format: Format,
    /// Standard output is a terminal: nothing from a file may reach it
    /// as a control character.
    pub to_terminal: bool,
}

pub fn agree(
    path: &Path,
    opts: &Options,
    mut out: impl Write,
    mut err: impl Write,
) -> anyhow::Result<()> {
    let articles = crate::cli::export::load_articles(path)?;
    for w in articles.iter().flat_map(|a| &a.warnings) {
        writeln!(err, "hamish: {w}")?;
    }
    let found = agree::annotators(&articles);
    let annotators: Vec<String> = if opts.authors.is_empty() {
        found
    } else {
        let mut list: Vec<String> = Vec::new();
        for a in opts.authors {
            if !list.contains(a) {
                list.push(a.clone());
            }
        }
        for a in list.iter().filter(|a| !found.contains(a)) {
            writeln!(
                err,
                "hamish: {}: no annotation by {}",
                display_path(path),
                shown(a)
            )?;
        }
        list
    };
    if annotators.len() < 2 {
        let need = "agreement needs two annotators or more";
        let shown_path = display_path(path);
        match (annotators.first(), opts.authors.is_empty()) {
            (None, true) => bail!("{shown_path}: {need}; there is no annotation there"),
            (Some(a), true) => bail!(
                "{shown_path}: {need}; every annotation there is by {}",
                shown(a)
            ),
            (_, false) => bail!(
                "{need}; --authors names only {}",
                shown(&annotators.join(""))
            ),
        }
    }
    let report = agree::report(&articles, &annotators, opts.tag);
    let body = match opts.format {
        Format::Text => return Ok(out.write_all(text(&report).as_bytes())?),
        Format::Json => format!("{}\n", json(&report)),
        Format::Csv => csv(&report),
    };
    let body = if opts.to_terminal {
        crate::cli::export::for_terminal(&body)
    } else {
        body
    };
    out.write_all(body.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// `x` with three decimals (never `-0.000`), or `–` when undefined.
fn decimals(x: Option<f64>) -> String {
    match x {
        Some(x) => {
            let s = format!("{x:.3}");
            if s == "-0.000" { "0.000".into() } else { s }
        }
        None => "–".into(),
    }
}

fn percent(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{:.1}%", x * 100.0))
}

/// What the units of a level are, for the table's heading.
fn heading(level: Level) -> &'static str {
    match level {
        Level::Paragraphs => "paragraphs (a unit: a paragraph of an article, for a tag)",
        Level::Words => {
            "words in phrases (a unit: a word of a paragraph that holds a phrase, for a tag)"
        }
    }
}

/// The tables: numbers first, the tag last (a name of any width or
/// direction never pushes a column).
pub fn text(report: &Report) -> String {
    let two = report.annotators.len() == 2;
    let names: Vec<String> = report.annotators.iter().map(|a| shown(a)).collect();
    let mut out = format!("annotators: {}\n", names.join(", "));
    let line = |out: &mut String, a: &Agreement, tag: &str| {
        out.push_str(&format!("{:>7}  {:>6}", a.items, decimals(a.alpha)));
        if two {
            out.push_str(&format!(
                "  {:>6}  {:>6}",
                decimals(a.kappa),
                percent(a.observed)
            ));
        }
        out.push_str(&format!("  {tag}\n"));
    };
    for l in &report.levels {
        out.push_str(&format!("\n{}\n", heading(l.level)));
        out.push_str(&format!("{:>7}  {:>6}", "items", "alpha"));
        if two {
            out.push_str(&format!("  {:>6}  {:>6}", "kappa", "agree"));
        }
        out.push_str("  tag\n");
        if l.rows.is_empty() {
            out.push_str("      (no tag)\n");
        }
        for r in &l.rows {
            line(&mut out, &r.agreement, &shown(&r.tag));
        }
        if let Some(all) = &l.overall
            && l.rows.len() > 1
        {
            line(&mut out, all, "(all tags)");
        }
    }
    out
}

fn numbers(a: &Agreement) -> Value {
    json!({
        "items": a.items,
        "alpha": a.alpha,
        "kappa": a.kappa,
        "agreement": a.observed,
    })
}

/// `{"annotators": [...], "levels": [{"level": "paragraphs", "rows":
/// [{"tag", "items", "alpha", "kappa", "agreement"}...], "overall": {...}
/// or null}...]}`; undefined values are null.
pub fn json(report: &Report) -> Value {
    let levels: Vec<Value> = report
        .levels
        .iter()
        .map(|l| {
            let rows: Vec<Value> = l
                .rows
                .iter()
                .map(|r| {
                    let mut v = numbers(&r.agreement);
                    if let Value::Object(m) = &mut v {
                        m.insert("tag".into(), json!(r.tag));
                    }
                    v
                })
                .collect();
            json!({
                "level": l.level.name(),
                "rows": rows,
                "overall": l.overall.as_ref().map(numbers),
            })
        })
        .collect();
    json!({ "annotators": report.annotators, "levels": levels })
}

/// `level,scope,tag,items,alpha,kappa,agreement`: `scope` is `tag`, or
/// `overall` (tag empty) for all tags pooled; undefined values are empty.
pub fn csv(report: &Report) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "level",
        "scope",
        "tag",
        "items",
        "alpha",
        "kappa",
        "agreement",
    ]);
    let number = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
    for l in &report.levels {
        let overall = l.overall.as_ref().map(|a| ("overall", "", a));
        let rows = l.rows.iter().map(|r| ("tag", r.tag.as_str(), &r.agreement));
        for (scope, tag, a) in rows.chain(overall) {
            let _ = w.write_record([
                l.level.name().to_string(),
                scope.to_string(),
                no_formula(tag).into_owned(),
                a.items.to_string(),
                number(a.alpha),
                number(a.kappa),
                number(a.observed),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
