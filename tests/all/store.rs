//! The sidecar store on a shared machine: planted links, linked sidecars,
//! modes and groups, clocks that disagree, duplicate ids, files that are
//! not files, a held lock, a full disk, and `doctor` on look-alikes and on
//! a large folder. Each case was seen to fail before the store was made
//! safe.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use hamish::notes::{Annotation, NoteStore, sidecar_beside};

const SEED_004: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/004_60d1107e2fb93d1c.txt"
);

/// A home of its own (config, drafts, data) and a corpus with seed 004.
pub struct Env {
    pub home: tempfile::TempDir,
    pub corpus: PathBuf,
    pub article: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let home = tempfile::tempdir().expect("tempdir");
        let corpus = home.path().join("corpus");
        fs::create_dir(&corpus).expect("mkdir");
        let article = corpus.join("a.txt");
        fs::copy(SEED_004, &article).expect("copy seed");
        Env {
            home,
            corpus,
            article,
        }
    }

    pub fn sidecar(&self) -> PathBuf {
        sidecar_beside(&self.article)
    }

    pub fn art(&self) -> &str {
        self.article.to_str().expect("path")
    }

    /// The binary with this home, ended (and the test failed) if it runs
    /// for more than 20 s: nothing here may hang.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_program(env!("CARGO_BIN_EXE_hamish"), args)
    }

    /// `program` with this home.
    pub fn command(&self, program: &str, args: &[&str]) -> Command {
        let h = self.home.path();
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env("HOME", h)
            .env("USER", "tester")
            .env("XDG_DATA_HOME", h.join("data"))
            .env("XDG_STATE_HOME", h.join("state"))
            .env("XDG_CONFIG_HOME", h.join("config"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    pub fn run_program(&self, program: &str, args: &[&str]) -> Output {
        let mut child = self
            .command(program, args)
            .spawn()
            .expect("the binary runs");
        let start = Instant::now();
        while child.try_wait().expect("try_wait").is_none() {
            if start.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("{args:?} hung");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().expect("output")
    }

    /// Tag paragraph `p` through the CLI; must succeed.
    pub fn annotate(&self, extra: &[&str]) -> String {
        let mut args = vec!["annotate", self.art()];
        args.extend_from_slice(extra);
        let o = self.run(&args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("UTF-8")
    }

    pub fn drafts(&self) -> Vec<PathBuf> {
        fs::read_dir(self.home.path().join("state/hamish/drafts"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The live annotations of the sidecar, as a fresh reader sees them.
fn live(env: &Env) -> Vec<Annotation> {
    NoteStore::open_in(&env.article, None)
        .live()
        .cloned()
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn mode(p: &Path) -> u32 {
    fs::symlink_metadata(p).expect("stat").permissions().mode() & 0o7777
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Another user's private file, somewhere else.
fn victim(home: &Path, name: &str) -> PathBuf {
    let dir = home.join("victim");
    fs::create_dir_all(&dir).expect("mkdir");
    let p = dir.join(name);
    fs::write(&p, "export SECRET=1 # private\n").expect("write");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).expect("chmod");
    p
}

fn assert_untouched(p: &Path) {
    assert_eq!(
        fs::read_to_string(p).expect("victim"),
        "export SECRET=1 # private\n",
        "{} was written through a link",
        p.display()
    );
    assert_eq!(mode(p), 0o600, "{} changed mode", p.display());
}

#[test]
fn links_planted_at_the_names_a_save_uses_are_replaced_not_followed() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let s = env.sidecar();
    let name = s.file_name().expect("name").to_string_lossy().into_owned();
    let pid = std::process::id();
    // The names earlier versions used, with this process's pid, and .bak.
    let planted = [
        format!(".{name}.tmp-{pid}"),
        format!(".{name}.bak.tmp-{pid}"),
        format!("{name}.bak"),
    ];
    let mut victims = Vec::new();
    for (i, n) in planted.iter().enumerate() {
        let v = victim(env.home.path(), &format!("bashrc{i}"));
        fs::remove_file(env.corpus.join(n)).ok();
        symlink(&v, env.corpus.join(n)).expect("plant");
        victims.push(v);
    }
    let before = fs::read(&s).expect("sidecar");
    let mut store = NoteStore::open_in(&env.article, None);
    let a = store.live().next().cloned().expect("one annotation");
    let mut changed = a.clone();
    changed.tags.push("source".into());
    store.put(changed);
    store.save().expect("saved");
    for v in &victims {
        assert_untouched(v);
    }
    let bak = env.corpus.join(format!("{name}.bak"));
    assert!(
        fs::symlink_metadata(&bak).expect("bak").is_file(),
        "link replaced"
    );
    assert_eq!(fs::read(&bak).expect("bak"), before);
    assert_eq!(live(&env)[0].tags, ["claim", "source"]);
}

#[test]
fn a_lock_that_is_a_link_is_refused_and_nothing_is_created_through_it() {
    let env = Env::new();
    let lock = env.corpus.join("a.txt.annotations.jsonl.lock");
    let target = env.home.path().join("victim-dir/new-file");
    fs::create_dir_all(target.parent().expect("dir")).expect("mkdir");
    symlink(&target, &lock).expect("plant");
    let o = env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"]);
    assert!(!o.status.success());
    let e = err(&o);
    assert!(
        e.contains("a.txt.annotations.jsonl.lock") && e.contains("link"),
        "{e}"
    );
    assert!(!target.exists(), "nothing created through the link");
    assert!(!env.sidecar().exists());
    // An existing victim behind it is left as it was.
    let v = victim(env.home.path(), "profile");
    fs::remove_file(&lock).expect("rm");
    symlink(&v, &lock).expect("plant");
    assert!(
        !env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"])
            .status
            .success()
    );
    assert_untouched(&v);
}

#[test]
fn a_sidecar_linked_to_a_private_file_is_refused_and_never_copied() {
    let env = Env::new();
    let v = victim(env.home.path(), "id_secret");
    symlink(&v, env.sidecar()).expect("plant");
    let store = NoteStore::open_in(&env.article, None);
    assert!(store.read_only.is_some());
    assert_eq!(store.live().count(), 0);
    assert!(store.bad_lines().is_empty(), "nothing of it is kept");
    let o = env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"]);
    assert!(!o.status.success());
    let e = err(&o);
    assert!(
        e.contains("a.txt.annotations.jsonl") && e.contains("id_secret"),
        "names both: {e}"
    );
    assert!(e.contains("not a hamish sidecar"), "{e}");
    assert_untouched(&v);
    assert!(
        fs::symlink_metadata(env.sidecar())
            .expect("link")
            .is_symlink()
    );
    for n in names(&env.corpus) {
        let p = env.corpus.join(&n);
        if fs::symlink_metadata(&p).expect("stat").is_symlink() {
            continue;
        }
        let bytes = fs::read(&p).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "{n} holds a copy"
        );
    }
    // The same for a link to a device and to nowhere.
    fs::remove_file(env.sidecar()).expect("rm");
    symlink("/dev/zero", env.sidecar()).expect("plant");
    let o = env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"]);
    assert!(
        !o.status.success() && err(&o).contains("device"),
        "{}",
        err(&o)
    );
    fs::remove_file(env.sidecar()).expect("rm");
    symlink(env.home.path().join("nowhere"), env.sidecar()).expect("plant");
    let o = env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"]);
    assert!(
        !o.status.success() && err(&o).contains("does not exist"),
        "{}",
        err(&o)
    );
    assert!(!env.home.path().join("nowhere").exists());
}

#[test]
fn a_sidecar_linked_to_a_sidecar_is_written_through_and_stays_a_link() {
    let env = Env::new();
    // The real sidecar lives elsewhere (dotfiles, git-annex): made there by
    // annotating a copy of the article, then linked beside this one.
    let elsewhere = env.home.path().join("store");
    fs::create_dir(&elsewhere).expect("mkdir");
    fs::copy(SEED_004, elsewhere.join("a.txt")).expect("copy");
    let o = env.run(&[
        "annotate",
        elsewhere.join("a.txt").to_str().expect("p"),
        "-p",
        "2",
        "-t",
        "casualties",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let real = elsewhere.join("a.txt.annotations.jsonl");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("chmod");
    symlink(&real, env.sidecar()).expect("link");
    env.annotate(&["-p", "3", "-t", "claim"]);
    let meta = fs::symlink_metadata(env.sidecar()).expect("link");
    assert!(meta.is_symlink(), "the link stays");
    assert_eq!(fs::read_link(env.sidecar()).expect("target"), real);
    let text = fs::read_to_string(&real).expect("target");
    assert!(
        text.contains("casualties") && text.contains("claim"),
        "{text}"
    );
    assert_eq!(mode(&real), 0o640);
    assert!(elsewhere.join("a.txt.annotations.jsonl.bak").exists());
    assert!(!env.corpus.join("a.txt.annotations.jsonl.bak").exists());
    // An empty target is fine too.
    fs::write(&real, "").expect("empty");
    env.annotate(&["-p", "4", "-t", "source"]);
    assert!(
        fs::read_to_string(&real)
            .expect("target")
            .contains("source")
    );
}

/// A new sidecar quotes its article: it is readable by no one who may
/// not read the article (its group and others get read and write only
/// if the article lets them read), then the umask takes its part. A link
/// to a private file gives a private sidecar.
#[test]
fn a_new_sidecar_is_no_more_readable_than_its_article() {
    let env = Env::new();
    let bin = env!("CARGO_BIN_EXE_hamish");
    for (article, umask, sidecar) in [
        (0o600, "022", 0o600),
        (0o640, "022", 0o640),
        (0o644, "022", 0o644),
        (0o664, "002", 0o664),
        (0o644, "077", 0o600),
    ] {
        let _ = fs::remove_file(env.sidecar());
        fs::set_permissions(env.art(), fs::Permissions::from_mode(article)).expect("chmod");
        let o = env.run_program(
            "sh",
            &[
                "-c",
                &format!(
                    "umask {umask}; '{bin}' annotate '{}' -p 3 -t claim",
                    env.art()
                ),
            ],
        );
        assert!(o.status.success(), "{}", err(&o));
        assert_eq!(
            mode(&env.sidecar()),
            sidecar,
            "article {article:o}, umask {umask}"
        );
    }
    // A link in the corpus to a private file elsewhere.
    let private = env.corpus.parent().expect("parent").join("private.txt");
    fs::write(
        &private,
        "نص خاص عن العراق
",
    )
    .expect("write");
    fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).expect("chmod");
    let link = env.corpus.join("link.txt");
    std::os::unix::fs::symlink(&private, &link).expect("link");
    let o = env.run(&[
        "annotate",
        link.to_str().expect("utf-8"),
        "-p",
        "1",
        "-t",
        "claim",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let sidecar = env.corpus.join("link.txt.annotations.jsonl");
    assert_eq!(mode(&sidecar), 0o600, "as private as the file it quotes");
}

#[test]
fn mode_group_and_owner_are_kept_and_a_new_sidecar_follows_the_umask() {
    let env = Env::new();
    let sh = |script: &str| {
        let o = env.run_program("sh", &["-c", script]);
        assert!(o.status.success(), "{script}: {}", err(&o));
    };
    let bin = env!("CARGO_BIN_EXE_hamish");
    sh(&format!(
        "umask 027; '{bin}' annotate '{}' -p 3 -t claim",
        env.art()
    ));
    assert_eq!(mode(&env.sidecar()), 0o640, "umask 027");
    fs::set_permissions(env.sidecar(), fs::Permissions::from_mode(0o600)).expect("chmod");
    env.annotate(&["-p", "3", "-t", "source"]);
    assert_eq!(
        mode(&env.sidecar()),
        0o600,
        "a private sidecar stays private"
    );
    let bak = env.corpus.join("a.txt.annotations.jsonl.bak");
    assert_eq!(mode(&bak), 0o600, "and so does its .bak");
    fs::set_permissions(env.sidecar(), fs::Permissions::from_mode(0o664)).expect("chmod");
    env.annotate(&["-p", "4", "-t", "source"]);
    assert_eq!(mode(&env.sidecar()), 0o664, "a group-writable one stays so");
    if is_root() {
        // A sidecar shared with a group, owned by someone else.
        std::os::unix::fs::chown(env.sidecar(), Some(4343), Some(4242)).expect("chown");
        fs::set_permissions(env.sidecar(), fs::Permissions::from_mode(0o640)).expect("chmod");
        env.annotate(&["-p", "5", "-t", "source"]);
        let m = fs::metadata(env.sidecar()).expect("stat");
        assert_eq!((m.uid(), m.gid(), m.mode() & 0o777), (4343, 4242, 0o640));
        let b = fs::metadata(&bak).expect("stat");
        assert_eq!((b.uid(), b.gid(), b.mode() & 0o777), (4343, 4242, 0o640));
    }
    assert_eq!(live(&env).len(), 3);
}

/// A sidecar holding one annotation on ¶ 3 tagged `claim`, saved at
/// `modified` (as a skewed clock or a hand edit would leave it).
fn sidecar_saved_at(env: &Env, modified: &str) {
    env.annotate(&["-p", "3", "-t", "claim"]);
    let text = fs::read_to_string(env.sidecar()).expect("sidecar");
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut v: serde_json::Value = serde_json::from_str(&lines[1]).expect("json");
    v["modified"] = serde_json::json!(modified);
    v.as_object_mut().expect("object").remove("rev");
    lines[1] = v.to_string();
    fs::write(env.sidecar(), lines.join("\n") + "\n").expect("write");
}

#[test]
fn edits_land_whatever_the_clocks_say() {
    let in_two_hours = (time::OffsetDateTime::now_utc() + time::Duration::hours(2))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("time");
    for modified in [
        in_two_hours.as_str(),
        "9999-12-31T23:59:59Z",
        "not a time",
        "",
    ] {
        let env = Env::new();
        sidecar_saved_at(&env, modified);
        let out = env.annotate(&["-p", "3", "-t", "source"]);
        assert_eq!(
            out.trim(),
            "paragraph 3: tags [claim, source]",
            "{modified}"
        );
        let got = live(&env);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].tags,
            ["claim", "source"],
            "{modified}: the edit is on disk"
        );
        env.annotate(&["-p", "3", "--remove"]);
        assert!(live(&env).is_empty(), "{modified}: the removal is on disk");
        env.annotate(&["-p", "3", "-n", "من جديد"]);
        assert_eq!(live(&env)[0].note, "من جديد", "{modified}");
    }
}

#[test]
fn an_edit_made_elsewhere_meanwhile_is_kept_not_overwritten() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim", "-n", "الأصل"]);
    // A reader opens the article; its user starts on a note.
    let a = hamish::article::Article::load(&env.article).expect("article");
    let mut reader = NoteStore::open_in(&env.article, None);
    // Meanwhile another shell tags the paragraph and rewrites the note.
    env.annotate(&["-p", "3", "-t", "source", "-n", "من سطر الأوامر"]);
    // The reader's user adds a tag and saves the note typed from "الأصل".
    let change = hamish::notes::edit::change_paragraph(
        &reader,
        &a.paragraphs,
        &a.doc_sha256,
        2,
        "tester",
        |x| {
            x.tags.push("quote".into());
            x.note = "من القارئ".into();
        },
    )
    .pop()
    .expect("a change");
    assert_eq!(change.note_base, "الأصل");
    reader.apply(change);
    reader.save().expect("saved");
    let got = live(&env);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].tags, ["claim", "source", "quote"], "every tag kept");
    assert_eq!(got[0].note, "من القارئ");
    assert_eq!(
        got[0].conflicts.len(),
        1,
        "the other note is kept beside it"
    );
    assert_eq!(got[0].conflicts[0].note, "من سطر الأوامر");
    let out = env.annotate(&["-p", "3", "-t", "claim"]);
    assert!(out.contains("1 other version(s)"), "{out}");
}

#[test]
fn two_versions_of_one_id_edited_apart_both_survive_and_doctor_reports_them() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim", "-n", "نسخة أولى"]);
    let text = fs::read_to_string(env.sidecar()).expect("sidecar");
    let line = text.lines().nth(1).expect("annotation").to_string();
    // What a union merge of two branches that both edited it leaves.
    let other = line
        .replace("نسخة أولى", "نسخة ثانية")
        .replace("\"claim\"", "\"source\"");
    fs::write(env.sidecar(), format!("{text}{other}\n")).expect("write");
    let got = live(&env);
    assert_eq!(got.len(), 1, "one paragraph, one annotation");
    let mut tags = got[0].tags.clone();
    tags.sort();
    assert_eq!(tags, ["claim", "source"], "the tags of both");
    let notes = [got[0].note.clone(), got[0].conflicts[0].note.clone()];
    assert!(notes.contains(&"نسخة أولى".into()) && notes.contains(&"نسخة ثانية".into()));
    let o = env.run(&["doctor", env.corpus.to_str().expect("p")]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out.contains("1 id(s) had two versions edited apart"),
        "{out}"
    );
    assert!(out.contains("1 other version(s) of the note"), "{out}");
    assert_eq!(
        fs::read_to_string(env.sidecar())
            .expect("s")
            .lines()
            .count(),
        2
    );
    let again = env.run(&["doctor", env.corpus.to_str().expect("p")]);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("had two versions edited apart"));

    // The same id on two paragraphs (a sidecar pasted into another): both
    // kept, under two ids.
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let text = fs::read_to_string(env.sidecar()).expect("sidecar");
    let mut v: serde_json::Value =
        serde_json::from_str(text.lines().nth(1).expect("line")).expect("json");
    let a = hamish::article::Article::load(&env.article).expect("article");
    v["anchor"] = serde_json::to_value(hamish::notes::anchor_for(&a.paragraphs, 5, &a.doc_sha256))
        .expect("anchor");
    fs::write(env.sidecar(), format!("{text}{v}\n")).expect("write");
    let got = live(&env);
    assert_eq!(got.len(), 2);
    assert_ne!(got[0].id, got[1].id);

    // An older copy beside its later version gives way to it.
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let old = fs::read_to_string(env.sidecar()).expect("sidecar");
    env.annotate(&["-p", "3", "-t", "source", "--remove"]);
    env.annotate(&["-p", "3", "-t", "source"]);
    env.annotate(&["-p", "3", "-t", "claim", "--remove"]);
    let new = fs::read_to_string(env.sidecar()).expect("sidecar");
    let old_line = old.lines().nth(1).expect("line");
    fs::write(env.sidecar(), format!("{new}{old_line}\n")).expect("write");
    let got = live(&env);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].tags, ["source"], "the removal of claim stands");
}

#[test]
fn an_offline_edit_in_a_sync_conflict_copy_is_merged_not_dropped() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    // A laptop takes a copy and tags offline...
    let laptop = Env::new();
    fs::copy(env.sidecar(), laptop.sidecar()).expect("copy");
    laptop.annotate(&["-p", "3", "-t", "disputed", "-n", "من الحاسوب"]);
    // ...while the server gets two edits (a higher rev).
    env.annotate(&["-p", "3", "-t", "source"]);
    env.annotate(&["-p", "3", "-t", "quote"]);
    let copy = env
        .corpus
        .join("a.txt.annotations.sync-conflict-20261101-101010-ABCDEFG.jsonl");
    fs::copy(laptop.sidecar(), &copy).expect("copy");
    let o = env.run(&["doctor", env.corpus.to_str().expect("p")]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out.contains("merged 1 annotation(s) from a.txt.annotations.sync-conflict"),
        "{out}"
    );
    let got = live(&env);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].tags, ["claim", "source", "quote", "disputed"]);
    assert_eq!(got[0].note, "من الحاسوب");
}

