//! Sharing work across the cores: many files at once, or the pieces of one
//! big file.

pub mod in_order;

/// Texts from this size up have their work shared across the cores. An
/// article (a few KB) takes a millisecond, less than sharing it out would
/// save, and many files already keep every core busy.
pub const SHARED_FROM: usize = 1 << 20;

/// Whether the work on one text of `len` bytes is to be shared across the
/// cores: the text is big, there is more than one core, and it is not
/// already being linted on a thread of the pool. Such a thread is linting
/// one of many files; while it waited for the pieces of its own, it could
/// pick up another file's work, which may wait for this file to be
/// reported (a deadlock).
///
/// Nor is it shared when the calling thread takes items of
/// [`in_order::for_each_in_order`] beside the pool's workers: they may be
/// waiting for it to hand results over, and would not be free to take the
/// shared work.
pub fn share_work(len: usize) -> bool {
    len >= SHARED_FROM
        && rayon::current_thread_index().is_none()
        && rayon::current_num_threads() > 1
        && !ALONGSIDE_THE_POOL.get()
}

thread_local! {
    /// Set while this thread works on items beside the pool's workers.
    static ALONGSIDE_THE_POOL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work` with [`share_work`] off on this thread.
fn working_alongside_the_pool<R>(work: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            ALONGSIDE_THE_POOL.set(self.0);
        }
    }
    let _restore = Restore(ALONGSIDE_THE_POOL.replace(true));
    work()
}
