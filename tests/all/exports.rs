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
        assert!(
            shown.contains('␛') && shown.contains('␇'),
            "{format}: {shown}"
        );
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

/// A corpus whose article has what exports get wrong: a name with a space,
/// a paragraph holding a tab and a line separator, and notes a renderer or
/// brat would take for structure.
fn tricky() -> (Env, std::path::PathBuf) {
    let env = Env::new();
    let art = env.corpus.join("خبر عاجل.txt");
    fs::write(
        &art,
        "عنوان الخبر\nفقرة أولى\tفيها جدولة وفاصل\u{2028}سطر، ثم نص.\nفقرة ثانية (رويترز) قصيرة.\nفقرة ثالثة.\n",
    )
    .expect("article");
    let a = art.to_str().expect("p");
    for (p, tag, note) in [
        ("2", "claim", "<!-- يخفي ما بعده"),
        (
            "3",
            "source",
            "<script>alert(1)</script>\n# عنوان\n---\n|a|b|\n*x* _y_\n    code\u{2028}فاصل\u{b}عمودي",
        ),
        ("4", "quote", "=1+1"),
    ] {
        let o = env.run(&["annotate", a, "-p", p, "-t", tag, "-n", note]);
        assert!(o.status.success(), "{}", err(&o));
    }
    (env, art)
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// The MUST assertions of the W3C annotation-model test suite that apply
/// to what hamish writes, checked one by one on a collection.
fn check_w3c(doc: &serde_json::Value, text: &str) {
    let iri = |v: &serde_json::Value| {
        v.as_str().is_some_and(|s| {
            let (scheme, rest) = s.split_once(':').unwrap_or(("", ""));
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !rest.is_empty()
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        })
    };
    assert_eq!(doc["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    assert!(iri(&doc["id"]), "collection id: {}", doc["id"]);
    assert_eq!(doc["type"], "AnnotationCollection");
    let page = &doc["first"];
    assert!(iri(&page["id"]), "page id");
    assert_eq!(page["type"], "AnnotationPage");
    let items = page["items"].as_array().expect("first.items");
    assert_eq!(doc["total"].as_u64(), Some(items.len() as u64));
    let t = chars(text);
    for it in items {
        assert_eq!(it["@context"][0], "http://www.w3.org/ns/anno.jsonld");
        assert!(iri(&it["id"]), "{}", it["id"]);
        assert_eq!(it["type"], "Annotation");
        for k in ["created", "modified"] {
            if let Some(v) = it.get(k) {
                let s = v.as_str().expect("a string");
                assert!(
                    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                        .is_ok(),
                    "{k}: {s}"
                );
            }
        }
        for b in it["body"].as_array().expect("body") {
            assert_eq!(b["type"], "TextualBody");
            assert!(b["value"].is_string());
            assert!(["tagging", "commenting"].contains(&b["purpose"].as_str().expect("p")));
        }
        let target = &it["target"];
        if target.is_string() {
            // A label on the article as a whole: the article itself.
            assert!(iri(target), "target: {target}");
            continue;
        }
        assert!(
            iri(&target["source"]),
            "target.source: {}",
            target["source"]
        );
        let sel = target["selector"].as_array().expect("selectors");
        let quote = sel
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("quote");
        let exact = quote["exact"].as_str().expect("exact");
        let prefix = quote["prefix"].as_str().expect("prefix");
        let suffix = quote["suffix"].as_str().expect("suffix");
        assert!(prefix.chars().count() <= 32 && suffix.chars().count() <= 32);
        if let Some(pos) = sel.iter().find(|s| s["type"] == "TextPositionSelector") {
            let (s, e) = (
                pos["start"].as_u64().expect("start") as usize,
                pos["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(
                t[s..e].iter().collect::<String>(),
                exact,
                "exact is the raw slice"
            );
            // As Apache Annotator anchors a quote: prefix + exact + suffix
            // found in the text, right there.
            let whole = chars(&format!("{prefix}{exact}{suffix}"));
            let at = s - prefix.chars().count();
            assert_eq!(&t[at..at + whole.len()], whole.as_slice());
        } else {
            assert_eq!(it["hamish:status"], "orphan");
        }
    }
}

#[test]
fn w3c_meets_the_test_suite_musts_with_iris_and_raw_selectors() {
    let (env, art) = tricky();
    let text = fs::read_to_string(&art).expect("text");
    let o = env.run(&["export", env.corpus.to_str().expect("p"), "-f", "w3c"]);
    assert!(o.status.success(), "{}", err(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON-LD");
    check_w3c(&doc, &text);
    let source = doc["first"]["items"][0]["target"]["source"]
        .as_str()
        .expect("source");
    assert!(
        source.starts_with("file:///")
            && source.ends_with("/%D8%AE%D8%A8%D8%B1%20%D8%B9%D8%A7%D8%AC%D9%84.txt"),
        "{source}"
    );
    // The paragraph with a tab and a line separator is quoted as it is.
    let exact = doc["first"]["items"][0]["target"]["selector"][0]["exact"]
        .as_str()
        .expect("exact");
    assert!(
        exact.contains('\t') && exact.contains('\u{2028}'),
        "{exact:?}"
    );
    // Published under a base IRI.
    let o = env.run(&[
        "export",
        art.to_str().expect("p"),
        "-f",
        "w3c",
        "--base-iri",
        "https://example.org/corpus/",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON-LD");
    check_w3c(&doc, &text);
    assert_eq!(
        doc["first"]["items"][0]["target"]["source"],
        "https://example.org/corpus/%D8%AE%D8%A8%D8%B1%20%D8%B9%D8%A7%D8%AC%D9%84.txt"
    );
    let o = env.run(&[
        "export",
        art.to_str().expect("p"),
        "-f",
        "w3c",
        "--base-iri",
        "not an iri",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // An orphan keeps its quote; a time that does not parse is left out.
    fs::write(&art, "عنوان الخبر\nنص جديد كليا لا يشبه شيئا.\n").expect("rewrite");
    let sidecar = hamish::notes::sidecar_beside(&art);
    let s = fs::read_to_string(&sidecar).expect("sidecar").replacen(
        "\"modified\":\"",
        "\"modified\":\"x",
        1,
    );
    fs::write(&sidecar, s).expect("write");
    let text = fs::read_to_string(&art).expect("text");
    let o = env.run(&["export", art.to_str().expect("p"), "-f", "w3c"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON-LD");
    check_w3c(&doc, &text);
    let first = &doc["first"]["items"][0];
    assert_eq!(first["hamish:status"], "orphan");
    assert!(
        first["target"]["selector"][0]["exact"]
            .as_str()
            .is_some_and(|e| e.starts_with("فقرة أولى")),
        "the quote it was made on"
    );
}

/// brat's reader: lines split as Python's `str.splitlines`, fields on tabs.
fn brat_lines(ann: &str) -> Vec<&str> {
    ann.split([
        '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}',
        '\u{2029}',
    ])
    .filter(|l| !l.is_empty())
    .collect()
}

#[test]
fn brat_reads_every_span_and_note_and_knows_every_type() {
    let (env, _) = tricky();
    fs::copy(env.article.clone(), env.corpus.join("a.md")).expect("a twin");
    env.annotate(&["-p", "2", "-t", "date"]);
    let o = env.run(&[
        "annotate",
        env.corpus.join("a.md").to_str().expect("p"),
        "-p",
        "3",
        "-t",
        "actor",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let out = env.home.path().join("brat");
    let o = env.run(&[
        "export",
        env.corpus.to_str().expect("p"),
        "-f",
        "brat",
        "-o",
        out.to_str().expect("p"),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let conf = fs::read_to_string(out.join("annotation.conf")).expect("annotation.conf");
    assert!(conf.contains("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"));
    let visual = fs::read_to_string(out.join("visual.conf")).expect("visual.conf");
    let mut docs = 0;
    for stem in ["a", "a.md", "خبر عاجل"] {
        let txt = fs::read_to_string(out.join(format!("{stem}.txt"))).expect("txt");
        let ann = fs::read_to_string(out.join(format!("{stem}.ann"))).expect("ann");
        let t = chars(&txt);
        for line in brat_lines(&ann) {
            // As brat reads a line: id, then type and offsets, then text.
            let f: Vec<&str> = line.splitn(3, '\t').collect();
            assert_eq!(f.len(), 3, "{stem}: {line:?}");
            if f[0].starts_with('T') {
                let (ty, offsets) = f[1].split_once(' ').expect("type and offsets");
                assert!(conf.lines().any(|l| l == ty), "type {ty} declared");
                assert!(visual.contains(&format!("{ty}\tbgColor:#")));
                // Fragments `s e;s e`, their texts joined by a space.
                let text: Vec<String> = offsets
                    .split(';')
                    .map(|se| {
                        let (s, e) = se.split_once(' ').expect("s e");
                        let (s, e): (usize, usize) = (s.parse().expect("s"), e.parse().expect("e"));
                        t[s..e].iter().collect()
                    })
                    .collect();
                assert_eq!(text.join(" "), f[2], "{stem}: {line:?}");
            } else {
                assert!(
                    f[0].starts_with('#') && f[1].starts_with("AnnotatorNotes T"),
                    "{line:?}"
                );
            }
        }
        docs += 1;
    }
    assert_eq!(docs, 3, "t.txt and t.md are two documents");
}

#[test]
fn markdown_notes_stay_text_in_a_commonmark_renderer() {
    let (env, _) = tricky();
    let o = env.run(&["export", env.corpus.to_str().expect("p"), "-f", "md"]);
    assert!(o.status.success(), "{}", err(&o));
    let md = String::from_utf8(o.stdout).expect("UTF-8");
    let mut html = String::new();
    let opts =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&md, opts));
    assert!(
        !html.contains("<script") && !html.contains("<!--"),
        "{html}"
    );
    assert!(
        !html.contains("<table") && !html.contains("<hr") && !html.contains("<em>"),
        "{html}"
    );
    assert!(
        !html.contains("<pre>") && !html.contains("<code>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<h1>").count(),
        1,
        "only the report's title: {html}"
    );
    assert_eq!(html.matches("<h3>").count(), 3, "every annotation: {html}");
    for visible in [
        "&lt;!-- يخفي ما بعده",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "# عنوان",
        "|a|b|",
        "*x* _y_",
        "=1+1",
        "(رويترز)",
    ] {
        assert!(html.contains(visible), "{visible}: {html}");
    }
    assert!(html.contains("<div dir=\"auto\">"));
}

#[test]
fn jsonl_and_csv_quote_the_raw_text_their_positions_point_to() {
    let (env, art) = tricky();
    let text = chars(&fs::read_to_string(&art).expect("text"));
    let o = env.run(&["export", art.to_str().expect("p"), "-f", "jsonl"]);
    assert!(o.status.success(), "{}", err(&o));
    let mut raw_seen = false;
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let (s, e) = (
            v["start"].as_u64().expect("s") as usize,
            v["end"].as_u64().expect("e") as usize,
        );
        let t = v["text"].as_str().expect("text");
        assert_eq!(text[s..e].iter().collect::<String>(), t);
        raw_seen |= t.contains('\t') && t.contains('\u{2028}');
    }
    assert!(raw_seen, "the tab and the line separator are there");
    let o = env.run(&["export", art.to_str().expect("p"), "-f", "csv"]);
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let first = r.records().next().expect("a row").expect("row");
    let cell = first.get(9).expect("text");
    assert!(cell.contains('\t') && cell.contains('\u{2028}'), "{cell:?}");
}

/// An article whose paragraph 2 (right to left, a haraka in its first
/// word) holds `الجيش` twice, and whose paragraph 3 holds `=1+1`; the
/// second `الجيش` tagged twice with a note, `=1+1` tagged, paragraph 2
/// tagged as a whole, and the article labelled.
///
/// By hand: `عنوان قصير` and its line break are code points 0 to 10, so
/// paragraph 2 starts at 11 and is 34 code points long (ends at 45); in it
/// the second `الجيش` is at 14..19 (`قالَ` is four), so 25..30 in the file.
fn phrases() -> (Env, String) {
    let env = Env::new();
    let text = "عنوان قصير\nقالَ الجيش إن الجيش تقدم (رويترز).\nفقرة ثالثة طويلة بما يكفي لتجاوز السياق =1+1.\n";
    fs::write(&env.article, text).expect("article");
    env.annotate(&["-p", "2", "-t", "source"]);
    env.annotate(&[
        "-p",
        "2",
        "--quote",
        "الجيش",
        "--occurrence",
        "2",
        "-t",
        "actor",
        "-t",
        "claim",
        "-n",
        "ملاحظة على العبارة",
    ]);
    env.annotate(&["-p", "3", "--quote", "=1+1", "-t", "quote"]);
    env.annotate(&["--article", "-t", "disputed"]);
    (env, text.to_string())
}

#[test]
fn brat_puts_a_phrase_on_exactly_its_characters_and_lets_its_tags_share_it() {
    let (env, text) = phrases();
    let out = env.home.path().join("brat");
    let o = env.run(&[
        "export",
        env.art(),
        "-f",
        "brat",
        "-o",
        out.to_str().expect("p"),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    // brat has no annotation on a whole document: the label is left out,
    // and said so.
    assert!(
        err(&o).contains("a.txt: 1 label(s) on the article as a whole [disputed] left out"),
        "{}",
        err(&o)
    );
    let txt = fs::read_to_string(out.join("a.txt")).expect("txt");
    assert_eq!(txt, text);
    let ann = fs::read_to_string(out.join("a.ann")).expect("ann");
    assert_eq!(
        ann,
        "T1\tsource 11 45\tقالَ الجيش إن الجيش تقدم (رويترز).\n\
         T2\tactor 25 30\tالجيش\n\
         T3\tclaim 25 30\tالجيش\n\
         #1\tAnnotatorNotes T2\tملاحظة على العبارة\n\
         T4\tquote 86 90\t=1+1\n"
    );
    // Each T-line's offsets, as brat slices the text (code points, like
    // Python's), give exactly its text.
    let t = chars(&txt);
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (_, offsets) = f[1].split_once(' ').expect("type and offsets");
        let (s, e) = offsets.split_once(' ').expect("s e");
        let (s, e): (usize, usize) = (s.parse().expect("s"), e.parse().expect("e"));
        assert_eq!(t[s..e].iter().collect::<String>(), f[2], "{line}");
    }
    // Two entities on one span: brat takes them with this rule.
    let conf = fs::read_to_string(out.join("annotation.conf")).expect("conf");
    assert!(
        conf.lines()
            .any(|l| l == "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"),
        "{conf}"
    );
}

#[test]
fn w3c_selects_a_phrase_by_its_quote_and_code_points_and_labels_the_article() {
    let (env, text) = phrases();
    let o = env.run(&["export", env.art(), "-f", "w3c"]);
    assert!(o.status.success(), "{}", err(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON-LD");
    check_w3c(&doc, &text);
    let items = doc["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 4, "the label, the paragraph, two phrases");
    let tagged = |tag: &str| {
        items
            .iter()
            .find(|it| it["body"][0]["value"] == tag)
            .unwrap_or_else(|| panic!("{tag}"))
    };
    let source = tagged("source")["target"]["source"].clone();
    assert!(source.as_str().is_some_and(|s| s.starts_with("file:///")));
    // The label: on the article itself, no selector.
    assert_eq!(tagged("disputed")["target"], source);
    // The phrase: its text, 32 code points of the file either side at
    // most (here all of the text before it), and where it is.
    let phrase = &tagged("actor")["target"];
    assert_eq!(phrase["source"], source);
    assert_eq!(
        phrase["selector"],
        serde_json::json!([
            {
                "type": "TextQuoteSelector",
                "exact": "الجيش",
                "prefix": "عنوان قصير\nقالَ الجيش إن ",
                "suffix": " تقدم (رويترز).\nفقرة ثالثة طويلة",
            },
            {"type": "TextPositionSelector", "start": 25, "end": 30},
        ])
    );
    // The paragraph as before: all of it.
    let para = &tagged("source")["target"]["selector"];
    assert_eq!(
        (&para[1]["start"], &para[1]["end"]),
        (&11.into(), &45.into())
    );
    // The phrase gone from the article: an orphan with the quote and
    // context it was made with; the label stays on the article.
    fs::write(&env.article, "عنوان قصير\nنص آخر لا علاقة له.\n").expect("rewrite");
    let o = env.run(&["export", env.art(), "-f", "w3c"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON-LD");
    check_w3c(&doc, "عنوان قصير\nنص آخر لا علاقة له.\n");
    let items = doc["first"]["items"].as_array().expect("items");
    let orphan = items
        .iter()
        .find(|it| it["body"][0]["value"] == "actor")
        .expect("actor");
    assert_eq!(orphan["hamish:status"], "orphan");
    assert_eq!(
        orphan["target"]["selector"],
        serde_json::json!([{
            "type": "TextQuoteSelector",
            "exact": "الجيش",
            "prefix": "قالَ الجيش إن ",
            "suffix": " تقدم (رويترز).",
        }])
    );
    assert!(items.iter().any(|it| it["target"] == source));
}

#[test]
fn csv_jsonl_and_markdown_carry_a_phrase_and_a_label() {
    let (env, text) = phrases();
    let o = env.run(&["export", env.art(), "-f", "csv"]);
    assert!(o.status.success(), "{}", err(&o));
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let h = r.headers().expect("headers").clone();
    assert_eq!(h.get(10), Some("scope"));
    assert_eq!(h.get(11), Some("quote"));
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|row| {
            let row = row.expect("row");
            [1, 3, 9, 10, 11]
                .iter()
                .map(|&i| row.get(i).unwrap_or_default().to_string())
                .collect()
        })
        .collect();
    let p2 = "قالَ الجيش إن الجيش تقدم (رويترز).";
    let p3 = "فقرة ثالثة طويلة بما يكفي لتجاوز السياق =1+1.";
    // paragraph, tags, text, scope, quote; the label first; a phrase
    // that a spreadsheet would take for a formula starts with `'`.
    assert_eq!(
        rows,
        [
            vec!["", "disputed", "", "article", ""],
            vec!["2", "source", p2, "paragraph", ""],
            vec!["2", "actor;claim", p2, "phrase", "الجيش"],
            vec!["3", "quote", p3, "phrase", "'=1+1"],
        ]
    );

    let o = env.run(&["export", env.art(), "-f", "jsonl"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 4);
    let label = &lines[0];
    assert_eq!(
        (&label["scope"], &label["quote"], &label["paragraph"]),
        (&"article".into(), &"".into(), &serde_json::Value::Null)
    );
    let phrase = &lines[2];
    assert_eq!(phrase["scope"], "phrase");
    assert_eq!(phrase["quote"], "الجيش");
    assert_eq!(
        (&phrase["quote_start"], &phrase["quote_end"]),
        (&25.into(), &30.into())
    );
    assert_eq!((&phrase["start"], &phrase["end"]), (&11.into(), &45.into()));
    assert_eq!(phrase["text"], p2);
    let t = chars(&text);
    assert_eq!(t[25..30].iter().collect::<String>(), "الجيش");
    assert_eq!(lines[1]["scope"], "paragraph");
    assert_eq!(lines[1]["quote"], "");
    assert!(lines[1].get("quote_start").is_none());

    let o = env.run(&["export", env.art(), "-f", "md"]);
    let md = String::from_utf8(o.stdout).expect("UTF-8");
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
    let h3: Vec<&str> = html
        .split("<h3>")
        .skip(1)
        .filter_map(|h| h.split_once("</h3>").map(|(t, _)| t))
        .collect();
    assert_eq!(h3, ["article", "¶ 2", "¶ 2 (phrase)", "¶ 3 (phrase)"]);
    for shown in [
        "<strong>Tags:</strong> Disputed (متنازع عليه)",
        "<strong>Phrase:</strong> الجيش",
        "<strong>Phrase:</strong> =1+1",
        "ملاحظة على العبارة",
    ] {
        assert!(html.contains(shown), "{shown}: {html}");
    }
}

/// An article with no annotation is not read to be exported: a folder's
/// export holds the texts of its annotated articles only, and an
/// unannotated file that cannot be read as an article stops nothing.
#[test]
fn an_export_reads_only_annotated_articles() {
    let env = Env::new();
    env.annotate(&["-p", "2", "-t", "claim"]);
    let dir = env.article.parent().expect("dir");
    let plain = dir.join("plain.txt");
    fs::write(&plain, "عنوان\n\nنص لم يعلق عليه أحد.\n").expect("write");
    let loaded = hamish::notes::export::ExportArticle::load(&plain).expect("load");
    assert!(loaded.is_empty() && loaded.text.is_empty(), "{loaded:?}");
    let annotated = hamish::notes::export::ExportArticle::load(&env.article).expect("load");
    assert!(!annotated.is_empty() && !annotated.text.is_empty());
    // A FIFO named as an article: never opened (the export does not hang).
    let fifo = dir.join("fifo.txt");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let o = env.run(&["export", dir.to_str().expect("utf-8"), "--format", "jsonl"]);
    assert!(o.status.success(), "{}", err(&o));
    let out = String::from_utf8(o.stdout).expect("utf-8");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("\"claim\""), "{out}");
}
