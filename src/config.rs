//! `mtlint.toml`: which rules run where, how severe they are, and which
//! files are linted. Found by walking up from each file (or given with
//! `--config`); command-line flags override it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::known_words::KnownWords;
use crate::rules::pack::{PackError, PackSource};
use crate::rules::pack_str::PackStr;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const FILE_NAME: &str = "mtlint.toml";

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Rule ids or id prefixes to run (default: all).
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    /// Rule ids or id prefixes not to run.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// The lowest severity that fails the run (exit 1).
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Extra rule packs, relative to this file.
    #[serde(default)]
    pub rules: Vec<Spanned<String>>,
    /// Globs (relative to this file) of the files a directory walk lints.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Rule id → severity.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// Glob → rule ids or prefixes not to run on matching files.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// Where each translation's English original is, relative to the
    /// translation: `{stem}.en.txt` (see `bilingual::pairing`).
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    /// Words the project uses on purpose: a finding on one is dropped,
    /// whatever the rule.
    #[serde(default)]
    pub known_words: Vec<Spanned<String>>,
    /// Word lists (one word per line, `#` comments), relative to this file.
    #[serde(default)]
    pub known_words_files: Vec<Spanned<String>>,
    /// Rule id → options merged over the rule's own (lists are extended).
    #[serde(default)]
    pub rule_options: BTreeMap<Spanned<String>, Spanned<toml::Table>>,
}

/// Settings from the command line, which win over the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
}

/// A config file read from disk.
#[derive(Debug)]
pub struct LoadedConfig {
    pub path: Option<PathBuf>,
    pub source: PackSource,
    pub file: ConfigFile,
}

impl LoadedConfig {
    /// No config file: every default.
    pub fn none() -> LoadedConfig {
        LoadedConfig {
            path: None,
            source: PackSource::new("(defaults)", ""),
            file: ConfigFile::default(),
        }
    }

    pub fn read(path: &Path) -> Result<LoadedConfig, PackError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            let source = PackSource::new(name.clone(), "");
            PackError::new(&source, None, format!("cannot read configuration: {e}"))
        })?;
        let mut config = LoadedConfig::parse(PackSource::new(name, text))?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// A configuration from its text (the file's directory is taken to be
    /// the current one).
    pub fn parse(source: PackSource) -> Result<LoadedConfig, PackError> {
        let file: ConfigFile = toml::from_str(&source.text).map_err(|e| {
            PackError::new(
                &source,
                e.span(),
                format!("invalid configuration: {}", e.message().trim()),
            )
            .with_label(e.message().trim().lines().next().unwrap_or_default().to_string())
        })?;
        Ok(LoadedConfig {
            path: None,
            source,
            file,
        })
    }

    /// The directory paths in the file are relative to.
    pub fn root(&self) -> PathBuf {
        match &self.path {
            Some(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            None => PathBuf::from("."),
        }
    }

    /// The options the file sets for rules, to compile the packs with.
    pub fn rule_options(&self) -> crate::engine::RuleOptions {
        crate::engine::RuleOptions {
            source: self.source.clone(),
            tables: self
                .file
                .rule_options
                .iter()
                .map(|(id, table)| (id.clone(), table.clone()))
                .collect(),
        }
    }

    /// The project's known words, from the file and its word lists; a list
    /// that cannot be read is an error pointing at its entry.
    pub fn known_words(&self) -> Result<KnownWords, Vec<PackError>> {
        let mut known = KnownWords::default();
        known.extend(self.file.known_words.iter().map(|w| w.get_ref().as_str()));
        let mut errors = Vec::new();
        for entry in &self.file.known_words_files {
            let path = self.root().join(entry.get_ref());
            match std::fs::read_to_string(&path) {
                Ok(text) => known.extend_from_list(&text),
                Err(e) => errors.push(
                    PackError::new(&self.source, Some(entry.span()), "cannot read the word list")
                        .with_label(format!("{}: {e}", path.display())),
                ),
            }
        }
        if errors.is_empty() { Ok(known) } else { Err(errors) }
    }

    /// Rule packs the file adds that exist, and an error pointing at the
    /// entry of each that does not.
    pub fn rule_packs(&self) -> (Vec<PathBuf>, Vec<PackError>) {
        let mut errors = Vec::new();
        let mut packs = Vec::new();
        for entry in &self.file.rules {
            let path = self.root().join(entry.get_ref());
            if path.exists() {
                packs.push(path);
            } else {
                errors.push(
                    PackError::new(&self.source, Some(entry.span()), "rule pack not found")
                        .with_label(format!("no file or directory {}", path.display())),
                );
            }
        }
        (packs, errors)
    }
}