fn mkfifo(p: &Path) {
    rustix::fs::mkfifoat(rustix::fs::CWD, p, rustix::fs::Mode::from(0o644)).expect("mkfifo");
}

#[test]
fn fifos_and_devices_are_refused_and_nothing_hangs() {
    let env = Env::new();
    mkfifo(&env.sidecar());
    let corpus = env.corpus.to_str().expect("p");
    let o = env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"]);
    assert!(!o.status.success());
    assert!(err(&o).contains("a FIFO"), "{}", err(&o));
    let o = env.run(&["export", corpus, "-f", "jsonl"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = env.run(&["doctor", corpus]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.code() == Some(1)
            && out.contains("a FIFO")
            && out.contains("1 sidecar(s) refused"),
        "{out}{}",
        err(&o)
    );
    // An article that is a FIFO, or a link to a device.
    let fifo = env.corpus.join("b.txt");
    mkfifo(&fifo);
    symlink("/dev/zero", env.corpus.join("c.txt")).expect("link");
    for f in [&fifo, &env.corpus.join("c.txt")] {
        let f = f.to_str().expect("p");
        let o = env.run(&["render", f]);
        assert!(
            !o.status.success() && err(&o).contains("not a regular file"),
            "{}",
            err(&o)
        );
        let o = env.run(&["annotate", f, "-p", "1", "-t", "claim"]);
        assert!(
            !o.status.success() && err(&o).contains("not a regular file"),
            "{}",
            err(&o)
        );
    }
    let o = env.run(&["list", corpus]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success() && out.starts_with("a.txt") && out.lines().count() == 1,
        "{out}"
    );
}

/// Hold the lock of `env`'s sidecar, as another hamish saving would.
pub fn hold_lock(env: &Env) -> fs::File {
    let f = fs::File::create(env.corpus.join("a.txt.annotations.jsonl.lock")).expect("lock");
    f.lock().expect("flock");
    f
}

#[test]
fn a_held_lock_makes_the_cli_say_so_give_up_and_keep_a_draft() {
    let env = Env::new();
    let lock = hold_lock(&env);
    let start = Instant::now();
    let o = env.run(&[
        "annotate",
        env.art(),
        "-p",
        "3",
        "-t",
        "claim",
        "--wait",
        "2",
    ]);
    let took = start.elapsed();
    assert!(!o.status.success());
    let e = err(&o);
    assert!(e.contains("waiting for"), "{e}");
    assert!(
        e.contains(&format!(
            "held by another hamish (process {})",
            std::process::id()
        )),
        "{e}"
    );
    assert!(e.contains("gave up after 2 s"), "{e}");
    assert!(e.contains("kept as a draft"), "{e}");
    assert!(took >= Duration::from_secs(2), "{took:?}");
    assert_eq!(e.matches("not saved").count(), 1, "reported once: {e}");
    assert!(!env.sidecar().exists());
    assert_eq!(env.drafts().len(), 1);
    drop(lock);
    env.annotate(&["-p", "3", "-t", "claim"]);
    assert_eq!(live(&env).len(), 1);
}

#[test]
fn a_failed_write_removes_its_temp_file_reports_once_and_keeps_a_draft() {
    let env = Env::new();
    // A sidecar of some size, then a file size limit below it: the write
    // fails (EFBIG) as on a full disk, the small draft still fits.
    for p in 2..=12 {
        let note = "ملاحظة طويلة ".repeat(40);
        env.annotate(&["-p", &p.to_string(), "-t", "claim", "-n", &note]);
    }
    let before = fs::read(env.sidecar()).expect("sidecar");
    assert!(before.len() > 16 * 1024, "{}", before.len());
    let listing = names(&env.corpus);
    let script = format!(
        "trap '' XFSZ; ulimit -f 12; exec '{}' annotate '{}' -p 13 -t source",
        env!("CARGO_BIN_EXE_hamish"),
        env.art()
    );
    let o = env.run_program("bash", &["-c", &script]);
    assert!(!o.status.success());
    let e = err(&o);
    assert_eq!(e.matches("not saved").count(), 1, "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.contains("File too large") && e.contains("kept as a draft"),
        "{e}"
    );
    assert_eq!(names(&env.corpus), listing, "no temp file left");
    assert_eq!(fs::read(env.sidecar()).expect("sidecar"), before);
    assert_eq!(env.drafts().len(), 1);
}

#[test]
fn doctor_leaves_look_alike_articles_alone() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let look_alike = env.corpus.join("a.txt.annotations.md");
    fs::write(&look_alike, "تقرير عن الملاحظات\n").expect("write");
    let git_like = env.corpus.join("a.txt.annotations.jsonl.orig");
    fs::write(&git_like, "not a sidecar at all\n").expect("write");
    let o = env.run(&["doctor", env.corpus.to_str().expect("p")]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        fs::read_to_string(&look_alike).expect("kept"),
        "تقرير عن الملاحظات\n"
    );
    assert!(git_like.exists(), "not a sidecar: left alone");
    let got = live(&env);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].tags, ["claim"]);
}

