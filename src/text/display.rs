//! File names and paths made safe to show: lossy UTF-8, no controls.

use std::path::Path;

use super::sanitize;

/// A file name made safe to show.
pub fn display_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy());
    sanitize::sanitize(&name)
}

/// A whole path made safe to show.
pub fn display_path(path: &Path) -> String {
    sanitize::sanitize(&path.to_string_lossy())
}

/// A phrase quoted in a message: safe to show, and cut short when long.
pub fn short_phrase(phrase: &str) -> String {
    let clean = sanitize::shown(phrase);
    if clean.chars().count() > 24 {
        let mut s: String = clean.chars().take(23).collect();
        s.push('…');
        s
    } else {
        clean
    }
}
