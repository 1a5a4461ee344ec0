//! `mtlint check`: lint (and optionally fix) inputs in parallel, report in
//! input order.

use super::settings::{Context, Resolver};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, no_color, print_pack_errors};
use crate::cli::{CheckArgs, ColorWhen};
use crate::diagnostic::Applicability;
use crate::fix::write_atomic;
use crate::inputs::{self, Content, Input, InputError};
use crate::lint::Linter;
use crate::markup::Markup;
use crate::output::human::plural;
use crate::output::{FileReport, Format, human, json, statistics, write_report};
use crate::rules::RuleInfo;
use codespan_reporting::term::termcolor::{Buffer, BufferedStandardStream, ColorChoice, WriteColor};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

/// What happened to one input.
enum Outcome {
    Linted {
        report: FileReport,
        context: Arc<Context>,
        /// Fixes applied (with --fix) or that would be (with --diff).
        fixed: usize,
        /// With --diff: the fixed text, when it differs.
        diff: Option<String>,
    },
    Skipped(String),
    Failed(InputError),
}

pub fn run(args: &CheckArgs) -> i32 {
    let mut resolver = Resolver::new(args);
    // Walk directories under the configuration found for each of them.
    let mut config_errors = Vec::new();
    let mut inputs: Vec<(Input, Arc<Context>)> = Vec::new();
    // A file whose configuration is broken is kept here; the error is
    // reported below when its context is resolved again.
    let (found, mut errors) = inputs::collect(&args.paths, |file| match resolver.for_path(Some(file)) {
        Ok(context) => context.filter.accepts(file),
        Err(_) => true,
    });
    for input in found {
        let path = match &input {
            Input::Stdin => None,
            Input::File(p) => Some(p.as_path()),
        };
        match resolver.for_path(path) {
            Ok(context) => inputs.push((input, context)),
            Err(e) => {
                if !config_errors.iter().any(|x: &crate::rules::pack::PackError| {
                    e.iter().any(|y| y.pack == x.pack && y.message == x.message)
                }) {
                    config_errors.extend(e);
                }
            }
        }
    }
    if !config_errors.is_empty() {
        print_pack_errors(&config_errors);
        return EXIT_ERROR;
    }
    for e in &errors {
        eprintln!("error: {e}");
    }
    let stdin_fix = args.fix && inputs.iter().any(|(i, _)| *i == Input::Stdin);
    let contexts: Vec<Arc<Context>> = inputs.iter().map(|(_, c)| c.clone()).collect();
    let rules = all_rules(&contexts);
    // With --diff the diffs are the output; findings are not reported.
    let mut sink = match (!args.diff).then(|| Sink::new(args, rules, stdin_fix)).transpose() {
        Ok(sink) => sink,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            return EXIT_ERROR;
        }
    };
    let mut diffs = Vec::new();
    let mut write_error: Option<io::Error> = None;
    // Files are linted in parallel a chunk at a time and reported in input
    // order; each chunk's texts are dropped once written, so memory follows
    // the largest files, not the size of the corpus.
    let chunk = if inputs.len() == 1 {
        1
    } else {
        rayon::current_num_threads() * 4
    };
    for batch in inputs.chunks(chunk) {
        let outcomes: Vec<Outcome> = if batch.len() == 1 {
            batch
                .iter()
                .map(|(input, context)| process(args, input, context))
                .collect()
        } else {
            batch
                .par_iter()
                .map(|(input, context)| process(args, input, context))
                .collect()
        };
        for outcome in outcomes {
            match outcome {
                Outcome::Linted {
                    report,
                    context,
                    fixed,
                    diff,
                } => {
                    if let Some(new_text) = diff {
                        diffs.push((
                            report.source.path().to_string(),
                            report.source.text().to_string(),
                            new_text,
                        ));
                    }
                    if let Some(sink) = &mut sink
                        && write_error.is_none()
                        && let Err(e) = sink.add(report, &context, fixed)
                    {
                        write_error = Some(e);
                    }
                }
                Outcome::Skipped(note) => eprintln!("note: {note}"),
                Outcome::Failed(e) => {
                    eprintln!("error: {e}");
                    errors.push(e);
                }
            }
        }
    }
    let Some(sink) = sink else {
        return finish_diff(&diffs, &errors);
    };
    let failing = sink.failing;
    let result = match write_error {
        Some(e) => Err(e),
        None => sink.finish(),
    };
    match result {
        Ok(()) => {}
        // A closed pipe (`mtlint check | head`) is the reader's choice.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            return EXIT_ERROR;
        }
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Where reports go as they are produced.
struct Sink<'a> {
    args: &'a CheckArgs,
    rules: Vec<RuleInfo>,
    out: Out,
    format: Format,
    /// The array of `--format json`, streamed.
    json: json::JsonArray,
    totals: human::Totals,
    /// Kept whole only for formats that need every finding at the end.
    kept: Vec<FileReport>,
    fixed: usize,
    fixed_files: usize,
    safe_fixable: usize,
    unsafe_fixable: usize,
    failing: bool,
}

