//! The compiled rule set: built once from the rule packs, then run over each
//! document in one pass of the word matcher and one pass of each regex set.

use crate::bilingual::Bilingual;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::indexed_vec::IndexedVec;
use crate::rules::check::{self, CheckKind, Configured, Family};
use crate::rules::direction::DirectionCheck;
use crate::rules::near_miss::NameEntry;
use crate::rules::numbers::NumberCheck;
use crate::rules::pack::CheckDef;
use crate::rules::pack::{LiteralFolds, PackError, PackFile, PackSource, parse_prechecked};
use crate::rules::pack_str::PackStr;
use crate::rules::pattern::{PATTERNS_FOR_A_SET, PreparedRegex, REGEX_DFA_LIMIT, REGEX_SIZE_LIMIT, SharedRegex};
use crate::rules::phrases::PhraseMatcher;
use crate::rules::punctuation::PunctuationCheck;
use crate::rules::repetition::RepetitionCheck;
use crate::rules::source::{SourceCheck, SourceChecks, SourceName};
use crate::rules::untranslated::EnglishRun;
use crate::rules::url::UrlCheck;
use crate::rules::{CheckContext, Compiler, Rule, RuleInfo, consistency, glossary, name, near_miss, pattern, term};
use crate::source::SourceFile;
use regex::{RegexSet, RegexSetBuilder};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/bundled_packs.rs"));

pub struct Engine {
    infos: Vec<RuleInfo>,
    rules: Vec<Box<dyn Rule>>,
    phrases: PhraseMatcher,
    /// Which pattern rules can match a text, when there are enough of them
    /// for one pass to pay (see [`PATTERNS_FOR_A_SET`]).
    original_set: Option<RegexSet>,
    folded_set: Option<RegexSet>,
    /// Ids of the glossary rules, whose findings give way to another
    /// rule's on the same span.
    glossary_ids: Vec<PackStr>,
    /// Every rule id the packs define, compiled or left out by a selection.
    all_ids: Vec<PackStr>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("rules", &self.infos.len()).finish()
    }
}

/// The packs compiled into the binary.
pub fn bundled_packs() -> Vec<PackSource> {
    BUNDLED_PACKS
        .iter()
        .map(|&(name, text, prebuilt, names)| PackSource {
            prebuilt: prebuilt.map(|bytes| crate::rules::pack::Prebuilt {
                bytes,
                strings: PACK_STRINGS,
                names,
            }),
            // Borrowed, as the text is: a copy of each name was 44
            // allocations at every start-up (the list is made twice).
            ..PackSource::new(crate::rules::pack_str::PackStr::from_static(name), text)
        })
        .collect()
}

/// A pack as the reading thread hands it over: parsed, with the literal
/// folds stored with it, and the regex of each of its `[[pattern]]`s, in
/// order: built, or (a bundled pack's) to be built once every pack is
/// handed over.
struct ReadPack {
    file: Result<PackFile, PackError>,
    folds: LiteralFolds,
    regexes: Vec<PreparedRegex>,
}

impl ReadPack {
    /// Parsed, with no regex built: each selected pattern's is built as
    /// its rule compiles.
    fn parsed(pack: &PackSource) -> ReadPack {
        ReadPack::read(pack, false)
    }

    /// Parsed, with its patterns' regexes built, or deferred when
    /// `build.rs` checked them.
    fn new(pack: &PackSource) -> ReadPack {
        ReadPack::read(pack, true)
    }

    fn read(pack: &PackSource, prepare: bool) -> ReadPack {
        let (file, checked) = match parse_prechecked(pack) {
            Ok((file, checked)) => (Ok(file), checked),
            Err(e) => (Err(e), Default::default()),
        };
        let regexes = match &file {
            Ok(file) if prepare => file
                .pattern
                .iter()
                .map(|def| {
                    if checked.sound_regexes.contains(&def.regex) {
                        PreparedRegex::Deferred(SharedRegex::deferred(def.regex.get_ref()))
                    } else {
                        pattern::prepare(def)
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        ReadPack {
            file,
            folds: checked.folds,
            regexes,
        }
    }

    /// The regexes of this pack that are still to be built.
    fn deferred(&self) -> impl Iterator<Item = SharedRegex> + '_ {
        self.regexes.iter().filter_map(|r| match r {
            PreparedRegex::Deferred(regex) => Some(regex.clone()),
            PreparedRegex::Built { .. } => None,
        })
    }
}

/// What the compiling thread hands back to the thread that read the packs.
enum HandedBack {
    /// A parsed pack whose rules are compiled, to free.
    Spent(Box<PackFile>),
    /// What a rule builds on first use, to build ahead.
    ToBuild(Box<dyn FnOnce() + Send>),
}

/// Lowers this thread's priority (Linux: a thread's nice value is its
/// own). The regexes built ahead are for documents, which come after the
/// rules are compiled: when the two start-up threads share a CPU, the
/// compiling thread should not wait for them.
fn yield_to_the_compiling_thread() {
    #[cfg(target_os = "linux")]
    // SAFETY: sets the calling thread's nice value; reads no memory.
    unsafe {
        let tid = libc::gettid();
        let _ = libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
    }
}

/// Makes the bundled patterns' regexes ready (`deferred`: their stored
/// DFAs read, or the regexes built), then the regexes every document needs
/// ([`WARM_UPS`](crate::rules::WARM_UPS)). Each is made ready once, by the
/// first thread to need it.
fn build_regexes_ahead(deferred: &[SharedRegex]) {
    build_deferred(deferred);
    for warm_up in crate::rules::WARM_UPS {
        warm_up();
    }
}

/// Makes the patterns' regexes ready.
fn build_deferred(deferred: &[SharedRegex]) {
    for regex in deferred {
        regex.make_ready();
    }
}

/// The thread that reads packs for the compiling thread, seen from the
/// compiling thread. The two share the packs out in order: the reading
/// thread reads the next pack no thread has started, while the compiling
/// thread compiles each in turn, and reads one itself when it would
/// otherwise wait for a pack nobody has started (it waited about a
/// millisecond in all for packs to arrive; docs/performance.md,
/// twenty-fourth stop). Once the packs are all read, the reading thread
/// goes on, on its own, building the regexes documents need
/// (`build_regexes_ahead`), freeing each pack the compiling thread is done
/// with and building what the rules build on first use. A document that
/// needs a regex or an index before then builds it itself, or waits for
/// the build under way. Every pattern rule searches any text, an empty one
/// too, so the first document may wait for its regex: a bundled pattern's
/// stored DFAs, read in microseconds (docs/performance.md, twenty-fifth
/// and twenty-sixth stops).
struct Reader {
    queue: Arc<PackQueue>,
    hand_back: std::sync::mpsc::Sender<HandedBack>,
}

/// The packs shared out between the two threads.
struct PackQueue {
    packs: Vec<PackSource>,
    /// The first pack no thread has started to read.
    next: std::sync::atomic::AtomicUsize,
    slots: std::sync::Mutex<Slots>,
    /// Signalled when a pack is read, and when the reading thread stops.
    arrived: std::sync::Condvar,
}

struct Slots {
    /// Each pack the reading thread has read, until it is taken.
    read: Vec<Option<ReadPack>>,
    /// The reading thread has stopped reading (done, or gone).
    reader_stopped: bool,
}

impl PackQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Tells the compiling thread that the reading thread has stopped reading,
/// however it stops: a pack it started and never handed over is then read
/// by the compiling thread, which would otherwise wait for it forever.
struct StoppedReading<'q>(&'q PackQueue);

impl Drop for StoppedReading<'_> {
    fn drop(&mut self) {
        self.0.lock().reader_stopped = true;
        self.0.arrived.notify_all();
    }
}

impl Reader {
    fn spawn(packs: Vec<PackSource>) -> Reader {
        let (reader, to_free) = Reader::without_a_thread(packs);
        let shared = Arc::clone(&reader.queue);
        std::thread::spawn(move || {
            let mut deferred = Vec::new();
            {
                let _stopped = StoppedReading(&shared);
                loop {
                    // An engine that dropped its reader wants no more packs.
                    if Arc::strong_count(&shared) == 1 {
                        return;
                    }
                    let k = shared.next.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
                    let Some(pack) = shared.packs.get(k) else {
                        break;
                    };
                    let read = ReadPack::new(pack);
                    deferred.extend(read.deferred());
                    shared.lock().read[k] = Some(read);
                    shared.arrived.notify_all();
                }
            }
            yield_to_the_compiling_thread();
            build_regexes_ahead(&deferred);
            for handed in to_free {
                match handed {
                    HandedBack::Spent(file) => drop(file),
                    HandedBack::ToBuild(build) => build(),
                }
            }
        });
        reader
    }

