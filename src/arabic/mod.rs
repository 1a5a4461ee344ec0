//! Arabic-aware text handling: folding, clitics, script classes and the
//! multi-word matcher built on them.

pub mod char_classes;
pub mod clitics;
pub mod fold;
pub mod lexicon;
pub mod literal;
pub mod names;
pub mod script;
mod word_hash;
pub mod word_matcher;
pub mod word_tables;
