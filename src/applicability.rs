//! Whether a fix may be applied without a person checking it.

use serde::{Deserialize, Serialize};

/// Whether a fix can be applied without a person checking it (ruff's terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Certain to be right: the text is broken and there is one repair.
    Safe,
    /// Probably right, but depends on meaning; applied only on request.
    Unsafe,
}