/// The nearest `mtlint.toml` in `dir` or above it.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let absolute;
    if dir.is_relative() {
        absolute = std::env::current_dir().ok()?.join(dir);
        dir = &absolute;
    }
    dir.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// A rule selector: an exact id or an id prefix.
fn matches(selector: &str, rule: &str) -> bool {
    rule == selector
        || (rule.starts_with(selector) && (selector.ends_with('-') || rule[selector.len()..].starts_with('-')))
}

/// Resolved settings, checked against the rules that exist.
#[derive(Debug)]
pub struct Settings {
    root: PathBuf,
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    pub fail_on: Severity,
    severity: HashMap<String, Severity>,
    per_file_ignores: Vec<(GlobSet, Vec<String>)>,
    known_words: KnownWords,
}

/// Which files a directory walk lints under a config.
#[derive(Debug)]
pub struct FileFilter {
    root: PathBuf,
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl FileFilter {
    pub fn new(config: &LoadedConfig) -> Result<FileFilter, PackError> {
        let source = &config.source;
        let include = if config.file.include.is_empty() {
            None
        } else {
            Some(build_globs(&config.file.include, source)?)
        };
        Ok(FileFilter {
            root: config.root(),
            include,
            exclude: build_globs(&config.file.exclude, source)?,
        })
    }

    /// Whether `exclude` names this file.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.is_match(&*relative_to(&self.root, path))
    }

    /// Whether a directory walk should lint this file.
    pub fn accepts(&self, path: &Path) -> bool {
        let rel = relative_to(&self.root, path);
        !self.exclude.is_match(&*rel) && self.include.as_ref().is_none_or(|inc| inc.is_match(&*rel))
    }
}

/// `path` relative to `root` when it lies below it (both made absolute).
fn relative_to<'p>(root: &Path, path: &'p Path) -> std::borrow::Cow<'p, Path> {
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            working_directory().join(p)
        }
    };
    match absolute(path).strip_prefix(absolute(root)) {
        Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
        Err(_) => std::borrow::Cow::Borrowed(path),
    }
}

/// The directory relative paths start from, asked once: mtlint never
/// changes it, and asking for it twice for each file and each of its rules'
/// settings was four system calls a file. (A program that embeds the
/// library and changes directory gives absolute paths.)
fn working_directory() -> &'static Path {
    static CWD: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().unwrap_or_default())
}

impl Settings {
    /// The settings with no config file and no flags: every rule, at its
    /// own severity, failing on warnings.
    pub fn defaults() -> Settings {
        Settings {
            root: PathBuf::from("."),
            select: None,
            ignore: Vec::new(),
            fail_on: Severity::Warning,
            severity: HashMap::new(),
            per_file_ignores: Vec::new(),
            known_words: KnownWords::default(),
        }
    }

