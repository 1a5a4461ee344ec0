use clap::FromArgMatches;
use mtlint::cli::{Cli, Command};
use mtlint::commands;

// A document is a few large vectors and many small strings (messages,
// suggestions, candidate spellings); glibc's allocator was a tenth of
// the instructions of a run over news articles.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_e`
/// (mimalloc.h), which the `libmimalloc-sys` crate does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory waits before it goes back to the system. mimalloc 3
/// waits a second, mimalloc 2 waited 10 ms: on a big file the rules free
/// what they built while the next ones allocate, and with a second's wait
/// the 100 MB file peaked at 615-643 MB instead of 553 MB, in the same
/// time (docs/performance.md, fourteenth stop).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

fn main() {
    one_c_heap();
    // SAFETY: sets a number mimalloc reads whenever it schedules a purge;
    // no allocation depends on it.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    mtlint::atomic_write::ignore_file_size_signal();
    if std::env::args_os()
        .nth(1)
        .is_some_and(|command| mtlint::cli::compiles_the_packs(&command))
    {
        mtlint::engine::compile_bundled_packs_ahead();
    }
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
    leave(code)
}

/// Keeps the C library's own allocator to the heap it already has. Rust's
/// allocations go to mimalloc, but glibc's `malloc` still serves the C
/// library, and each new thread's first call (the standard library asks
/// `pthread_getattr_np` for the thread's stack, which allocates) made
/// glibc reserve a heap of its own for that thread: a 128 MB mapping, two
/// `munmap`s and an `mprotect` on the thread that reads the rule packs, in
/// most runs of an empty file (docs/performance.md, twenty-fifth stop).
/// With one heap those few small allocations share the main thread's.
fn one_c_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: sets a glibc allocator parameter before any thread starts;
    // it only limits how many heaps glibc makes for later allocations.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Ends the process without the C library's exit handlers. Linked in
/// statically, mimalloc registers one that collects every heap and hands
/// the pages back to the system, a `madvise` at a time: work for a process
/// about to end (a twentieth of an empty file's run on the main thread;
/// 600 alternating runs, median 8.45 -> 8.23 ms). mtlint registers none of
/// its own. `std::process::exit` flushes standard output, so this does too.
fn leave(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` only ends the process. Every file mtlint writes is
    // complete by now (written whole to a temporary file, then renamed).
    unsafe { libc::_exit(code) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option set at start-up is the purge delay: mimalloc 3's default
    /// for it is 1000 ms, which no neighbouring option has. When mimalloc
    /// changes, this fails and the index needs looking up again.
    #[test]
    fn the_option_set_is_the_purge_delay() {
        // SAFETY: reads an option.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, 1000);
    }
}
