//! A phrase selected with the keyboard in a right-to-left paragraph of the
//! real binary, tagged, and found in the brat export on its characters.

use std::process::Command;

use crate::pty::{Session, corpus_with_004};

/// The text of `txt` between brat's offsets (code points).
fn slice(txt: &str, start: usize, end: usize) -> String {
    txt.chars().skip(start).take(end - start).collect()
}

#[test]
fn a_phrase_selected_with_the_keyboard_lands_in_brat_on_its_characters() {
    let home = tempfile::tempdir().expect("tempdir");
    let (corpus, article) = corpus_with_004(home.path());
    let article = article.to_str().expect("utf-8").to_string();
    let mut s = Session::start(&[&article], home.path(), 30, 100);
    s.wait_for("¶ 1/15");
    // ¶ 2 begins "بغداد/ بيروت (رويترز) –": select its first word, then a
    // word on, then the word seen left of that (the next in reading
    // order, in this right-to-left paragraph).
    s.send("j");
    s.wait_for("¶ 2/15");
    s.send("v");
    s.wait_for("«");
    s.send("w");
    s.send("\x1b[D");
    let screen = s.wait_for("extend");
    assert!(screen.contains("extend"), "{screen}");
    // 3 is the source tag.
    s.send("3");
    s.wait_for("source (saved)");
    s.send("\x1b");
    s.send("qq");
    assert!(s.wait_exit().success());
    let out = home.path().join("brat");
    let o = Command::new(env!("CARGO_BIN_EXE_hamish"))
        .args([
            "export",
            corpus.to_str().expect("utf-8"),
            "-f",
            "brat",
            "-o",
        ])
        .arg(&out)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .expect("export runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ann = std::fs::read_to_string(out.join("004_60d1107e2fb93d1c.ann")).expect("ann");
    let txt = std::fs::read_to_string(out.join("004_60d1107e2fb93d1c.txt")).expect("txt");
    let line = ann
        .lines()
        .find(|l| l.starts_with('T') && l.contains("source"))
        .unwrap_or_else(|| panic!("no source span: {ann}"));
    let fields: Vec<&str> = line.split('\t').collect();
    let offsets: Vec<usize> = fields[1]
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse().expect("an offset"))
        .collect();
    assert_eq!(offsets.len(), 2, "one fragment: {line}");
    let phrase = "بغداد/ بيروت (رويترز";
    assert_eq!(slice(&txt, offsets[0], offsets[1]), phrase, "{line}");
    assert_eq!(fields[2], phrase, "{line}");
    // Where the paragraph starts in the exported text.
    let para = txt.lines().nth(1).unwrap_or_default();
    assert!(para.starts_with(phrase), "{para}");
}
