//! The real binary's non-interactive commands.

use std::path::Path;
use std::process::{Command, Stdio};

use hamish::text::width::str_width;

const SEED_004: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/004_60d1107e2fb93d1c.txt"
);

fn hamish(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hamish"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 out")
}

/// Seed 004 at width 40 without shaping, checked by reading it: each line
/// is the logical words reversed, brackets mirrored, flush right.
#[test]
fn render_seed_004_golden() {
    let o = hamish(&["render", "--shape", "off", "--width", "40", SEED_004]);
    assert!(o.status.success());
    let out = stdout(&o);
    let expected = [
        "     رخآ ىلع قانخلا ناقيضي ايروسو قارعلا",
        "                              شعاد لقاعم",
        "",
        "     تاوقلا تأدب – (زرتيور) توريب /دادغب",
        "  ميظنت درطل اموجه سيمخلا مويلا ةيقارعلا",
        "لازت ال دالبلا يضارأ نم ةعقر رخآ نم شعاد",
        "    هؤافلحو يروسلا شيجلا لاقو هترطيس تحت",
        "       لقاعم رخآ بوص مدقتلا نومزتعي مهنإ",
        "                       .ايروس يف ميظنتلا",
    ];
    let got: Vec<&str> = out.lines().take(expected.len()).collect();
    assert_eq!(got, expected);
}

#[test]
fn render_shapes_by_default_and_every_line_ends_at_the_edge() {
    let o = hamish(&["render", "--width", "60", SEED_004]);
    assert!(o.status.success());
    let out = stdout(&o);
    // (رويترز) joined and mirrored: reh isolated, waw isolated, yeh initial,
    // teh medial, reh final, zain isolated; shown right to left.
    assert!(
        out.contains("(\u{FEAF}\u{FEAE}\u{FE98}\u{FEF3}\u{FEED}\u{FEAD})"),
        "{out}"
    );
    let mut blank_run = 0;
    for line in out.lines() {
        if line.is_empty() {
            blank_run += 1;
            assert!(blank_run < 2, "paragraphs are separated by one empty line");
            continue;
        }
        blank_run = 0;
        assert_eq!(str_width(line), 60, "{line:?}");
        assert!(!line.ends_with(' '));
    }
}

#[test]
fn render_defaults_to_80_columns_when_piped() {
    let o = hamish(&["render", SEED_004]);
    let out = stdout(&o);
    assert!(
        out.lines()
            .filter(|l| !l.is_empty())
            .all(|l| str_width(l) == 80)
    );
}

