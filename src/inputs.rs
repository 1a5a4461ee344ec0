//! Turning command-line paths into texts to lint: walking directories
//! (respecting .gitignore), reading standard input, and reporting unreadable
//! or non-UTF-8 input with the file and byte offset.

use crate::source::SourceFile;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// File extensions linted when walking a directory.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "xlf", "xliff", "tmx"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Input that could not be linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printed for people: a path can hold escape sequences or newlines.
        write!(
            f,
            "{}: {}",
            crate::output::shown_path(&self.path),
            crate::arabic::script::printable(&self.message)
        )
    }
}

/// Expands the paths given on the command line into inputs, in order:
/// files as given, directories walked (sorted, .gitignore respected).
/// The inputs the paths name: files as given, directories walked for text
/// files that `accept` takes. A file named directly is linted unless
/// `excluded` says it is (with `--force-exclude`).
pub fn collect(
    paths: &[PathBuf],
    mut accept: impl FnMut(&Path) -> bool,
    mut excluded: impl FnMut(&Path) -> bool,
) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(InputError {
                path: path.display().to_string(),
                message: io_message(&e),
            }),
            Ok(meta) if meta.is_dir() => {
                let before = inputs.len();
                walk(path, &mut accept, &mut inputs, &mut errors);
                if inputs.len() == before {
                    errors.push(InputError {
                        path: path.display().to_string(),
                        message: format!("no text files here (looked for .{})", TEXT_EXTENSIONS.join(", .")),
                    });
                }
            }
            Ok(_) if excluded(path) => {}
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, accept: &mut impl FnMut(&Path) -> bool, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    // Symlinked files and directories are followed (the walker detects
    // loops and reports them as errors naming the link).
    let walker = ignore::WalkBuilder::new(dir)
        .sort_by_file_path(|a, b| a.cmp(b))
        .require_git(false)
        .follow_links(true)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_text = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(e)));
                if entry.file_type().is_some_and(|t| t.is_file()) && is_text && accept(path) {
                    inputs.push(Input::File(path.to_path_buf()));
                }
            }
            Err(e) => errors.push(InputError {
                path: dir.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// What reading an input gave.
#[derive(Debug)]
pub enum Content {
    Text(SourceFile),
    /// A NUL byte near the start: not text (git's test).
    Binary,
    /// Larger than `--max-file-size` (the size, or the limit for stdin).
    TooLarge(u64),
}

/// Bytes looked at for a NUL (or a UTF-16 signature) when deciding what a
/// file holds.
const BINARY_SNIFF: usize = 8000;

/// Reads an input as UTF-8 text, refusing inputs larger than `max_size`
/// bytes before reading them (stdin: as soon as it passes the limit).
pub fn read(input: &Input, max_size: u64) -> Result<Content, InputError> {
    let path = input.display();
    let error = |message: String| InputError {
        path: path.clone(),
        message,
    };
    let bytes = match input {
        Input::Stdin => match read_stdin(max_size).map_err(|e| error(io_message(&e)))? {
            Ok(bytes) => bytes,
            Err(early) => return early.map_err(error),
        },
        Input::File(p) => match read_file(p, max_size).map_err(|e| error(io_message(&e)))? {
            Ok(bytes) => bytes,
            Err(size) => return Ok(Content::TooLarge(size)),
        },
    };
    if let Some(content) = sniff(&bytes[..bytes.len().min(BINARY_SNIFF)]) {
        return content.map_err(error);
    }
    // The standard library's check reads Arabic text (two bytes a letter,
    // no ASCII to skip) a character at a time; simdutf8 reads 32 bytes at
    // a time, and an invalid text is read again to say where it fails.
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        let offset = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(error(format!(
            "invalid UTF-8 at byte {offset} (line {line}); is the file in another encoding?"
        )));
    }
    // SAFETY: simdutf8 has just found `bytes` to be valid UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    Ok(Content::Text(SourceFile::new(path, text)))
}

/// What the first block of an input says, when it settles the matter:
/// UTF-16 text (an error: a silent skip would let the article pass), or
/// binary (skipped with a note).
fn sniff(head: &[u8]) -> Option<Result<Content, String>> {
    const CONVERT: &str = "mtlint reads UTF-8; convert it first (iconv -f UTF-16 -t UTF-8)";
    if let Some(order) = utf16_order(head) {
        return Some(Err(format!("the file is UTF-16 text ({order}); {CONVERT}")));
    }
    memchr::memchr(0, head).map(|_| Ok(Content::Binary))
}

/// UTF-16 recognised by its byte-order mark, or without one by its shape:
/// nearly every other byte is the high byte of an ASCII (0x00) or Arabic
/// (0x06) code unit, and the bytes between them hold no NUL.
fn utf16_order(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xFE]) {
        return Some("little-endian, with a byte-order mark");
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Some("big-endian, with a byte-order mark");
    }
    if head.len() < 8 || memchr::memchr(0, head).is_none() {
        return None;
    }
    let shaped = |high: usize| {
        let units = head.len() / 2;
        let highs = (0..units).filter(|i| matches!(head[2 * i + high], 0x00 | 0x06)).count();
        let low_nuls = (0..units).filter(|i| head[2 * i + 1 - high] == 0).count();
        highs * 10 >= units * 9 && low_nuls * 50 <= units
    };
    if shaped(1) {
        Some("little-endian, without a byte-order mark")
    } else if shaped(0) {
        Some("big-endian, without a byte-order mark")
    } else {
        None
    }
}

