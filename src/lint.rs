//! One file through the whole pipeline: prose view (Markdown/HTML), the
//! engine, suppression directives, configuration; and the fix loop.

use crate::bilingual::Bilingual;
use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::Engine;
use crate::fix::apply_fixes;
use crate::markup::{Markup, ProseView, prose_view};
use crate::source::SourceFile;
use crate::suppress;
use std::path::Path;

/// Everything that decides what is reported for one file.
#[derive(Clone, Copy)]
pub struct Linter<'a> {
    pub engine: &'a Engine,
    pub settings: &'a Settings,
}

/// The result of fixing one text.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    pub applied: usize,
    /// Findings left after fixing.
    pub remaining: Vec<Diagnostic>,
    /// False when fixes still changed the text on the last pass: the fixes
    /// do not settle, and the text must not be written.
    pub settled: bool,
}

/// Passes of the fix loop: fixes that overlap wait for the next pass, so
/// a second run of `--fix` finds nothing left to do.
const MAX_FIX_PASSES: usize = 10;

impl Linter<'static> {
    /// The bundled rules with default settings, compiled once per process
    /// (for embedding, tests and fuzzing).
    pub fn bundled() -> Linter<'static> {
        static BUNDLED: std::sync::OnceLock<(Engine, Settings)> = std::sync::OnceLock::new();
        let (engine, settings) = BUNDLED.get_or_init(|| {
            let engine = Engine::bundled().unwrap_or_else(|errors| {
                panic!(
                    "the bundled rule packs do not compile: {}",
                    errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
                )
            });
            (engine, Settings::defaults())
        });
        Linter { engine, settings }
    }
}

