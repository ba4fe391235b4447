//! Speed of the pipeline, `render`, the reader, the library and sidecars
//! (issue targets in the README's Performance section). Run with
//! `cargo bench`; the corpora are generated once into Cargo's target
//! temporary folder, never committed.

#[path = "../examples/gencorpus/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use hamish::config::Config;
use hamish::notes::NoteStore;
use hamish::places::Positions;
use hamish::text::{Options, Prepared, Scratch};
use hamish::tui::action::Action;
use hamish::tui::app::App;
use hamish::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hamish-bench")
}

fn generator() -> corpus::Gen {
    corpus::Gen::from_seeds(corpus::seeds_dir(), 1).expect("seeds")
}

/// Build `path` with `make` unless an earlier run left it complete.
fn once(path: PathBuf, make: impl FnOnce(&Path)) -> PathBuf {
    let done = path.with_extension("done");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&path);
        let _ = std::fs::remove_file(&path);
        std::fs::create_dir_all(root()).expect("bench folder");
        make(&path);
        std::fs::write(&done, "").expect("mark");
    }
    path
}

/// A 7 MB article (the `render` target) in a folder of its own.
static BIG7: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = once(root().join("big7"), |d| {
        std::fs::create_dir_all(d).expect("dir");
        std::fs::write(d.join("big7.txt"), generator().article(7_000_000)).expect("write");
    });
    dir.join("big7.txt")
});

/// A 10 MB article (the reader targets) in a folder of its own.
static BIG10: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = once(root().join("big10"), |d| {
        std::fs::create_dir_all(d).expect("dir");
        std::fs::write(d.join("big10.txt"), generator().article(10_000_000)).expect("write");
    });
    dir.join("big10.txt")
});

/// A 64 MB article without a line break (laid out in 256 KiB pieces), in
/// a folder of its own.
static NO_BREAK64: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = once(root().join("nobreak64"), |d| {
        std::fs::create_dir_all(d).expect("dir");
        let text = generator().article(64_000_000).replace('\n', " ");
        std::fs::write(d.join("nobreak64.txt"), text).expect("write");
    });
    dir.join("nobreak64.txt")
});

/// 10,000 articles of about 5 KB with 20,000 annotations.
static LIB10K: LazyLock<PathBuf> = LazyLock::new(|| {
    once(root().join("lib10k"), |d| {
        generator()
            .library(d, 10_000, 5_000, 20_000)
            .expect("library");
    })
});

/// One article with 20,000 annotations in its sidecar.
static NOTES20K: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = once(root().join("notes20k"), |d| {
        std::fs::create_dir_all(d).expect("dir");
        let mut g = generator();
        let text = g.article(2_000_000);
        let path = d.join("a.txt");
        std::fs::write(&path, &text).expect("write");
        g.annotate(&path, text.as_bytes(), 20_000)
            .expect("annotate");
    });
    dir.join("a.txt")
});

fn paragraphs() -> Vec<String> {
    let mut g = generator();
    (0..100).map(|_| g.paragraph()).collect()
}

/// Prepare (sanitize, bidi levels, shaping, clusters), wrap and reorder
/// 100 varied paragraphs.
#[divan::bench(args = [40, 80, 160])]
fn pipeline_100_paragraphs(bencher: Bencher, width: usize) {
    let paras = paragraphs();
    let bytes: usize = paras.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        for p in &paras {
            let prepared = Prepared::new(black_box(p), Options::default());
            black_box(prepared.lines(width));
        }
    });
}

/// `hamish render --width 80` of the 7 MB article, to a sink.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn render_7mb(bencher: Bencher) {
    let bytes = std::fs::read(&*BIG7).expect("read");
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench_local(|| render_to_nowhere(&bytes[..]));
}

/// `hamish render --width 80` of `input`, to a sink: its paragraphs.
fn render_to_nowhere(input: impl std::io::BufRead) -> usize {
    hamish::cli::render::render_from(input, 80, Options::default(), None, std::io::sink())
        .expect("render")
}