    /// A reader whose packs no thread reads yet, and the other end of its
    /// channel back.
    fn without_a_thread(packs: Vec<PackSource>) -> (Reader, std::sync::mpsc::Receiver<HandedBack>) {
        let queue = Arc::new(PackQueue {
            slots: std::sync::Mutex::new(Slots {
                read: packs.iter().map(|_| None).collect(),
                reader_stopped: false,
            }),
            packs,
            next: std::sync::atomic::AtomicUsize::new(0),
            arrived: std::sync::Condvar::new(),
        });
        let (hand_back, to_free) = std::sync::mpsc::channel::<HandedBack>();
        (Reader { queue, hand_back }, to_free)
    }

    /// The packs read, in order.
    fn in_order(&self) -> impl Iterator<Item = ReadPack> + '_ {
        (0..self.queue.packs.len()).map(|i| self.take(i))
    }

    /// Pack `i`, once every pack before it has been taken: read by the
    /// reading thread, or here if that thread has not started it.
    fn take(&self, i: usize) -> ReadPack {
        use std::sync::atomic::Ordering;
        let queue = &self.queue;
        if queue
            .next
            .compare_exchange(i, i + 1, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            return self.read_here(i);
        }
        let mut slots = queue.lock();
        loop {
            if let Some(read) = slots.read[i].take() {
                return read;
            }
            if slots.reader_stopped {
                drop(slots);
                return self.read_here(i);
            }
            slots = queue.arrived.wait(slots).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Reads pack `i` on this thread; the regexes it defers are built
    /// ahead by the reading thread, with the rest.
    fn read_here(&self, i: usize) -> ReadPack {
        read_deferring(&self.queue.packs[i], &|handed| {
            let _ = self.hand_back.send(handed);
        })
    }
}

/// Reads `pack`, handing back the regexes it defers, to be built ahead.
fn read_deferring(pack: &PackSource, hand_back: &dyn Fn(HandedBack)) -> ReadPack {
    let read = ReadPack::new(pack);
    let deferred: Vec<SharedRegex> = read.deferred().collect();
    if !deferred.is_empty() {
        hand_back(HandedBack::ToBuild(Box::new(move || build_deferred(&deferred))));
    }
    read
}

/// The bundled rule set compiled ahead ([`compile_bundled_packs_ahead`]),
/// until an engine takes it or the run wants another.
static COMPILED_AHEAD: std::sync::Mutex<Option<CompiledAhead>> = std::sync::Mutex::new(None);

/// Starts compiling the first half of the bundled packs now, on a thread
/// of its own, for the first engine that asks for them all, with no rule
/// left out and no options; that engine compiles the second half itself
/// meanwhile, then joins the two. Called before the command line is
/// parsed: the command line and the configuration took about 0.7 ms
/// before the compiling started, and an empty file's run is mostly the
/// compiling (docs/performance.md, twenty-ninth and thirtieth stops). If
/// the run wants another rule set, the thread stops at its next pack.
pub fn compile_bundled_packs_ahead() {
    let ahead = CompiledAhead::start();
    *COMPILED_AHEAD.lock().unwrap_or_else(|e| e.into_inner()) = Some(ahead);
}

/// The bundled rule set compiled ahead, if it was started and no engine
/// has taken it. Taken either way: a run that wants another rule set
/// stops it.
fn take_compiled_ahead() -> Option<CompiledAhead> {
    COMPILED_AHEAD.lock().unwrap_or_else(|e| e.into_inner()).take()
}

/// How long the engine's taker waits without sleeping for the first half
/// of the bundled packs, compiled ahead: two to five times as long as
/// they take on this 2-core machine, so only a machine under load sleeps.
const SPIN_FOR_THE_COMPILING: std::time::Duration = std::time::Duration::from_millis(10);

/// The first of the bundled packs the engine's taker compiles, when they
/// are compiled ahead; the compiling thread compiles those before it.
/// That thread starts about 0.3 ms before the main thread has read its
/// command line and takes: split here, the two halves were done within
/// 0.1 ms of each other, split at `near-miss.toml` the main thread's ended
/// 0.55 ms after the other (docs/performance.md, thirtieth stop).
const SECOND_HALF_STARTS_WITH: &str = "bundled:terms-economy.toml";

/// Where the second half of `packs` starts.
fn second_half(packs: &[PackSource]) -> usize {
    packs
        .iter()
        .position(|pack| pack.name == SECOND_HALF_STARTS_WITH)
        .unwrap_or(packs.len() / 2)
}

/// The bundled packs, the first half being compiled on a thread of its own.
struct CompiledAhead {
    /// The first half's rules, sent as soon as they are compiled: the
    /// thread's own end comes after.
    first_half: std::sync::mpsc::Receiver<Builder>,
    thread: std::thread::JoinHandle<()>,
    /// To the compiling thread, which, once its half is sent, frees the
    /// packs the taker is done with and builds what the rules build on
    /// first use.
    hand_back: std::sync::mpsc::Sender<HandedBack>,
    /// The second half's packs, which the taker reads and compiles.
    second: Vec<PackSource>,
    /// Set when the run wants another rule set: the thread stops before
    /// its next pack.
    unwanted: Arc<std::sync::atomic::AtomicBool>,
}

impl CompiledAhead {
    fn start() -> CompiledAhead {
        let unwanted = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = Arc::clone(&unwanted);
        let (send, first_half) = std::sync::mpsc::sync_channel(1);
        let (hand_back, to_free) = std::sync::mpsc::channel::<HandedBack>();
        let mut first = bundled_packs();
        let second = first.split_off(second_half(&first));
        let thread = std::thread::spawn(move || {
            let kept = std::cell::RefCell::new(Vec::new());
            let mut deferred = Vec::new();
            let read = read_until_stopped(&first, &stop, &mut deferred);
            // Sized for every bundled rule: the second half joins this one.
            let mut b = Builder::for_packs(&first);
            let keep = |handed: HandedBack| kept.borrow_mut().push(handed);
            // A half stopped short is not sent: no one waits for it.
            if !b.compile_packs(&first, read, &RuleOptions::default(), &mut [], &|_| true, &keep) {
                return;
            }
            let _ = send.send(b);
            // What is left is for documents, which come after the rules.
            yield_to_the_compiling_thread();
            build_regexes_ahead(&deferred);
            for handed in kept.into_inner().into_iter().chain(to_free) {
                match handed {
                    HandedBack::Spent(file) => drop(file),
                    HandedBack::ToBuild(build) => build(),
                }
            }
        });
        CompiledAhead {
            first_half,
            thread,
            hand_back,
            second,
            unwanted,
        }
    }

    /// The engine: the second half of the packs compiled here, while the
    /// first half compiles on its thread, then the two joined.
    fn take(self) -> Result<Engine, Vec<PackError>> {
        let CompiledAhead {
            first_half,
            thread,
            hand_back,
            second,
            unwanted: _,
        } = self;
        let hand_back = |handed: HandedBack| {
            // Refused only if the thread panicked, which the wait below
            // passes on: what it was sent is dropped here.
            let _ = hand_back.send(handed);
        };
        let mut later = Builder::default();
        let read = second.iter().map(|pack| read_deferring(pack, &hand_back));
        later.compile_packs(&second, read, &RuleOptions::default(), &mut [], &|_| true, &hand_back);
        match wait_for_the_first_half(&first_half, thread).join(later) {
            Some(joined) => joined.finish(&hand_back),
            // Errors, or a rule id in both halves: compiled in one, the
            // packs report them in their order.
            None => {
                let packs = bundled_packs();
                let read = packs.iter().map(ReadPack::parsed);
                Engine::compile_parsed(&packs, read, &RuleOptions::default(), &|_| true, &drop)
            }
        }
    }

    /// Stops the compiling, without waiting for it.
    fn stop(self) {
        self.unwanted.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// `packs` read in turn, until `stop` is set; the regexes they defer are
/// added to `deferred`, to be built ahead.
fn read_until_stopped<'a>(
    packs: &'a [PackSource],
    stop: &'a std::sync::atomic::AtomicBool,
    deferred: &'a mut Vec<SharedRegex>,
) -> impl Iterator<Item = ReadPack> + 'a {
    packs.iter().map_while(move |pack| {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let read = ReadPack::new(pack);
        deferred.extend(read.deferred());
        Some(read)
    })
}

/// The first half of the bundled packs compiled ahead, once `thread` has
/// sent it.
fn wait_for_the_first_half(
    first_half: &std::sync::mpsc::Receiver<Builder>,
    thread: std::thread::JoinHandle<()>,
) -> Builder {
    use std::sync::mpsc::TryRecvError;
    // Waiting without sleeping, for as long as the compiling should
    // take: woken from a sleep, a thread took 0.2-0.4 ms to run again
    // on this machine (a virtual machine's idle core), a tenth of the
    // wait (docs/performance.md, twenty-ninth stop). Yielding lets the
    // compiling thread run here on a machine with one core.
    let sleep_after = std::time::Instant::now() + SPIN_FOR_THE_COMPILING;
    let mut sent = first_half.try_recv();
    while let Err(TryRecvError::Empty) = sent
        && std::time::Instant::now() < sleep_after
    {
        std::thread::yield_now();
        sent = first_half.try_recv();
    }
    match sent.or_else(|_| first_half.recv()) {
        Ok(first) => first,
        // The thread panicked before it sent its half: so does this one.
        Err(_) => match thread.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the compiling thread sends its half unless told to stop"),
        },
    }
}

/// Whether `packs` are the bundled packs and no others, in their order.
fn are_the_bundled_packs(packs: &[PackSource]) -> bool {
    packs.len() == BUNDLED_PACKS.len()
        && packs.iter().zip(BUNDLED_PACKS).all(|(pack, &(name, _, prebuilt, _))| {
            pack.name == name && pack.prebuilt.map(|p| p.bytes.as_ptr()) == prebuilt.map(<[u8]>::as_ptr)
        })
}

/// Collects compiled rules, and every mistake, across all packs.
#[derive(Default)]
struct Builder {
    compiler: Compiler,
    /// The rules' infos, each found by its id: an id is taken once (the
    /// pack that took it is in its info).
    infos: IndexedVec<RuleInfo>,
    rules: Vec<Box<dyn Rule>>,
    errors: Vec<PackError>,
    /// The gazetteer's multi-word names, for near-miss rules.
    names: Vec<NameEntry>,
    /// Its one-word organisations and places, for single-word near-miss
    /// rules.
    single_names: Vec<crate::rules::near_miss_word::SingleWordName>,
    families: Families,
    /// The gazetteer's names with their English forms, for the
    /// source-aware name check.
    source_names: Vec<SourceName>,
    /// Every rule id the packs define, compiled or left out by a selection.
    all_ids: Vec<PackStr>,
    /// Near-miss rules need every pack's names, so they compile last.
    near_miss_defs: Vec<(crate::rules::pack::NearMissDef, PackSource)>,
}

impl Builder {
    /// Records a rule's info unless its id is taken; true if it was new.
    fn register(&mut self, pack: &PackSource, id_span: std::ops::Range<usize>, info: RuleInfo) -> bool {
        let (at, new) = self.infos.find_or_push(info);
        if !new {
            let first = &self.infos[at as usize];
            self.errors.push(
                PackError::new(pack, Some(id_span), format!("duplicate rule id «{}»", first.id))
                    .with_label("already used")
                    .with_note(format!("first defined in {}", first.pack)),
            );
            return false;
        }
        true
    }

