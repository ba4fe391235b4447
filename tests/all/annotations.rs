//! `hamish annotate`, `export` and `doctor` through the real binary; every
//! export format parsed back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED_004: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/004_60d1107e2fb93d1c.txt"
);
const NAME: &str = "004_60d1107e2fb93d1c.txt";
const NOTE: &str = "ملاحظة: «مهم», \"مقتبس\"\nسطر ثان";

fn hamish(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hamish"))
        .args(args)
        .env("USER", "tester")
        .env("XDG_DATA_HOME", "/nonexistent-hamish-test")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

/// A corpus with seed 004 annotated on paragraphs 2 and 3.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let art = dir.path().join(NAME);
    std::fs::copy(SEED_004, &art).expect("copy seed");
    let a = art.to_str().expect("path");
    ok(&hamish(&[
        "annotate", a, "-p", "3", "-t", "claim", "-t", "source", "--note", NOTE,
    ]));
    ok(&hamish(&["annotate", a, "-p", "2", "-t", "casualties"]));
    (dir, art)
}

fn paragraph(n: usize) -> String {
    let text = std::fs::read_to_string(SEED_004).expect("seed");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .nth(n - 1)
        .expect("paragraph")
        .trim()
        .to_string()
}

#[test]
fn annotate_updates_and_removes() {
    let (_dir, art) = corpus();
    let a = art.to_str().expect("path");
    let out = ok(&hamish(&[
        "annotate", a, "-p", "3", "-t", "source", "--remove",
    ]));
    assert_eq!(out.trim(), "paragraph 3: tags [claim], with a note");
    let out = ok(&hamish(&["annotate", a, "-p", "2", "--remove"]));
    assert_eq!(out.trim(), "paragraph 2: no annotation");
    let o = hamish(&["annotate", a, "-p", "99", "-t", "claim"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("paragraphs 1 to 15"));
    let o = hamish(&["annotate", a, "-p", "1", "-t", "rumour"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown tag \"rumour\""));
}

#[test]
fn csv_export_parses_back() {
    let (dir, _) = corpus();
    let out = ok(&hamish(&[
        "export",
        dir.path().to_str().expect("p"),
        "--format",
        "csv",
    ]));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    let h = r.headers().expect("headers").clone();
    let col = |row: &csv::StringRecord, name: &str| {
        row[h.iter().position(|x| x == name).expect(name)].to_string()
    };
    assert_eq!(col(&rows[1], "paragraph"), "3");
    assert_eq!(col(&rows[1], "tags"), "claim;source");
    assert_eq!(col(&rows[1], "note"), NOTE);
    assert_eq!(col(&rows[1], "text"), paragraph(3));
    assert_eq!(col(&rows[0], "author"), "tester");
    assert_eq!(col(&rows[0], "status"), "exact");
}

#[test]
fn w3c_export_has_the_expected_fields() {
    let (_dir, art) = corpus();
    let out = ok(&hamish(&["export", art.to_str().expect("p"), "-f", "w3c"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON-LD");
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    let items = v["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    let third = &items[1];
    assert_eq!(third["type"], "Annotation");
    assert!(
        third["id"]
            .as_str()
            .is_some_and(|s| s.starts_with("urn:uuid:"))
    );
    let body = third["body"].as_array().expect("body");
    assert_eq!(body[0]["purpose"], "tagging");
    assert_eq!(body[0]["value"], "claim");
    assert_eq!(body[2]["purpose"], "commenting");
    assert_eq!(body[2]["value"], NOTE);
    let sel = third["target"]["selector"].as_array().expect("selectors");
    assert_eq!(sel[0]["type"], "TextQuoteSelector");
    assert_eq!(sel[0]["exact"], paragraph(3).as_str());
    assert_eq!(sel[1]["type"], "TextPositionSelector");
    // Code points into the file's text.
    let text = std::fs::read_to_string(SEED_004).expect("seed");
    let chars: Vec<char> = text.chars().collect();
    let (s, e) = (
        sel[1]["start"].as_u64().expect("start") as usize,
        sel[1]["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(chars[s..e].iter().collect::<String>(), paragraph(3));
}

#[test]
fn brat_offsets_point_at_the_annotated_text() {
    let (dir, _) = corpus();
    let out = dir.path().join("brat");
    ok(&hamish(&[
        "export",
        dir.path().to_str().expect("p"),
        "-f",
        "brat",
        "-o",
        out.to_str().expect("p"),
    ]));
    let txt = std::fs::read_to_string(out.join("004_60d1107e2fb93d1c.txt")).expect("txt");
    let ann = std::fs::read_to_string(out.join("004_60d1107e2fb93d1c.ann")).expect("ann");
    let chars: Vec<char> = txt.chars().collect();
    let mut spans = 0;
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let f: Vec<&str> = line.split('\t').collect();
        let mid: Vec<&str> = f[1].split(' ').collect();
        let (s, e): (usize, usize) = (mid[1].parse().expect("start"), mid[2].parse().expect("end"));
        assert_eq!(chars[s..e].iter().collect::<String>(), f[2], "{line}");
        spans += 1;
    }
    assert_eq!(spans, 3, "casualties; claim and source");
    assert!(
        ann.contains("AnnotatorNotes T2\tملاحظة: «مهم», \"مقتبس\" سطر ثان"),
        "{ann}"
    );
    let o = hamish(&["export", dir.path().to_str().expect("p"), "-f", "brat"]);
    assert_eq!(o.status.code(), Some(1), "brat needs -o");
}

#[test]
fn jsonl_and_markdown_follow_the_article_as_it_is_now() {
    let (dir, art) = corpus();
    // Insert a paragraph above both, and drop the old paragraph 2.
    let text = std::fs::read_to_string(&art).expect("read");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(1);
    lines.insert(1, "فقرة جديدة أضيفت هنا.");
    lines.insert(1, "وفقرة أخرى.");
    std::fs::write(&art, lines.join("\n")).expect("write");

    let out = ok(&hamish(&[
        "export",
        dir.path().to_str().expect("p"),
        "-f",
        "jsonl",
    ]));
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(rows.len(), 2, "the orphan is kept");
    let claim = rows
        .iter()
        .find(|r| r["tags"][0] == "claim")
        .expect("claim");
    assert_eq!(claim["paragraph"], 4);
    assert_eq!(claim["status"], "moved");
    let orphan = rows
        .iter()
        .find(|r| r["tags"][0] == "casualties")
        .expect("casualties");
    assert_eq!(orphan["paragraph"], serde_json::Value::Null);
    assert_eq!(orphan["status"], "orphan");

    let md = ok(&hamish(&[
        "export",
        dir.path().to_str().expect("p"),
        "-f",
        "md",
    ]));
    assert!(md.contains("### ¶ 4 — moved"), "{md}");
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
    assert!(
        html.contains("<strong>Tags:</strong> Claim (ادعاء), Source (مصدر)"),
        "{html}"
    );
    assert!(md.contains("### orphan — orphan"), "{md}");

    let report = ok(&hamish(&["doctor", dir.path().to_str().expect("p")]));
    assert!(report.contains("moved: ¶ 3 → ¶ 4"), "{report}");
    assert!(report.contains("orphan: was ¶ 2"), "{report}");
}

#[test]
fn doctor_merges_conflict_copies_and_finds_lonely_sidecars() {
    let (dir, art) = corpus();
    let sidecar = dir.path().join(format!("{NAME}.annotations.jsonl"));
    // A sync tool's conflict copy holding one more annotation.
    let other = tempfile::tempdir().expect("tempdir");
    let art2 = other.path().join(NAME);
    std::fs::copy(SEED_004, &art2).expect("copy");
    ok(&hamish(&[
        "annotate",
        art2.to_str().expect("p"),
        "-p",
        "7",
        "-t",
        "quote",
    ]));
    let copy = dir
        .path()
        .join(format!("{NAME}.annotations (conflicted copy).jsonl"));
    std::fs::copy(
        other.path().join(format!("{NAME}.annotations.jsonl")),
        &copy,
    )
    .expect("copy");
    std::fs::write(dir.path().join("gone.txt.annotations.jsonl"), "{}\n").expect("write");

    let report = ok(&hamish(&["doctor", dir.path().to_str().expect("p")]));
    assert!(report.contains("merged 1 annotation(s) from"), "{report}");
    assert!(
        report.contains("gone.txt.annotations.jsonl: no article"),
        "{report}"
    );
    assert!(
        !copy.exists()
            && dir
                .path()
                .join(format!("{NAME}.annotations (conflicted copy).jsonl.merged"))
                .exists()
    );
    let text = std::fs::read_to_string(&sidecar).expect("sidecar");
    assert_eq!(
        text.lines().count(),
        4,
        "header and three annotations:\n{text}"
    );
    assert!(art.exists());
    assert!(Path::new(&sidecar).exists());
}

/// The JSONL export of the annotations under `dir`, a row a line.
fn jsonl(dir: &Path) -> Vec<serde_json::Value> {
    ok(&hamish(&[
        "export",
        dir.to_str().expect("p"),
        "-f",
        "jsonl",
    ]))
    .lines()
    .map(|l| serde_json::from_str(l).expect("json line"))
    .collect()
}

#[test]
fn an_annotation_on_a_piece_of_a_long_paragraph_stays_on_it() {
    // A paragraph of 70,000 words of 8 bytes and a space (630 KB), longer
    // than 256 KiB: the last space within 262,144 bytes ends at byte
    // 262,143 (9 × 29,127), so each full piece holds 29,127 words and the
    // second starts at word 29,127.
    let words: Vec<String> = (0..70_000).map(|i| format!("ك{i:06}")).collect();
    let long = words.join(" ");
    let second = words[29_127..58_254].join(" ");
    let dir = tempfile::tempdir().expect("tempdir");
    let art = dir.path().join("long.txt");
    std::fs::write(&art, format!("عنوان المقال\n{long}\nخاتمة.\n")).expect("write");
    let a = art.to_str().expect("path");
    let out = ok(&hamish(&["annotate", a, "-p", "3", "-t", "claim"]));
    assert_eq!(out.trim(), "paragraph 3: tags [claim]");

    // The piece's text and its code points: 13 for the title line, 8 a
    // word for the first piece's 29,127 words.
    let rows = jsonl(dir.path());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["paragraph"], 3, "the second piece");
    assert_eq!(rows[0]["status"], "exact");
    assert!(
        rows[0]["text"] == second.as_str(),
        "the second piece's text"
    );
    assert_eq!(
        (&rows[0]["start"], &rows[0]["end"]),
        (&233_029.into(), &466_044.into())
    );

    // Reopened after a paragraph is added above: the file's hash changed,
    // the piece did not, and the annotation is found on it.
    std::fs::write(
        &art,
        format!("عنوان المقال\nمقدمة أضيفت بعد التعليق.\n{long}\nخاتمة.\n"),
    )
    .expect("write");
    let rows = jsonl(dir.path());
    assert_eq!(rows[0]["paragraph"], 4, "still the second piece");
    assert_eq!(rows[0]["status"], "moved");
    assert!(
        rows[0]["text"] == second.as_str(),
        "the second piece's text"
    );
    assert_eq!(rows[0]["start"], 233_054, "25 code points more above it");
    let out = ok(&hamish(&["annotate", a, "-p", "4", "-t", "source"]));
    assert_eq!(
        out.trim(),
        "paragraph 4: tags [claim, source]",
        "the same one"
    );
}

/// Doctor checks a folder's articles on every core, and says what it found
/// in the articles' order all the same: 80 articles, conflict copies
/// beside three of them (the 5th, 40th and 75th), each merged and named
/// in that order.
#[test]
fn doctor_on_many_articles_reports_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = tempfile::tempdir().expect("tempdir");
    let o_art = other.path().join(NAME);
    std::fs::copy(SEED_004, &o_art).expect("copy");
    ok(&hamish(&[
        "annotate",
        o_art.to_str().expect("p"),
        "-p",
        "7",
        "-t",
        "quote",
    ]));
    let copy_from = other.path().join(format!("{NAME}.annotations.jsonl"));
    for i in 0..80 {
        let name = format!("a{i:02}.txt");
        std::fs::copy(SEED_004, dir.path().join(&name)).expect("copy");
        if [4, 39, 74].contains(&i) {
            std::fs::copy(
                &copy_from,
                dir.path()
                    .join(format!("{name}.annotations (conflicted copy).jsonl")),
            )
            .expect("copy");
        }
    }
    let report = ok(&hamish(&["doctor", dir.path().to_str().expect("p")]));
    let merged: Vec<&str> = report
        .lines()
        .filter(|l| l.contains("merged 1 annotation(s) from"))
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(merged, ["a04.txt", "a39.txt", "a74.txt"], "{report}");
}