/// The layout work of `render --width 80` on the 7 MB article on this
/// thread alone (the "per core" target: compare with
/// `taskset -c 0 fribidi --width 80 FILE`): every paragraph prepared and
/// its lines written, storage reused from one paragraph to the next.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn render_7mb_one_core(bencher: Bencher) {
    let text = std::fs::read_to_string(&*BIG7).expect("read");
    let paragraphs = hamish::article::split_paragraphs(&text);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            let mut prepared = Prepared::default();
            let mut scratch = Scratch::default();
            let mut out = Vec::with_capacity(1 << 16);
            for p in &paragraphs {
                prepared.prepare(p, Options::default(), &mut scratch);
                prepared.write_lines(80, &mut out);
                black_box(&out);
                out.clear();
            }
        });
}

/// `hamish render --width 80` of the 64 MB article without a line break,
/// read from its file as the command does, to a sink (peak memory, by
/// hand: see the README's Performance section).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn render_64mb_no_line_break(bencher: Bencher) {
    let path = &*NO_BREAK64;
    bencher
        .counter(BytesCount::new(
            std::fs::metadata(path).expect("size").len() as usize,
        ))
        .bench_local(|| {
            let file = std::fs::File::open(path).expect("open");
            render_to_nowhere(std::io::BufReader::with_capacity(1 << 16, file))
        });
}

/// What `hamish list` reads of the 64 MB article without a line break.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn list_64mb_no_line_break(bencher: Bencher) {
    let path = &*NO_BREAK64;
    bencher.bench_local(|| hamish::article::stream_entry(path).expect("entry"));
}

fn app(dir: &Path) -> App {
    app_cached(dir, None)
}

/// [`app`], with the titles cache in `cache`.
fn app_cached(dir: &Path, cache: Option<&Path>) -> App {
    let mut app = App::new(
        dir.to_path_buf(),
        Options::default(),
        Positions::default(),
        Config::builtin(),
        cache,
    )
    .expect("app");
    app.drafts = None;
    app
}

/// A titles cache of the 10,000-article library, left by a scan.
static TITLES10K: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = root().join("titles-cache");
    let _ = std::fs::remove_dir_all(&dir);
    app_cached(&LIB10K, Some(&dir)).wait_for_scan();
    dir
});

/// The 10,000-article library, read by its background scan.
fn scanned_library() -> App {
    let mut app = app(&LIB10K);
    app.wait_for_scan();
    app
}

fn frame(app: &mut App) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    let laid = views::lay_out(app, 100, 30);
    term.draw(|f| views::draw(f, app, &laid)).expect("draw");
    term
}

/// Open the 10 MB article and draw the first frame.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn reader_open_10mb(bencher: Bencher) {
    let path = &*BIG10;
    let dir = path.parent().expect("dir");
    bencher
        .with_inputs(|| app(dir))
        .bench_local_values(|mut app| {
            app.open_path(path);
            frame(&mut app);
            app
        });
}

/// The 10 MB article open and read to its end.
fn opened() -> App {
    let path = &*BIG10;
    let mut app = app(path.parent().expect("dir"));
    app.open_path(path);
    app.wait_for_article();
    frame(&mut app);
    app
}

/// `G` on the open 10 MB article, then a frame.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn reader_end_10mb(bencher: Bencher) {
    bencher.with_inputs(opened).bench_local_values(|mut app| {
        app.update(Action::Bottom);
        frame(&mut app);
        app
    });
}

/// A search in the 10 MB article: the frame with its first hit (the
/// rest is searched between frames), and all of it searched.
#[divan::bench(args = [false, true], sample_count = 10, sample_size = 1)]
fn reader_search_10mb(bencher: Bencher, all: bool) {
    bencher.with_inputs(opened).bench_local_values(|mut app| {
        search(&mut app, all);
        app
    });
}