    fn add<R: Rule + 'static>(
        &mut self,
        pack: &PackSource,
        id_span: std::ops::Range<usize>,
        result: Result<(RuleInfo, R), PackError>,
    ) {
        match result {
            Ok((info, rule)) => {
                if self.register(pack, id_span, info) {
                    self.rules.push(Box::new(rule));
                }
            }
            Err(e) => self.errors.push(e),
        }
    }

    fn family<C: CheckKind>(
        &mut self,
        pack: &PackSource,
        defs: &[CheckDef],
        slot: fn(&mut Builder) -> &mut Vec<Configured<C>>,
    ) {
        for def in defs {
            match check::compile::<C>(def, pack) {
                Ok((info, configured)) => {
                    if self.register(pack, def.id.span(), info) {
                        slot(self).push(configured);
                    }
                }
                Err(e) => self.errors.push(e),
            }
        }
    }

    /// A builder for `packs`, its tables sized for the bundled rules if
    /// they are among them: growing the rule tables pack by pack wrote
    /// each one about twice over, and at start-up every fresh page is a
    /// fault (see docs/performance.md, eleventh stop).
    fn for_packs(packs: &[PackSource]) -> Builder {
        let mut b = Builder::default();
        if packs.iter().any(|pack| pack.prebuilt.is_some()) {
            b.all_ids.reserve(BUNDLED_RULES);
            b.infos.reserve(BUNDLED_RULES);
            b.rules.reserve(BUNDLED_RULES);
            b.compiler.phrases.reserve(BUNDLED_LITERALS);
        }
        b
    }

