//! The sidecar under real processes: SIGKILL mid-save, two writers at once,
//! a 50 MB sidecar.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hamish::notes::{Annotation, NoteStore, anchor_for, sidecar_beside};

const CHILD_DIR: &str = "HAMISH_TEST_CHILD_DIR";
const CHILD_PARA: &str = "HAMISH_TEST_CHILD_PARA";
const CHILD_SAVES: &str = "HAMISH_TEST_CHILD_SAVES";

fn paragraphs() -> Vec<String> {
    (0..4)
        .map(|i| format!("الفقرة رقم {i} من الخبر."))
        .collect()
}

fn write_article(dir: &Path) -> PathBuf {
    let p = dir.join("article.txt");
    std::fs::write(&p, paragraphs().join("\n")).expect("article");
    p
}

/// Not a test by itself: when the parent test starts this binary with
/// `HAMISH_TEST_CHILD_DIR` set, it saves annotations in a loop and prints
/// `saved ID` after each save has returned.
#[test]
fn child_saver() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let article = Path::new(&dir).join("article.txt");
    let para: usize = std::env::var(CHILD_PARA)
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let saves: usize = std::env::var(CHILD_SAVES)
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(usize::MAX);
    let ps = paragraphs();
    let mut store = NoteStore::open(&article);
    for n in 0..saves {
        let mut a = Annotation::new("child".into(), anchor_for(&ps, para, "doc"));
        a.tags = vec!["claim".into()];
        a.note = format!("ملاحظة {n} من العملية {}", std::process::id());
        let id = a.id.clone();
        store.put(a);
        store.save().expect("save");
        println!("saved {id}");
    }
}

fn spawn_child(dir: &Path, para: usize, saves: Option<usize>) -> Child {
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args([
        "--exact",
        "notes::child_saver",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_DIR, dir)
    .env(CHILD_PARA, para.to_string())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(n) = saves {
        cmd.env(CHILD_SAVES, n.to_string());
    }
    cmd.spawn().expect("spawn child")
}

fn saved_ids(out: impl std::io::Read) -> Vec<String> {
    BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        // libtest may print "test ... " on the same line before the first one.
        .filter_map(|l| {
            let at = l.find("saved ")?;
            l[at + 6..].split_whitespace().next().map(str::to_string)
        })
        .collect()
}

#[test]
fn sigkill_mid_save_never_loses_a_returned_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = write_article(dir.path());
    let mut confirmed: Vec<String> = Vec::new();
    // How long a child takes to start and finish its first save here (the
    // machine may be busy): kills are spread over three times that, so they
    // land before, during and after saves.
    let t0 = Instant::now();
    let mut probe = spawn_child(dir.path(), 0, None);
    let first = BufReader::new(probe.stdout.take().expect("stdout"))
        .lines()
        .map_while(Result::ok)
        .find(|l| l.contains("saved "));
    let span = (t0.elapsed().as_millis() as u64 * 3).max(25);
    probe.kill().expect("SIGKILL");
    probe.wait().expect("reap");
    assert!(first.is_some(), "the probe child saved");
    let mut kills = 0;
    let start = Instant::now();
    // Pseudo-random kill delays (no extra crate) in 0..span ms.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    while kills < 200 && start.elapsed() < Duration::from_secs(600) {
        let mut child = spawn_child(dir.path(), kills % 4, None);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(seed % span));
        child.kill().expect("SIGKILL");
        let out = child.stdout.take().expect("stdout");
        child.wait().expect("reap");
        kills += 1;
        confirmed.extend(saved_ids(out));

        let store = NoteStore::open(&article);
        assert!(
            store.bad_lines().is_empty(),
            "after kill {kills}: {:?}",
            store.warnings
        );
        assert!(
            store.warnings.is_empty(),
            "after kill {kills}: {:?}",
            store.warnings
        );
        for id in &confirmed {
            assert!(store.get(id).is_some(), "after kill {kills}: lost {id}");
        }
    }
    assert_eq!(kills, 200, "only {kills} kills in the time allowed");
    assert!(!confirmed.is_empty(), "some saves returned before a kill");
}

#[test]
fn two_processes_annotating_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = write_article(dir.path());
    let mut a = spawn_child(dir.path(), 1, Some(40));
    let mut b = spawn_child(dir.path(), 2, Some(40));
    let ids_a = saved_ids(a.stdout.take().expect("stdout"));
    let ids_b = saved_ids(b.stdout.take().expect("stdout"));
    assert!(a.wait().expect("a").success() && b.wait().expect("b").success());
    assert_eq!((ids_a.len(), ids_b.len()), (40, 40));
    let store = NoteStore::open(&article);
    for id in ids_a.iter().chain(&ids_b) {
        assert!(store.get(id).is_some(), "lost {id}");
    }
    assert_eq!(store.live().count(), 80);
}

#[test]
fn a_50_mb_sidecar_opens_and_keeps_its_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = write_article(dir.path());
    let ps = paragraphs();
    let mut a = Annotation::new("big".into(), anchor_for(&ps, 0, "doc"));
    a.note = "ن".repeat(2000);
    let mut bytes =
        b"{\"kind\":\"header\",\"schema_version\":1,\"target\":\"article.txt\"}\n".to_vec();
    let mut n = 0u64;
    while bytes.len() < 50 * 1024 * 1024 {
        a.id = format!("00000000-0000-7000-8000-{n:012x}");
        bytes.extend_from_slice(&serde_json::to_vec(&a).expect("json"));
        bytes.push(b'\n');
        n += 1;
    }
    bytes.extend_from_slice(b"{\"truncated\n");
    let path = sidecar_beside(&article);
    std::fs::write(&path, &bytes).expect("write");
    let store = NoteStore::open(&article);
    assert_eq!(store.live().count() as u64, n);
    assert_eq!(store.bad_lines().len(), 1);
    assert!(
        store
            .warnings
            .iter()
            .any(|w| w.contains("article.txt.annotations.jsonl"))
    );
    assert_eq!(
        std::fs::read(&path).expect("read").len(),
        bytes.len(),
        "opening writes nothing"
    );
}
