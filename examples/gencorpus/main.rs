//! Build large corpora from the sample articles, to try hamish at scale:
//!
//! ```text
//! cargo run --release --example gencorpus -- huge /tmp/big.txt --mb 7
//! cargo run --release --example gencorpus -- library /tmp/lib --articles 10000 --annotations 20000
//! ```
//!
//! Never commit what it writes.

mod corpus;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Build large corpora for hamish from the sample articles")]
struct Cli {
    /// Random seed (the same seed gives the same corpus).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder of sample articles to draw paragraphs from.
    #[arg(long)]
    seeds: Option<PathBuf>,
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// One huge article.
    Huge {
        out: PathBuf,
        /// Size in megabytes.
        #[arg(long, default_value_t = 10)]
        mb: usize,
    },
    /// A folder of many articles, with annotations.
    Library {
        dir: PathBuf,
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Bytes per article.
        #[arg(long, default_value_t = 5_000)]
        bytes: usize,
        /// Annotations spread over the articles.
        #[arg(long, default_value_t = 0)]
        annotations: usize,
    },
}

fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    let seeds = cli
        .seeds
        .unwrap_or_else(|| corpus::seeds_dir().to_path_buf());
    let mut g = corpus::Gen::from_seeds(&seeds, cli.seed)?;
    match cli.what {
        What::Huge { out, mb } => std::fs::write(out, g.article(mb * 1_000_000)),
        What::Library {
            dir,
            articles,
            bytes,
            annotations,
        } => g.library(&dir, articles, bytes, annotations),
    }
}