    /// Compiles `packs` in order, whose read forms `read` yields; false if
    /// the packs ran out first (a compiling told to stop).
    fn compile_packs(
        &mut self,
        packs: &[PackSource],
        mut read: impl Iterator<Item = ReadPack>,
        options: &RuleOptions,
        options_used: &mut [bool],
        keep: &dyn Fn(&str) -> bool,
        hand_back: &dyn Fn(HandedBack),
    ) -> bool {
        for pack in packs {
            // Packs run out only for the half compiled ahead, stopped
            // because the run wants another rule set.
            let Some(ReadPack { file, folds, regexes }) = read.next() else {
                return false;
            };
            self.compiler.folds = folds;
            let mut file = match file {
                Ok(file) => file,
                Err(e) => {
                    self.errors.push(e);
                    continue;
                }
            };
            options.merge_into(&mut file, options_used);
            self.all_ids.extend(file.rule_ids().cloned());
            // Paired with their patterns before the selection drops some.
            let mut regexes = file
                .pattern
                .iter()
                .zip(regexes)
                .filter_map(|(def, regex)| keep(def.id.get_ref()).then_some(regex))
                .collect::<Vec<_>>()
                .into_iter();
            file.retain_rules(keep);
            for def in &file.term {
                let r = term::compile(def, pack, &mut self.compiler);
                self.add(pack, def.id.span(), r);
            }
            for def in file.name.iter() {
                // Near-miss and source checks read every name, selected or not.
                let r = if keep(def.id.get_ref()) {
                    name::compile(def, pack, &mut self.compiler).map(Some)
                } else {
                    Ok(None)
                };
                if r.is_ok() {
                    let folds = &self.compiler.folds;
                    self.names.extend(NameEntry::from_def(def, folds));
                    self.single_names
                        .extend(crate::rules::near_miss_word::SingleWordName::from_def(def, folds));
                    // People only: a place or an organisation is rendered
                    // many ways (an adjective, the capital for the state).
                    if !def.english.is_empty() && def.kind.as_deref() == Some("person") {
                        self.source_names.push(SourceName {
                            english: def.english.clone(),
                            canonical: def.canonical.get_ref().clone(),
                            surnames: std::iter::once(&def.canonical)
                                .chain(def.accepted.iter())
                                .chain(def.variants.iter())
                                .map(|s| {
                                    crate::rules::pack::part_of_fold(folds.folded(s), |f| {
                                        f.split(' ').next_back().unwrap_or_default()
                                    })
                                })
                                .filter(|s| !s.is_empty())
                                .collect(),
                        });
                    }
                }
                match r {
                    Ok(Some(compiled)) => self.add(pack, def.id.span(), Ok(compiled)),
                    Ok(None) => {}
                    Err(e) => self.errors.push(e),
                }
            }
            for def in &file.pattern {
                let r = pattern::compile(def, regexes.next(), pack, &mut self.compiler);
                self.add(pack, def.id.span(), r);
            }
            for def in &file.consistency {
                let r = consistency::compile(def, pack, &mut self.compiler);
                self.add(pack, def.id.span(), r);
            }
            for def in &file.glossary {
                let r = glossary::compile(def, pack, &mut self.compiler);
                self.add(pack, def.id.span(), r);
            }
            self.near_miss_defs.extend(
                std::mem::take(&mut file.near_miss)
                    .into_iter()
                    .map(|d| (d, pack.clone())),
            );
            self.family(pack, &file.url, |b| &mut b.families.url);
            self.family(pack, &file.punctuation, |b| &mut b.families.punctuation);
            self.family(pack, &file.direction, |b| &mut b.families.direction);
            self.family(pack, &file.untranslated, |b| &mut b.families.untranslated);
            self.family(pack, &file.repetition, |b| &mut b.families.repetition);
            self.family(pack, &file.numbers, |b| &mut b.families.numbers);
            self.family(pack, &file.source, |b| &mut b.families.source);
            hand_back(HandedBack::Spent(Box::new(file)));
        }
        true
    }

    /// This builder with `later`, the rules of the packs after this
    /// builder's compiled by a builder of its own, taken in as if they had
    /// been compiled here after this builder's: the same rules, ids,
    /// phrases and patterns in the same order. None if either has errors
    /// or a rule id is in both: those are reported in the packs' order
    /// only by compiling them in one.
    fn join(mut self, later: Builder) -> Option<Builder> {
        if !self.errors.is_empty() || !later.errors.is_empty() {
            return None;
        }
        // Every field named, so that a new one is not left out.
        let Builder {
            compiler,
            infos,
            rules,
            errors: _,
            names,
            single_names,
            families,
            source_names,
            all_ids,
            near_miss_defs,
        } = later;
        for info in infos.into_items() {
            // Each id is looked up once, as it goes in: a builder given up
            // half joined is dropped whole.
            if !self.infos.find_or_push(info).1 {
                return None;
            }
        }
        let renumbering = self.compiler.join(compiler);
        self.rules.extend(rules.into_iter().map(|mut rule| {
            rule.renumber(&renumbering);
            rule
        }));
        self.names.extend(names);
        self.single_names.extend(single_names);
        self.families.append(families);
        self.source_names.extend(source_names);
        self.all_ids.extend(all_ids);
        self.near_miss_defs.extend(near_miss_defs);
        Some(self)
    }

    /// The engine of the rules compiled: the near-miss rules, which read
    /// every pack's names, compiled last; the check families each one
    /// rule; the word matcher and the pattern sets built.
    fn finish(mut self, hand_back: &dyn Fn(HandedBack)) -> Result<Engine, Vec<PackError>> {
        self.compiler.folds = LiteralFolds::default();
        // Shared by the single-word near-miss rules, not copied into each.
        let single_names: Arc<[crate::rules::near_miss_word::SingleWordName]> =
            std::mem::take(&mut self.single_names).into();
        for (def, pack) in &std::mem::take(&mut self.near_miss_defs) {
            if def.single_word {
                let r = crate::rules::near_miss_word::compile(def, pack, &single_names);
                if let Ok((_, rule)) = &r {
                    hand_back(HandedBack::ToBuild(Box::new(rule.build_ahead())));
                }
                self.add(pack, def.id.span(), r);
                continue;
            }
            let names = std::mem::take(&mut self.names);
            let r = near_miss::compile(def, pack, &names, &mut self.compiler);
            self.names = names;
            self.add(pack, def.id.span(), r);
        }
        let Builder {
            compiler,
            infos,
            mut rules,
            errors,
            families,
            source_names,
            all_ids,
            ..
        } = self;
        families.into_rules(&mut rules, source_names);
        if !errors.is_empty() {
            return Err(errors);
        }
        let set = |patterns: &[crate::rules::pack_str::PackStr]| {
            if patterns.len() < PATTERNS_FOR_A_SET {
                return Ok(None);
            }
            RegexSetBuilder::new(patterns)
                .size_limit(REGEX_SIZE_LIMIT * 16)
                .dfa_size_limit(REGEX_DFA_LIMIT * 4)
                .build()
                .map(Some)
        };
        let sets = set(&compiler.original_patterns).and_then(|o| Ok((o, set(&compiler.folded_patterns)?)));
        let (original_set, folded_set) = match sets {
            Ok(sets) => sets,
            Err(e) => {
                let pack = PackSource::new("(all packs)", "");
                return Err(vec![PackError::new(
                    &pack,
                    None,
                    format!("the patterns together are too large to compile: {e}"),
                )]);
            }
        };
        let glossary_ids = infos
            .iter()
            .filter(|i| i.kind == crate::rules::RuleKind::Glossary)
            .map(|i| i.id.clone())
            .collect();
        Ok(Engine {
            glossary_ids,
            all_ids,
            infos: infos.into_items(),
            rules,
            phrases: compiler.phrases.compile(),
            original_set,
            folded_set,
        })
    }
}

/// The checks of each family, which runs as one rule.
#[derive(Default)]
struct Families {
    url: Vec<Configured<UrlCheck>>,
    punctuation: Vec<Configured<PunctuationCheck>>,
    direction: Vec<Configured<DirectionCheck>>,
    untranslated: Vec<Configured<EnglishRun>>,
    repetition: Vec<Configured<RepetitionCheck>>,
    numbers: Vec<Configured<NumberCheck>>,
    source: Vec<Configured<SourceCheck>>,
}

impl Families {
    /// `later`'s checks after these, family by family.
    fn append(&mut self, later: Families) {
        let Families {
            url,
            punctuation,
            direction,
            untranslated,
            repetition,
            numbers,
            source,
        } = later;
        self.url.extend(url);
        self.punctuation.extend(punctuation);
        self.direction.extend(direction);
        self.untranslated.extend(untranslated);
        self.repetition.extend(repetition);
        self.numbers.extend(numbers);
        self.source.extend(source);
    }

    /// Each family with a check as a rule; the source checks read the
    /// gazetteer's `names`.
    fn into_rules(self, rules: &mut Vec<Box<dyn Rule>>, names: Vec<SourceName>) {
        push_family(rules, self.url);
        push_family(rules, self.punctuation);
        push_family(rules, self.direction);
        push_family(rules, self.untranslated);
        push_family(rules, self.repetition);
        push_family(rules, self.numbers);
        if !self.source.is_empty() {
            rules.push(Box::new(SourceChecks {
                checks: self.source,
                names: std::sync::Arc::new(names),
                english_forms: std::sync::OnceLock::new(),
            }));
        }
    }
}

