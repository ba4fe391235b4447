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

const SEED_003: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/003_8dbeb5ba9d9aad17.txt"
);

/// A corpus of its own: `a.txt` (seed 004, 15 paragraphs), `b.txt` (seed
/// 003, 21 paragraphs) and `c.txt` ([`PHRASES`], 2 paragraphs).
fn agree_env() -> crate::store::Env {
    let env = crate::store::Env::new();
    std::fs::copy(SEED_003, env.corpus.join("b.txt")).expect("copy seed");
    std::fs::write(env.corpus.join("c.txt"), PHRASES).expect("article");
    env
}

/// `hamish annotate FILE ARGS` in `env`'s corpus as the user `user`.
fn annotate_as(env: &crate::store::Env, user: &str, file: &str, args: &[&str]) {
    let path = env.corpus.join(file);
    let mut all = vec!["annotate", path.to_str().expect("path")];
    all.extend_from_slice(args);
    let o = env
        .command(env!("CARGO_BIN_EXE_hamish"), &all)
        .env("USER", user)
        .output()
        .expect("the binary runs");
    assert!(
        o.status.success(),
        "{all:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// alice and bob annotate copies of one corpus apart, as each would on
/// their own machine; then bob's annotations are added to alice's
/// sidecars, as `git merge` with `merge=union` would.
///
/// alice: a.txt ¶2 claim, ¶3 claim, ¶4 source; b.txt ¶2 claim; c.txt the
/// phrase الجيش (¶2, code points 5..10) actor.
/// bob: a.txt ¶2 claim, ¶4 claim and source; nothing in b.txt; c.txt the
/// phrase "الجيش إن" (5..13) actor.
fn two_annotators() -> crate::store::Env {
    let alice = agree_env();
    annotate_as(&alice, "alice", "a.txt", &["-p", "2", "-t", "claim"]);
    annotate_as(&alice, "alice", "a.txt", &["-p", "3", "-t", "claim"]);
    annotate_as(&alice, "alice", "a.txt", &["-p", "4", "-t", "source"]);
    annotate_as(&alice, "alice", "b.txt", &["-p", "2", "-t", "claim"]);
    annotate_as(
        &alice,
        "alice",
        "c.txt",
        &["-p", "2", "--quote", "الجيش", "-t", "actor"],
    );
    let bob = agree_env();
    annotate_as(&bob, "bob", "a.txt", &["-p", "2", "-t", "claim"]);
    annotate_as(
        &bob,
        "bob",
        "a.txt",
        &["-p", "4", "-t", "claim", "-t", "source"],
    );
    annotate_as(
        &bob,
        "bob",
        "c.txt",
        &["-p", "2", "--quote", "الجيش إن", "-t", "actor"],
    );
    for file in ["a.txt", "c.txt"] {
        let theirs = std::fs::read_to_string(hamish::notes::sidecar_beside(&bob.corpus.join(file)))
            .expect("bob's sidecar");
        let mine = hamish::notes::sidecar_beside(&alice.corpus.join(file));
        let mut text = std::fs::read_to_string(&mine).expect("alice's sidecar");
        // Every line but the header.
        text.extend(theirs.lines().skip(1).map(|l| format!("{l}\n")));
        std::fs::write(&mine, text).expect("joined sidecar");
    }
    alice
}

/// The values, worked by hand. Units with both values: the 15 paragraphs
/// of a.txt and the 2 of c.txt (bob left b.txt alone: his values there
/// are missing), so 17 per tag.
///
/// claim: alice ¶2 ¶3 of a.txt, bob ¶2 ¶4: 15 of 17 agree (88.2%); each
/// says yes twice: chance = 2*2 + 15*15 = 229, kappa = (17*15 - 229) /
/// (17^2 - 229) = 26/60 = 0.433; alpha: n = 34 values, 4 yes, 2
/// disagreeing units (2 each): 1 - 33*4 / (34^2 - 4^2 - 30^2) = 1 -
/// 132/240 = 0.450.
/// source (a.txt ¶4) and actor (c.txt ¶2, phrases in it): both agree
/// everywhere: 1.000, 1.000, 100.0%.
/// All tags (51 units): 49 agree (96.1%); yes 4 each: chance = 16 +
/// 47^2 = 2225, kappa = (51*49 - 2225)/(51^2 - 2225) = 274/376 = 0.729;
/// alpha: n = 102, 8 yes: 1 - 101*4/(102^2 - 64 - 94^2) = 1 - 404/1504
/// = 0.731.
/// Words of c.txt ¶2 (قالَ الجيش إن الجيش تقدم رويترز): alice marks the
/// 2nd, bob the 2nd and 3rd: 5 of 6 agree (83.3%); chance = 1*2 + 5*4 =
/// 22, kappa = (6*5 - 22)/(36 - 22) = 8/14 = 0.571; alpha: n = 12, 3
/// yes: 1 - 11*2/(144 - 9 - 81) = 1 - 22/54 = 0.593.
#[test]
fn agree_reports_alpha_kappa_and_agreement_per_tag_and_overall() {
    let env = two_annotators();
    let corpus = env.corpus.to_str().expect("path");
    let o = env.run(&["agree", corpus]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = "\
annotators: alice, bob

paragraphs (a unit: a paragraph of an article, for a tag)
  items   alpha   kappa   agree  tag
     17   1.000   1.000  100.0%  actor
     17   0.450   0.433   88.2%  claim
     17   1.000   1.000  100.0%  source
     51   0.731   0.729   96.1%  (all tags)

words in phrases (a unit: a word of a paragraph that holds a phrase, for a tag)
  items   alpha   kappa   agree  tag
      6   0.593   0.571   83.3%  actor
";
    assert_eq!(stdout(&o), expected);

    // JSON: the same, unrounded.
    let o = env.run(&["agree", corpus, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["annotators"], serde_json::json!(["alice", "bob"]));
    let paras = &v["levels"][0];
    assert_eq!(paras["level"], "paragraphs");
    let claim = &paras["rows"][1];
    assert_eq!(
        (&claim["tag"], &claim["items"]),
        (&"claim".into(), &17.into())
    );
    let near =
        |x: &serde_json::Value, want: f64| x.as_f64().is_some_and(|x| (x - want).abs() < 1e-12);
    assert!(near(&claim["alpha"], 1.0 - 132.0 / 240.0), "{claim}");
    assert!(near(&claim["kappa"], 26.0 / 60.0), "{claim}");
    assert!(near(&claim["agreement"], 15.0 / 17.0), "{claim}");
    let all = &paras["overall"];
    assert_eq!(all["items"], 51);
    assert!(near(&all["alpha"], 1.0 - 404.0 / 1504.0), "{all}");
    assert!(near(&all["kappa"], 274.0 / 376.0), "{all}");
    let words = &v["levels"][1];
    assert_eq!(words["level"], "words");
    assert!(near(&words["rows"][0]["kappa"], 8.0 / 14.0));

    // CSV: a header, a row per tag and one for all tags, per level.
    let o = env.run(&["agree", corpus, "-f", "csv"]);
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    assert_eq!(
        r.headers().expect("header"),
        vec![
            "level",
            "scope",
            "tag",
            "items",
            "alpha",
            "kappa",
            "agreement"
        ]
    );
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    let keys: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("paragraphs", "tag", "actor"),
            ("paragraphs", "tag", "claim"),
            ("paragraphs", "tag", "source"),
            ("paragraphs", "overall", ""),
            ("words", "tag", "actor"),
            ("words", "overall", ""),
        ]
    );
    assert_eq!(rows[1][3], "17");
    assert_eq!(rows[1][4].parse::<f64>().ok(), Some(0.45));

    // One tag: that row, nothing pooled.
    let o = env.run(&["agree", corpus, "--tag", "claim"]);
    let out = stdout(&o);
    assert!(
        out.contains("     17   0.450   0.433   88.2%  claim\n"),
        "{out}"
    );
    assert!(
        !out.contains("(all tags)") && !out.contains("source"),
        "{out}"
    );
}

/// One article alone (a.txt: 15 paragraphs, bob and alice both read it).
/// claim: alice ¶2 ¶3, bob ¶2 ¶4: 13 of 15 agree (86.7%); chance = 4 +
/// 169 = 173, kappa = (195 - 173)/(225 - 173) = 22/52 = 0.423; alpha: n =
/// 30, 4 yes: 1 - 29*4/(900 - 16 - 676) = 1 - 116/208 = 0.442. All tags
/// (30 units): 28 agree (93.3%); chance = 9 + 729 = 738, kappa = (840 -
/// 738)/(900 - 738) = 102/162 = 0.630; alpha: 1 - 59*4/(3600 - 36 -
/// 2916) = 1 - 236/648 = 0.636.
#[test]
fn agree_on_one_article_and_chosen_authors() {
    let env = two_annotators();
    let a = env.corpus.join("a.txt");
    let o = env.run(&["agree", a.to_str().expect("path"), "--authors", "bob,alice"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.starts_with("annotators: bob, alice\n"), "{out}");
    assert!(
        out.contains("     15   0.442   0.423   86.7%  claim\n"),
        "{out}"
    );
    assert!(
        out.contains("     30   0.636   0.630   93.3%  (all tags)\n"),
        "{out}"
    );
    assert!(!out.contains("words"), "no phrase in a.txt: {out}");

    // Three annotators (one who annotated nothing): alpha only.
    let o = env.run(&[
        "agree",
        a.to_str().expect("path"),
        "--authors",
        "alice,bob,carol",
    ]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("  items   alpha  tag\n"), "{out}");
    assert!(out.contains("     15   0.442  claim\n"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("no annotation by carol"));
}

#[test]
fn agree_needs_two_annotators_and_an_existing_path() {
    let env = agree_env();
    let corpus = env.corpus.to_str().expect("path");
    let o = env.run(&["agree", corpus]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("two annotators") && err.contains("no annotation"),
        "{err}"
    );

    annotate_as(&env, "alice", "a.txt", &["-p", "2", "-t", "claim"]);
    let o = env.run(&["agree", corpus]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("every annotation there is by alice"), "{err}");
    let o = env.run(&["agree", corpus, "--authors", "alice,alice"]);
    assert_eq!(o.status.code(), Some(1));

    let missing = env.corpus.join("gone.txt");
    let o = env.run(&["agree", missing.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("gone.txt"));
    let o = env.run(&["agree", corpus, "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Author names and tags come from sidecars: the table shows them
/// harmless (escape sequences as pictures, bidi overrides as marks), and
/// a CSV cell a spreadsheet would run starts with `'`.
#[test]
fn agree_shows_hostile_names_harmlessly() {
    let env = agree_env();
    let evil = "x\u{1b}]0;pwned\u{7}";
    annotate_as(&env, evil, "a.txt", &["-p", "2", "-t", "source"]);
    annotate_as(&env, evil, "a.txt", &["-p", "3", "-t", "claim"]);
    // The other author works on a copy (annotate would add to the same
    // annotation of the paragraph), joined as git would.
    let other = agree_env();
    annotate_as(&other, "y\u{202e}", "a.txt", &["-p", "2", "-t", "source"]);
    let theirs = std::fs::read_to_string(other.sidecar()).expect("sidecar");
    let mut text = std::fs::read_to_string(env.sidecar()).expect("sidecar");
    text.extend(theirs.lines().skip(1).map(|l| format!("{l}\n")));
    // Tags no tag set would allow, written into the sidecar by hand.
    let formula = "=HYPERLINK(\"http://x\")";
    let text = text
        .replace("\"source\"", &serde_json::to_string(formula).expect("json"))
        .replace("\"claim\"", "\"\\u202eclaim\\u001b[2J\"");
    std::fs::write(env.sidecar(), text).expect("joined");

    let corpus = env.corpus.to_str().expect("path");
    let o = env.run(&["agree", corpus]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("x␛]0;pwned␇, y⁞"), "{out}");
    assert!(out.contains("  ⁞claim␛[2J\n"), "{out}");
    assert!(out.contains(&format!("  {formula}\n")), "{out}");

    let o = env.run(&["agree", corpus, "-f", "csv"]);
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let tags: Vec<String> = r
        .records()
        .map(|r| r.expect("row")[2].to_string())
        .collect();
    assert!(tags.contains(&format!("'{formula}")), "{tags:?}");
    assert!(!tags.contains(&formula.to_string()), "{tags:?}");
}

/// `hamish search` across the sample articles: الاسلامية written without
/// hamza finds all twelve (eleven written الإسلامية; counted with grep),
/// a line each, file by file; JSON gives the code points of each hit.
#[test]
fn search_finds_across_the_corpus_folded() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let o = hamish(&["search", seeds, "الاسلامية"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let files: Vec<&str> = out
        .lines()
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(files.len(), 12, "{out}");
    assert_eq!(files.iter().filter(|f| f.starts_with("001")).count(), 6);
    assert!(
        out.lines().next().is_some_and(
            |l| l.starts_with("000_466c34380d8c8cd3.txt:5: ") && l.contains("«الإسلامية»")
        ),
        "{out}"
    );
    // JSON: each hit's code points hold what it says it matched.
    let o = hamish(&["search", seeds, "الاسلامية", "--json"]);
    for line in stdout(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object");
        let file = v["file"].as_str().expect("file");
        let para = v["paragraph"].as_u64().expect("paragraph") as usize;
        let (start, end) = (
            v["start"].as_u64().expect("start") as usize,
            v["end"].as_u64().expect("end") as usize,
        );
        // The article's path, as found under the folder searched.
        assert!(file.starts_with(seeds), "{file}");
        let article = hamish::article::Article::load(std::path::Path::new(file)).expect("article");
        let text: String = article.paragraphs[para - 1]
            .chars()
            .skip(start)
            .take(end - start)
            .collect();
        assert_eq!(text, v["match"].as_str().expect("match"));
    }
    // As written, only the one spelled so.
    let o = hamish(&["search", seeds, "الاسلامية", "--strict"]);
    assert_eq!(stdout(&o).lines().count(), 1);
    // Nothing found: exit 1, as grep; no such path: a message naming it.
    let o = hamish(&["search", seeds, "كلمة غير موجودة"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    // An error is 2 (since the grep convention was taken whole).
    let o = hamish(&["search", "/nonexistent/corpus", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/corpus"));
}

/// A paragraph longer than 256 KiB is listed, searched and rendered in
/// pieces: 70,000 words of 8 bytes and a space make pieces of 29,127
/// words (the last space within 262,144 bytes ends at byte 262,143).
#[test]
fn a_long_paragraph_is_listed_searched_and_rendered_in_pieces() {
    let mut words: Vec<String> = (0..70_000).map(|i| format!("ك{i:06}")).collect();
    words[40_000] = "هدف".into();
    words[40_010] = "هدف".into();
    let dir = tempfile::tempdir().expect("tempdir");
    let art = dir.path().join("long.txt");
    std::fs::write(&art, format!("عنوان المقال\n{}\nخاتمة.", words.join(" "))).expect("write");
    let a = art.to_str().expect("path");

    let o = hamish(&["list", dir.path().to_str().expect("p")]);
    assert_eq!(stdout(&o), "long.txt\tعنوان المقال\t5\t70003\n", "3 pieces");

    // Both hits in the second piece: 10,873 words of 8 code points after
    // its start, then هدف and a space (4) and 9 words more.
    let o = hamish(&["search", a, "هدف", "--json"]);
    let hits: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object"))
        .collect();
    let at: Vec<(u64, u64, u64)> = hits
        .iter()
        .map(|h| {
            let n = |k: &str| h[k].as_u64().expect("a number");
            (n("paragraph"), n("start"), n("end"))
        })
        .collect();
    assert_eq!(at, [(3, 86_984, 86_987), (3, 87_060, 87_063)]);
    // 30 code points either side.
    assert_eq!(
        hits[1]["snippet"],
        "40006 ك040007 ك040008 ك040009 هدف ك040011 ك040012 ك040013 ك0400"
    );

    // Rendered: the title, then each piece and the last paragraph after a
    // blank line; every word whole (shown as its digits, then its letter
    // to their right).
    let o = hamish(&["render", "--shape", "off", "--width", "80", a]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(out.lines().filter(|l| l.trim().is_empty()).count(), 4);
    let shown: std::collections::HashSet<&str> = out.split_whitespace().collect();
    let whole = words
        .iter()
        .filter_map(|w| w.strip_prefix('ك'))
        .all(|digits| shown.contains(format!("{digits}ك").as_str()));
    assert!(whole, "every word whole");
}

/// A FIFO named like an article is refused, said once, with its name.
#[test]
fn a_fifo_is_refused_once_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("f.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success(),
        "mkfifo"
    );
    let o = hamish(&[
        "annotate",
        fifo.to_str().expect("utf-8"),
        "-p",
        "1",
        "-t",
        "claim",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("not a regular file").count(), 1, "{err}");
    assert!(err.contains("f.txt"), "{err}");
}

/// `hamish search` exits as grep does: 0 found, 1 not found, 2 an error
/// (a query with nothing left once harakat and spaces go, said so; a path
/// that is not there).
#[test]
fn search_exits_as_grep_does() {
    let seeds = env!("CARGO_MANIFEST_DIR").to_string() + "/seeds";
    let code = |args: &[&str]| hamish(args).status.code();
    assert_eq!(code(&["search", &seeds, "الدولة"]), Some(0));
    assert_eq!(code(&["search", &seeds, "لايوجدابدا"]), Some(1));
    for empty in ["\u{0651}", "   ", "\u{0640}\u{064E}"] {
        let o = hamish(&["search", &seeds, empty]);
        assert_eq!(o.status.code(), Some(2), "{empty:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("nothing to search for"),
            "{empty:?}"
        );
    }
    assert_eq!(code(&["search", "/no/such/folder", "الدولة"]), Some(2));
}

/// A long article (read by an index past its first part): `annotate`
/// finds a phrase far in and anchors it on that paragraph's text, and
/// `doctor` then finds every annotation in place; with a paragraph
/// inserted at the top, moved by one.
#[test]
fn annotate_and_doctor_work_far_into_a_long_article() {
    let env = crate::store::Env::new();
    let text: String = (1..=20_000)
        .map(|i| format!("الفقرة رقم {i} من المقال الطويل.\n"))
        .collect();
    std::fs::write(&env.article, &text).expect("article");
    let out = env.annotate(&["-p", "19000", "--quote", "19000", "-t", "claim"]);
    // الفقرة (6), a space, رقم (3), a space: the number starts at 11.
    assert_eq!(
        out.trim(),
        "paragraph 19000, phrase \"19000\" at 11..16: tags [claim]"
    );
    env.annotate(&["-p", "15000", "-t", "source"]);
    let store = hamish::notes::NoteStore::open(&env.article);
    let mut quotes: Vec<(usize, String)> = store
        .live()
        .map(|a| (a.anchor.para_index, a.anchor.quote.clone()))
        .collect();
    quotes.sort();
    assert_eq!(
        quotes,
        [
            (14_999, "الفقرة رقم 15000 من المقال الطويل.".to_string()),
            (18_999, "19000".to_string())
        ]
    );
    let dir = env.article.parent().expect("dir").to_str().expect("utf-8");
    let out = stdout(&hamish(&["doctor", dir]));
    assert!(out.contains("2 annotation(s): 2 exact, 0 moved"), "{out}");
    std::fs::write(&env.article, format!("سطر جديد\n{text}")).expect("article");
    let out = stdout(&hamish(&["doctor", dir]));
    assert!(out.contains("2 annotation(s): 0 exact, 2 moved"), "{out}");
    assert!(out.contains("moved: ¶ 15000 → ¶ 15001"), "{out}");
    assert!(out.contains("moved: ¶ 19000 → ¶ 19001"), "{out}");
}
