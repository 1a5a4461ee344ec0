use clap::FromArgMatches;
use mtlint::cli::{Cli, Command};
use mtlint::commands;

// A document is a few large vectors and many small strings (messages,
// suggestions, candidate spellings); glibc's allocator was a tenth of
// the instructions of a run over news articles.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    mtlint::atomic_write::ignore_file_size_signal();
    let cli = match mtlint::cli::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() {
                commands::EXIT_ERROR
            } else {
                commands::EXIT_CLEAN
            });
        }
    };
    let code = match &cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Rules(args) => commands::rules::list(args),
        Command::Explain(args) => commands::rules::explain(args),
        Command::Test(args) => commands::test::run(args),
        Command::Init => commands::init(),
        Command::Completions(args) => commands::completions(args.shell),
        Command::Config(args) => commands::config_reference(args),
        Command::Man(args) => commands::man(args),
        Command::Server(args) => mtlint::server::run(args),
    };
    std::process::exit(code);
}
