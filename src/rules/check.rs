//! What the built-in check families share: a `[[url]]`, `[[punctuation]]`
//! … entry names one check of its family with `check = "..."`, tunes it
//! with `options`, and gets its id, severity, message and examples like any
//! other rule. All configured checks of a family run together as one rule,
//! so a family's scan of the text (finding URLs, Latin runs, ...) is done
//! once however many of its checks are enabled.

use super::pack::{CheckDef, PackError, PackSource};
use super::pack_str::PackStr;
use super::{RuleInfo, RuleKind, check_message, compile_common, render_message};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use serde::de::DeserializeOwned;
use std::ops::Range;

/// The configured identity of one check.
#[derive(Debug, Clone)]
pub struct CheckMeta {
    pub id: PackStr,
    pub severity: Severity,
    pub message: PackStr,
    pub applicability: Applicability,
}

impl CheckMeta {
    /// A finding with the message template filled in.
    pub fn diagnostic(&self, span: Range<usize>, vars: &[(&str, &str)]) -> Diagnostic {
        Diagnostic::new(
            self.id.clone(),
            self.severity,
            render_message(&self.message, vars),
            span,
        )
    }

    pub fn fix(&self, span: Range<usize>, replacement: impl Into<String>) -> Fix {
        Fix {
            span,
            replacement: replacement.into().into_boxed_str(),
            applicability: self.applicability,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Configured<C> {
    pub meta: CheckMeta,
    pub check: C,
}

/// All configured checks of one family; each family implements `Rule` for
/// its own `Family<C>`.
#[derive(Debug, Clone)]
pub struct Family<C> {
    pub checks: Vec<Configured<C>>,
}

/// The checks a family offers.
pub trait CheckKind: Sized + std::fmt::Debug + Send + Sync + 'static {
    const FAMILY: RuleKind;
    /// The `check = "..."` names this family knows.
    const NAMES: &'static [&'static str];
    /// The placeholders its messages may use.
    const FILLS: &'static [&'static str];
    /// Builds the check called `name` from its (possibly empty) options.
    fn parse(name: &str, options: &toml::Table) -> Result<Self, String>;
    fn fixable(&self) -> bool;
}

/// Reads a check's options into its own struct (which should deny unknown
/// fields and default the rest).
pub fn options<T: DeserializeOwned>(options: &toml::Table) -> Result<T, String> {
    toml::Value::Table(options.clone())
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_string())
}

/// Rejects options for a check that takes none.
pub fn no_options(name: &str, options: &toml::Table) -> Result<(), String> {
    match options.keys().next() {
        Some(key) => Err(format!("check `{name}` takes no options (found `{key}`)")),
        None => Ok(()),
    }
}

pub fn compile<C: CheckKind>(def: &CheckDef, pack: &PackSource) -> Result<(RuleInfo, Configured<C>), PackError> {
    let (id, examples) = compile_common(pack, &def.id, &def.examples)?;
    check_message(pack, &def.message, C::FILLS)?;
    let name = def.check.get_ref();
    if !C::NAMES.contains(&name.as_str()) {
        return Err(PackError::new(
            pack,
            Some(def.check.span()),
            format!("unknown {} check «{name}»", C::FAMILY),
        )
        .with_label(format!("known checks: {}", C::NAMES.join(", "))));
    }
    let empty = toml::Table::new();
    let table = def.options.as_ref().map_or(&empty, |o| o.get_ref());
    let check = C::parse(name, table).map_err(|msg| {
        let span = def.options.as_ref().map(|o| o.span()).unwrap_or(def.check.span());
        PackError::new(pack, Some(span), format!("invalid options for check `{name}`")).with_label(msg)
    })?;
    let info = RuleInfo {
        id: id.clone(),
        kind: C::FAMILY,
        severity: def.severity,
        message: def.message.get_ref().clone(),
        explain: def.explain.clone(),
        examples,
        pack: pack.name.clone(),
        fix: check.fixable().then_some(def.fix),
    };
    let meta = CheckMeta {
        id,
        severity: def.severity,
        message: def.message.get_ref().clone(),
        applicability: def.fix,
    };
    Ok((info, Configured { meta, check }))
}