#[test]
fn doctor_prints_nothing_from_a_file_raw() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let text = fs::read_to_string(env.sidecar()).expect("sidecar");
    let mut v: serde_json::Value =
        serde_json::from_str(text.lines().nth(1).expect("line")).expect("json");
    v["id"] = serde_json::json!("\u{1b}]52;c;aGFjaw==\u{7}\u{1b}[2J");
    v["anchor"]["quote"] = serde_json::json!("\u{1b}[31mغير موجود\u{9b}31m");
    v["anchor"]["para_sha256"] = serde_json::json!("0");
    v["anchor"]["doc_sha256"] = serde_json::json!("0");
    let bad = "{\"id\": \"\u{1b}[5m\", \"broken\u{1b}]0;title\u{7}";
    fs::write(
        env.sidecar(),
        format!("{}\n{v}\n{v}\n{bad}\n", text.lines().next().expect("h")),
    )
    .expect("write");
    let o = env.run(&["doctor", env.corpus.to_str().expect("p")]);
    assert!(o.status.success(), "{}", err(&o));
    for (what, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        assert!(
            !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
            "{what}: {}",
            String::from_utf8_lossy(bytes)
        );
        assert!(!String::from_utf8_lossy(bytes).contains('\u{9b}'));
    }
    assert!(String::from_utf8_lossy(&o.stdout).contains("orphan"));
}

