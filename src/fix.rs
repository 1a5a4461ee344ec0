//! Applying fixes to a text: non-overlapping, each touching only its span.

use crate::diagnostic::Fix;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub applied: usize,
    /// Fixes left for a later run because they overlap an applied one.
    pub deferred: usize,
}

/// Applies fixes in position order; a fix that overlaps one already taken
/// waits for the next run (its finding will be reported again if it still
/// applies to the new text).
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Fixed {
    let mut fixes: Vec<&Fix> = fixes.into_iter().collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    let mut deferred = 0;
    for fix in fixes {
        if fix.span.start < cursor || fix.span.end > text.len() {
            deferred += 1;
            continue;
        }
        // Two insertions at the same point would overlap in effect.
        if fix.span.is_empty() && fix.span.start == cursor && applied > 0 {
            deferred += 1;
            continue;
        }
        out.push_str(&text[cursor..fix.span.start]);
        out.push_str(&fix.replacement);
        cursor = fix.span.end;
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    Fixed {
        text: out,
        applied,
        deferred,
    }
}

/// Writes a file so that it is never seen half-written: the new contents go
/// to a temporary file in the same directory, which then replaces the
/// original by a rename. The original's permissions are kept. If anything
/// fails, the original is untouched and the temporary file is removed.
pub fn write_atomic(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(contents))
}

/// [`write_atomic`] with the writing done by `write` (which tests use to
/// fail part-way).
pub fn write_atomic_with(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let mut temp = tempfile::Builder::new()
        .prefix(".mtlint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    temp.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;

    fn fix(span: std::ops::Range<usize>, replacement: &str) -> Fix {
        Fix {
            span,
            replacement: replacement.into(),
            applicability: Applicability::Safe,
        }
    }

    #[test]
    fn applies_in_order_and_defers_overlaps() {
        let fixes = [fix(5..7, "Y"), fix(0..1, "A"), fix(6..7, "X")];
        let result = apply_fixes("abcdefgh", &fixes);
        assert_eq!(result.text, "AbcdeYh");
        assert_eq!(result.applied, 2);
        assert_eq!(result.deferred, 1);
    }

    #[test]
    fn atomic_write_replaces_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "قديم").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&file, "جديد".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "جديد");
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn failed_write_leaves_original_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "الأصل").unwrap();
        let err = write_atomic_with(&file, |w| {
            w.write_all("نصف".as_bytes())?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "الأصل");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file removed"
        );
    }

    #[test]
    fn no_fixes_is_identity() {
        let result = apply_fixes("نص", []);
        assert_eq!(result.text, "نص");
        assert_eq!(result.applied, 0);
    }
}
