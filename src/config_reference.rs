//! The reference of every `mtlint.toml` key, in one table. `mtlint help
//! config`, `mtlint config`, the manual page and `docs/configuration.md`
//! are all generated from it, and a test checks it names exactly the keys
//! `ConfigFile` accepts, so the documentation cannot drift from the code.

/// One key of `mtlint.toml`.
pub struct ConfigKey {
    pub key: &'static str,
    /// The TOML type, as a reader would write it.
    pub value: &'static str,
    pub default: &'static str,
    pub about: &'static str,
    /// A TOML fragment using the key (parsed by a test).
    pub example: &'static str,
}

pub const KEYS: &[ConfigKey] = &[
    ConfigKey {
        key: "select",
        value: "list of rule ids or id prefixes",
        default: "every rule",
        about: "The rules to run. A prefix ends at a dash: \"url\" selects url-arabic-punctuation, \"ur\" selects nothing (an error). --select replaces it.",
        example: r#"select = ["url-", "broke-out-for-escaped"]"#,
    },
    ConfigKey {
        key: "ignore",
        value: "list of rule ids or id prefixes",
        default: "none",
        about: "Rules not to run. --ignore adds to it.",
        example: r#"ignore = ["double-space"]"#,
    },
    ConfigKey {
        key: "fail-on",
        value: "\"error\" | \"warning\" | \"info\"",
        default: "\"warning\"",
        about: "The lowest severity that makes the run fail (exit 1). --fail-on replaces it.",
        example: r#"fail-on = "error""#,
    },
    ConfigKey {
        key: "rules",
        value: "list of paths",
        default: "none",
        about: "Extra rule packs, each a .toml file or a directory of them, relative to this file. A missing one is an error.",
        example: r#"rules = ["house-style/"]"#,
    },
    ConfigKey {
        key: "include",
        value: "list of globs",
        default: "every .txt .md .markdown .html .htm .xlf .xliff .tmx file",
        about: "What a directory walk lints, relative to this file. Files named on the command line are always linted.",
        example: r#"include = ["articles/**"]"#,
    },
    ConfigKey {
        key: "exclude",
        value: "list of globs",
        default: "none",
        about: "What a directory walk skips, relative to this file. With --force-exclude (the pre-commit hooks pass it) files named on the command line are skipped too.",
        example: r#"exclude = ["drafts/**"]"#,
    },
    ConfigKey {
        key: "source",
        value: "path pattern",
        default: "none (no source-aware checks)",
        about: "Where each translation's English original is, relative to the translation: {stem} is the file name without its extension and an Arabic language tag (article.ar.txt gives article), {name} the whole file name. --source-pattern replaces it.",
        example: r#"source = "{stem}.en.txt""#,
    },
    ConfigKey {
        key: "known-words",
        value: "list of words",
        default: "none",
        about: "Words the project uses on purpose (a brand, a house spelling): a finding on one is dropped whatever the rule. Compared folded (hamza forms, teh marbuta, tashkeel) and with clitics taken off.",
        example: r#"known-words = ["بورليس", "Homestretch"]"#,
    },
    ConfigKey {
        key: "known-words-files",
        value: "list of paths",
        default: "none",
        about: "Word lists for known-words: one word per line, # starts a comment, relative to this file. One that cannot be read is an error.",
        example: r#"known-words-files = ["house-words.txt"]"#,
    },
    ConfigKey {
        key: "severity",
        value: "table: rule id = \"error\" | \"warning\" | \"info\"",
        default: "each rule's own",
        about: "Changes the severity of rules.",
        example: "[severity]\ndoubled-word = \"error\"",
    },
    ConfigKey {
        key: "per-file-ignores",
        value: "table: glob = list of rule ids or prefixes",
        default: "none",
        about: "Rules not to run on the files a glob matches (relative to this file).",
        example: "[per-file-ignores]\n\"interviews/**\" = [\"untranslated-english\"]",
    },
    ConfigKey {
        key: "rule-options",
        value: "table: rule id = table of options",
        default: "each rule's own options",
        about: "Merged over the options a check rule takes in its pack (see `mtlint explain ID`): a list extends the rule's own list, any other value replaces it. Options for a rule that takes none are an error.",
        example: "[rule-options.doubled-word]\nallow = [\"البيت\"]",
    },
];