#[test]
fn doctor_recovers_interrupted_saves_and_merges_conflict_copies_among_10000_articles() {
    let env = Env::new();
    for i in 0..10_000 {
        fs::write(env.corpus.join(format!("n{i:05}.txt")), "خبر قصير.\n").expect("write");
    }
    env.annotate(&["-p", "3", "-t", "claim"]);
    // A killed save's temp file holding one more annotation.
    let other = Env::new();
    other.annotate(&["-p", "3", "-t", "claim"]);
    other.annotate(&["-p", "4", "-t", "source"]);
    let mut merged = fs::read_to_string(env.sidecar()).expect("sidecar");
    let extra = fs::read_to_string(other.sidecar()).expect("other");
    for l in extra.lines().skip(1) {
        if l.contains("\"source\"") {
            merged.push_str(l);
            merged.push('\n');
        }
    }
    let leftover = env.corpus.join(".a.txt.annotations.jsonl.Xy12Ab34.tmp");
    fs::write(&leftover, &merged).expect("write");
    // And a sync tool's conflict copy of another article's sidecar.
    let n7 = env.corpus.join("n00007.txt");
    let o = env.run(&[
        "annotate",
        n7.to_str().expect("p"),
        "-p",
        "1",
        "-t",
        "quote",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let copy = env
        .corpus
        .join("n00007.txt.annotations.sync-conflict-20261101-101010-ABCDEFG.jsonl");
    let n7_sidecar = sidecar_beside(&n7);
    fs::rename(&n7_sidecar, &copy).expect("move");

    let o = env.run(&["doctor", env.corpus.to_str().expect("p")]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out.contains("merged 1 annotation(s) from .a.txt.annotations.jsonl.Xy12Ab34.tmp, left by an interrupted save, and removed it"),
        "{out}"
    );
    assert!(!leftover.exists());
    assert_eq!(live(&env).len(), 2);
    assert!(
        out.contains("(kept as n00007.txt.annotations.sync-conflict-"),
        "{out}"
    );
    assert!(n7_sidecar.exists());
    assert!(out.contains("2 article(s) with 3 annotation(s)"), "{out}");
}

#[test]
fn first_annotations_made_at_once_become_one_and_removal_reaches_every_tag() {
    let env = Env::new();
    let tags = [
        "claim",
        "casualties",
        "source",
        "actor",
        "location",
        "date",
        "quote",
        "disputed",
        "follow-up",
    ];
    let handles: Vec<_> = tags
        .iter()
        .map(|t| {
            let mut cmd = env.command(
                env!("CARGO_BIN_EXE_hamish"),
                &["annotate", env.art(), "-p", "2", "-t", t],
            );
            std::thread::spawn(move || cmd.output().expect("runs"))
        })
        .collect();
    for h in handles {
        let o = h.join().expect("thread");
        assert!(o.status.success(), "{}", err(&o));
    }
    let got = live(&env);
    assert_eq!(got.len(), 1, "one annotation: {got:?}");
    let mut have = got[0].tags.clone();
    have.sort();
    let mut want: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    want.sort();
    assert_eq!(have, want, "every tag on disk");
    // Two annotations on one paragraph (from before this was so): a
    // removal reaches both.
    let text = fs::read_to_string(env.sidecar()).expect("sidecar");
    let mut v: serde_json::Value =
        serde_json::from_str(text.lines().nth(1).expect("line")).expect("json");
    v["id"] = serde_json::json!("0190d3a4-5b6c-7def-8123-456789abcdef");
    v["tags"] = serde_json::json!(["claim"]);
    fs::write(env.sidecar(), format!("{text}{v}\n")).expect("write");
    assert_eq!(live(&env).len(), 2);
    let out = env.annotate(&["-p", "2", "-t", "claim", "--remove"]);
    assert!(!out.contains("claim"), "{out}");
    assert!(
        live(&env)
            .iter()
            .all(|a| !a.tags.contains(&"claim".to_string()))
    );
    let out = env.annotate(&["-p", "2", "--remove"]);
    assert_eq!(out.trim(), "paragraph 2: no annotation");
    assert!(live(&env).is_empty());
}

#[test]
fn a_link_made_by_someone_else_to_a_file_of_mine_is_refused() {
    let env = Env::new();
    // An empty file of the user's (as root: root's), linked from the
    // corpus by another user: a hostile link, whatever the target holds.
    let target = env.home.path().join("mine-empty");
    fs::write(&target, "").expect("write");
    symlink(&target, env.sidecar()).expect("link");
    if is_root() {
        std::os::unix::fs::lchown(env.sidecar(), Some(65534), Some(65534)).expect("lchown");
        let o = env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"]);
        assert!(!o.status.success());
        assert!(
            err(&o).contains("belongs to user 0, the link to user 65534"),
            "{}",
            err(&o)
        );
        assert_eq!(fs::read(&target).expect("target"), b"");
        assert!(!env.home.path().join("mine-empty.bak").exists());
        assert!(!env.home.path().join("mine-empty.lock").exists());
        // A file of the link's maker, but in a folder that is not: refused
        // before anything is made there.
        let prot = env.home.path().join("prot");
        fs::create_dir(&prot).expect("mkdir");
        let theirs = prot.join("foo");
        fs::write(&theirs, "").expect("write");
        std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).expect("chown");
        let bak = prot.join("foo.bak");
        fs::write(&bak, "root's own\n").expect("write");
        fs::remove_file(env.sidecar()).expect("rm");
        symlink(&theirs, env.sidecar()).expect("link");
        std::os::unix::fs::lchown(env.sidecar(), Some(65534), Some(65534)).expect("lchown");
        let o = env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"]);
        assert!(!o.status.success());
        assert!(
            err(&o).contains("its folder belongs to user 0"),
            "{}",
            err(&o)
        );
        assert_eq!(fs::read_to_string(&bak).expect("bak"), "root's own\n");
        assert_eq!(names(&prot), ["foo", "foo.bak"], "nothing made there");
    } else {
        // A link of one's own to one's own empty file is written through.
        env.annotate(&["-p", "3", "-t", "claim"]);
        assert!(
            fs::read_to_string(&target)
                .expect("target")
                .contains("claim")
        );
    }
}

#[test]
fn a_lock_file_no_one_may_open_is_reported_not_taken_as_a_read_only_folder() {
    let env = Env::new();
    let lock = env.corpus.join("a.txt.annotations.jsonl.lock");
    fs::write(&lock, "").expect("lock");
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o000)).expect("chmod");
    let o = if is_root() {
        // Root opens anything: act as another user, in a folder open to all.
        for d in [env.home.path(), env.corpus.as_path()] {
            fs::set_permissions(d, fs::Permissions::from_mode(0o777)).expect("chmod");
        }
        fs::set_permissions(&env.article, fs::Permissions::from_mode(0o644)).expect("chmod");
        let bin = env!("CARGO_BIN_EXE_hamish");
        env.run_program(
            "setpriv",
            &[
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                bin,
                "annotate",
                env.art(),
                "-p",
                "3",
                "-t",
                "claim",
            ],
        )
    } else {
        env.run(&["annotate", env.art(), "-p", "3", "-t", "claim"])
    };
    assert!(!o.status.success(), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("a.txt.annotations.jsonl.lock") && e.contains("cannot be opened"),
        "{e}"
    );
    assert!(
        !env.home.path().join("data/hamish/sidecars").exists(),
        "not saved elsewhere"
    );
}

