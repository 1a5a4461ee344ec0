//! The thread that lints, so the thread that talks to the editor never
//! waits on a lint. Jobs that pile up while it works are coalesced: only
//! the newest text of each document is linted.

use crate::bilingual::pairing::source_for;
use crate::commands::settings::{Context, Resolver};
use crate::diagnostic::Diagnostic;
use crate::lint::Linter;
use crate::markup::Markup;
use crate::source::SourceFile;
use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<str>,
    /// The file on disk, which decides the configuration that applies.
    pub path: Option<PathBuf>,
    pub markup: Markup,
}

pub enum Request {
    Lint(Job),
    /// A configuration file changed: compile contexts afresh.
    Reload,
}

pub struct Done {
    pub uri: Uri,
    pub version: i32,
    /// The name the text was linted under.
    pub name: String,
    pub outcome: Result<(Vec<Diagnostic>, Arc<Context>), String>,
}

pub fn spawn(mut make_resolver: impl FnMut() -> Resolver + Send + 'static) -> (Sender<Request>, Receiver<Done>) {
    let (requests, incoming) = crossbeam_channel::unbounded::<Request>();
    let (finished, done) = crossbeam_channel::unbounded();
    std::thread::Builder::new()
        .name("mtlint-lint".into())
        .spawn(move || {
            let mut resolver = make_resolver();
            while let Ok(first) = incoming.recv() {
                let mut latest: HashMap<String, Job> = HashMap::new();
                for request in std::iter::once(first).chain(incoming.try_iter()) {
                    match request {
                        Request::Lint(job) => {
                            latest.insert(job.uri.as_str().to_string(), job);
                        }
                        Request::Reload => resolver = make_resolver(),
                    }
                }
                for job in latest.into_values() {
                    let name = source_name(&job);
                    let outcome = lint(&mut resolver, &job, &name);
                    let done = Done {
                        name,
                        uri: job.uri,
                        version: job.version,
                        outcome,
                    };
                    if finished.send(done).is_err() {
                        return;
                    }
                }
            }
        })
        .expect("a thread can be started");
    (requests, done)
}

fn source_name(job: &Job) -> String {
    job.path
        .as_ref()
        .map_or_else(|| job.uri.as_str().to_string(), |p| p.display().to_string())
}

fn lint(resolver: &mut Resolver, job: &Job, name: &str) -> Result<(Vec<Diagnostic>, Arc<Context>), String> {
    let context = resolver
        .for_path(job.path.as_deref())
        .map_err(|errors| errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))?;
    let source = SourceFile::new(name, job.text.to_string());
    // The English original, when the configuration pairs files with one.
    let original = context
        .source_pattern
        .as_deref()
        .zip(job.path.as_deref())
        .map(|(pattern, path)| source_for(path, pattern))
        .and_then(|p| {
            std::fs::read_to_string(&p)
                .ok()
                .map(|text| SourceFile::new(p.display().to_string(), text))
        });
    let linter = Linter {
        engine: &context.engine,
        settings: &context.settings,
    };
    let diagnostics = linter.lint_with(&source, job.markup, job.path.as_deref(), original.as_ref());
    Ok((diagnostics, context))
}