fn search(app: &mut App, all: bool) {
    app.update(Action::StartSearch);
    for c in "الموصل".chars() {
        app.update(Action::PromptInput(c));
    }
    app.update(Action::PromptAccept);
    if all {
        app.wait_for_search();
    }
    frame(app);
}

/// Articles of 70 MB and 700 MB, made of the 10 MB one (a folder each).
static BIG70: LazyLock<PathBuf> = LazyLock::new(|| repeated("big70", 7));
static BIG700: LazyLock<PathBuf> = LazyLock::new(|| repeated("big700", 70));

fn repeated(name: &str, times: usize) -> PathBuf {
    let dir = once(root().join(name), |d| {
        use std::io::Write;
        std::fs::create_dir_all(d).expect("dir");
        let ten = std::fs::read(&*BIG10).expect("10 MB article");
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(d.join(format!("{name}.txt"))).expect("create"),
        );
        for _ in 0..times {
            out.write_all(&ten).expect("write");
        }
        out.flush().expect("flush");
    });
    dir.join(format!("{name}.txt"))
}

/// Open a 70 MB or a 700 MB article and draw the first frame (the rest
/// is read in the background, and stops when the app is dropped).
#[divan::bench(args = [70, 700], sample_count = 10, sample_size = 1)]
fn reader_open_huge(bencher: Bencher, mb: usize) {
    let path = if mb == 70 { &*BIG70 } else { &*BIG700 };
    let dir = path.parent().expect("dir");
    bencher
        .with_inputs(|| app(dir))
        .bench_local_values(|mut app| {
            app.open_path(path);
            frame(&mut app);
            app
        });
}

/// The 70 MB article with 1,000 annotations spread over it (most past
/// its first part, so placed by the index) and two that fit nowhere (each
/// placement looks for them through the whole article), in a folder of
/// its own.
static BIG70_NOTES: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = once(root().join("big70notes"), |d| {
        use hamish::notes::model::anchor_for;
        use hamish::notes::{Annotation, NoteStore};
        std::fs::create_dir_all(d).expect("dir");
        let path = d.join("big70.txt");
        std::fs::copy(&*BIG70, &path).expect("copy");
        let article = hamish::article::IndexedArticle::load(&path).expect("article");
        let texts = article.texts();
        let (n, doc) = (article.len(), &article.article.doc_sha256);
        let mut store = NoteStore::open(&path);
        for k in 0..1000 {
            let mut a = Annotation::new("bench".into(), anchor_for(&texts, k * n / 1000, doc));
            a.tags.push("claim".into());
            store.put(a);
        }
        for quote in ["فقرة لم تعد في المقال ولا تشبه أيا من فقراته", "عبارة غائبة"]
        {
            let gone = vec![quote.to_string()];
            let mut a = Annotation::new("bench".into(), anchor_for(&gone, 0, doc));
            a.anchor.para_index = n / 2;
            a.tags.push("source".into());
            store.put(a);
        }
        store.save().expect("save");
    });
    dir.join("big70.txt")
});

/// Open the annotated 70 MB article and read it to its end: every
/// annotation placed (the orphans looked for through it all).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn reader_open_annotated_70mb(bencher: Bencher) {
    let path = &*BIG70_NOTES;
    let dir = path.parent().expect("dir");
    bencher
        .with_inputs(|| app(dir))
        .bench_local_values(|mut app| {
            app.open_path(path);
            app.wait_for_article();
            assert_eq!(app.reader.as_ref().map(|r| r.orphans), Some(2));
            frame(&mut app);
            app
        });
}