#[test]
fn render_errors_name_the_file_and_exit_codes_follow_convention() {
    let o = hamish(&["render", "/no/such/article.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("/no/such/article.txt"), "{err}");

    let o = hamish(&["render"]);
    assert_eq!(o.status.code(), Some(2), "usage error");
    let o = hamish(&["render", "--width", "0", SEED_004]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn render_reports_invalid_utf8_and_prints_no_escape() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("bad.txt");
    std::fs::write(&f, b"\x1b]0;title\x07 \xc2\x9b2J \x9b \xff\xfe \xd9\x85\n").expect("write");
    let o = hamish(&["render", "--width", "30", f.to_str().expect("path")]);
    assert!(o.status.success());
    assert!(!o.stdout.contains(&0x1b) && !o.stdout.contains(&0x07));
    assert!(
        !out_has_c1(&o.stdout),
        "no C1 control (U+009B) in the output"
    );
    let out = stdout(&o);
    assert!(out.contains('\u{241B}'), "ESC is shown as a picture: {out}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.txt") && err.contains("3 invalid"),
        "{err}"
    );
}

#[test]
fn closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("long.txt");
    std::fs::write(&f, "سطر من النص للاختبار.\n".repeat(50_000)).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hamish"))
        .args(["render", f.to_str().expect("path")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one chunk, then close the pipe.
    let mut out = child.stdout.take().expect("stdout");
    let mut buf = [0u8; 100];
    std::io::Read::read(&mut out, &mut buf).expect("read");
    drop(out);
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{:?}", o.status);
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn list_prints_every_article_and_json() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let o = hamish(&["list", seeds]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 5);
    let last = out.lines().last().expect("a line");
    let cols: Vec<&str> = last.split('\t').collect();
    assert_eq!(cols[0], "004_60d1107e2fb93d1c.txt");
    assert_eq!(cols[1], "العراق وسوريا يضيقان الخناق على آخر معاقل داعش");
    assert_eq!(cols[2], "15");

    let o = hamish(&["list", "--json", seeds]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[4]["paragraphs"], 15);
    assert!(rows[0]["words"].as_u64().is_some_and(|w| w > 100));
}

#[test]
fn list_of_a_missing_folder_fails_clearly() {
    let o = hamish(&["list", "/no/such/folder"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/folder"));
}

#[test]
fn reader_refuses_without_a_terminal() {
    let o = hamish(&[concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("render"));
    assert!(Path::new(SEED_004).exists());
}

fn out_has_c1(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| ('\u{80}'..='\u{9f}').contains(&c))
}

#[test]
fn completions_man_help_and_version() {
    for shell in ["bash", "zsh", "fish"] {
        let out = stdout(&hamish(&["completions", shell]));
        assert!(
            out.contains("annotate") && out.contains("render"),
            "{shell}"
        );
    }
    let man = stdout(&hamish(&["man"]));
    assert!(
        man.starts_with(".ie") || man.contains(".TH hamish"),
        "{}",
        &man[..man.len().min(200)]
    );
    let help = stdout(&hamish(&["--help"]));
    assert!(help.contains("Usage: hamish"));
    let version = stdout(&hamish(&["--version"]));
    assert_eq!(
        version.trim(),
        format!("hamish {}", env!("CARGO_PKG_VERSION"))
    );
    let o = hamish(&["--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--no-such-flag"));
}

/// An article whose paragraph 2 holds `الجيش` twice, after a word with a
/// haraka (so code points and letters differ).
const PHRASES: &str = "عنوان قصير\nقالَ الجيش إن الجيش تقدم (رويترز).\n";

fn phrase_env() -> crate::store::Env {
    let env = crate::store::Env::new();
    std::fs::write(&env.article, PHRASES).expect("article");
    env
}

#[test]
fn annotate_quote_picks_the_occurrence_asked_for() {
    let env = phrase_env();
    let out = env.annotate(&[
        "-p",
        "2",
        "--quote",
        "الجيش",
        "--occurrence",
        "2",
        "-t",
        "actor",
    ]);
    // ق ا ل َ, a space, الجيش, a space, إن, a space: the second starts at 14.
    assert_eq!(
        out.trim(),
        "paragraph 2, phrase \"الجيش\" at 14..19: tags [actor]"
    );
    let out = env.annotate(&["-p", "2", "--quote", "الجيش", "-n", "الأول"]);
    assert_eq!(
        out.trim(),
        "paragraph 2, phrase \"الجيش\" at 5..10: tags [], with a note"
    );
    let store = hamish::notes::NoteStore::open_in(&env.article, None);
    let mut anchors: Vec<_> = store
        .live()
        .map(|a| {
            (
                a.anchor.start,
                a.anchor.end,
                a.anchor.quote.clone(),
                a.tags.clone(),
            )
        })
        .collect();
    anchors.sort();
    assert_eq!(
        anchors,
        [
            (Some(5), Some(10), "الجيش".to_string(), vec![]),
            (
                Some(14),
                Some(19),
                "الجيش".to_string(),
                vec!["actor".to_string()]
            ),
        ]
    );
    // The paragraph itself is not annotated.
    let out = env.annotate(&["-p", "2", "-t", "claim", "--remove"]);
    assert_eq!(out.trim(), "paragraph 2: no annotation");
}

#[test]
fn annotate_article_labels_the_whole_article() {
    let env = phrase_env();
    let out = env.annotate(&["--article", "-t", "disputed"]);
    assert_eq!(out.trim(), "article: tags [disputed]");
    let store = hamish::notes::NoteStore::open_in(&env.article, None);
    let labels = hamish::notes::edit::article_labels(&store);
    assert_eq!(labels.len(), 1);
    assert!(labels[0].anchor.article && labels[0].anchor.quote.is_empty());
    assert_eq!(labels[0].tags, ["disputed"]);
    // On no paragraph.
    assert!(hamish::notes::anchor::place_all(&store, &[]).is_empty());
    let out = env.annotate(&["--article", "-t", "disputed", "--remove"]);
    assert_eq!(out.trim(), "article: no annotation");
}

#[test]
fn annotate_quote_errors_name_the_file_and_write_nothing() {
    let env = phrase_env();
    for (args, says) in [
        (
            vec!["-p", "2", "--quote", "دمشق", "-t", "actor"],
            "paragraph 2 does not hold \"دمشق\"",
        ),
        (
            vec![
                "-p",
                "2",
                "--quote",
                "الجيش",
                "--occurrence",
                "3",
                "-t",
                "actor",
            ],
            "paragraph 2 holds \"الجيش\" 2 time(s); there is no occurrence 3",
        ),
        (
            vec!["-p", "2", "--quote", "", "-t", "actor"],
            "--quote is empty",
        ),
        // Text from the command line comes back harmless.
        (
            vec!["-p", "2", "--quote", "\u{1b}[2J\u{202e}x", "-t", "actor"],
            "does not hold \"␛[2J⁞x\"",
        ),
    ] {
        let mut all = vec!["annotate", env.art()];
        all.extend(&args);
        let o = env.run(&all);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(env.art()) && err.contains(says),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "{err:?}"
        );
    }
    assert!(!env.sidecar().exists(), "nothing was written");
    // Usage errors: the article with a paragraph, an occurrence with no
    // phrase or counted from 0, a phrase with no paragraph.
    for args in [
        vec!["--article", "-p", "2", "-t", "disputed"],
        vec!["-p", "2", "--occurrence", "2", "-t", "actor"],
        vec![
            "-p",
            "2",
            "--quote",
            "الجيش",
            "--occurrence",
            "0",
            "-t",
            "actor",
        ],
        vec!["--quote", "الجيش", "-t", "actor"],
        vec!["-t", "actor"],
    ] {
        let mut all = vec!["annotate", env.art()];
        all.extend(&args);
        assert_eq!(env.run(&all).status.code(), Some(2), "{args:?}");
    }
    assert!(!env.sidecar().exists());
}

/// A phrase whose saved quote holds a bidi override and an escape
/// sequence (a hostile sidecar): doctor shows it, never obeys it.
#[test]
fn doctor_quotes_a_hostile_phrase_harmlessly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = dir.path().join("a.txt");
    std::fs::copy(SEED_004, &art).expect("copy");
    let header = r#"{"kind":"header","schema_version":2,"target":"a.txt","text_model":"hamish-paragraphs-v1"}"#;
    let line = "{\"id\":\"00000000-0000-7000-8000-000000000005\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"rev\":1,\"author\":\"x\",\"tags\":[\"claim\"],\"note\":\"\",\"anchor\":{\"para_index\":1,\"para_sha256\":\"00\",\"quote\":\"\\u202eبغداد\\u001b]52;c;eA==\\u0007 ليس هنا\",\"prefix\":\"\",\"suffix\":\"\",\"doc_sha256\":\"x\",\"start\":0,\"end\":5}}";
    std::fs::write(
        dir.path().join("a.txt.annotations.jsonl"),
        format!("{header}\n{line}\n"),
    )
    .expect("sidecar");
    let o = hamish(&["doctor", dir.path().to_str().expect("utf-8")]);
    let out = stdout(&o);
    assert!(out.contains("orphan"), "{out}");
    assert!(
        !out.contains('\u{202e}') && !out.contains('\u{1b}') && !out.contains('\u{7}'),
        "{out:?}"
    );
}

/// A quote typed with spaces around it, or with a tab where the article
/// has one, is the phrase as the reader shows it.
#[test]
fn annotate_quote_is_read_as_the_text_is() {
    let env = crate::store::Env::new();
    std::fs::write(&env.article, "عنوان\nقال\tالجيش إن الجيش تقدم.\n").expect("article");
    let out = env.annotate(&["-p", "2", "--quote", " الجيش ", "-t", "actor"]);
    assert_eq!(
        out.trim(),
        "paragraph 2, phrase \"الجيش\" at 4..9: tags [actor]"
    );
    let out = env.annotate(&["-p", "2", "--quote", "قال\tالجيش", "-t", "claim"]);
    assert_eq!(
        out.trim(),
        "paragraph 2, phrase \"قال الجيش\" at 0..9: tags [claim]"
    );
}