impl Linter<'_> {
    /// The findings for a file's text. `path` is the file on disk, if any
    /// (for per-file settings).
    pub fn lint(&self, source: &SourceFile, markup: Markup, path: Option<&Path>) -> Vec<Diagnostic> {
        self.lint_with(source, markup, path, None)
    }

    /// [`Linter::lint`] with the English original of the text, which turns
    /// on the source-aware rules.
    pub fn lint_with(
        &self,
        source: &SourceFile,
        markup: Markup,
        path: Option<&Path>,
        original: Option<&SourceFile>,
    ) -> Vec<Diagnostic> {
        let text = source.text();
        let directives = suppress::parse(text, markup == Markup::Plain);
        // An exchange file is parsed once: its targets are the prose, its
        // sources the original.
        // Plain text without directives is its own prose: it is not copied
        // (a second copy of a 100 MB file is another 100 MB).
        let whole_text_is_prose = markup == Markup::Plain && directives.is_empty();
        let (mut view, exchange) = match markup.exchange().and_then(|f| crate::markup::exchange_views(text, f)) {
            Some(x) => (x.target, Some((x.source, x.pairs))),
            None if whole_text_is_prose => (ProseView::default(), None),
            None => (prose_view(text, markup), None),
        };
        // Directives are instructions to mtlint, not text to check.
        for d in &directives {
            let blank: String = text[d.span.clone()]
                .chars()
                .flat_map(|c| std::iter::repeat_n(' ', c.len_utf8()))
                .collect();
            view.text.replace_range(d.span.clone(), &blank);
        }
        let prose;
        let lint_source = if whole_text_is_prose || view.text == text {
            source
        } else {
            prose = SourceFile::new(source.path(), view.text.clone());
            &prose
        };
        // An exchange file carries its own original: the source segments.
        let (english, exchange_pairs) = match exchange.filter(|_| original.is_none()) {
            Some((view, pairs)) => (Some(SourceFile::new(source.path(), view.text)), Some(pairs)),
            None => (None, None),
        };
        let bilingual = match (english.as_ref(), exchange_pairs, original) {
            (Some(english), Some(pairs), _) => Some(Bilingual::paired(english, pairs)),
            (_, _, Some(o)) => Some(Bilingual::align(o, lint_source.text())),
            _ => None,
        };
        // A big text is checked a stretch at a time, when every rule that
        // runs can be: its memory follows the stretch, not the file.
        let in_stretches = bilingual.is_none()
            && view.breaks.is_empty()
            && crate::stretches::apply(self.engine, lint_source.text().len());
        let mut found = if in_stretches {
            crate::stretches::lint(self.engine, lint_source, crate::stretches::STRETCH_LEN)
        } else {
            self.engine.lint_document(
                &crate::document::Document::with_breaks(lint_source, &view.breaks),
                bilingual.as_ref(),
            )
        };
        if !view.masked.is_empty() {
            // A finding that touches markup is about the markup (the spaces
            // that stand in for an inline code span, say), not the prose.
            // A span that starts or ends in markup, or holds nothing but
            // the blanks of masked markup, is about the markup; a paragraph
            // with a bold word inside is still prose.
            let touches_markup = |d: &Diagnostic| {
                if d.span.is_empty() {
                    return view.is_masked(d.span.start);
                }
                view.overlaps_mask(&d.span)
                    && (view.is_masked(d.span.start)
                        || view.is_masked(d.span.end - 1)
                        || view.text[d.span.clone()].chars().all(char::is_whitespace))
            };
            // The filler of a decoded reference is not in the file.
            let in_filler = |d: &Diagnostic| !d.span.is_empty() && view.in_padding(&d.span);
            found.retain(|d| !touches_markup(d) && !in_filler(d));
            for d in &mut found {
                // A fix must never rewrite markup, nor write a character
                // where the file has its reference.
                if d.fix
                    .as_ref()
                    .is_some_and(|f| view.overlaps_mask(&f.span) || view.overlaps_reference(&f.span))
                {
                    d.fix = None;
                }
                // A message quotes the character, not the view's filler.
                if view.overlaps_reference(&d.span) {
                    d.message = d.message.replace(['\u{2060}', '\u{00AD}'], "").into_boxed_str();
                }
            }
        }
        let found = suppress::apply(
            source,
            &directives,
            found,
            |id| self.engine.knows(id),
            |id| self.engine.runs(id),
        );
        self.settings.apply(found, path, lint_source.text())
    }

    /// Applies fixes until none is left to apply (or the pass limit), then
    /// lints the result.
    pub fn fix(&self, source: &SourceFile, markup: Markup, path: Option<&Path>, unsafe_fixes: bool) -> Fixed {
        self.fix_with(source, markup, path, None, unsafe_fixes)
    }

    /// [`Linter::fix`] with the English original (never edited).
    pub fn fix_with(
        &self,
        source: &SourceFile,
        markup: Markup,
        path: Option<&Path>,
        original: Option<&SourceFile>,
        unsafe_fixes: bool,
    ) -> Fixed {
        let mut applied = 0;
        // The text as the last pass left it, once a pass changed it. Only
        // the original and that text are held (the original used to be
        // copied up front, and the fixed text again for each pass's check).
        let mut fixed: Option<SourceFile> = None;
        let mut remaining = self.lint_with(source, markup, path, original);
        let mut settled = false;
        let applicable = |remaining: &[Diagnostic]| -> Vec<crate::diagnostic::Fix> {
            remaining
                .iter()
                .filter_map(|d| d.fix.clone())
                .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe)
                .collect()
        };
        for _ in 0..MAX_FIX_PASSES {
            let fixes = applicable(&remaining);
            if fixes.is_empty() {
                settled = true;
                break;
            }
            let current = fixed.as_ref().unwrap_or(source);
            let result = apply_fixes(current.text(), &fixes);
            if result.text == current.text() {
                settled = true;
                break;
            }
            applied += result.applied;
            // The last pass's findings and text go before the next check:
            // a big file's findings are as big as the file.
            drop((fixes, std::mem::take(&mut remaining)));
            fixed = None;
            let next = fixed.insert(SourceFile::new(source.path(), result.text));
            remaining = self.lint_with(next, markup, path, original);
        }
        // The last pass may have left nothing more to do.
        settled = settled || applicable(&remaining).is_empty();
        let text = fixed.map_or_else(|| source.text().to_string(), SourceFile::into_text);
        Fixed {
            text,
            applied,
            remaining,
            settled,
        }
    }
}
