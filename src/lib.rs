//! mtlint: a linter for machine-translated Arabic news.
//!
//! A finding flows through these modules in order:
//! [`source`] (the bytes and their line index) → [`document`] (tokens,
//! paragraphs, the folded view) → [`engine`] (the compiled rule packs from
//! [`rules`]) → [`diagnostic`] → [`output`] (or, in an editor, the
//! language server in [`server`]). A big file is built and checked a
//! stretch of paragraphs at a time ([`stretches`]).

pub mod applicability;
pub mod arabic;
pub mod atomic_write;
pub mod bilingual;
pub mod cli;
pub mod commands;
pub mod config;
pub mod config_reference;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod fix;
pub mod indexed_vec;
pub mod inputs;
pub mod known_words;
pub mod lint;
pub mod markup;
pub mod output;
pub mod parallel;
pub mod rules;
pub mod server;
pub mod severity;
pub mod source;
pub mod stable_sort;
pub mod stretches;
pub mod suppress;
pub mod termbase;
