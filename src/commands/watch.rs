//! `mtlint check --watch`: lint everything once, then lint again each file
//! that changes and print what changed: the findings it gained (in the
//! chosen format, on standard output) and a line on standard error with
//! how many it lost and has in all. Runs until interrupted.

use super::EXIT_ERROR;
use super::check::{Outcome, color_choice, gather, process};
use super::settings::Resolver;
use crate::cli::CheckArgs;
use crate::diagnostic::Diagnostic;
use crate::inputs::Input;
use crate::output::human::plural;
use crate::output::{FileReport, Format, human, shown_path, write_report};
use codespan_reporting::term::termcolor::BufferedStandardStream;
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Changes that arrive this close together are one change (an editor's
/// save is several events).
const SETTLE: Duration = Duration::from_millis(150);

/// A finding as the same finding after the text around it moved: its
/// rule, message and flagged text, not its position.
type Key = (String, String, String);

pub fn run(args: &CheckArgs) -> i32 {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: --watch needs files or directories, not standard input");
        return EXIT_ERROR;
    }
    if matches!(args.format, Format::Sarif | Format::Html) {
        eprintln!("error: --watch prints findings as they change; --format sarif and html describe a whole run");
        return EXIT_ERROR;
    }
    // Watching starts before the first lint, so no edit made during it is missed.
    let (events, changes) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(events) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch for changes: {e}");
            return EXIT_ERROR;
        }
    };
    // A path that cannot be watched is reported; the others are watched.
    let mut watched = 0;
    for path in &args.paths {
        match watcher.watch(path, RecursiveMode::Recursive) {
            Ok(()) => watched += 1,
            Err(e) => eprintln!(
                "error: {}: cannot watch for changes: {e}",
                shown_path(&path.display().to_string())
            ),
        }
    }
    if watched == 0 {
        return EXIT_ERROR;
    }
    let mut known: HashMap<PathBuf, Vec<Key>> = HashMap::new();
    let mut resolver = Resolver::new(args);
    relint(args, &mut resolver, None, &mut known);
    eprintln!("watching for changes (Ctrl-C to stop)");
    loop {
        let Ok(first) = changes.recv() else {
            return EXIT_ERROR;
        };
        let mut changed = BTreeSet::new();
        let mut add = |event: notify::Result<notify::Event>| {
            if let Ok(event) = event
                && !event.kind.is_access()
            {
                changed.extend(event.paths);
            }
        };
        add(first);
        while let Ok(event) = changes.recv_timeout(SETTLE) {
            add(event);
        }
        // A changed configuration or rule pack can change every finding.
        if changed.iter().any(|p| p.extension().is_some_and(|e| e == "toml")) {
            eprintln!("configuration changed: linting everything again");
            resolver = Resolver::new(args);
            relint(args, &mut resolver, None, &mut known);
        } else {
            relint(args, &mut resolver, Some(&changed), &mut known);
        }
    }
}

/// Lints the inputs (only the `changed` ones, when given) and prints what
/// changed since `known`, which it then updates.
fn relint(
    args: &CheckArgs,
    resolver: &mut Resolver,
    changed: Option<&BTreeSet<PathBuf>>,
    known: &mut HashMap<PathBuf, Vec<Key>>,
) {
    let Ok((inputs, errors)) = gather(args, resolver) else {
        return; // the configuration is broken; gather printed why
    };
    for e in &errors {
        eprintln!("error: {e}");
    }
    // Events name paths as the watcher saw them (absolute, maybe through
    // a symlink); inputs are named as given.
    let canonical: Option<BTreeSet<PathBuf>> =
        changed.map(|c| c.iter().filter_map(|p| p.canonicalize().ok()).collect());
    let is_changed = |p: &Path| match (changed, &canonical) {
        (Some(c), Some(canonical)) => {
            c.contains(p) || c.contains(&absolute(p)) || p.canonicalize().is_ok_and(|p| canonical.contains(&p))
        }
        _ => true,
    };
    let mut present = BTreeSet::new();
    let mut out = BufferedStandardStream::stdout(color_choice(args.color));
    let (mut findings, mut files) = (0, 0);
    for (input, context) in &inputs {
        let Input::File(path) = input else { continue };
        present.insert(path.clone());
        if !is_changed(path) {
            continue;
        }
        match process(args, input, context) {
            Outcome::Linted { report, error, .. } => {
                if let Some(e) = error {
                    eprintln!("error: {e}");
                }
                findings += report.diagnostics.len();
                files += usize::from(!report.diagnostics.is_empty());
                let first_time = changed.is_none();
                let now = print_changes(args.format, report, known.get(path), first_time, &mut out);
                known.insert(path.clone(), now);
            }
            Outcome::Skipped(note) => eprintln!("note: {note}"),
            Outcome::Failed(e) => eprintln!("error: {e}"),
        }
    }
    let _ = out.flush();
    if changed.is_none() {
        eprintln!("{} in {}", plural(findings, "finding"), plural(files, "file"));
    }
    // Files that are gone (deleted, renamed, excluded) lose their findings.
    let gone: Vec<PathBuf> = known.keys().filter(|p| !present.contains(*p)).cloned().collect();
    for path in gone {
        if changed.is_some() {
            eprintln!("{}: no longer linted", shown_path(&path.display().to_string()));
        }
        known.remove(&path);
    }
}

/// Prints the findings `report` has that `before` did not, and (after the
/// first pass) a line with how many it gained and lost. Returns the keys
/// of its findings.
fn print_changes(
    format: Format,
    report: FileReport,
    before: Option<&Vec<Key>>,
    first_time: bool,
    out: &mut BufferedStandardStream,
) -> Vec<Key> {
    let text = report.source.text();
    let now: Vec<Key> = report.diagnostics.iter().map(|d| key(text, d)).collect();
    let mut unmatched: HashMap<&Key, usize> = HashMap::new();
    for k in before.into_iter().flatten() {
        *unmatched.entry(k).or_default() += 1;
    }
    let mut gained = Vec::new();
    for (d, k) in report.diagnostics.iter().zip(&now) {
        match unmatched.get_mut(k) {
            Some(n) if *n > 0 => *n -= 1,
            _ => gained.push(d.clone()),
        }
    }
    let lost: usize = unmatched.values().sum();
    let path = shown_path(report.source.path()).into_owned();
    let (total, new) = (now.len(), gained.len());
    if !gained.is_empty() {
        let reports = [FileReport {
            source: report.source,
            diagnostics: gained,
        }];
        let written = match format {
            Format::Human => human::write_diagnostics(&reports, out),
            // A stream of changes is JSON lines, not one array per change.
            Format::Json => write_report(Format::Jsonl, &reports, &[], out),
            other => write_report(other, &reports, &[], out),
        };
        if let Err(e) = written.and_then(|()| out.flush()) {
            eprintln!("error: cannot write output: {e}");
        }
    }
    if !first_time {
        eprintln!("{path}: {new} new, {lost} gone, {} now", plural(total, "finding"));
    }
    now
}

fn key(text: &str, d: &Diagnostic) -> Key {
    (
        d.rule.to_string(),
        d.message.to_string(),
        text[d.span.clone()].to_string(),
    )
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