    /// Resolves a config and the command line's overrides. Rule ids are
    /// not judged here (see [`Settings::unknown_rules`]): which rules to
    /// compile depends on these settings.
    pub fn resolve(config: &LoadedConfig, overrides: &Overrides) -> Result<Settings, Vec<PackError>> {
        let mut errors = Vec::new();
        let source = &config.source;
        let strings = |list: &[Spanned<String>]| list.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();
        let select = config.file.select.as_deref().map(strings);
        let ignore = strings(&config.file.ignore);
        let mut per_file_ignores = Vec::new();
        for (glob, rules) in &config.file.per_file_ignores {
            match build_globs(std::slice::from_ref(glob), source) {
                Ok(set) => per_file_ignores.push((set, strings(rules))),
                Err(e) => errors.push(e),
            }
        }
        let severity = config
            .file
            .severity
            .iter()
            .map(|(id, level)| (id.get_ref().clone(), *level))
            .collect();
        let known_words = config.known_words().unwrap_or_else(|e| {
            errors.extend(e);
            KnownWords::default()
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut ignore = ignore;
        ignore.extend(overrides.ignore.iter().cloned());
        Ok(Settings {
            root: config.root(),
            select: overrides.select.clone().or(select),
            ignore,
            fail_on: overrides.fail_on.or(config.file.fail_on).unwrap_or(Severity::Warning),
            severity,
            per_file_ignores,
            known_words,
        })
    }

    /// Every selector, severity and command-line id of a config that names
    /// no rule the packs define (`ids`: every rule, selected or not): a
    /// typo would silently disable nothing.
    pub fn unknown_rules(config: &LoadedConfig, overrides: &Overrides, ids: &[PackStr]) -> Vec<PackError> {
        let mut errors = Vec::new();
        let source = &config.source;
        let meta = || crate::suppress::meta_rules();
        let selects =
            |selector: &str| ids.iter().any(|id| matches(selector, id)) || meta().any(|id| matches(selector, id));
        let in_file = config
            .file
            .select
            .iter()
            .flatten()
            .chain(&config.file.ignore)
            .chain(config.file.per_file_ignores.values().flatten());
        for s in in_file.filter(|s| !selects(s.get_ref())) {
            errors.push(
                PackError::new(
                    source,
                    Some(s.span()),
                    format!("no rule is called or starts with «{}»", s.get_ref()),
                )
                .with_label(did_you_mean(ids, s.get_ref())),
            );
        }
        for id in config.file.severity.keys() {
            let id_str = id.get_ref().as_str();
            if !ids.iter().any(|known| known.as_ref() == id_str) && !meta().any(|m| m == id_str) {
                errors.push(
                    PackError::new(source, Some(id.span()), format!("no rule «{id_str}»"))
                        .with_label(did_you_mean(ids, id_str)),
                );
            }
        }
        for selector in overrides.select.iter().flatten().chain(&overrides.ignore) {
            if !selects(selector) {
                let cli = PackSource::new("command line", "");
                errors.push(
                    PackError::new(&cli, None, format!("no rule is called or starts with «{selector}»"))
                        .with_label(did_you_mean(ids, selector)),
                );
            }
        }
        errors
    }

    /// The settings in effect for a file, as `--show-settings` prints them.
    pub fn describe(&self, path: Option<&Path>) -> String {
        let list = |v: &[String]| {
            if v.is_empty() {
                "(none)".to_string()
            } else {
                v.join(", ")
            }
        };
        let mut out = String::new();
        let select = self.select.as_deref().map_or("(all rules)".to_string(), list);
        out.push_str(&format!("select: {select}\n"));
        out.push_str(&format!("ignore: {}\n", list(&self.ignore)));
        let per_file: Vec<String> = path
            .map(|p| {
                let rel = relative_to(&self.root, p);
                self.per_file_ignores
                    .iter()
                    .filter(|(globs, _)| globs.is_match(&*rel))
                    .flat_map(|(_, rules)| rules.iter().cloned())
                    .collect()
            })
            .unwrap_or_default();
        out.push_str(&format!("per-file ignores for this file: {}\n", list(&per_file)));
        out.push_str(&format!("fail-on: {}\n", self.fail_on.as_str()));
        let mut severity: Vec<String> = self
            .severity
            .iter()
            .map(|(id, s)| format!("{id} = {}", s.as_str()))
            .collect();
        severity.sort();
        out.push_str(&format!("severity overrides: {}\n", list(&severity)));
        out.push_str(&format!("known words: {}\n", self.known_words.len()));
        out
    }

    /// Whether every rule is enabled outside `per-file-ignores`: no
    /// `select`, no `ignore`. (A selector list that happens to take every
    /// rule, such as `select = ["ALL"]`, counts as a selection.)
    pub fn selects_every_rule(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty()
    }

    pub fn enabled(&self, rule: &str, path: Option<&Path>) -> bool {
        let relative = path.map(|p| relative_to(&self.root, p));
        self.enabled_at(rule, relative.as_deref())
    }

    /// [`Settings::enabled`] given the file's path relative to the root
    /// (working that out asks the operating system for the current
    /// directory, so it is done once a file, not once a finding).
    fn enabled_at(&self, rule: &str, relative: Option<&Path>) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|sel| matches(sel, rule)));
        let ignored = self.ignore.iter().any(|sel| matches(sel, rule));
        let per_file = relative.is_some_and(|rel| {
            self.per_file_ignores
                .iter()
                .any(|(globs, rules)| globs.is_match(rel) && rules.iter().any(|sel| matches(sel, rule)))
        });
        selected && !ignored && !per_file
    }

    /// Drops disabled rules' findings and those on the project's known
    /// words (in `text`, the linted text), and applies severity overrides.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>, path: Option<&Path>, text: &str) -> Vec<Diagnostic> {
        let relative = path.map(|p| relative_to(&self.root, p));
        // A file has hundreds of thousands of findings at most, from a few
        // dozen rules: each rule is looked up once.
        let mut enabled: rustc_hash::FxHashMap<PackStr, bool> = rustc_hash::FxHashMap::default();
        diagnostics
            .into_iter()
            .filter(|d| {
                *enabled
                    .entry(d.rule.clone())
                    .or_insert_with(|| self.enabled_at(&d.rule, relative.as_deref()))
            })
            .filter(|d| {
                !text
                    .get(d.span.clone())
                    .is_some_and(|flagged| self.known_words.covers(flagged))
            })
            .map(|mut d| {
                if let Some(level) = self.severity.get(d.rule.as_ref()) {
                    d.severity = *level;
                }
                d
            })
            .collect()
    }
}

