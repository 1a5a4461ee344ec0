//! Command-line definitions (clap).

use crate::output::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A fast, precise linter for machine-translated Arabic news.
///
/// mtlint reads articles and points at the errors machine translation
/// leaves in them: mistranslated terms, mangled names, names spelled two ways,
/// and more, each with the exact span and a fix where one is safe.
#[derive(Debug, Parser)]
#[command(name = "mtlint", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files or directories (`-` reads standard input)
    Check(CheckArgs),
    /// List the rules of the loaded packs
    Rules(RulesArgs),
    /// Show what a rule finds, why, and examples
    Explain(ExplainArgs),
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// Extra rule pack: a .toml file or a directory of them (repeatable)
    #[arg(long = "rules", value_name = "DIR_OR_FILE")]
    pub rules: Vec<PathBuf>,
    /// Do not load the rule packs bundled into mtlint
    #[arg(long)]
    pub no_bundled: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` for standard input
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output (never when NO_COLOR is set)
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub packs: PackArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print every folded literal the word matcher searches for, one per line
    #[arg(long)]
    pub literals: bool,
    #[command(flatten)]
    pub packs: PackArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id
    pub rule: String,
    #[command(flatten)]
    pub packs: PackArgs,
}
