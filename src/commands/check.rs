//! `mtlint check`: lint inputs in parallel, print findings in input order.

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, load_engine, no_color};
use crate::cli::{CheckArgs, ColorWhen};
use crate::diagnostic::Severity;
use crate::inputs::{self, InputError};
use crate::output::{FileReport, Format, human, json};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use rayon::prelude::*;
use std::io::{self, BufWriter, IsTerminal, Write};

pub fn run(args: &CheckArgs) -> i32 {
    let engine = match load_engine(&args.packs) {
        Ok(engine) => engine,
        Err(code) => return code,
    };
    let (inputs, mut errors) = inputs::collect(&args.paths);
    let results: Vec<Result<FileReport, InputError>> = inputs
        .par_iter()
        .map(|input| {
            let source = inputs::read(input)?;
            let diagnostics = engine.lint(&source);
            Ok(FileReport { source, diagnostics })
        })
        .collect();
    let mut reports = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        eprintln!("error: {e}");
    }
    match write(args, &reports) {
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
    } else if reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= Severity::Warning)
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
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

fn write(args: &CheckArgs, reports: &[FileReport]) -> io::Result<()> {
    match args.format {
        Format::Human => {
            let mut out = BufferedStandardStream::stdout(color_choice(args.color));
            human::write_human(reports, &mut out)?;
            out.flush()
        }
        Format::Json | Format::Jsonl => {
            let mut out = BufWriter::new(io::stdout().lock());
            if args.format == Format::Json {
                json::write_json(reports, &mut out)?;
            } else {
                json::write_jsonl(reports, &mut out)?;
            }
            out.flush()
        }
    }
}
