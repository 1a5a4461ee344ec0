//! Running work over many inputs on the thread pool while handing the
//! results over in input order, as soon as each is due.
//!
//! Linting files a fixed chunk at a time left cores idle twice per chunk:
//! while the chunk's slowest file finished, and while its reports were
//! written. Here the workers take inputs in order, one at a time, and the
//! calling thread, which takes inputs too, writes each result once every
//! earlier one is written. Memory stays bounded: a worker does not start an
//! input more than a few places a thread ahead of the last result handed
//! over.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Calls `work` on every item, on the rayon pool's threads and the calling
/// thread, and `consume` on the results, in the items' order, on the
/// calling thread (between its own items). At most `per_thread` items a
/// thread are in progress or waiting ahead of the next one due.
///
/// A panic in `work` or `consume` reaches the caller once the other
/// workers have stopped (none is left waiting).
///
/// `work` must not wait on the pool itself (a `par_iter`): while waiting,
/// its thread may take up another worker's loop, which can then wait for
/// the very item underneath it on that thread's stack. On the calling
/// thread, [`super::share_work`] says no while `work` runs, so a big input
/// it takes is not shared out to workers that may be waiting for it.
pub fn for_each_in_order<T: Sync, R: Send>(
    items: &[T],
    per_thread: usize,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R),
) {
    if items.len() <= 1 {
        // One input needs no pool: asking its size starts it, which is
        // most of a millisecond of the start-up of a single-file run.
        items.iter().for_each(|item| consume(work(item)));
        return;
    }
    let window = (rayon::current_num_threads() * per_thread).max(1);
    let progress = Progress::default();
    let next = AtomicUsize::new(0);
    let (sender, results) = std::sync::mpsc::channel::<(usize, R)>();
    // The calling thread takes items too, so the pool runs one worker
    // fewer than it has threads. It used to sleep until a worker sent a
    // result: on two cores each of the 1,000 files then woke it, and the
    // worker it displaced, for a few microseconds of writing (2,800
    // context switches a run; scheduling was 7 % of the samples).
    let workers = (rayon::current_num_threads() - 1).min(items.len());
    rayon::in_place_scope(|scope| {
        let (progress, next, work) = (&progress, &next, &work);
        for _ in 0..workers {
            let sender = sender.clone();
            scope.spawn(move |_| {
                let _stop_all_on_panic = StopOnDrop::if_panicking(progress);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() || !progress.wait_for_turn(i, window) {
                        break;
                    }
                    if sender.send((i, work(&items[i]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // However this loop ends (a panic in `work` or `consume` included),
        // the workers must not wait for a turn that will not come.
        let _stop_all = StopOnDrop::always(progress);
        let mut ahead: BTreeMap<usize, R> = BTreeMap::new();
        let mut due = 0;
        let mut hand_over = |i: usize, result: R, due: &mut usize| {
            ahead.insert(i, result);
            while let Some(result) = ahead.remove(due) {
                consume(result);
                *due += 1;
                progress.handed_over(*due);
            }
        };
        loop {
            while let Ok((i, result)) = results.try_recv() {
                hand_over(i, result, &mut due);
            }
            if progress.stopped() {
                break;
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items.len() {
                break;
            }
            // The calling thread keeps to the window too: it waits for the
            // workers' results before it runs further ahead.
            while i >= due + window {
                match results.recv() {
                    Ok((j, result)) => hand_over(j, result, &mut due),
                    // Every worker has stopped: what they took was sent.
                    Err(_) => break,
                }
            }
            let result = super::working_alongside_the_pool(|| work(&items[i]));
            hand_over(i, result, &mut due);
        }
        for (i, result) in results {
            hand_over(i, result, &mut due);
        }
    });
}

/// How far the calling thread has got, shared with the workers.
#[derive(Default)]
struct Progress {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Results handed to `consume` so far (they are items `0..handed_over`).
    handed_over: usize,
    /// Set when the run ends early (a panic): waiting workers give up.
    stopped: bool,
    /// Workers waiting for their turn. Waking nobody is still a system
    /// call, and a result is handed over for every file.
    waiting: usize,
}

impl Progress {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Blocks until item `i` is within the window; false when the run has
    /// stopped.
    fn wait_for_turn(&self, i: usize, window: usize) -> bool {
        let mut state = self.lock();
        while i >= state.handed_over + window && !state.stopped {
            state.waiting += 1;
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
            state.waiting -= 1;
        }
        !state.stopped
    }

    fn handed_over(&self, count: usize) {
        let anyone_waiting = {
            let mut state = self.lock();
            state.handed_over = count;
            state.waiting > 0
        };
        if anyone_waiting {
            self.changed.notify_all();
        }
    }

    fn stopped(&self) -> bool {
        self.lock().stopped
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

/// Stops the run when dropped: always, or only while unwinding.
struct StopOnDrop<'p> {
    progress: &'p Progress,
    only_on_panic: bool,
}

impl<'p> StopOnDrop<'p> {
    fn always(progress: &'p Progress) -> Self {
        StopOnDrop {
            progress,
            only_on_panic: false,
        }
    }

    fn if_panicking(progress: &'p Progress) -> Self {
        StopOnDrop {
            progress,
            only_on_panic: true,
        }
    }
}

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        if !self.only_on_panic || std::thread::panicking() {
            self.progress.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn results_come_in_input_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        for_each_in_order(
            &items,
            8,
            |&i| {
                // Later items often finish first.
                std::thread::sleep(Duration::from_micros((200 - i) % 7 * 50));
                i * 2
            },
            |r| seen.push(r),
        );
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_item_starts_more_than_a_window_ahead_of_the_next_due() {
        let window = rayon::current_num_threads() * 2;
        let items: Vec<usize> = (0..100).collect();
        let handed = AtomicUsize::new(0);
        let furthest_lead = AtomicUsize::new(0);
        for_each_in_order(
            &items,
            2,
            |&i| {
                let lead = i - handed.load(Ordering::SeqCst);
                furthest_lead.fetch_max(lead, Ordering::SeqCst);
                // The first item of each ten is slow: the others would run
                // far ahead of it without the window.
                if i % 10 == 0 {
                    std::thread::sleep(Duration::from_millis(2));
                }
                i
            },
            |_| {
                handed.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(handed.load(Ordering::SeqCst), items.len());
        assert!(furthest_lead.load(Ordering::SeqCst) < window);
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller_and_nothing_hangs() {
        let items: Vec<usize> = (0..50).collect();
        let outcome = std::panic::catch_unwind(|| {
            for_each_in_order(
                &items,
                2,
                |&i| {
                    assert!(i != 5, "item 5 fails");
                    i
                },
                |_| {},
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn a_panic_in_the_consumer_reaches_the_caller_and_nothing_hangs() {
        let items: Vec<usize> = (0..50).collect();
        let outcome = std::panic::catch_unwind(|| {
            for_each_in_order(&items, 2, |&i| i, |i| assert!(i != 7, "item 7 cannot be written"))
        });
        assert!(outcome.is_err());
    }

    /// Work run beside the pool's workers must not wait on the pool: they
    /// may be waiting for the calling thread to hand results over.
    #[test]
    fn no_item_shares_its_work_with_the_pool() {
        let items: Vec<usize> = (0..64).collect();
        let shared = AtomicUsize::new(0);
        for_each_in_order(
            &items,
            2,
            |_| {
                if crate::parallel::share_work(crate::parallel::SHARED_FROM) {
                    shared.fetch_add(1, Ordering::SeqCst);
                }
            },
            |()| {},
        );
        assert_eq!(shared.load(Ordering::SeqCst), 0);
        // Outside the loop the calling thread shares a big text's work again
        // (when there is a pool of more than one thread to share it with).
        assert_eq!(
            crate::parallel::share_work(crate::parallel::SHARED_FROM),
            rayon::current_num_threads() > 1
        );
    }

    #[test]
    fn nothing_and_one_item() {
        let mut seen = Vec::new();
        for_each_in_order(&[] as &[u8], 4, |&b| b, |b| seen.push(b));
        for_each_in_order(&[9u8], 4, |&b| b, |b| seen.push(b));
        assert_eq!(seen, [9]);
    }
}