/// Standard input, up to `max_size` bytes. Its first block is looked at
/// before the rest is read, so `mtlint check - < /dev/zero` stops at once.
fn read_stdin(max_size: u64) -> std::io::Result<Result<Vec<u8>, Result<Content, String>>> {
    let mut stdin = std::io::stdin().lock();
    let mut buf = Vec::new();
    (&mut stdin).take(BINARY_SNIFF as u64).read_to_end(&mut buf)?;
    if let Some(content) = sniff(&buf) {
        return Ok(Err(content));
    }
    stdin
        .take(max_size.saturating_add(1).saturating_sub(buf.len() as u64))
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > max_size {
        return Ok(Err(Ok(Content::TooLarge(max_size))));
    }
    Ok(Ok(buf))
}

/// Reads a regular file; anything else (a FIFO, a device) is refused rather
/// than waited on.
/// `Err(size)` when the file is larger than `max_size`.
fn read_file(path: &Path, max_size: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut file = open_without_waiting(path)?;
    // Asked of the open file, not of the path again: on a thousand small
    // files, looking each path up twice more was a measurable part of the
    // run (docs/performance.md, eighteenth stop).
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > max_size {
        return Ok(Err(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Through `take`, which reads without asking the file's size and
    // position again (`File::read_to_end` does); a file that grew since is
    // read as far as one byte over the limit.
    (&mut file).take(max_size.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// Opens a file for reading without waiting for a writer when it is a FIFO
/// (which [`read_file`] then refuses).
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    // Elsewhere opening does not wait; a special file is refused once open.
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_byte_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.txt");
        std::fs::write(&file, b"ok\nab\xffcd").unwrap();
        let err = read(&Input::File(file), u64::MAX).unwrap_err();
        assert!(err.path.ends_with("bad.txt"));
        assert!(err.message.contains("byte 5"), "{}", err.message);
        assert!(err.message.contains("line 2"), "{}", err.message);
    }

    /// Arabic text long enough for the vector check, read whole; the same
    /// text cut inside a letter, refused at that letter.
    #[test]
    fn long_arabic_text_is_read_and_a_cut_letter_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text = "قال مظلوم عبدي إن الهجوم فشل.\n".repeat(20);
        let file = dir.path().join("good.txt");
        std::fs::write(&file, &text).unwrap();
        match read(&Input::File(file), u64::MAX) {
            Ok(Content::Text(source)) => assert_eq!(source.text(), text),
            _ => panic!("a UTF-8 text is read"),
        }
        let cut = text.len() - 3;
        let file = dir.path().join("cut.txt");
        std::fs::write(&file, &text.as_bytes()[..cut]).unwrap();
        let err = read(&Input::File(file), u64::MAX).unwrap_err();
        let expected = format!("byte {} (line 20)", cut - 1);
        assert!(err.message.contains(&expected), "{}", err.message);
    }

    #[test]
    fn directories_are_walked_sorted_and_filtered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "ب").unwrap();
        std::fs::write(dir.path().join("a.md"), "أ").unwrap();
        std::fs::write(dir.path().join("c.png"), "x").unwrap();
        let (inputs, errors) = collect(&[dir.path().to_path_buf()], |_| true, |_| false);
        assert!(errors.is_empty());
        let names: Vec<_> = inputs
            .iter()
            .map(|i| i.display().rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(names, ["a.md", "b.txt"]);
    }

    #[test]
    fn binary_files_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("image.txt");
        std::fs::write(&file, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
        assert!(matches!(read(&Input::File(file), u64::MAX), Ok(Content::Binary)));
    }

    #[test]
    fn utf16_is_an_error_with_or_without_a_byte_order_mark() {
        let text = "قال مظلوم عبدي في 2024 إن الهجوم فشل";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes, says) in [
            ("le-bom.txt", [&[0xFF, 0xFE][..], &le].concat(), "little-endian, with"),
            ("be-bom.txt", [&[0xFE, 0xFF][..], &be].concat(), "big-endian, with"),
            ("le.txt", le.clone(), "little-endian, without"),
            ("be.txt", be.clone(), "big-endian, without"),
        ] {
            let file = dir.path().join(name);
            std::fs::write(&file, bytes).unwrap();
            let err = read(&Input::File(file), u64::MAX).unwrap_err();
            assert!(err.message.contains(says), "{name}: {}", err.message);
            assert!(err.message.contains("UTF-16"), "{name}: {}", err.message);
        }
    }

    #[test]
    fn files_over_the_size_limit_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.txt");
        std::fs::write(&file, "نص ".repeat(100)).unwrap();
        assert!(matches!(
            read(&Input::File(file.clone()), 100),
            Ok(Content::TooLarge(500))
        ));
        assert!(matches!(read(&Input::File(file), 500), Ok(Content::Text(_))));
    }

    #[test]
    fn empty_directory_and_missing_path_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.txt");
        let (inputs, errors) = collect(&[dir.path().to_path_buf(), missing], |_| true, |_| false);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("no text files"));
        assert!(errors[1].message.contains("no such file"));
    }
}
