//! `hamish list`: one line per article, or JSON for scripts.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::article::scan_dir;

#[derive(Serialize)]
struct Row<'a> {
    file: &'a str,
    title: &'a str,
    paragraphs: usize,
    words: usize,
}

pub fn list(dir: &Path, json: bool, mut out: impl Write) -> anyhow::Result<()> {
    let entries = scan_dir(dir).map_err(anyhow::Error::msg)?;
    let rows: Vec<Row> = entries
        .iter()
        .map(|e| Row {
            file: &e.name,
            title: &e.title,
            paragraphs: e.paragraphs,
            words: e.words,
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        for r in &rows {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                r.file, r.title, r.paragraphs, r.words
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
