//! Finding a translation's original on disk from a pairing pattern, such as
//! `{stem}.en.txt` (in `mtlint.toml`: `source = "{stem}.en.txt"`, or
//! `--source-pattern`).
//!
//! The pattern is a path relative to the translation's directory, with
//! `{stem}`: the file name without its extension and without a language
//! tag (`ar`, `arb`, `ara`, `ar-EG`…): `article.ar.txt` → `article`; and
//! `{name}`: the whole file name.

use std::path::{Path, PathBuf};

/// The original for `translation` under `pattern`.
pub fn source_for(translation: &Path, pattern: &str) -> PathBuf {
    let name = translation.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let path = pattern.replace("{stem}", stem(name)).replace("{name}", name);
    match translation.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(path),
        _ => PathBuf::from(path),
    }
}

/// `article.ar.txt` → `article`; `article.txt` → `article`.
pub fn stem(name: &str) -> &str {
    let without_extension = name.rsplit_once('.').map_or(name, |(s, _)| s);
    match without_extension.rsplit_once('.') {
        Some((stem, tag)) if is_arabic_tag(tag) => stem,
        _ => without_extension,
    }
}

fn is_arabic_tag(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    matches!(lower.as_str(), "ar" | "arb" | "ara" | "arabic") || lower.starts_with("ar-") || lower.starts_with("ar_")
}

/// Whether a walked file is itself an original under `pattern` (so a
/// directory of pairs lints only the translations).
pub fn is_original(path: &Path, pattern: &str) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(template) = Path::new(pattern).file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    match template.split_once("{stem}") {
        Some((before, after)) => {
            name.len() > before.len() + after.len() && name.starts_with(before) && name.ends_with(after)
        }
        None => name == template,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_patterns() {
        assert_eq!(stem("article.ar.txt"), "article");
        assert_eq!(stem("article.ar-EG.md"), "article");
        assert_eq!(stem("article.txt"), "article");
        assert_eq!(stem("news.2024.txt"), "news.2024");
        assert_eq!(
            source_for(Path::new("articles/a.ar.txt"), "{stem}.en.txt"),
            PathBuf::from("articles/a.en.txt")
        );
        assert_eq!(
            source_for(Path::new("ar/a.txt"), "../en/{name}"),
            PathBuf::from("ar/../en/a.txt")
        );
        assert!(is_original(Path::new("x/a.en.txt"), "{stem}.en.txt"));
        assert!(!is_original(Path::new("x/a.ar.txt"), "{stem}.en.txt"));
    }
}