/// A family runs as one rule, if any of its checks is configured.
fn push_family<C: CheckKind>(rules: &mut Vec<Box<dyn Rule>>, checks: Vec<Configured<C>>)
where
    Family<C>: Rule,
{
    if !checks.is_empty() {
        rules.push(Box::new(Family { checks }));
    }
}

/// Options for check rules set outside their packs: rule id → table.
#[derive(Debug, Default)]
pub struct RuleOptions {
    /// Where they are written (for errors).
    pub source: PackSource,
    pub tables: Vec<(toml::Spanned<String>, toml::Spanned<toml::Table>)>,
}

impl RuleOptions {
    /// Merges each table over the options of the check rule it names: a
    /// list extends the rule's list (more words to allow), anything else
    /// replaces the rule's value.
    fn merge_into(&self, file: &mut crate::rules::pack::PackFile, used: &mut [bool]) {
        let families = [
            &mut file.url,
            &mut file.punctuation,
            &mut file.direction,
            &mut file.untranslated,
            &mut file.repetition,
            &mut file.numbers,
            &mut file.source,
        ];
        for def in families.into_iter().flatten() {
            for ((id, table), used) in self.tables.iter().zip(used.iter_mut()) {
                if id.get_ref().as_str() != def.id.get_ref().as_str() {
                    continue;
                }
                *used = true;
                let span = def.options.as_ref().map_or(def.check.span(), |o| o.span());
                let mut merged = def.options.as_ref().map(|o| o.get_ref().clone()).unwrap_or_default();
                for (key, value) in table.get_ref() {
                    match (merged.get_mut(key), value) {
                        (Some(toml::Value::Array(mine)), toml::Value::Array(more)) => mine.extend(more.iter().cloned()),
                        _ => {
                            merged.insert(key.clone(), value.clone());
                        }
                    }
                }
                def.options = Some(crate::rules::spanned::Spanned::new(span, merged));
            }
        }
    }
}

/// How `rule` carries what it reads across paragraphs from stretch to
/// stretch, when it reads across them at all and can: the one test both
/// the stretch's check and the list of carried states go by, so the parts
/// and the states pair up.
fn carrier(rule: &dyn Rule) -> Option<&dyn crate::rules::carry::AcrossStretches> {
    rule.across_stretches().filter(|_| rule.reads_across_paragraphs())
}

/// The vectors one after the other, grown from the longest of them rather
/// than copied into a new one: on a big file one rule can make most of
/// the findings, and a copy would hold them twice.
fn concat_in_place<T>(mut parts: Vec<Vec<T>>) -> Vec<T> {
    let Some(longest) = (0..parts.len()).max_by_key(|&i| parts[i].len()) else {
        return Vec::new();
    };
    let mut out = std::mem::take(&mut parts[longest]);
    let total: usize = out.len() + parts.iter().map(Vec::len).sum::<usize>();
    out.reserve_exact(total - out.len());
    let mut after = parts.split_off(longest + 1);
    for part in &mut after {
        out.append(part);
    }
    drop(after);
    // The parts before the longest go to the end, then the whole turns
    // round so they come first.
    let before: usize = parts.iter().map(Vec::len).sum();
    for part in &mut parts {
        out.append(part);
    }
    out.rotate_right(before);
    out
}

impl Engine {
    /// Compiles the bundled packs.
    pub fn bundled() -> Result<Engine, Vec<PackError>> {
        Engine::new(&bundled_packs())
    }

    /// Compiles packs; every mistake in every pack is returned, not just
    /// the first.
    pub fn new(packs: &[PackSource]) -> Result<Engine, Vec<PackError>> {
        Engine::with_options(packs, &RuleOptions::default())
    }

    /// Compiles packs with options set outside them (`[rule-options]` in
    /// `mtlint.toml`) merged over the rules' own.
    pub fn with_options(packs: &[PackSource], options: &RuleOptions) -> Result<Engine, Vec<PackError>> {
        Engine::compile(packs, options, None)
    }

