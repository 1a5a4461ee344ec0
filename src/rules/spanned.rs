//! A value of a rule pack with the byte range it was written at, so a
//! mistake found while compiling points into the file.
//!
//! TOML hands out the range itself (`toml::Spanned`). The bundled packs are
//! also stored pre-parsed in a compact binary form (see `build.rs`), which
//! carries the range beside the value: `toml::Spanned` only deserialises
//! from TOML, so the pack types use this one, which reads both.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub const fn new(span: Range<usize>, value: T) -> Self {
        Spanned { span, value }
    }

    /// Byte range in the pack's text.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> From<toml::Spanned<T>> for Spanned<T> {
    fn from(spanned: toml::Spanned<T>) -> Self {
        let span = spanned.span();
        Spanned::new(span, spanned.into_inner())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            toml::Spanned::<T>::deserialize(deserializer).map(Spanned::from)
        } else {
            let (start, end, value) = <(u32, u32, T)>::deserialize(deserializer)?;
            Ok(Spanned::new(start as usize..end as usize, value))
        }
    }
}

/// The binary form: `(start, end, value)`. Pack files are far below 4 GiB.
impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let start = u32::try_from(self.span.start).map_err(serde::ser::Error::custom)?;
        let end = u32::try_from(self.span.end).map_err(serde::ser::Error::custom)?;
        (start, end, &self.value).serialize(serializer)
    }
}