impl<'a> Sink<'a> {
    fn new(args: &'a CheckArgs, rules: Vec<RuleInfo>, stdin_fix: bool) -> io::Result<Sink<'a>> {
        // With `--fix -` the fixed text goes to stdout and findings to stderr.
        let (out, format) = if stdin_fix {
            (
                Out::Stream(BufferedStandardStream::stderr(ColorChoice::Never)),
                Format::Concise,
            )
        } else if args.output_file.is_some() {
            (Out::File(Buffer::no_color()), args.format)
        } else {
            (
                Out::Stream(BufferedStandardStream::stdout(color_choice(args.color))),
                args.format,
            )
        };
        let mut sink = Sink {
            args,
            rules,
            out,
            format,
            json: json::JsonArray::default(),
            totals: human::Totals::default(),
            kept: Vec::new(),
            fixed: 0,
            fixed_files: 0,
            safe_fixable: 0,
            unsafe_fixable: 0,
            failing: false,
        };
        if sink.streams() && format == Format::Json {
            sink.json.begin(sink.out.writer())?;
        }
        Ok(sink)
    }

    /// SARIF and --statistics need every finding before writing anything.
    fn streams(&self) -> bool {
        !self.args.statistics && self.format != Format::Sarif
    }

    fn add(&mut self, report: FileReport, context: &Context, fixed: usize) -> io::Result<()> {
        self.fixed += fixed;
        self.fixed_files += usize::from(fixed > 0);
        self.totals.add(&report);
        for d in &report.diagnostics {
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => self.safe_fixable += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
                None => {}
            }
            self.failing |= d.severity >= context.settings.fail_on;
        }
        if !self.streams() {
            self.kept.push(report);
            return Ok(());
        }
        let reports = std::slice::from_ref(&report);
        match self.format {
            Format::Human => human::write_diagnostics(reports, self.out.writer()),
            Format::Json => self.json.push_reports(self.out.writer(), reports),
            other => write_report(other, reports, &self.rules, self.out.writer()),
        }
    }

    fn finish(mut self) -> io::Result<()> {
        let summary = self.fix_summary();
        let human = self.format == Format::Human && !self.args.statistics;
        if self.args.statistics {
            statistics::write_statistics(&self.kept, self.out.writer())?;
        } else if self.format == Format::Sarif {
            write_report(Format::Sarif, &self.kept, &self.rules, self.out.writer())?;
        } else if self.format == Format::Json {
            std::mem::take(&mut self.json).finish(self.out.writer())?;
        }
        if human {
            writeln!(self.out.writer(), "{}", human::summary(self.totals))?;
            if let Some(s) = &summary {
                writeln!(self.out.writer(), "{s}")?;
            }
        }
        self.out.writer().flush()?;
        if let (Some(path), Out::File(buffer)) = (&self.args.output_file, &self.out) {
            write_atomic(path, buffer.as_slice())
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        }
        if !human && let Some(s) = summary {
            eprintln!("{s}");
        }
        Ok(())
    }

