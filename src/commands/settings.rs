//! Which engine and settings apply to each file: the configuration found
//! for it (or given, or none), compiled once per configuration file.

use super::read_pack_sources;
use crate::cli::{CheckArgs, PackArgs};
use crate::config::{FileFilter, LoadedConfig, Overrides, Settings, discover};
use crate::engine::Engine;
use crate::rules::pack::PackError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything needed to lint the files one configuration governs.
pub struct Context {
    pub engine: Engine,
    pub settings: Settings,
    pub filter: FileFilter,
    pub config_path: Option<PathBuf>,
    /// How to find each translation's original (`--source-pattern`, or the
    /// configuration's `source`).
    pub source_pattern: Option<String>,
}

pub struct Resolver {
    explicit: Option<PathBuf>,
    isolated: bool,
    overrides: Overrides,
    source_pattern: Option<String>,
    packs: PackArgs,
    /// Directory → the config file governing it.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// Config file (None: no config) → compiled context, or its errors (so
    /// a broken config is compiled once, not once per file).
    contexts: HashMap<Option<PathBuf>, Result<Arc<Context>, Vec<PackError>>>,
}

impl Resolver {
    pub fn new(args: &CheckArgs) -> Resolver {
        Resolver {
            explicit: args.config.clone(),
            isolated: args.isolated,
            overrides: Overrides {
                select: args.select.clone(),
                ignore: args.ignore.clone(),
                fail_on: args.fail_on.map(Into::into),
            },
            source_pattern: args.source_pattern.clone(),
            packs: args.packs.clone(),
            discovered: HashMap::new(),
            contexts: HashMap::new(),
        }
    }

    /// For the language server: a configuration file for every document,
    /// or none, or (the default) the one found from each document upwards;
    /// no command-line overrides.
    pub fn for_server(config: Option<PathBuf>, isolated: bool, packs: crate::cli::PackArgs) -> Resolver {
        Resolver {
            explicit: config,
            isolated,
            overrides: Overrides::default(),
            source_pattern: None,
            packs,
            discovered: HashMap::new(),
            contexts: HashMap::new(),
        }
    }

    /// The config file that governs files in `dir`.
    fn config_for_dir(&mut self, dir: &Path) -> Option<PathBuf> {
        if self.isolated {
            return None;
        }
        if let Some(explicit) = &self.explicit {
            return Some(explicit.clone());
        }
        self.discovered
            .entry(dir.to_path_buf())
            .or_insert_with(|| discover(dir))
            .clone()
    }

    /// The context for a file (or, for standard input, the current directory).
    pub fn for_path(&mut self, path: Option<&Path>) -> Result<Arc<Context>, Vec<PackError>> {
        match path {
            Some(p) if p.is_dir() => self.for_dir(p.to_path_buf()),
            Some(p) => self.for_file(p),
            None => self.for_dir(PathBuf::from(".")),
        }
    }

    /// The context for a path known to be a file (found by a walk, or
    /// read as one): not asked again whether it is a directory, a system
    /// call for each of a thousand files.
    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Context>, Vec<PackError>> {
        self.for_dir(file.parent().map(Path::to_path_buf).unwrap_or_default())
    }

    fn for_dir(&mut self, dir: PathBuf) -> Result<Arc<Context>, Vec<PackError>> {
        let config = self.config_for_dir(&dir);
        if let Some(context) = self.contexts.get(&config) {
            return context.clone();
        }
        let context = self.compile(config.clone());
        self.contexts.insert(config, context.clone());
        context
    }

    fn compile(&self, config: Option<PathBuf>) -> Result<Arc<Context>, Vec<PackError>> {
        let loaded = match &config {
            Some(path) => LoadedConfig::read(path).map_err(|e| vec![e])?,
            None => LoadedConfig::none(),
        };
        // Every stage runs even when an earlier one failed, so one run
        // reports every mistake in the configuration and its packs.
        let mut errors = Vec::new();
        let filter = FileFilter::new(&loaded).map_err(|e| errors.push(e)).ok();
        let settings = Settings::resolve(&loaded, &self.overrides)
            .map_err(|e| errors.extend(e))
            .ok();
        let mut pack_args = self.packs.clone();
        let before_packs = errors.len();
        let (packs, missing) = loaded.rule_packs();
        pack_args.rules.extend(packs);
        errors.extend(missing);
        let (sources, unreadable) = read_pack_sources(&pack_args);
        errors.extend(unreadable);
        // Rules that are not selected are not compiled, so they cost
        // nothing (and a mistake inside one shows when it is selected, or
        // with `mtlint test`).
        let engine = match settings.as_ref().filter(|s| !s.selects_every_rule()) {
            Some(settings) => {
                Engine::with_selection(&sources, &loaded.rule_options(), &|id: &str| settings.enabled(id, None))
            }
            None => Engine::with_options(&sources, &loaded.rule_options()),
        };
        let engine = engine.map_err(|e| errors.extend(e)).ok();
        // Rule ids are judged only against the whole rule set.
        if let Some(engine) = engine.as_ref().filter(|_| errors.len() == before_packs) {
            errors.extend(Settings::unknown_rules(&loaded, &self.overrides, engine.ids()));
        }
        let (Some(filter), Some(engine), Some(settings), true) = (filter, engine, settings, errors.is_empty()) else {
            return Err(errors);
        };
        Ok(Arc::new(Context {
            engine,
            settings,
            filter,
            source_pattern: self
                .source_pattern
                .clone()
                .or_else(|| loaded.file.source.as_ref().map(|s| s.get_ref().clone())),
            config_path: config,
        }))
    }
}