    /// Compiles only the rules `keep` takes (`select`/`ignore`): a rule
    /// that is not selected costs nothing, its phrases are not searched and
    /// its patterns not matched. [`Engine::ids`] still lists every rule the
    /// packs define, so selectors and directives naming the others are
    /// known.
    pub fn with_selection(
        packs: &[PackSource],
        options: &RuleOptions,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Engine, Vec<PackError>> {
        Engine::compile(packs, options, Some(keep))
    }

    /// Whether every rule that runs reads a paragraph at a time.
    pub fn reads_paragraphs_alone(&self) -> bool {
        self.rules.iter().all(|rule| !rule.reads_across_paragraphs())
    }

    /// Whether every rule that runs can check a big text a stretch at a
    /// time ([`crate::stretches`]): it reads a paragraph at a time, or it
    /// carries what it reads across paragraphs from stretch to stretch.
    pub fn checks_in_stretches(&self) -> bool {
        self.rules
            .iter()
            .all(|rule| !rule.reads_across_paragraphs() || rule.across_stretches().is_some())
    }

    /// The rules that carry what they read from stretch to stretch, in
    /// the order [`Engine::check_stretch`] returns their parts.
    pub fn rules_across_stretches(&self) -> impl Iterator<Item = &dyn crate::rules::carry::AcrossStretches> {
        self.rules.iter().filter_map(|rule| carrier(rule.as_ref()))
    }

    /// Every finding in a stretch of `article` that needs no other stretch,
    /// ordered by position, then rule id, at the stretch's offsets; and
    /// the part each of [`Engine::rules_across_stretches`] hands on.
    pub fn check_stretch(
        &self,
        doc: &Document,
        article: &crate::rules::Article,
    ) -> (Vec<Diagnostic>, Vec<crate::rules::carry::Part>) {
        self.with_context(doc, None, Some(article), |cx| {
            let mut out = Vec::new();
            let mut parts = Vec::new();
            for rule in &self.rules {
                match carrier(rule.as_ref()) {
                    Some(across) => parts.push(across.check_stretch(cx, &mut out)),
                    None => rule.check(cx, &mut out),
                }
            }
            crate::diagnostic::sort_by_position(&mut out);
            (out, parts)
        })
    }

    /// Calls `f` with the context the rules read in `doc`: the phrases
    /// found in it, which patterns of the shared sets match it, and the
    /// English original or the whole article when there is one.
    fn with_context<R>(
        &self,
        doc: &Document,
        bilingual: Option<&Bilingual>,
        article: Option<&crate::rules::Article>,
        f: impl FnOnce(&CheckContext) -> R,
    ) -> R {
        let phrases = self.phrases.find(doc);
        let original_patterns = self.original_set.as_ref().map(|set| set.matches(doc.text()));
        let folded_patterns = self.folded_set.as_ref().map(|set| set.matches(&doc.folded.text));
        let mut cx = CheckContext::new(doc, &phrases, original_patterns.as_ref(), folded_patterns.as_ref());
        cx.bilingual = bilingual;
        cx.article = article;
        f(&cx)
    }

    /// Whether a rule runs in this engine (it is defined and selected).
    pub fn runs(&self, id: &str) -> bool {
        self.rule(id).is_some()
    }

    /// Every rule id the packs define, selected or not.
    pub fn ids(&self) -> &[PackStr] {
        &self.all_ids
    }

    /// Whether the packs define a rule, selected or not.
    pub fn knows(&self, id: &str) -> bool {
        self.all_ids.iter().any(|known| known.as_str() == id)
    }

    /// Compiles `packs` with the rules `keep` takes, or every rule.
    fn compile(
        packs: &[PackSource],
        options: &RuleOptions,
        keep: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<Engine, Vec<PackError>> {
        // The bundled rule set may be under way already, on a thread
        // started before the command line was read.
        if let Some(ahead) = take_compiled_ahead() {
            if keep.is_none() && options.tables.is_empty() && are_the_bundled_packs(packs) {
                return ahead.take();
            }
            ahead.stop();
        }
        let keep = keep.unwrap_or(&|_| true);
        if packs.len() < 2 {
            let read = packs.iter().map(ReadPack::parsed);
            return Engine::compile_parsed(packs, read, options, keep, &drop);
        }
        Engine::compile_reading(packs, Reader::spawn(packs.to_vec()), options, keep)
    }

    /// Compiles `packs` in order, each as soon as it is read, while
    /// `reader`'s thread shares the reading (see `Reader`).
    fn compile_reading(
        packs: &[PackSource],
        reader: Reader,
        options: &RuleOptions,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Engine, Vec<PackError>> {
        let read = reader.in_order();
        let hand_back = |handed: HandedBack| {
            // The receiver only goes away once this sender has.
            let _ = reader.hand_back.send(handed);
        };
        Engine::compile_parsed(packs, read, options, keep, &hand_back)
    }

    /// Compiles `packs`, whose read forms `read` yields in the same order;
    /// `hand_back` takes each parsed pack once its rules are compiled, to
    /// free, and what the rules build on first use, to build ahead.
    fn compile_parsed(
        packs: &[PackSource],
        read: impl Iterator<Item = ReadPack>,
        options: &RuleOptions,
        keep: &dyn Fn(&str) -> bool,
        hand_back: &dyn Fn(HandedBack),
    ) -> Result<Engine, Vec<PackError>> {
        let mut b = Builder::for_packs(packs);
        let mut options_used = vec![false; options.tables.len()];
        let every_pack = b.compile_packs(packs, read, options, &mut options_used, keep, hand_back);
        assert!(every_pack, "`read` yields every pack");
        for ((id, _), used) in options.tables.iter().zip(&options_used) {
            if !used {
                b.errors.push(
                    PackError::new(&options.source, Some(id.span()), format!("no rule «{}» takes options", id.get_ref()))
                        .with_label("options apply to punctuation, URL, direction, untranslated, repetition, number and source checks"),
                );
            }
        }
        b.finish(hand_back)
    }

    pub fn rules(&self) -> &[RuleInfo] {
        &self.infos
    }

    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.infos.iter().find(|r| r.id.as_ref() == id)
    }

    /// The folded literals the word matcher searches for.
    pub fn literals(&self) -> &[std::borrow::Cow<'static, str>] {
        self.phrases.stems()
    }

    pub fn lint(&self, source: &SourceFile) -> Vec<Diagnostic> {
        self.lint_document(&Document::new(source), None)
    }

    /// All findings of all rules, ordered by position, then rule id; with
    /// the English original, the source-aware rules run too.
    pub fn lint_document(&self, doc: &Document, bilingual: Option<&Bilingual>) -> Vec<Diagnostic> {
        let mut out = self.every_finding(doc, bilingual);
        if bilingual.is_some() {
            self.drop_glossary_repeats(&mut out);
        }
        out
    }

    /// Every rule's findings, none given way to another's (what a rule's
    /// examples are tested against).
    pub fn every_finding(&self, doc: &Document, bilingual: Option<&Bilingual>) -> Vec<Diagnostic> {
        self.with_context(doc, bilingual, None, |cx| {
            // A big file is one input, so the files are not what keeps the
            // cores busy: the rules share them instead.
            let parallel = crate::parallel::share_work(doc.text().len());
            let mut out = self.run_rules(cx, parallel);
            crate::diagnostic::sort_by_position(&mut out);
            out
        })
    }

    /// Every rule's findings, unsorted: each rule's together, in rule
    /// order, whether the rules ran one after the other or in parallel.
    fn run_rules(&self, cx: &CheckContext, parallel: bool) -> Vec<Diagnostic> {
        if !parallel {
            let mut out = Vec::new();
            for rule in &self.rules {
                rule.check(cx, &mut out);
            }
            return out;
        }
        use rayon::prelude::*;
        let found: Vec<Vec<Diagnostic>> = self
            .rules
            .par_iter()
            // A rule a task: the rules' costs differ a hundredfold (on a
            // big file, consistency alone is a third of them), and halves
            // of the list, rayon's default, left a core idle for seconds.
            .with_max_len(1)
            .map(|rule| {
                let mut found = Vec::new();
                rule.check(cx, &mut found);
                found
            })
            .collect();
        concat_in_place(found)
    }

    /// A glossary finding on the very span another rule reports says the
    /// same thing twice (a term rule knows «زنازين نائمة» too): the other
    /// rule's finding, with its fix, is kept.
    fn drop_glossary_repeats(&self, out: &mut Vec<Diagnostic>) {
        if self.glossary_ids.is_empty() {
            return;
        }
        let is_glossary: Vec<bool> = out.iter().map(|d| self.glossary_ids.contains(&d.rule)).collect();
        let mut keep = vec![true; out.len()];
        // Sorted by span, so findings on one span are neighbours.
        let mut start = 0;
        while start < out.len() {
            let end = start + out[start..].iter().take_while(|d| d.span == out[start].span).count();
            if (start..end).any(|i| !is_glossary[i]) {
                for i in (start..end).filter(|&i| is_glossary[i]) {
                    keep[i] = false;
                }
            }
            start = end;
        }
        let mut keep = keep.into_iter();
        out.retain(|_| keep.next().unwrap_or(true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concatenating_in_place_keeps_the_order() {
        let parts = vec![vec![1, 2], vec![], vec![3, 4, 5, 6], vec![7], vec![8, 9]];
        assert_eq!(concat_in_place(parts), (1..=9).collect::<Vec<_>>());
        assert_eq!(concat_in_place::<u8>(Vec::new()), Vec::<u8>::new());
        assert_eq!(concat_in_place(vec![vec![1], vec![2, 3]]), [1, 2, 3]);
    }

    #[test]
    fn the_rules_in_parallel_find_the_same_in_the_same_order() {
        let packs = bundled_packs();
        let engine = Engine::new(&packs).unwrap();
        let article = include_str!("../examples/hasakah-prison-attack.ar.txt");
        // Twenty copies: every rule kind finds something, and the copies
        // add the duplicated-paragraph findings.
        let text = vec![article; 20].join("\n\n");
        let source = SourceFile::new("big.txt", text);
        let doc = Document::new(&source);
        let phrases = engine.phrases.find(&doc);
        let original = engine.original_set.as_ref().map(|set| set.matches(doc.text()));
        let folded = engine.folded_set.as_ref().map(|set| set.matches(&doc.folded.text));
        let cx = CheckContext::new(&doc, &phrases, original.as_ref(), folded.as_ref());
        // Two threads, whatever this machine has.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let parallel = pool.install(|| engine.run_rules(&cx, true));
        let serial = engine.run_rules(&cx, false);
        assert!(parallel.len() > 100, "{}", parallel.len());
        assert_eq!(parallel, serial);
    }

    #[test]
    fn building_ahead_builds_every_regex() {
        let deferred = [SharedRegex::deferred("a+"), SharedRegex::deferred("[0-9]{2}")];
        build_regexes_ahead(&deferred[..1]);
        assert!(deferred[0].is_built() && !deferred[1].is_built());
        build_regexes_ahead(&deferred);
        assert!(deferred.iter().all(SharedRegex::is_built));
        assert!(deferred[1].get().is_match("x42"));
    }

    /// The bundled packs compiled ahead, on threads of their own, are the
    /// engine compiled when asked for.
    #[test]
    fn the_bundled_packs_compiled_ahead_are_the_engine_compiled_when_asked() {
        let ahead = CompiledAhead::start().take().unwrap();
        let asked = Engine::compile(&bundled_packs(), &RuleOptions::default(), None).unwrap();
        assert_the_same_engine(&ahead, &asked);
        // Each compiled rule the same, to its phrase handles and pattern
        // indexes: the second half's were renumbered when the halves
        // joined. (After the lint above, what rules build on first use
        // is built in both.)
        assert_eq!(ahead.rules.len(), asked.rules.len());
        for (one, other) in ahead.rules.iter().zip(&asked.rules) {
            assert_eq!(format!("{one:?}"), format!("{other:?}"));
        }
    }

    /// The same rules (every field of each rule's record), phrases and
    /// findings on the example article.
    fn assert_the_same_engine(one: &Engine, other: &Engine) {
        assert_eq!(one.ids(), other.ids());
        assert_eq!(format!("{:?}", one.rules()), format!("{:?}", other.rules()));
        assert_eq!(one.literals(), other.literals());
        let source = SourceFile::new("t", include_str!("../examples/hasakah-prison-attack.ar.txt"));
        let found = one.lint(&source);
        assert!(found.len() > 20, "{} findings", found.len());
        assert_eq!(found, other.lint(&source));
    }

    /// The half compiled ahead, told to stop, stops before its next pack.
    #[test]
    fn the_half_compiled_ahead_told_to_stop_stops_before_its_next_pack() {
        let packs = bundled_packs();
        let half = &packs[..second_half(&packs)];
        let compile = |keep: &dyn Fn(&str) -> bool, stop| {
            let mut deferred = Vec::new();
            let mut b = Builder::for_packs(half);
            let read = read_until_stopped(half, stop, &mut deferred);
            let every_pack = b.compile_packs(half, read, &RuleOptions::default(), &mut [], keep, &drop);
            (every_pack, b.infos.len())
        };
        let stop = std::sync::atomic::AtomicBool::new(true);
        assert_eq!(compile(&|_| true, &stop), (false, 0));
        // Told while the first pack compiles (its rules are each asked
        // whether to keep them): that pack's rules, and no more.
        let stop = std::sync::atomic::AtomicBool::new(false);
        let told = |_: &str| {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            true
        };
        let (every_pack, first_pack) = compile(&told, &stop);
        assert!(!every_pack && first_pack > 0);
        // Never told, it compiles every pack of the half.
        let never = std::sync::atomic::AtomicBool::new(false);
        let (every_pack, all) = compile(&|_| true, &never);
        assert!(every_pack && all > first_pack);
    }

    /// The bundled packs compiled ahead serve an engine of every bundled
    /// rule and no options; any other engine stops them and compiles its
    /// own rule set.
    #[test]
    fn only_the_whole_bundled_rule_set_takes_the_engine_compiled_ahead() {
        let packs = bundled_packs();
        let mut more = packs.clone();
        more.push(PackSource::new(
            "user.toml",
            "[[term]]\nid = \"user-term\"\nmessage = \"«{found}»\"\nfind = [\"الهجوم\"]\n",
        ));
        assert!(!are_the_bundled_packs(&more));
        compile_bundled_packs_ahead();
        // Another test's engine may take it first: either way this one is
        // its own rule set, and nothing is left compiled ahead.
        let selected = Engine::with_selection(&packs, &RuleOptions::default(), &|id| id == "double-space").unwrap();
        assert!(selected.runs("double-space") && !selected.runs("mazloum-abdi"));
        assert!(selected.literals().is_empty());
        assert!(take_compiled_ahead().is_none());
        compile_bundled_packs_ahead();
        let with_user_pack = Engine::new(&more).unwrap();
        assert!(with_user_pack.runs("user-term") && with_user_pack.runs("mazloum-abdi"));
        assert!(take_compiled_ahead().is_none());
        compile_bundled_packs_ahead();
        let bundled = Engine::new(&packs).unwrap();
        assert!(bundled.runs("mazloum-abdi") && !bundled.runs("user-term"));
        assert_eq!(bundled.rules().len(), BUNDLED_RULES);
        assert!(take_compiled_ahead().is_none());
    }

    /// The compiling thread takes a pack the reading thread has read, reads
    /// one no thread has started, and reads one the reading thread started
    /// but stopped before handing over; the packs come in order either way.
    #[test]
    fn the_compiling_thread_takes_or_reads_each_pack_in_turn() {
        use std::sync::atomic::Ordering;
        let packs = bundled_packs();
        let names = |reads: &[ReadPack]| -> Vec<Vec<String>> {
            reads
                .iter()
                .map(|r| r.file.as_ref().unwrap().rule_ids().map(|id| id.to_string()).collect())
                .collect()
        };
        let expected: Vec<ReadPack> = packs[..3].iter().map(ReadPack::new).collect();
        let (reader, _to_free) = Reader::without_a_thread(packs[..3].to_vec());
        // Pack 0 read by the other thread, pack 1 started by it, which then stops.
        reader.queue.next.store(2, Ordering::SeqCst);
        reader.queue.lock().read[0] = Some(ReadPack::new(&packs[0]));
        reader.queue.lock().reader_stopped = true;
        let got: Vec<ReadPack> = reader.in_order().collect();
        assert_eq!(names(&got), names(&expected));
        // Pack 0 was taken from its slot, not read again.
        assert!(reader.queue.lock().read[0].is_none());
        assert!(names(&got).iter().all(|ids| !ids.is_empty()));
        // Pack 2 was read here, as no thread had started it.
        assert_eq!(reader.queue.next.load(Ordering::SeqCst), 3);
    }

    /// The bundled rule set is the bundled packs, all of them, in their
    /// order, each the stored one.
    #[test]
    fn only_the_bundled_packs_in_order_are_the_bundled_rule_set() {
        let packs = bundled_packs();
        assert!(are_the_bundled_packs(&packs));
        assert!(!are_the_bundled_packs(&packs[1..]));
        let mut reordered = packs.clone();
        reordered.swap(0, 1);
        assert!(!are_the_bundled_packs(&reordered));
        // A pack of the user's named like a bundled one is not one.
        let mut impostor = packs.clone();
        impostor[0] = PackSource::new(packs[0].name.as_str(), packs[0].text.clone());
        assert!(!are_the_bundled_packs(&impostor));
    }

    /// A bundled pack compiles from its TOML text as it does from its
    /// stored form: the same rules, phrases and findings. (From the TOML,
    /// each check `build.rs` did for it runs again, and the glossary's
    /// English automata are built as it compiles, not on first use.)
    #[test]
    fn the_bundled_packs_compile_from_their_toml_as_from_their_stored_form() {
        let stored = bundled_packs();
        let from_toml: Vec<PackSource> = stored
            .iter()
            .map(|pack| PackSource::new(pack.name.as_str(), pack.text.clone()))
            .collect();
        assert!(from_toml.iter().all(|pack| pack.prebuilt.is_none()));
        assert_the_same_engine(&Engine::new(&stored).unwrap(), &Engine::new(&from_toml).unwrap());
    }

    /// The bundled packs compiled ahead split where the constant says,
    /// with packs on both sides: a renamed pack would otherwise move the
    /// split to the middle without a word.
    #[test]
    fn the_bundled_packs_split_at_the_named_pack() {
        let packs = bundled_packs();
        let at = second_half(&packs);
        assert_eq!(packs[at].name, SECOND_HALF_STARTS_WITH);
        assert!(at > 0 && at < packs.len() - 1);
    }

    /// The rules of `packs` (TOML texts) compiled by one builder.
    fn compiled_in_one(packs: &[PackSource]) -> Builder {
        let mut b = Builder::default();
        let read = packs.iter().map(ReadPack::new);
        assert!(b.compile_packs(packs, read, &RuleOptions::default(), &mut [], &|_| true, &drop));
        b
    }

    /// The rules of `packs` compiled in two builders, the second from
    /// `second_from` on, and joined.
    fn joined(packs: &[PackSource], second_from: usize) -> Option<Builder> {
        compiled_in_one(&packs[..second_from]).join(compiled_in_one(&packs[second_from..]))
    }

    /// Two halves joined are the packs compiled in one: each kind of rule
    /// that registers phrases or patterns in the second half (term, name,
    /// glossary, pattern) points at the joined registry's, a phrase both
    /// halves register keeps its first handle.
    #[test]
    fn two_halves_joined_are_the_packs_compiled_in_one() {
        let term = |id: &str, find: &str, near: &str| {
            format!(
                "[[term]]\nid = \"{id}\"\nmessage = \"«{{found}}»\"\nfind = [\"{find}\"]\ncontext = {{ near = [\"{near}\"] }}\n"
            )
        };
        let pattern = |id: &str, regex: &str| {
            format!("[[pattern]]\nid = \"{id}\"\nmessage = \"«{{found}}»\"\nregex = '{regex}'\n")
        };
        let name = "[[name]]\nid = \"place-aleppo\"\nkind = \"place\"\ncanonical = \"حلب\"\nenglish = [\"Aleppo\"]\nvariants = [\"أليبو\"]\n";
        let glossary = "[[glossary]]\nid = \"glossary-cells\"\nmessage = \"«{english}»: «{required}»\"\nterms = [{ english = \"sleeper cells\", arabic = [\"خلايا نائمة\"], avoid = [\"زنازين نائمة\"] }]\n";
        let packs = [
            PackSource::new(
                "a.toml",
                term("first", "زنازين", "خلايا") + &pattern("first-pattern", "a+b"),
            ),
            PackSource::new(
                "b.toml",
                term("second", "فارين", "خلايا")
                    + &term("third", "اندلع", "سجناء")
                    + &pattern("second-pattern", "c+d")
                    + name
                    + glossary,
            ),
        ];
        let one = compiled_in_one(&packs);
        assert!(one.errors.is_empty(), "{:?}", one.errors);
        let two = joined(&packs, 1).expect("no id in both halves");
        assert_eq!(format!("{:?}", two.rules), format!("{:?}", one.rules));
        assert_eq!(format!("{:?}", two.infos), format!("{:?}", one.infos));
        assert_eq!(two.all_ids, one.all_ids);
        assert_eq!(two.compiler.original_patterns, one.compiler.original_patterns);
        let (two, one) = (two.finish(&drop).unwrap(), one.finish(&drop).unwrap());
        assert_eq!(two.literals(), one.literals());
        let english = SourceFile::new(
            "t.en",
            "The prisoners escaped from the cells in Aleppo.\n\nSleeper cells.",
        );
        let arabic = "اندلع السجناء من زنازين خلايا فارين في أليبو aab ccd\n\nزنازين نائمة";
        let source = SourceFile::new("t", arabic);
        let found = two.lint(&source);
        assert_eq!(found, one.lint(&source));
        let rules: Vec<&str> = found.iter().map(|d| d.rule.as_str()).collect();
        for rule in [
            "first",
            "second",
            "third",
            "first-pattern",
            "second-pattern",
            "place-aleppo",
        ] {
            assert!(rules.contains(&rule), "{rule} not in {rules:?}");
        }
        let doc = Document::new(&source);
        let bilingual = Bilingual::align(&english, arabic);
        let with_original = two.lint_document(&doc, Some(&bilingual));
        assert_eq!(with_original, one.lint_document(&doc, Some(&bilingual)));
        assert!(
            with_original.iter().any(|d| d.rule == "glossary-cells"),
            "{with_original:?}"
        );
    }

    /// Halves with a rule id in both, or with an error, are not joined:
    /// compiled in one, the packs report those in their order.
    #[test]
    fn halves_with_an_id_in_both_or_an_error_are_not_joined() {
        let term = |id: &str| format!("[[term]]\nid = \"{id}\"\nmessage = \"«{{found}}»\"\nfind = [\"زنازين\"]\n");
        let same_id = [
            PackSource::new("a.toml", term("one")),
            PackSource::new("b.toml", term("one")),
        ];
        assert!(joined(&same_id, 1).is_none());
        let wrong = [
            PackSource::new("a.toml", term("one")),
            PackSource::new("b.toml", term("Not Kebab")),
        ];
        assert!(joined(&wrong, 1).is_none());
        let fine = [
            PackSource::new("a.toml", term("one")),
            PackSource::new("b.toml", term("two")),
        ];
        assert!(joined(&fine, 1).is_some_and(|b| b.rules.len() == 2));
    }

    /// The count the rule tables are sized by is the rules compiled.
    #[test]
    fn the_bundled_rule_count_is_the_number_of_bundled_rules() {
        let engine = Engine::new(&bundled_packs()).unwrap();
        assert_eq!(engine.rules().len(), BUNDLED_RULES);
    }

    #[test]
    fn a_selected_engine_compiles_only_what_it_runs() {
        let packs = bundled_packs();
        let full = Engine::new(&packs).unwrap();
        let keep = |id: &str| id == "double-space";
        let selected = Engine::with_selection(&packs, &RuleOptions::default(), &keep).unwrap();
        // No term or name rule runs, so no phrase is searched.
        assert!(selected.literals().is_empty(), "{:?}", &selected.literals()[..3]);
        assert!(selected.runs("double-space"));
        assert!(!selected.runs("mazloum-abdi"));
        assert_eq!(selected.rules().len(), 1);
        // Every rule is still known (selectors, directives).
        assert!(selected.knows("mazloum-abdi"));
        assert_eq!(selected.ids(), full.ids());
        assert_eq!(full.ids().len(), full.rules().len());
        let source = SourceFile::new("t", "قال مظلوم عبادي إن  الهجوم فشل.");
        let ids: Vec<String> = selected.lint(&source).iter().map(|d| d.rule.to_string()).collect();
        assert_eq!(ids, ["double-space"]);
    }

    /// With many pattern rules a regex set tells which can match; with few,
    /// each searches alone. Both ways find the same.
    #[test]
    fn patterns_find_the_same_with_or_without_the_set() {
        let pack = |count: usize| {
            let mut text = String::new();
            for i in 0..count {
                let on = if i % 2 == 0 { "original" } else { "folded" };
                text.push_str(&format!(
                    "[[pattern]]\nid = \"p{i}\"\nmessage = \"«{{found}}»\"\non = \"{on}\"\nregex = '(?:x{i}|قتل)[0-9]+'\n\n"
                ));
            }
            PackSource::new("test", text)
        };
        let source = SourceFile::new("t", "قُتِلَ12 x3 x34 x7y x8 قتل9 x1");
        let found = |engine: &Engine| -> Vec<(String, std::ops::Range<usize>)> {
            engine
                .lint(&source)
                .into_iter()
                .map(|d| (d.rule.to_string(), d.span))
                .collect()
        };
        let few = Engine::new(&[pack(PATTERNS_FOR_A_SET - 1)]).unwrap();
        let many = Engine::new(&[pack(2 * PATTERNS_FOR_A_SET)]).unwrap();
        assert!(few.original_set.is_none() && few.folded_set.is_none());
        assert!(many.original_set.is_some() && many.folded_set.is_some());
        let from_many: Vec<_> = found(&many)
            .into_iter()
            .filter(|(id, _)| id[1..].parse::<usize>().unwrap() < PATTERNS_FOR_A_SET - 1)
            .collect();
        assert_eq!(found(&few), from_many);
        assert!(found(&many).len() > 4, "{:?}", found(&many));
    }
}
