//! What the editor shows: mtlint's findings as LSP diagnostics, their fixes
//! and suggestions as code actions, "disable for this line", and the rule's
//! explanation on hover.

use super::documents::{Document, Linted, file_uri};
use super::positions::Encoding;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::markup::Markup;
use lsp_types::{
    CodeAction, CodeActionKind, DiagnosticRelatedInformation, DiagnosticSeverity, Hover, HoverContents, Location,
    MarkupContent, MarkupKind, NumberOrString, Position, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::ops::Range as Span;

pub fn diagnostic(
    uri: &Uri,
    doc: &Document,
    linted: &Linted,
    d: &Diagnostic,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related()
        .iter()
        .filter_map(|r| {
            let location = if r.path == linted.name {
                Location::new(uri.clone(), doc.range(r.start..r.end, encoding))
            } else {
                // Another file (the English original): its line and column
                // were counted in characters when the finding was made.
                let at = Position::new(r.line.saturating_sub(1) as u32, r.column.saturating_sub(1) as u32);
                Location::new(file_uri(std::path::Path::new(&r.path))?, Range::new(at, at))
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.to_string();
    if let Some(note) = d.note() {
        message.push('\n');
        message.push_str(note);
    }
    lsp_types::Diagnostic {
        range: doc.range(d.span.clone(), encoding),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some("mtlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// The code actions for the findings that touch `range`: each fix (safe
/// ones preferred, unsafe ones labelled), each suggestion a fix does not
/// already offer, and a directive that disables the rule on that line.
pub fn code_actions(uri: &Uri, doc: &Document, linted: &Linted, range: Range, encoding: Encoding) -> Vec<CodeAction> {
    let text = &doc.text;
    let start = doc.offset(range.start, encoding);
    let end = doc.offset(range.end, encoding);
    // lsp-types' Uri hashes and compares by its text; the cell clippy sees
    // is a parse cache, and WorkspaceEdit's map is keyed by Uri.
    #[allow(clippy::mutable_key_type)]
    let edit = |span: Span<usize>, new_text: String| {
        let changes = HashMap::from([(uri.clone(), vec![TextEdit::new(doc.range(span, encoding), new_text)])]);
        Some(WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        })
    };
    let mut actions = Vec::new();
    for d in linted
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= end && start <= d.span.end)
    {
        let shown = diagnostic(uri, doc, linted, d, encoding);
        let action = |title: String, edit: Option<WorkspaceEdit>, preferred: bool| CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![shown.clone()]),
            edit,
            is_preferred: preferred.then_some(true),
            ..Default::default()
        };
        let mut offered = Vec::new();
        if let Some(fix) = &d.fix {
            let before = &text[fix.span.clone()];
            let what = match (before.is_empty(), fix.replacement.is_empty()) {
                (_, true) => format!("remove «{before}»"),
                (true, false) => format!("insert «{}»", fix.replacement),
                (false, false) => format!("replace «{before}» with «{}»", fix.replacement),
            };
            let (label, preferred) = match fix.applicability {
                Applicability::Safe => ("Fix", true),
                Applicability::Unsafe => ("Unsafe fix", false),
            };
            actions.push(action(
                format!("{label}: {what} ({})", d.rule),
                edit(fix.span.clone(), fix.replacement.to_string()),
                preferred,
            ));
            if fix.span == d.span {
                offered.push(fix.replacement.to_string());
            }
        }
        for s in d.suggestions().iter().filter(|s| !offered.contains(s)) {
            actions.push(action(
                format!("Replace «{}» with «{s}» ({})", &text[d.span.clone()], d.rule),
                edit(d.span.clone(), s.clone()),
                false,
            ));
        }
        let line_start = text[..d.span.start].rfind('\n').map_or(0, |at| at + 1);
        let directive = match doc.markup {
            Markup::Plain => format!("mtlint-disable-next-line {}\n", d.rule),
            _ => format!("<!-- mtlint-disable-next-line {} -->\n", d.rule),
        };
        actions.push(CodeAction {
            kind: Some(CodeActionKind::QUICKFIX),
            ..action(
                format!("Disable {} for this line", d.rule),
                edit(line_start..line_start, directive),
                false,
            )
        });
    }
    actions
}

/// The findings under the cursor, each with its rule's explanation.
pub fn hover(doc: &Document, linted: &Linted, position: Position, encoding: Encoding) -> Option<Hover> {
    let at = doc.offset(position, encoding);
    let under: Vec<&Diagnostic> = linted
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= at && at <= d.span.end)
        .collect();
    let first = under.first()?;
    let mut page = String::new();
    for d in &under {
        if !page.is_empty() {
            page.push_str("\n\n---\n\n");
        }
        page.push_str(&format!("**{}** ({}): {}\n\n", d.rule, d.severity, d.message));
        if let Some(rule) = linted.context.engine.rule(&d.rule) {
            // The explain page's own title repeats the rule id.
            let explained = crate::commands::rules::explain_page(rule);
            page.push_str(explained.split_once('\n').map_or("", |(_, rest)| rest).trim_start());
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: page,
        }),
        range: Some(doc.range(first.span.clone(), encoding)),
    })
}
