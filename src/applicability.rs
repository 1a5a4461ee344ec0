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

impl Applicability {
    /// The name the JSON output, SARIF and the HTML report give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn its_name_is_the_one_serde_writes() {
        for a in [Applicability::Safe, Applicability::Unsafe] {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
    }
}
