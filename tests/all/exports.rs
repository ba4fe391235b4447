//! What exports may write and where: never over their input, no formula
//! a spreadsheet would run, nothing from a file sent raw to a terminal.

use std::fs;

use crate::pty::Session;
use crate::store::Env;

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_export_never_writes_over_an_article_a_sidecar_or_a_corpus() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let before_article = fs::read(&env.article).expect("article");
    let before_sidecar = fs::read(env.sidecar()).expect("sidecar");
    let corpus = env.corpus.to_str().expect("p");
    let sidecar = env.sidecar();
    let bak = env.corpus.join("a.txt.annotations.jsonl.bak");
    for (format, output, what) in [
        ("jsonl", env.art(), "is an article"),
        ("csv", sidecar.to_str().expect("p"), "is a sidecar"),
        ("md", bak.to_str().expect("p"), "is a sidecar"),
        ("w3c", corpus, "is a folder"),
        ("brat", corpus, "holds articles"),
        ("brat", env.art(), "is not a folder"),
    ] {
        let o = env.run(&["export", corpus, "-f", format, "-o", output]);
        assert!(!o.status.success(), "{format} -o {output}");
        assert!(err(&o).contains(what), "{format}: {}", err(&o));
    }
    assert_eq!(fs::read(&env.article).expect("article"), before_article);
    assert_eq!(fs::read(env.sidecar()).expect("sidecar"), before_sidecar);
    assert!(!env.corpus.join("a.ann").exists());
    // A folder of its own is fine, and so is a new file.
    let brat = env.home.path().join("brat");
    let o = env.run(&[
        "export",
        corpus,
        "-f",
        "brat",
        "-o",
        brat.to_str().expect("p"),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(brat.join("a.ann").exists());
    let csv = env.home.path().join("notes.csv");
    let o = env.run(&[
        "export",
        corpus,
        "-f",
        "csv",
        "-o",
        csv.to_str().expect("p"),
    ]);
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn csv_cells_are_never_formulas_and_a_bom_is_there_when_asked() {
    let env = Env::new();
    env.annotate(&[
        "-p",
        "3",
        "-t",
        "claim",
        "-n",
        "=HYPERLINK(\"http://x\",\"y\")",
    ]);
    env.annotate(&["-p", "4", "-t", "claim", "-n", "@SUM(A1)"]);
    env.annotate(&["-p", "5", "-t", "claim", "--note=-2+3"]);
    env.annotate(&["-p", "6", "-t", "claim", "-n", "ملاحظة عادية"]);
    let o = env.run(&["export", env.art(), "-f", "csv"]);
    assert!(o.status.success(), "{}", err(&o));
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let notes: Vec<String> = r
        .records()
        .map(|row| row.expect("row").get(4).unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        notes,
        [
            "'=HYPERLINK(\"http://x\",\"y\")",
            "'@SUM(A1)",
            "'-2+3",
            "ملاحظة عادية"
        ]
    );
    let o = env.run(&["export", env.art(), "-f", "csv", "--bom"]);
    assert!(o.stdout.starts_with("\u{FEFF}article,".as_bytes()));
}

#[test]
fn exports_to_a_terminal_send_no_control_character_from_a_file() {
    let env = Env::new();
    env.annotate(&[
        "-p",
        "3",
        "-t",
        "claim",
        "-n",
        "\u{1b}]52;c;aGk=\u{7}\u{1b}[2J سطر",
    ]);
    for format in ["md", "csv"] {
        let mut s = Session::start(
            &["export", env.art(), "-f", format],
            env.home.path(),
            24,
            100,
        );
        assert!(s.wait_exit().success());
        let raw = s.raw();
        assert!(
            !raw.contains(&0x1b) && !raw.contains(&0x07),
            "{format}: {raw:?}"
        );
        let shown = String::from_utf8_lossy(&raw).into_owned();
        assert!(shown.contains('␛') && shown.contains('␇'), "{format}: {shown}");
    }
    // Into a file, the note stays as it was written.
    let out = env.home.path().join("r.md");
    let o = env.run(&[
        "export",
        env.art(),
        "-f",
        "md",
        "-o",
        out.to_str().expect("p"),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(fs::read(&out).expect("md").contains(&0x1b));
}