/// The rule id nearest a mistyped one, as a hint.
fn did_you_mean(ids: &[PackStr], typed: &str) -> String {
    let nearest = ids
        .iter()
        .map(|id| (strsim::levenshtein(typed, id), id))
        .filter(|(d, id)| *d <= (id.chars().count() / 4).max(2))
        .min_by_key(|(d, _)| *d);
    match nearest {
        Some((_, id)) => format!("did you mean «{id}»? (`mtlint rules` lists the rule ids)"),
        None => "`mtlint rules` lists the rule ids".to_string(),
    }
}

fn build_globs(globs: &[Spanned<String>], source: &PackSource) -> Result<GlobSet, PackError> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g.get_ref())
            .map_err(|e| PackError::new(source, Some(g.span()), "invalid glob").with_label(e.kind().to_string()))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| PackError::new(source, None, format!("invalid globs: {e}")))
}

/// What `mtlint init` writes.
pub const STARTER: &str = r#"# mtlint configuration. mtlint uses the nearest mtlint.toml at or above each
# file it lints; command-line flags override what is set here.

# Rules to run, by id or id prefix (`mtlint rules` lists them). Default: all.
# select = ["url-", "broke-out-for-escaped"]

# Rules not to run, by id or id prefix.
# ignore = ["double-space", "mixed-digits"]

# The lowest severity that makes `mtlint check` exit 1: error, warning or info.
fail-on = "warning"

# Your own rule packs (files or directories), relative to this file.
# rules = ["house-style/"]

# Which files a directory walk lints (globs relative to this file).
# include = ["articles/**"]
# exclude = ["drafts/**", "archive/**"]

# Change a rule's severity.
[severity]
# doubled-word = "error"

# Words this project uses on purpose (a brand, a house spelling): findings
# on them are dropped, whatever the rule. Lists: one word per line.
# known-words = ["بورليس"]
# known-words-files = ["house-words.txt"]

# Rules not to run on some files.
[per-file-ignores]
# "interviews/**" = ["untranslated-english"]

# Options merged over a rule's own (lists extend, values replace).
# [rule-options.doubled-word]
# allow = ["البيت"]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_match_ids_and_prefixes() {
        assert!(matches("url-arabic-punctuation", "url-arabic-punctuation"));
        assert!(matches("url", "url-arabic-punctuation"));
        assert!(matches("url-", "url-arabic-punctuation"));
        assert!(!matches("ur", "url-arabic-punctuation"), "prefixes end at a dash");
        assert!(!matches("url-arabic-punctuation-x", "url-arabic-punctuation"));
    }

    /// Only a configuration and a command line that neither select nor
    /// ignore rules take every rule (the engine compiled ahead serves only
    /// those); per-file ignores leave the engine whole.
    #[test]
    fn only_no_select_and_no_ignore_select_every_rule() {
        let settings = |config: &str, overrides: Overrides| {
            let loaded = LoadedConfig::parse(PackSource::new("mtlint.toml", config.to_string())).unwrap();
            Settings::resolve(&loaded, &overrides).unwrap()
        };
        assert!(settings("", Overrides::default()).selects_every_rule());
        assert!(settings("[per-file-ignores]\n\"a/**\" = [\"url\"]\n", Overrides::default()).selects_every_rule());
        assert!(!settings("select = [\"url\"]\n", Overrides::default()).selects_every_rule());
        assert!(!settings("ignore = [\"url\"]\n", Overrides::default()).selects_every_rule());
        let ignore = Overrides {
            ignore: vec!["url".to_string()],
            ..Overrides::default()
        };
        assert!(!settings("", ignore).selects_every_rule());
        let select = Overrides {
            select: Some(vec!["url".to_string()]),
            ..Overrides::default()
        };
        assert!(!settings("", select).selects_every_rule());
    }

    #[test]
    fn starter_config_parses() {
        let file: ConfigFile = toml::from_str(STARTER).unwrap();
        assert_eq!(file.fail_on, Some(Severity::Warning));
    }
}
