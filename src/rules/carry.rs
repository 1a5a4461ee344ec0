//! How a rule that reads across paragraphs checks a big text a stretch at
//! a time ([`crate::stretches`]): what it finds in each stretch is handed
//! on, in the stretches' order, to a state carried across them, which
//! makes the findings that need more than one stretch.

use super::CheckContext;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::any::Any;

/// A rule's work on one stretch, handed on to its [`Carried`] state (each
/// rule knows its own kind of part).
pub type Part = Box<dyn Any + Send>;

/// A rule that reads across paragraphs and can check a text a stretch at
/// a time all the same.
pub trait AcrossStretches: Sync {
    /// Checks one stretch (on any thread): findings that need no other
    /// stretch go to `out`, at the stretch's offsets; what the carried
    /// state needs is returned.
    fn check_stretch(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) -> Part;

    /// The state carried across the stretches of `source`, before the
    /// first.
    fn carry<'a>(&'a self, source: &'a SourceFile) -> Box<dyn Carried + 'a>;
}

/// What a rule carries from stretch to stretch.
pub trait Carried: Send {
    /// Takes the next stretch's part; the stretch starts at byte `start` of
    /// the text. Findings it can make already go to `out`, at the file's
    /// offsets.
    fn take(&mut self, part: Part, start: usize, out: &mut Vec<Diagnostic>);

    /// Makes the findings that waited for the last stretch.
    fn finish(self: Box<Self>, out: &mut Vec<Diagnostic>);
}

/// The part a rule's own [`AcrossStretches::check_stretch`] made.
///
/// # Panics
/// When the part is of another kind: the engine hands each rule its own.
pub fn unpack<T: 'static>(part: Part) -> T {
    *part.downcast::<T>().expect("a rule is handed the parts it made")
}
