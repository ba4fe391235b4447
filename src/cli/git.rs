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
/// `theirs` (`%B`) given their ancestor (`%O`); `path` (`%P`) is the
/// sidecar's name in the repository, which names the article in the
/// header. On input that is not a sidecar, `ours` is left as it is and
/// the error says which side.
pub fn merge_sidecar(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: Option<&Path>,
) -> anyhow::Result<()> {
    let read =
        |p: &Path| std::fs::read(p).with_context(|| format!("cannot read {}", display_path(p)));
    let (a, b) = (read(ours)?, read(theirs)?);
    // No ancestor (both sides added the file): as if it were empty.
    let o = std::fs::read(base).unwrap_or_default();
    let target = path
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(crate::notes::store::SIDECAR_SUFFIX));
    let merged = gitmerge::merge(&o, &a, &b, target).map_err(|e| {
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
/// (git may run with another PATH), quoted for git's shell, a `%` in it
/// doubled (git would take `%A` in a path for a file name).
pub fn driver_command() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_else(|| "hamish".into());
    driver_for(&exe)
}

fn driver_for(exe: &str) -> String {
    format!(
        "'{}' merge-sidecar %O %A %B %P",
        exe.replace('%', "%%").replace('\'', r"'\''")
    )
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
    // The driver first: an attribute naming a driver git does not have
    // would stop every merge of a sidecar.
    let mut done = Vec::new();
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
    let attrs: PathBuf = corpus.join(".gitattributes");
    for l in add_lines(&attrs, &[ATTRIBUTES])? {
        done.push(format!("{}: added {l}", display_path(&attrs)));
    }
    // Ignoring the lock and temp files is a nicety: a problem with the
    // ignore file is said, not fatal.
    let ignore = corpus.join(".gitignore");
    match add_lines(&ignore, &IGNORED) {
        Ok(added) => done.extend(
            added
                .into_iter()
                .map(|l| format!("{}: added {l}", display_path(&ignore))),
        ),
        Err(e) => done.push(format!("{e:#}")),
    }
    Ok(done)
}

/// Whether the repository holding `corpus` has a driver configured whose
/// program is there to run (for `doctor`): `None` outside a repository.
pub fn driver_installed(corpus: &Path) -> Option<bool> {
    git(corpus, &["rev-parse", "--show-toplevel"]).ok()?;
    let driver = git(corpus, &["config", "--get", "merge.hamish.driver"]).unwrap_or_default();
    // The program: quoted as git-setup writes it, else the first word.
    let program = match driver.strip_prefix('\'') {
        Some(rest) => rest
            .split("' ")
            .next()
            .map(|p| p.replace(r"'\''", "'").replace("%%", "%")),
        None => driver.split_whitespace().next().map(str::to_string),
    };
    Some(program.is_some_and(|p| {
        let p = Path::new(&p);
        if p.is_absolute() {
            std::fs::metadata(p).is_ok_and(|m| {
                use std::os::unix::fs::PermissionsExt;
                m.is_file() && m.permissions().mode() & 0o111 != 0
            })
        } else {
            !p.as_os_str().is_empty()
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::driver_for;

    #[test]
    fn the_driver_command_survives_git_and_its_shell() {
        assert_eq!(
            driver_for("/opt/it's 100%A/hamish"),
            r"'/opt/it'\''s 100%%A/hamish' merge-sidecar %O %A %B %P"
        );
    }
}