/// A tag key on a paragraph of the annotated 70 MB article (given, then
/// taken away): saved, and the annotations placed again.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn reader_tag_annotated_70mb(bencher: Bencher) {
    let path = &*BIG70_NOTES;
    let mut app = app(path.parent().expect("dir"));
    app.open_path(path);
    app.wait_for_article();
    if let Some(r) = app.reader.as_mut() {
        r.goto(100_000);
    }
    bencher.bench_local(|| {
        app.update(Action::OpenTagPicker);
        app.update(Action::TagKey('2'));
        frame(&mut app);
    });
}

/// A search in the 70 MB article, read to its end: the frame with the
/// first hit, and all of it searched.
#[divan::bench(args = [false, true], sample_count = 5, sample_size = 1)]
fn reader_search_70mb(bencher: Bencher, all: bool) {
    let opened = || {
        let path = &*BIG70;
        let mut app = app(path.parent().expect("dir"));
        app.open_path(path);
        app.wait_for_article();
        frame(&mut app);
        app
    };
    bencher.with_inputs(opened).bench_local_values(|mut app| {
        search(&mut app, all);
        app
    });
}

/// One line scroll in the 10 MB article, with the frame it draws.
#[divan::bench]
fn reader_line_scroll(bencher: Bencher) {
    let mut app = opened();
    let mut term = frame(&mut app);
    let mut down = true;
    bencher.bench_local(|| {
        // Down and back up, so the view never runs out of article.
        app.update(if down {
            Action::ScrollDown(1)
        } else {
            Action::ScrollUp(1)
        });
        down = !down;
        let laid = views::lay_out(&mut app, 100, 30);
        term.draw(|f| views::draw(f, &app, &laid)).expect("draw");
    });
}

/// The library of 10,000 articles: its first frame.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn library_first_frame_10k(bencher: Bencher) {
    let dir = &*LIB10K;
    bencher.bench_local(|| {
        let mut app = app(dir);
        frame(&mut app);
        app
    });
}

/// The library of 10,000 articles with its titles cache: its first frame,
/// titles and counts on screen (the target: within 2x of
/// `head -qn1 * | less`).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn library_first_frame_10k_cached(bencher: Bencher) {
    let (dir, cache) = (&*LIB10K, &*TITLES10K);
    let first = app_cached(dir, Some(cache));
    assert!(
        first.library.entries[..30].iter().all(|e| e.loaded),
        "titles known"
    );
    bencher.bench_local(|| {
        let mut app = app_cached(dir, Some(cache));
        frame(&mut app);
        app
    });
}

/// The library filter over the 10,000 articles: titles at once, then the
/// background search of every article's text, until it reports done.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn library_filter_text_10k(bencher: Bencher) {
    bencher
        .with_inputs(scanned_library)
        .bench_local_values(|mut app| {
            app.update(Action::StartFilter);
            for c in "الموصل".chars() {
                app.update(Action::PromptInput(c));
            }
            while app.library.filter_pending {
                app.poll_background();
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            app
        });
}

/// Every article of the 10,000 read (titles, counts): what `hamish list`
/// does and what the library does in the background.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn corpus_scan_10k(bencher: Bencher) {
    let dir = &*LIB10K;
    bencher.bench_local(|| hamish::article::scan_dir(dir).expect("scan"));
}

/// `hamish list` of the 10,000 articles, written to nowhere: what
/// `doctor_10k` is measured against (within 2x).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn list_10k(bencher: Bencher) {
    let dir = &*LIB10K;
    bencher.bench_local(|| hamish::cli::list::list(dir, false, std::io::sink()).expect("list"));
}

/// The `A` view over the 10,000 articles and 20,000 annotations, once the
/// library has been read in the background.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn notes_view_20k(bencher: Bencher) {
    bencher
        .with_inputs(scanned_library)
        .bench_local_values(|mut app| {
            app.update(Action::OpenNotesList);
            frame(&mut app);
            app
        });
}

/// Load a sidecar of 20,000 annotations.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn sidecar_load_20k(bencher: Bencher) {
    let path = &*NOTES20K;
    bencher.bench_local(|| NoteStore::open(path));
}

