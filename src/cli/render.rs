//! `hamish render`: the reader's pipeline, streamed to stdout.
//!
//! Reads one line at a time, so memory stays flat in the file size (it
//! grows only with the longest paragraph).

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use anyhow::Context;

use crate::article::{ParagraphSplitter, display_path};
use crate::text::{Options, Prepared, sanitize};

/// Print `file` laid out at `width` cells; returns the count of invalid
/// UTF-8 sequences replaced.
pub fn render(file: &Path, width: usize, opts: Options, out: impl Write) -> anyhow::Result<usize> {
    let shown = display_path(file);
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {shown}"))?;
    render_from(BufReader::with_capacity(1 << 16, f), width, opts, out)
        .with_context(|| format!("while rendering {shown}"))
}

/// The streaming core of [`render`], from any reader.
pub fn render_from(
    mut input: impl BufRead,
    width: usize,
    opts: Options,
    out: impl Write,
) -> anyhow::Result<usize> {
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut splitter = ParagraphSplitter::default();
    let mut buf = Vec::new();
    let mut invalid = 0;
    let mut first = true;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        let decoded = sanitize::decode(&buf);
        invalid += decoded.invalid;
        for para in splitter.line(&decoded.text) {
            if !first {
                out.write_all(b"\n")?;
            }
            first = false;
            let prepared = Prepared::new(&para, opts);
            for range in prepared.wrap(width) {
                let line = prepared.visual_line(range);
                out.write_all(line.padded(width).as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(invalid)
}
