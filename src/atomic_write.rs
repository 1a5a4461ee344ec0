//! Writing files so that no edit is ever lost and no file is ever seen
//! half-written: the new contents go to a temporary file beside the target,
//! which replaces it by a rename once it is complete and synced.
//!
//! Replacing an article that `--fix` read earlier adds the checks a file
//! rewriter owes its user: the file must still hold what was read (else a
//! concurrent edit would be lost), a symlink is written through to its
//! target, a hard-linked or read-only file is not silently replaced, the
//! owner, group and permissions are kept, and temporary files a killed run
//! left behind are removed.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files are named `.mtlint-<pid>-<random>.tmp`, so a later run
/// can tell one whose writer is dead.
const TEMP_PREFIX: &str = ".mtlint-";
const TEMP_SUFFIX: &str = ".tmp";

/// Why a file was not replaced.
#[derive(Debug)]
pub enum WriteError {
    /// The file is not what was read: someone edited it meanwhile.
    Changed,
    /// More than one name points at the file; a rename would split them.
    HardLinked(u64),
    /// No write permission bit is set; the user has to ask (`--force`).
    ReadOnly,
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(
                f,
                "the file changed on disk while mtlint was fixing it; the newer file is left as it is (run again)"
            ),
            WriteError::HardLinked(n) => write!(
                f,
                "the file has {n} hard links and replacing it would separate them; not written (fix a copy, or use --diff)"
            ),
            WriteError::ReadOnly => write!(f, "the file is read-only; not written (use --force to fix it anyway)"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Options for [`replace_checked`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplaceOptions {
    /// Rewrite read-only files too.
    pub force: bool,
}

/// Writes a new file (or replaces one) atomically; permissions of a file
/// that is replaced are kept.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(contents))
}

/// [`write_atomic`] with the writing done by `write` (which tests use to
/// fail part-way).
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let existing = fs::metadata(path).ok();
    let temp = write_temp(parent(path), existing.as_ref(), write)?;
    commit(temp, path)
}

/// Replaces `path`, which held `original` when it was read, by `contents`.
/// Refuses (leaving the file untouched and no temporary file behind) when
/// the file no longer holds `original`, is hard-linked, or is read-only
/// without `force`. A symlink is followed: its target is replaced and the
/// link stays a link.
pub fn replace_checked(
    path: &Path,
    original: &[u8],
    contents: &[u8],
    options: ReplaceOptions,
) -> Result<(), WriteError> {
    replace_checked_with(path, original, options, |w| w.write_all(contents))
}

/// [`replace_checked`] with the writing done by `write` (tests edit the
/// file from inside it, as a concurrent editor would).
pub fn replace_checked_with(
    path: &Path,
    original: &[u8],
    options: ReplaceOptions,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let target = if fs::symlink_metadata(path)?.file_type().is_symlink() {
        fs::canonicalize(path)?
    } else {
        path.to_path_buf()
    };
    let meta = fs::metadata(&target)?;
    if meta.nlink() > 1 {
        return Err(WriteError::HardLinked(meta.nlink()));
    }
    if meta.permissions().readonly() && !options.force {
        return Err(WriteError::ReadOnly);
    }
    let dir = parent(&target);
    remove_stale_temporaries(dir);
    let temp = write_temp(dir, Some(&meta), write)?;
    // Checked after the (possibly long) write, as close to the rename as
    // can be: the window left is the rename itself.
    if !still_holds(&target, &meta, original)? {
        return Err(WriteError::Changed);
    }
    commit(temp, &target)?;
    Ok(())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The new contents, complete and synced, in a temporary file in `dir` with
/// the permissions, owner and group of the file it will replace.
fn write_temp(
    dir: &Path,
    existing: Option<&fs::Metadata>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<tempfile::NamedTempFile> {
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    if existing.is_none() {
        // A new file (a report written with -o) gets the mode any new file
        // gets, 0666 less the umask, not a temporary file's private 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    write(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    if let Some(meta) = existing {
        // Owner and group where permitted (only root may give a file away;
        // a member of the group may keep the group).
        let _ = std::os::unix::fs::fchown(temp.as_file(), Some(meta.uid()), Some(meta.gid()));
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Renames the temporary file over `path` and syncs the directory, so the
/// rename itself survives a crash.
fn commit(temp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    temp.persist(path).map_err(|e| e.error)?;
    if let Ok(dir) = File::open(parent(path)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Whether the file is still the one read: same inode, same length, same
/// bytes.
fn still_holds(path: &Path, read: &fs::Metadata, original: &[u8]) -> io::Result<bool> {
    let mut file = File::open(path)?;
    let now = file.metadata()?;
    if now.ino() != read.ino() || now.dev() != read.dev() || now.len() != original.len() as u64 {
        return Ok(false);
    }
    // Compared a block at a time: a big file is not read into a second
    // copy of itself.
    let mut block = vec![0; (64 << 10).min(original.len()).max(1)];
    let mut rest = original;
    loop {
        let n = match file.read(&mut block) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(rest.is_empty());
        }
        if n > rest.len() || block[..n] != rest[..n] {
            return Ok(false);
        }
        rest = &rest[n..];
    }
}

/// Removes, once per directory and run, the temporary files of runs that
/// died before they could (SIGKILL, a crash, power loss).
fn remove_stale_temporaries(dir: &Path) {
    static CLEANED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut cleaned = CLEANED.lock().unwrap_or_else(|e| e.into_inner());
        if !cleaned.get_or_insert_with(HashSet::new).insert(dir.to_path_buf()) {
            return;
        }
    }
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The pid in a temporary file name of ours.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    rest.split_once('-')?.0.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: kill with signal 0 sends nothing; it only asks whether the
    // process exists (EPERM: it does, owned by someone else).
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// A write past `ulimit -f` should fail with an error that mtlint handles
/// (removing its temporary file), not kill the process with SIGXFSZ.
pub fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN at start-up, before
    // any thread is spawned, installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn only_file(dir: &Path) {
        let names: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(
            names.iter().all(|n| !n.to_string_lossy().starts_with(TEMP_PREFIX)),
            "temporary file left: {names:?}"
        );
    }

    #[test]
    fn atomic_write_replaces_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "قديم").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&file, "جديد".as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "جديد");
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
        only_file(dir.path());
    }

    #[test]
    fn a_new_file_gets_the_usual_mode_not_a_private_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.html");
        write_atomic(&file, b"<html>").unwrap();
        // SAFETY: umask only swaps the process's mask; it is put back at once.
        let umask = unsafe {
            let old = libc::umask(0o022);
            libc::umask(old);
            old
        };
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o666 & !(umask as u32)
        );
    }

    #[test]
    fn failed_write_leaves_original_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "الأصل").unwrap();
        let err = write_atomic_with(&file, |w| {
            w.write_all("نصف".as_bytes())?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read_to_string(&file).unwrap(), "الأصل");
        only_file(dir.path());
    }

    #[test]
    fn a_file_edited_during_the_fix_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "قال مظلوم عبادي\n").unwrap();
        let err = replace_checked_with(
            &file,
            "قال مظلوم عبادي\n".as_bytes(),
            ReplaceOptions::default(),
            |w| {
                // Someone appends a line while mtlint writes the fixed text.
                fs::OpenOptions::new()
                    .append(true)
                    .open(&file)?
                    .write_all("سطر جديد\n".as_bytes())?;
                w.write_all("قال مظلوم عبدي\n".as_bytes())
            },
        )
        .unwrap_err();
        assert!(matches!(err, WriteError::Changed), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "قال مظلوم عبادي\nسطر جديد\n");
        only_file(dir.path());
    }

    #[test]
    fn a_big_file_still_holds_what_was_read_only_if_every_block_does() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        let read = "خبر ".repeat(100_000).into_bytes();
        let holds = |contents: &[u8]| {
            fs::write(&file, contents).unwrap();
            still_holds(&file, &fs::metadata(&file).unwrap(), &read).unwrap()
        };
        assert!(holds(&read));
        // The same length, one byte changed in the last block.
        let mut edited = read.clone();
        *edited.last_mut().unwrap() = b'!';
        assert!(!holds(&edited));
        let mut edited = read.clone();
        edited[70_000] = b'!';
        assert!(!holds(&edited));
        assert!(!holds(&read[..read.len() - 1]));
        fs::write(&file, "").unwrap();
        assert!(still_holds(&file, &fs::metadata(&file).unwrap(), b"").unwrap());
    }

    #[test]
    fn a_symlink_is_written_through_to_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&target, "قديم").unwrap();
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        replace_checked(&link, "قديم".as_bytes(), "جديد".as_bytes(), ReplaceOptions::default()).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "جديد");
        only_file(dir.path());
    }

    #[test]
    fn hard_links_and_read_only_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "قديم").unwrap();
        fs::hard_link(&file, dir.path().join("b.txt")).unwrap();
        let err = replace_checked(&file, "قديم".as_bytes(), "جديد".as_bytes(), ReplaceOptions::default()).unwrap_err();
        assert!(matches!(err, WriteError::HardLinked(2)), "{err}");
        assert_eq!(fs::read_to_string(dir.path().join("b.txt")).unwrap(), "قديم");

        let locked = dir.path().join("locked.txt");
        fs::write(&locked, "قديم").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
        let err =
            replace_checked(&locked, "قديم".as_bytes(), "جديد".as_bytes(), ReplaceOptions::default()).unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly), "{err}");
        assert_eq!(fs::read_to_string(&locked).unwrap(), "قديم");
        replace_checked(
            &locked,
            "قديم".as_bytes(),
            "جديد".as_bytes(),
            ReplaceOptions { force: true },
        )
        .unwrap();
        assert_eq!(fs::read_to_string(&locked).unwrap(), "جديد");
        assert_eq!(fs::metadata(&locked).unwrap().permissions().mode() & 0o777, 0o444);
        only_file(dir.path());
    }

    #[test]
    fn temporaries_of_dead_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "قديم").unwrap();
        // No process has this pid (above the kernel's pid_max limit).
        let stale = dir.path().join(".mtlint-4194999-abc123.tmp");
        fs::write(&stale, "half").unwrap();
        let mine = dir.path().join(format!(".mtlint-{}-keep.tmp", std::process::id()));
        fs::write(&mine, "in use").unwrap();
        replace_checked(&file, "قديم".as_bytes(), "جديد".as_bytes(), ReplaceOptions::default()).unwrap();
        assert!(!stale.exists(), "a dead run's temporary file is removed");
        assert!(mine.exists(), "a live run's temporary file is kept");
        assert_eq!(temp_owner(".mtlint-12-x.tmp"), Some(12));
        assert_eq!(temp_owner(".mtlint-x.tmp"), None);
    }

    #[test]
    fn owner_and_group_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "قديم").unwrap();
        // Giving the file away needs root; elsewhere keeping our own ids is
        // all there is to check.
        let (uid, gid) = (65534, 65534);
        let given = std::os::unix::fs::chown(&file, Some(uid), Some(gid)).is_ok();
        let before = fs::metadata(&file).unwrap();
        replace_checked(&file, "قديم".as_bytes(), "جديد".as_bytes(), ReplaceOptions::default()).unwrap();
        let after = fs::metadata(&file).unwrap();
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        if given {
            assert_eq!((after.uid(), after.gid()), (uid, gid));
        }
    }
}
