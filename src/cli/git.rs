//! git as the team's sync engine: the merge driver for sidecars
//! (`hamish merge-sidecar %O %A %B`) and `hamish git-setup`, which
//! installs it in a corpus that is a git repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::notes::gitmerge;
use crate::text::display::display_path;

/// What `.gitattributes` gets: sidecars merge with the driver below.
pub const ATTRIBUTES: &str = "*.annotations.jsonl merge=hamish";
/// What `.gitignore` gets: the lock, the previous version and the temp
/// files of a save, which are no part of the corpus.
pub const IGNORED: [&str; 3] = [
    "*.annotations.jsonl.lock",
    "*.annotations.jsonl.bak",
    ".*.annotations.jsonl.*.tmp",
];

/// git's merge driver: merge `ours` (`%A`, where the result goes) and
/// `theirs` (`%B`); the ancestor (`%O`) is not needed (deletions are
/// records). On input that is not a sidecar, `ours` is left as it is and
/// the error says which side.
pub fn merge_sidecar(_base: &Path, ours: &Path, theirs: &Path) -> anyhow::Result<()> {
    let read =
        |p: &Path| std::fs::read(p).with_context(|| format!("cannot read {}", display_path(p)));
    let (a, b) = (read(ours)?, read(theirs)?);
    let merged = gitmerge::merge(&a, &b).map_err(|e| {
        anyhow::anyhow!(
            "{}: {}; left for git to show as a conflict",
            display_path(ours),
            e.0
        )
    })?;
    // Next to the result, then renamed over it: a half-written result is
    // never what git reads.
    let tmp = ours.with_extension("hamish-merge.tmp");
    std::fs::write(&tmp, &merged)
        .with_context(|| format!("cannot write {}", display_path(&tmp)))?;
    std::fs::rename(&tmp, ours).with_context(|| format!("cannot write {}", display_path(ours)))?;
    Ok(())
}

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            crate::text::sanitize::sanitize(String::from_utf8_lossy(&out.stderr).trim())
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Add each of `lines` missing from the file at `path` (made if absent);
/// the lines added.
fn add_lines(path: &Path, lines: &[&str]) -> anyhow::Result<Vec<String>> {
    // Only a regular file of the corpus itself: a link could make this
    // write somewhere else.
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.file_type().is_file()
    {
        bail!(
            "{} is not a regular file ({}); left alone: add the line `{}` to it by hand",
            display_path(path),
            crate::files::kind_name(meta.file_type()),
            lines.join("`, `")
        );
    }
    let old = match crate::files::read_regular(path) {
        Ok(b) => String::from_utf8(b)
            .with_context(|| format!("{} is not UTF-8 text", display_path(path)))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", display_path(path))),
    };
    let missing: Vec<String> = lines
        .iter()
        .filter(|l| !old.lines().any(|o| o.trim() == **l))
        .map(|l| l.to_string())
        .collect();
    if !missing.is_empty() {
        let mut text = old;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for l in &missing {
            text.push_str(l);
            text.push('\n');
        }
        std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", display_path(path)))?;
    }
    Ok(missing)
}

/// The command git runs to merge a sidecar: this hamish, by its full path
/// (git may run with another PATH), quoted for git's shell.
fn driver_command() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_else(|| "hamish".into());
    format!("'{}' merge-sidecar %O %A %B", exe.replace('\'', r"'\''"))
}

/// Install the merge driver in the git repository holding `corpus`: the
/// attribute and ignore lines in the corpus folder, the driver in the
/// repository's config. What was done, a line each.
pub fn setup(corpus: &Path) -> anyhow::Result<Vec<String>> {
    if !corpus.is_dir() {
        bail!("{} is not a folder", display_path(corpus));
    }
    let top = git(corpus, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        anyhow::anyhow!(
            "{} is not in a git repository (git init first)",
            display_path(corpus)
        )
    })?;
    let mut done = Vec::new();
    let attrs: PathBuf = corpus.join(".gitattributes");
    for l in add_lines(&attrs, &[ATTRIBUTES])? {
        done.push(format!("{}: added {l}", display_path(&attrs)));
    }
    let ignore = corpus.join(".gitignore");
    for l in add_lines(&ignore, &IGNORED)? {
        done.push(format!("{}: added {l}", display_path(&ignore)));
    }
    let driver = driver_command();
    git(
        corpus,
        &["config", "merge.hamish.name", "hamish sidecar merge"],
    )?;
    git(corpus, &["config", "merge.hamish.driver", &driver])?;
    done.push(format!(
        "{}: merge.hamish.driver = {}",
        crate::text::sanitize::sanitize(&top),
        crate::text::sanitize::sanitize(&driver)
    ));
    Ok(done)
}

/// Whether the repository holding `corpus` has the driver configured (for
/// `doctor`).
pub fn driver_installed(corpus: &Path) -> Option<bool> {
    git(corpus, &["rev-parse", "--show-toplevel"]).ok()?;
    Some(git(corpus, &["config", "--get", "merge.hamish.driver"]).is_ok_and(|d| !d.is_empty()))
}