#[test]
fn a_folder_swapped_for_a_link_during_a_save_redirects_nothing() {
    use hamish::notes::disk;
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let place = disk::locate(&env.sidecar()).expect("place");
    let lock = match disk::try_lock(&place).expect("lock") {
        Ok(l) => l,
        Err(busy) => panic!("{busy:?}"),
    };
    let old = disk::read_locked(&lock, &place)
        .expect("read")
        .expect("there");
    // The corpus folder moves away and a link to another folder takes its
    // place, between the lock and the write.
    let elsewhere = env.home.path().join("elsewhere");
    fs::create_dir(&elsewhere).expect("mkdir");
    let moved = env.home.path().join("moved");
    fs::rename(&env.corpus, &moved).expect("move");
    symlink(&elsewhere, &env.corpus).expect("link");
    disk::replace(&lock, &place, b"new bytes\n", Some(&old), None).expect("replace");
    assert!(
        names(&elsewhere).is_empty(),
        "nothing written through the link"
    );
    assert_eq!(
        fs::read(moved.join("a.txt.annotations.jsonl")).expect("sidecar"),
        b"new bytes\n"
    );
    assert_eq!(
        fs::read(moved.join("a.txt.annotations.jsonl.bak")).expect("bak"),
        old.bytes
    );
}

