//! Turning command-line paths into texts to lint: walking directories
//! (respecting .gitignore), reading standard input, and reporting unreadable
//! or non-UTF-8 input with the file and byte offset.

use crate::source::SourceFile;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// File extensions linted when walking a directory.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

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
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Expands the paths given on the command line into inputs, in order:
/// files as given, directories walked (sorted, .gitignore respected).
pub fn collect(paths: &[PathBuf], mut accept: impl FnMut(&Path) -> bool) -> (Vec<Input>, Vec<InputError>) {
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
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, accept: &mut impl FnMut(&Path) -> bool, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .sort_by_file_path(|a, b| a.cmp(b))
        .require_git(false)
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
}

/// Bytes looked at for a NUL when deciding a file is binary.
const BINARY_SNIFF: usize = 8000;

/// Reads an input as UTF-8 text.
pub fn read(input: &Input) -> Result<Content, InputError> {
    let path = input.display();
    let error = |message: String| InputError {
        path: path.clone(),
        message,
    };
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| error(io_message(&e)))?;
            buf
        }
        Input::File(p) => read_file(p).map_err(|e| error(io_message(&e)))?,
    };
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some() {
        return Ok(Content::Binary);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        error(format!(
            "invalid UTF-8 at byte {offset} (line {line}); is the file in another encoding?"
        ))
    })?;
    Ok(Content::Text(SourceFile::new(path, text)))
}

/// Reads a regular file; anything else (a FIFO, a device) is refused rather
/// than waited on.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::read(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_byte_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.txt");
        std::fs::write(&file, b"ok\nab\xffcd").unwrap();
        let err = read(&Input::File(file)).unwrap_err();
        assert!(err.path.ends_with("bad.txt"));
        assert!(err.message.contains("byte 5"), "{}", err.message);
        assert!(err.message.contains("line 2"), "{}", err.message);
    }

    #[test]
    fn directories_are_walked_sorted_and_filtered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "ب").unwrap();
        std::fs::write(dir.path().join("a.md"), "أ").unwrap();
        std::fs::write(dir.path().join("c.png"), "x").unwrap();
        let (inputs, errors) = collect(&[dir.path().to_path_buf()], |_| true);
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
        assert!(matches!(read(&Input::File(file)), Ok(Content::Binary)));
    }

    #[test]
    fn empty_directory_and_missing_path_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.txt");
        let (inputs, errors) = collect(&[dir.path().to_path_buf(), missing], |_| true);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("no text files"));
        assert!(errors[1].message.contains("no such file"));
    }
}
