//! `hamish render`: the reader's pipeline, streamed to stdout.
//!
//! Reads a buffer at a time and lays paragraphs out in batches, on every
//! core, writing the batches back in order. At most a few batches are in
//! flight, and a paragraph is never longer than
//! [`crate::article::PIECE_LIMIT`] (longer ones are laid out in pieces),
//! so memory stays flat in the file size, even without a line break.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::sync::{Mutex, mpsc};

use anyhow::Context;

use crate::article::LineReader;
use crate::text::display::display_path;
use crate::text::terminal::{Reorder, arrange};
use crate::text::{Options, Prepared, Scratch};

/// Bytes of paragraphs gathered before a batch is handed to a worker
/// (not bytes read: a read inside a long line may complete none, and
/// batches of nothing would leave the workers idle).
const BATCH_BYTES: usize = 64 * 1024;

/// Print `file` laid out at `width` cells; returns the count of invalid
/// UTF-8 sequences replaced. With `terminal`, each line is written in the
/// order a terminal that reorders rows that way turns back into it.
pub fn render(
    file: &Path,
    width: usize,
    opts: Options,
    terminal: Option<Reorder>,
    out: impl Write,
) -> anyhow::Result<usize> {
    let shown = display_path(file);
    let f = crate::files::open_regular(file).with_context(|| format!("cannot open {shown}"))?;
    render_from(
        BufReader::with_capacity(1 << 16, f),
        width,
        opts,
        terminal,
        out,
    )
    .with_context(|| format!("while rendering {shown}"))
}

/// Paragraphs to lay out, and whether a blank line goes before the first.
struct Batch {
    paragraphs: Vec<String>,
    blank_before: bool,
}

impl Batch {
    /// The printed lines of every paragraph, a blank line between them.
    fn lay_out(&self, width: usize, opts: Options, terminal: Option<Reorder>) -> Vec<u8> {
        let bytes: usize = self.paragraphs.iter().map(String::len).sum();
        let mut out = Vec::with_capacity(bytes * 2);
        // One paragraph's storage and work buffers, reused for the next.
        let mut prepared = Prepared::default();
        let mut scratch = Scratch::default();
        for (i, para) in self.paragraphs.iter().enumerate() {
            if i > 0 || self.blank_before {
                out.push(b'\n');
            }
            prepared.prepare(para, opts, &mut scratch);
            let Some(how) = terminal else {
                prepared.write_lines(width, &mut out);
                continue;
            };
            for range in prepared.wrap(width) {
                let line = prepared.visual_line(range).padded(width);
                write_for_terminal(&line, how, &mut out);
                out.push(b'\n');
            }
        }
        out
    }
}

/// `line` (in visual order) in the order that a terminal reordering as
/// `how` shows as `line`; as it is if no such order is found.
pub(crate) fn write_for_terminal(line: &str, how: Reorder, out: &mut Vec<u8>) {
    let units: Vec<&str> = crate::text::clusters(line).map(|(_, u)| u).collect();
    let blank: Vec<bool> = units.iter().map(|&u| u == " ").collect();
    match arrange(&units, &blank, how) {
        Some(written) => {
            for (_, text) in written {
                out.extend_from_slice(text.as_bytes());
            }
        }
        None => out.extend_from_slice(line.as_bytes()),
    }
}

/// The streaming core of [`render`], from any reader.
pub fn render_from(
    input: impl BufRead,
    width: usize,
    opts: Options,
    terminal: Option<Reorder>,
    out: impl Write,
) -> anyhow::Result<usize> {
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut lines = LineReader::new(input);
    let mut any = false; // a paragraph has been read
    // Reads the next batch; `None` at the end of the input.
    let mut next_batch = || -> std::io::Result<Option<Batch>> {
        let mut batch = Batch {
            paragraphs: Vec::new(),
            blank_before: any,
        };
        let mut bytes = 0;
        while bytes < BATCH_BYTES {
            let Some(more) = lines.next_paragraphs()? else {
                break;
            };
            bytes += more.iter().map(String::len).sum::<usize>();
            batch.paragraphs.extend(more);
        }
        any |= !batch.paragraphs.is_empty();
        Ok((!batch.paragraphs.is_empty()).then_some(batch))
    };

    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if workers < 2 {
        while let Some(batch) = next_batch()? {
            out.write_all(&batch.lay_out(width, opts, terminal))?;
        }
    } else {
        let (jobs, queue) = mpsc::channel::<(Batch, mpsc::Sender<Vec<u8>>)>();
        let queue = Mutex::new(queue);
        std::thread::scope(|s| -> anyhow::Result<()> {
            for _ in 0..workers {
                s.spawn(|| {
                    loop {
                        let job = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        let Ok((batch, done)) = job else { return };
                        // The receiver is gone only if writing failed.
                        let _ = done.send(batch.lay_out(width, opts, terminal));
                    }
                });
            }
            // Results in input order; a few batches ahead at most.
            let mut pending: VecDeque<mpsc::Receiver<Vec<u8>>> = VecDeque::new();
            let mut write_front = |pending: &mut VecDeque<mpsc::Receiver<Vec<u8>>>| match pending
                .pop_front()
                .map(|rx| rx.recv())
            {
                Some(Ok(bytes)) => out.write_all(&bytes).map_err(anyhow::Error::from),
                Some(Err(_)) => Err(anyhow::anyhow!("a layout worker stopped")),
                None => Ok(()),
            };
            let result = (|| -> anyhow::Result<()> {
                while let Some(batch) = next_batch()? {
                    let (done, rx) = mpsc::channel();
                    jobs.send((batch, done))
                        .map_err(|_| anyhow::anyhow!("the layout workers stopped"))?;
                    pending.push_back(rx);
                    if pending.len() > 2 * workers {
                        write_front(&mut pending)?;
                    }
                }
                while !pending.is_empty() {
                    write_front(&mut pending)?;
                }
                Ok(())
            })();
            drop(jobs); // the workers finish
            result
        })?;
    }
    out.flush()?;
    Ok(lines.invalid)
}