#[test]
fn doctor_on_one_file_leaves_a_look_alike_article_alone_and_goes_on_after_a_busy_sidecar() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let look_alike = env.corpus.join("a.txt.annotations.jsonl~notes.md");
    fs::copy(env.sidecar(), &look_alike).expect("copy");
    let o = env.run(&["doctor", env.art()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(look_alike.exists(), "an article is never renamed");
    // b.txt's sidecar is busy; c.txt's conflict copy is still merged.
    for n in ["b.txt", "c.txt"] {
        fs::copy(SEED_004, env.corpus.join(n)).expect("copy");
        let o = env.run(&[
            "annotate",
            env.corpus.join(n).to_str().expect("p"),
            "-p",
            "2",
            "-t",
            "date",
        ]);
        assert!(o.status.success(), "{}", err(&o));
        let s = env.corpus.join(format!("{n}.annotations.jsonl"));
        fs::copy(&s, env.corpus.join(format!("{n}.annotations.jsonl.orig"))).expect("copy");
    }
    let other = Env::new();
    other.annotate(&["-p", "4", "-t", "quote"]);
    let extra = fs::read_to_string(other.sidecar()).expect("other");
    for n in ["b.txt", "c.txt"] {
        let orig = env.corpus.join(format!("{n}.annotations.jsonl.orig"));
        let mut text = fs::read_to_string(&orig).expect("orig");
        text.push_str(extra.lines().nth(1).expect("line"));
        text.push('\n');
        fs::write(&orig, text).expect("write");
    }
    let held = fs::File::create(env.corpus.join("b.txt.annotations.jsonl.lock")).expect("lock");
    held.lock().expect("flock");
    let o = env.run(&["doctor", env.corpus.to_str().expect("p"), "--wait", "1"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!o.status.success(), "a problem is an error exit: {out}");
    assert!(
        out.contains("b.txt: cannot merge") && out.contains("gave up after 1 s"),
        "{out}"
    );
    assert!(
        out.contains("c.txt: merged 1 annotation(s) from c.txt.annotations.jsonl.orig"),
        "{out}"
    );
    assert!(out.contains("1 article(s) not checked"), "{out}");
}

#[test]
fn an_old_copy_never_undoes_a_later_edit_even_one_that_reverted_a_change() {
    let env = Env::new();
    env.annotate(&["-p", "2", "-t", "claim"]);
    env.annotate(&["-p", "2", "-t", "source"]);
    let copy = env
        .corpus
        .join("a.txt.annotations.sync-conflict-20261101-101010-ABCDEFG.jsonl");
    fs::copy(env.sidecar(), &copy).expect("copy");
    // Back to the state before `source`, as a later edit.
    env.annotate(&["-p", "2", "-t", "source", "--remove"]);
    let o = env.run(&["doctor", env.corpus.to_str().expect("p")]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(live(&env)[0].tags, ["claim"]);
    // A copy split off under a new id and deleted since stays deleted
    // when the same copy comes back.
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let text = fs::read_to_string(env.sidecar()).expect("sidecar");
    let mut v: serde_json::Value =
        serde_json::from_str(text.lines().nth(1).expect("line")).expect("json");
    let a = hamish::article::Article::load(&env.article).expect("article");
    v["anchor"] = serde_json::to_value(hamish::notes::anchor_for(&a.paragraphs, 5, &a.doc_sha256))
        .expect("anchor");
    v["tags"] = serde_json::json!(["date"]);
    let copy_text = format!("{}\n{v}\n", text.lines().next().expect("header"));
    let copy = env.corpus.join("a.txt.annotations.jsonl.orig");
    fs::write(&copy, &copy_text).expect("write");
    env.run(&["doctor", env.corpus.to_str().expect("p")]);
    assert_eq!(live(&env).len(), 2, "split off");
    env.annotate(&["-p", "6", "--remove"]);
    assert_eq!(live(&env).len(), 1);
    fs::write(&copy, &copy_text).expect("write again");
    env.run(&["doctor", env.corpus.to_str().expect("p")]);
    assert_eq!(live(&env).len(), 1, "the deleted copy stays deleted");
}

#[test]
fn commands_racing_on_one_paragraph_end_as_one_order_of_them_would() {
    for _ in 0..3 {
        let env = Env::new();
        env.annotate(&["-p", "2", "-t", "quote"]);
        let lock = hold_lock(&env);
        let bin = env!("CARGO_BIN_EXE_hamish");
        let mut remove = env.command(
            bin,
            &[
                "annotate",
                env.art(),
                "-p",
                "2",
                "-t",
                "quote",
                "-t",
                "actor",
                "--remove",
                "--wait",
                "20",
            ],
        );
        let mut add = env.command(
            bin,
            &[
                "annotate",
                env.art(),
                "-p",
                "2",
                "-t",
                "quote",
                "-t",
                "actor",
                "--wait",
                "20",
            ],
        );
        let a = std::thread::spawn(move || remove.output().expect("runs"));
        let b = std::thread::spawn(move || add.output().expect("runs"));
        std::thread::sleep(Duration::from_millis(300));
        drop(lock);
        for h in [a, b] {
            let o = h.join().expect("thread");
            assert!(o.status.success(), "{}", err(&o));
        }
        let mut tags: Vec<String> = live(&env).into_iter().flat_map(|a| a.tags).collect();
        tags.sort();
        assert!(
            tags.is_empty() || tags == ["actor", "quote"],
            "no order of the two gives {tags:?}"
        );
    }
}

#[test]
fn thousands_of_copies_of_one_id_are_read_at_once_and_kept() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    let text = fs::read_to_string(env.sidecar()).expect("sidecar");
    let line = text.lines().nth(1).expect("line").to_string();
    let mut big = text.clone();
    for i in 0..3000 {
        big.push_str(&line.replace("\"claim\"", &format!("\"claim\",\"t{i}\"")));
        big.push('\n');
    }
    fs::write(env.sidecar(), &big).expect("write");
    let store = NoteStore::open_in(&env.article, None);
    assert_eq!(store.live().count(), 1);
    let max = hamish::notes::sidecar::MAX_VERSIONS;
    assert_eq!(
        store.bad_lines().len(),
        3001 - max,
        "the rest kept as they are"
    );
    let o = env.run(&["export", env.art(), "-f", "jsonl"]);
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn a_folder_one_may_search_but_not_list_is_read_and_saving_falls_back() {
    let env = Env::new();
    env.annotate(&["-p", "3", "-t", "claim"]);
    fs::set_permissions(env.home.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    fs::set_permissions(&env.corpus, fs::Permissions::from_mode(0o711)).expect("chmod");
    fs::set_permissions(env.sidecar(), fs::Permissions::from_mode(0o644)).expect("chmod");
    fs::set_permissions(&env.article, fs::Permissions::from_mode(0o644)).expect("chmod");
    let place = hamish::notes::disk::locate(&env.sidecar()).expect("place");
    let read = hamish::notes::disk::read(&place)
        .expect("read")
        .expect("there");
    assert!(String::from_utf8_lossy(&read.bytes).contains("claim"));
    if is_root() {
        // As another user, who may not write there: the data folder.
        let data = tempfile::tempdir().expect("tempdir");
        fs::set_permissions(data.path(), fs::Permissions::from_mode(0o777)).expect("chmod");
        let o = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_hamish"))
            .args(["annotate", env.art(), "-p", "4", "-t", "source"])
            .env("HOME", data.path())
            .env("XDG_DATA_HOME", data.path().join("data"))
            .env("XDG_STATE_HOME", data.path().join("state"))
            .output()
            .expect("runs");
        assert!(o.status.success(), "{}", err(&o));
        assert!(
            err(&o).contains("not writable; annotations saved in"),
            "{}",
            err(&o)
        );
        let o = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_hamish"))
            .args(["export", env.art(), "-f", "jsonl"])
            .env("HOME", data.path())
            .env("XDG_DATA_HOME", data.path().join("data"))
            .output()
            .expect("runs");
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(out.contains("claim") && out.contains("source"), "{out}");
    }
}

#[test]
fn doctor_on_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    let odd = env
        .corpus
        .join(std::ffi::OsStr::from_bytes(b"z\x9b\x1bq.txt"));
    fs::copy(SEED_004, &odd).expect("copy");
    // A name that is not UTF-8: annotated through the library.
    let a = hamish::article::Article::load(&odd).expect("article");
    let mut store = NoteStore::open_in(&odd, None);
    hamish::notes::edit::edit_paragraph(&mut store, &a.paragraphs, &a.doc_sha256, 0, "t", |x| {
        x.tags.push("claim".into())
    });
    store.save().expect("save");
    let o = env.run(&["doctor", env.corpus.to_str().expect("p")]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{out}{}", err(&o));
    assert!(!out.contains("no article of that name"), "{out}");
    assert!(!o.stdout.contains(&0x1b), "{out}");
    assert!(out.contains("1 article(s) with 1 annotation(s)"), "{out}");
}

#[test]
fn removing_from_a_paragraph_with_nothing_writes_nothing() {
    let env = Env::new();
    let out = env.annotate(&["-p", "3", "--remove"]);
    assert_eq!(out.trim(), "paragraph 3: no annotation");
    assert_eq!(names(&env.corpus), ["a.txt"], "no sidecar, no lock");
}