    /// One line on fixes: how many were applied, how many more are available.
    fn fix_summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.args.fix && self.fixed == 0 {
            parts.push("nothing to fix".to_string());
        } else if self.args.fix {
            parts.push(format!(
                "fixed {} in {}",
                plural(self.fixed, "finding"),
                plural(self.fixed_files, "file")
            ));
        } else if self.safe_fixable > 0 {
            parts.push(format!("{} fixable with --fix", self.safe_fixable));
        }
        if self.unsafe_fixable > 0 && !self.args.unsafe_fixes {
            parts.push(format!("{} more with --fix --unsafe-fixes", self.unsafe_fixable));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

fn process(args: &CheckArgs, input: &Input, context: &Arc<Context>) -> Outcome {
    let source = match inputs::read(input) {
        Ok(Content::Text(source)) => source,
        Ok(Content::Binary) => return Outcome::Skipped(format!("{}: binary file skipped", input.display())),
        Err(e) => return Outcome::Failed(e),
    };
    let path = match input {
        Input::File(p) => Some(p.as_path()),
        Input::Stdin => None,
    };
    let markup = path.map_or(Markup::Plain, Markup::of_path);
    let linter = Linter {
        engine: &context.engine,
        settings: &context.settings,
    };
    if !(args.fix || args.diff) {
        let diagnostics = linter.lint(&source, markup, path);
        return Outcome::Linted {
            report: FileReport { source, diagnostics },
            context: context.clone(),
            fixed: 0,
            diff: None,
        };
    }
    let fixed = linter.fix(&source, markup, path, args.unsafe_fixes);
    let changed = fixed.text != source.text();
    if args.diff {
        return Outcome::Linted {
            diff: changed.then(|| fixed.text.clone()),
            report: FileReport {
                source,
                diagnostics: fixed.remaining,
            },
            context: context.clone(),
            fixed: fixed.applied,
        };
    }
    match input {
        Input::Stdin => {
            let mut out = io::stdout().lock();
            let _ = out.write_all(fixed.text.as_bytes()).and_then(|_| out.flush());
        }
        Input::File(p) if changed => {
            if let Err(e) = write_atomic(p, fixed.text.as_bytes()) {
                return Outcome::Failed(InputError {
                    path: input.display(),
                    message: format!("cannot write the fixed file (left unchanged): {e}"),
                });
            }
        }
        Input::File(_) => {}
    }
    Outcome::Linted {
        report: FileReport {
            source: crate::source::SourceFile::new(source.path(), fixed.text),
            diagnostics: fixed.remaining,
        },
        context: context.clone(),
        fixed: fixed.applied,
        diff: None,
    }
}

/// Rule metadata of every engine used, once per id.
fn all_rules(contexts: &[Arc<Context>]) -> Vec<RuleInfo> {
    let mut seen = std::collections::HashSet::new();
    let mut rules = Vec::new();
    for c in contexts {
        if seen.insert(c.config_path.clone()) {
            for r in c.engine.rules() {
                if !rules.iter().any(|x: &RuleInfo| x.id == r.id) {
                    rules.push(r.clone());
                }
            }
        }
    }
    rules
}

fn finish_diff(diffs: &[(String, String, String)], errors: &[InputError]) -> i32 {
    let mut out = io::stdout().lock();
    for (path, old, new) in diffs {
        let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
        let text = diff
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
        if out.write_all(text.as_bytes()).is_err() {
            break;
        }
    }
    let _ = out.flush();
    if !errors.is_empty() {
        EXIT_ERROR
    } else if diffs.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

fn color_choice(when: ColorWhen) -> ColorChoice {
    match when {
        _ if no_color() => ColorChoice::Never,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Auto if io::stdout().is_terminal() => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    }
}

/// Standard output or error, or the buffer of `--output-file` (written
/// atomically at the end).
enum Out {
    Stream(BufferedStandardStream),
    File(Buffer),
}

impl Out {
    fn writer(&mut self) -> &mut dyn WriteColor {
        match self {
            Out::Stream(s) => s,
            Out::File(b) => b,
        }
    }
}
