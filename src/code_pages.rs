//! The program's machine code mapped in ahead of use, by a thread with
//! time to spare.
//!
//! The kernel maps an executable's pages on first touch, 64 KB around the
//! touched page at a time, each fault costing this VM 6–8 µs. An empty
//! file's run took about 65 such faults in mtlint's code, most of them on
//! the thread that parses the command line and compiles the rules, the one
//! every run waits for. The thread that reads the bundled packs asks for
//! the whole code section in one call before its first pack, so the
//! compiling thread finds it mapped (docs/performance.md, twenty-fifth
//! stop). The read-only data is left alone: most of it is the word
//! tables, of which a run touches a fraction, and mapping all of it made
//! an empty file's run slower.

/// Maps every page of the executable's code (its loadable segment that
/// may be executed) into this process, once; later calls return at once.
/// Pages already mapped cost nothing more. Where the system cannot
/// (not Linux, or a kernel before 5.14), pages are mapped on first touch
/// as before.
pub fn map_in() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(map_in_now);
}

#[cfg(target_os = "linux")]
fn map_in_now() {
    for code in code_segments() {
        // SAFETY: the range is the executable's own code, mapped for the
        // life of the process; populating it only maps its pages, as
        // executing them would. An error (an old kernel) leaves them to be
        // mapped on first touch.
        unsafe {
            libc::madvise(code.start as *mut libc::c_void, code.len(), libc::MADV_POPULATE_READ);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn map_in_now() {}

/// The executable's loadable segments that may be executed, widened to
/// whole pages.
#[cfg(target_os = "linux")]
fn code_segments() -> Vec<std::ops::Range<usize>> {
    let mut found: Vec<std::ops::Range<usize>> = Vec::new();
    // SAFETY: `dl_iterate_phdr` calls `the_executable` with the loaded
    // objects' headers, which the C library keeps valid during the call,
    // and with `found`, which outlives the call.
    unsafe {
        libc::dl_iterate_phdr(Some(the_executable), (&raw mut found).cast());
    }
    found
}

/// `dl_iterate_phdr`'s callback: the first object it reports is the
/// executable, whose code segments go into the vector `data` points at.
/// Returns non-zero to stop there.
#[cfg(target_os = "linux")]
unsafe extern "C" fn the_executable(
    info: *mut libc::dl_phdr_info,
    _size: libc::size_t,
    data: *mut libc::c_void,
) -> libc::c_int {
    // SAFETY: the C library passes a valid `dl_phdr_info` whose `dlpi_phdr`
    // points at `dlpi_phnum` program headers; `data` is the vector
    // `code_segments` passed.
    let (base, headers, found) = unsafe {
        let info = &*info;
        (
            info.dlpi_addr as usize,
            std::slice::from_raw_parts(info.dlpi_phdr, usize::from(info.dlpi_phnum)),
            &mut *data.cast::<Vec<std::ops::Range<usize>>>(),
        )
    };
    let page = page_size();
    for header in headers {
        if header.p_type == libc::PT_LOAD && header.p_flags & libc::PF_X != 0 {
            let start = base + header.p_vaddr as usize;
            let end = start + header.p_memsz as usize;
            found.push(start & !(page - 1)..end.div_ceil(page) * page);
        }
    }
    1
}

#[cfg(target_os = "linux")]
fn page_size() -> usize {
    // SAFETY: reads a system setting.
    match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
        size if size > 0 => size as usize,
        _ => 4096,
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::os::unix::fs::FileExt;

    /// After `map_in`, every page of the executable's code is in this
    /// process's page tables (`/proc/self/pagemap`'s "present" bit), not
    /// only the pages run so far: a test binary's code is tens of
    /// megabytes, most of which no test touches.
    #[test]
    fn every_page_of_the_code_is_mapped_after_mapping_in() {
        let code = code_segments();
        assert!(!code.is_empty(), "the executable has a code segment");
        map_in();
        map_in();
        let page = page_size();
        let Ok(pagemap) = std::fs::File::open("/proc/self/pagemap") else {
            eprintln!("skipped: /proc/self/pagemap cannot be read here");
            return;
        };
        for range in code {
            let pages = range.len() / page;
            let mut entries = vec![0u8; pages * 8];
            pagemap
                .read_exact_at(&mut entries, (range.start / page * 8) as u64)
                .expect("pagemap covers the code");
            let absent = entries
                .chunks_exact(8)
                .filter(|e| u64::from_le_bytes((*e).try_into().unwrap()) >> 63 == 0)
                .count();
            assert_eq!(absent, 0, "{absent} of {pages} code pages not mapped");
        }
    }
}