/// Save a sidecar of 20,000 annotations after one change (lock, re-read,
/// merge, write, fsync, rename).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn sidecar_save_20k(bencher: Bencher) {
    let path = &*NOTES20K;
    bencher
        .with_inputs(|| {
            let mut store = NoteStore::open(path);
            let mut a = store.live().next().cloned().expect("an annotation");
            a.note = format!("{:?}", std::time::Instant::now());
            a.modified = hamish::notes::model::now();
            store.put(a);
            store
        })
        .bench_local_values(|mut store| {
            store.save().expect("save");
            store
        });
}

/// `hamish doctor` over the 10,000 articles and 20,000 annotations: the
/// folder is listed once, every sidecar read and every annotation placed.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn doctor_10k(bencher: Bencher) {
    let dir = &*LIB10K;
    bencher.bench_local(|| {
        hamish::cli::doctor::doctor(dir, std::time::Duration::from_secs(10), std::io::sink())
            .expect("doctor")
    });
}

/// Phrases of a 10 MB article placed again after it changed: 1,000 phrase
/// anchors, a third with their paragraph unchanged but moved (a paragraph
/// inserted at the top), a third in a paragraph edited elsewhere, a third
/// no longer there (each searched for in the whole article, then folded).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn phrases_place_1k_10mb(bencher: Bencher) {
    use hamish::notes::Target;
    use hamish::notes::model::anchor_for_span;
    let article = hamish::article::Article::load(&BIG10).expect("article");
    let old = article.paragraphs;
    let n = old.len();
    let anchors: Vec<_> = (0..1000)
        .filter_map(|i| {
            let p = (i * 7919) % n;
            let len = old[p].chars().count();
            let start = (i * 31) % len.saturating_sub(12).max(1);
            anchor_for_span(&old, p, start..start + 10, "doc")
        })
        .collect();
    let mut new = old.clone();
    for (i, a) in anchors.iter().enumerate() {
        match i % 3 {
            // Edited around the phrase: a word added at its start.
            1 => new[a.para_index] = format!("عاجل {}", old[a.para_index]),
            // The phrase's words are gone.
            2 => new[a.para_index] = old[a.para_index].replace(&a.quote, "…"),
            _ => {}
        }
    }
    new.insert(0, "عنوان جديد".into());
    let refs: Vec<_> = anchors.iter().collect();
    bencher.bench_local(|| {
        Target::new(&new)
            .place_each(&refs)
            .iter()
            .filter(|p| p.para.is_some())
            .count()
    });
}

/// `hamish search` over 10,000 articles (about 50 MB), folded: every hit
/// of a common word, written to nowhere.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn search_corpus_10k(bencher: Bencher) {
    let dir = &*LIB10K;
    bencher.bench_local(|| {
        hamish::cli::search::search(
            dir,
            "الاسلامية",
            hamish::text::fold::Fold::default(),
            false,
            std::io::sink(),
            std::io::sink(),
        )
        .expect("search")
    });
}

/// The corpus search (`Ctrl-F`) over 10,000 articles (about 50 MB): the
/// time until its first hits reach the list (a common word, first in the
/// 13th article), and until it has read every article (a word nowhere).
#[divan::bench(args = ["الاسلامية", "لايوجدابدا"], sample_count = 5, sample_size = 1)]
fn corpus_search_first_hits_10k(bencher: Bencher, query: &str) {
    use hamish::tui::corpus_search::{CorpusSearch, Found};
    let paths = hamish::article::article_paths(&LIB10K).expect("library");
    bencher.bench_local(|| {
        let search = CorpusSearch::start(
            paths.clone(),
            query.to_string(),
            hamish::text::fold::Fold::default(),
        );
        loop {
            match search.next() {
                Some(Found::Hits(h, _)) => break h.hits.len(),
                Some(Found::Done) | None => break 0,
                Some(_) => {}
            }
        }
    });
}
