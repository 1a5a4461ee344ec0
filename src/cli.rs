//! Command-line definitions (clap).

use crate::diagnostic::Severity;
use crate::output::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A fast, precise linter for machine-translated Arabic news.
///
/// mtlint reads articles and points at the errors machine translation
/// leaves in them: mistranslated terms, mangled names, broken links,
/// punctuation, direction, untranslated English, and more, each with the
/// exact span and a fix where one is safe.
#[derive(Debug, Parser)]
#[command(name = "mtlint", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Each subcommand's options are defined when that subcommand runs, or its
/// help or manual page is made, not at every start-up: defining all nine
/// subcommands' options was most of the command line's cost.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Lint files or directories (`-` reads standard input)
    Check(CheckArgs),
    /// List the rules of the loaded packs
    Rules(RulesArgs),
    /// Show what a rule finds, why, its examples and its fix
    Explain(ExplainArgs),
    /// Run the examples of every rule in rule packs (for rule authors)
    Test(TestArgs),
    /// Write a commented starter mtlint.toml in the current directory
    Init,
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the configuration reference: every mtlint.toml key (also `mtlint help config`)
    Config(ConfigArgs),
    /// Print the manual page (roff), or write one per subcommand
    Man(ManArgs),
    /// Run the language server (LSP) on standard input and output, for editors
    Server(ServerArgs),
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Use this configuration file for every document (default: the
    /// mtlint.toml found from each document's directory upwards)
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Ignore configuration files
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    #[command(flatten)]
    pub packs: PackArgs,
    /// How long typing must pause before the text is linted again
    #[arg(long, value_name = "MS", default_value_t = 120)]
    pub debounce_ms: u64,
    /// Accepted for editors that pass it; standard input and output are the only transport
    #[arg(long, hide = true)]
    pub stdio: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// As Markdown (docs/configuration.md is this output)
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write mtlint.1 and a page per subcommand (mtlint-check.1, …) into
    /// this directory instead of printing mtlint.1
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<std::path::PathBuf>,
}

/// The subcommands that compile the rule packs: for them `main` compiles
/// the bundled packs while the command line is parsed.
const COMMANDS_THAT_COMPILE_THE_PACKS: [&str; 5] = ["check", "rules", "explain", "test", "server"];

/// Whether `first_argument` (the command: mtlint has no option before it)
/// names a subcommand that compiles the rule packs. Clap still parses the
/// command line and rejects what it must.
pub fn compiles_the_packs(first_argument: &std::ffi::OsStr) -> bool {
    COMMANDS_THAT_COMPILE_THE_PACKS.iter().any(|c| first_argument == *c)
}

/// The command-line definition with what clap's derive cannot hold: the
/// configuration reference as the long help of `config`, so `mtlint help
/// config` prints it.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().mut_subcommand("config", |c| c.defer(config_with_reference))
}

/// `config`'s definition, made when it is needed like every subcommand's:
/// this replaces the one the derive defers, and adds the reference, which
/// every start-up otherwise wrote out (20 KB of text).
fn config_with_reference(config: clap::Command) -> clap::Command {
    ConfigArgs::augment_args(config).after_long_help(crate::config_reference::text())
}