const INTRO: &str = "mtlint.toml is looked for from each file's directory upwards; --config FILE names one and --isolated ignores them all. Flags win over the file. Every mistake (an unknown key, a selector that names no rule, a bad glob, a missing pack or word list) is an error pointing into the file, and all of them are reported in one run (exit 2). `mtlint init` writes a commented starter.";

/// For the terminal (`mtlint help config`, `mtlint config`).
pub fn text() -> String {
    let mut out = format!("{INTRO}\n\nKEYS\n");
    for k in KEYS {
        out.push_str(&format!(
            "\n  {}  ({}; default: {})\n      {}\n",
            k.key, k.value, k.default, k.about
        ));
        for line in k.example.lines() {
            out.push_str(&format!("      | {line}\n"));
        }
    }
    out
}

/// `docs/configuration.md` (`mtlint config --markdown`).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Configuration reference\n\n<!-- Generated by `mtlint config --markdown` from src/config_reference.rs; a test keeps it in step. -->\n\n",
    );
    out.push_str(INTRO);
    out.push_str("\n\n| key | value | default |\n|-----|-------|---------|\n");
    for k in KEYS {
        out.push_str(&format!("| [`{0}`](#{0}) | {1} | {2} |\n", k.key, k.value, k.default));
    }
    for k in KEYS {
        out.push_str(&format!(
            "\n## {}\n\n{}\n\n```toml\n{}\n```\n",
            k.key, k.about, k.example
        ));
    }
    out
}

/// A CONFIGURATION section for the manual page.
pub fn roff() -> String {
    let escape = |s: &str| {
        let s = s.replace('\\', "\\e");
        if s.starts_with(['.', '\'']) {
            format!("\\&{s}")
        } else {
            s
        }
    };
    let mut out = format!(".SH CONFIGURATION\n{}\n", escape(INTRO));
    for k in KEYS {
        out.push_str(&format!(
            ".TP\n\\fB{}\\fR ({}; default: {})\n{}\n",
            escape(k.key),
            escape(k.value),
            escape(k.default),
            escape(k.about)
        ));
        out.push_str(".RS\n.nf\n");
        for line in k.example.lines() {
            out.push_str(&escape(line));
            out.push('\n');
        }
        out.push_str(".fi\n.RE\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;

    /// The keys `ConfigFile` accepts, as serde lists them for an unknown one.
    fn accepted_keys() -> Vec<String> {
        let error = toml::from_str::<ConfigFile>("not-a-key = 1").unwrap_err().to_string();
        let expected = error.split("expected one of").nth(1).expect(&error);
        expected
            .split(',')
            .map(|k| {
                k.trim()
                    .trim_matches(|c: char| c == '`' || c.is_whitespace())
                    .to_string()
            })
            .filter(|k| !k.is_empty())
            .collect()
    }

    #[test]
    fn the_reference_names_exactly_the_accepted_keys() {
        let mut accepted = accepted_keys();
        let mut documented: Vec<String> = KEYS.iter().map(|k| k.key.to_string()).collect();
        accepted.sort();
        documented.sort();
        assert_eq!(documented, accepted);
    }

    #[test]
    fn every_example_is_a_valid_config() {
        for k in KEYS {
            toml::from_str::<ConfigFile>(k.example).unwrap_or_else(|e| panic!("{}: {e}", k.key));
        }
    }

    #[test]
    fn roff_escapes_leading_dots() {
        assert!(roff().lines().all(|l| !l.starts_with('\'')));
        assert!(roff().contains("\\fBper-file-ignores\\fR"));
    }
}