#[derive(Debug, Clone, Args)]
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
    /// Output format (`--output-format` as in ruff)
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output (never when NO_COLOR is set)
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Apply every safe fix, writing files in place
    #[arg(long)]
    pub fix: bool,
    /// Also apply fixes marked unsafe (they depend on meaning)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// The English original of the one translation given: its numbers,
    /// dates, URLs and names are checked against the translation
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Where each translation's original is, relative to it: `{stem}.en.txt`
    /// (`{stem}`: the file name without extension and language tag; `{name}`:
    /// the whole name). Overrides the configuration's `source`
    #[arg(long, value_name = "PATTERN", conflicts_with = "source")]
    pub source_pattern: Option<String>,
    /// With --fix: also rewrite read-only files
    #[arg(long, requires = "fix")]
    pub force: bool,
    /// Skip (with a note) files larger than this: bytes, or with K, M or G (powers of 1024)
    #[arg(long, value_name = "SIZE", default_value = "100M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Print a unified diff of what --fix would change; write nothing
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Print how many findings each rule raised instead of the findings
    #[arg(long)]
    pub statistics: bool,
    /// Write the report to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Use this configuration file instead of looking for mtlint.toml
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file
    #[arg(long)]
    pub isolated: bool,
    /// Report only findings of this severity or above
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<SeverityArg>,
    /// Exit 0 even when findings fail the run (errors reading input still exit 2)
    #[arg(long)]
    pub exit_zero: bool,
    /// Print the findings and nothing else (no summary lines)
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// List the files that would be linted, one per line, and lint none
    #[arg(long)]
    pub show_files: bool,
    /// Keep running: lint again each file that changes, printing the
    /// findings it gained and a line saying what it lost (JSON as JSON lines)
    #[arg(long, conflicts_with_all = ["fix", "diff", "statistics", "show_files", "output_file"])]
    pub watch: bool,
    /// Print the configuration and settings in effect for each file, and lint none
    #[arg(long)]
    pub show_settings: bool,
    /// Treat standard input as this file: its markup (by extension), its
    /// configuration and per-file settings, and its name in the output
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Apply the configuration's `exclude` to files named on the command
    /// line too, as pre-commit names them (ruff's --force-exclude)
    #[arg(long)]
    pub force_exclude: bool,
    /// Only run these rules (ids or id prefixes, comma-separated); replaces the config's `select`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Do not run these rules (ids or id prefixes, comma-separated); adds to the config's `ignore`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// The lowest severity that makes the run fail (exit 1)
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    #[command(flatten)]
    pub packs: PackArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
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

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rule packs to test (.toml files or directories); default: the bundled packs
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `100M`, `512K`, `2G`, `1000`: a size in bytes, suffixes in powers of 1024.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("unknown unit «{unit}»; use K, M or G")),
    };
    let n: u64 = digits.parse().map_err(|_| format!("«{text}» is not a size"))?;
    let size = n
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("«{text}» is too large"))?;
    // Offsets inside a document are 32-bit (see `document::MAX_LEN`).
    if size > crate::document::MAX_LEN as u64 {
        return Err(format!(
            "«{text}» is more than mtlint can lint in one file ({} bytes, 4 GiB - 1)",
            crate::document::MAX_LEN
        ));
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    /// Every subcommand's deferred definition passes clap's own checks
    /// (which otherwise run only when that subcommand is used), and
    /// `config`'s, which replaces the derive's, still has its option and
    /// the reference.
    #[test]
    fn every_deferred_subcommand_is_a_valid_definition() {
        let mut command = super::command();
        command.build();
        command.clone().debug_assert();
        let config = command.find_subcommand("config").expect("config is a subcommand");
        assert!(config.get_arguments().any(|a| a.get_id() == "markdown"));
        let reference = config
            .get_after_long_help()
            .expect("the reference is config's long help")
            .to_string();
        assert!(reference.contains("rule-options"));
        let check = command.find_subcommand("check").expect("check is a subcommand");
        assert!(check.get_arguments().any(|a| a.get_id() == "format"));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("512K"), Ok(512 * 1024));
        assert_eq!(parse_size("100M"), Ok(100 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert!(parse_size("4G").is_err(), "offsets are 32-bit");
        assert_eq!(parse_size("4294967295"), Ok(u32::MAX as u64));
        assert!(parse_size("10X").is_err());
        assert!(parse_size("M").is_err());
    }

    /// Each command the packs are compiled ahead for is one of mtlint's, so
    /// a renamed command cannot silently lose the compiling ahead; the commands
    /// that compile no packs are not among them.
    #[test]
    fn the_commands_that_compile_the_packs_are_subcommands() {
        let command = super::command();
        for name in super::COMMANDS_THAT_COMPILE_THE_PACKS {
            assert!(command.find_subcommand(name).is_some(), "{name}");
        }
        for name in ["init", "completions", "config", "man", "--help", "chek"] {
            assert!(!super::compiles_the_packs(std::ffi::OsStr::new(name)), "{name}");
        }
        assert!(super::compiles_the_packs(std::ffi::OsStr::new("check")));
    }
}
