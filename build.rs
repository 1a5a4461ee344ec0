//! Embeds every rule pack under `rules/` into the binary, so mtlint works
//! from any directory without shipping data files next to it.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo::rerun-if-changed={}", rules.display());
    let mut packs: Vec<_> = std::fs::read_dir(&rules)
        .expect("the rules/ directory exists")
        .map(|entry| entry.expect("readable rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    packs.sort();
    let mut code = String::from(
        "/// The rule packs bundled from `rules/`: (file name, contents).\npub static BUNDLED_PACKS: &[(&str, &str)] = &[\n",
    );
    for pack in &packs {
        println!("cargo::rerun-if-changed={}", pack.display());
        let name = pack.file_name().unwrap().to_string_lossy();
        writeln!(code, "    ({name:?}, include_str!({:?})),", pack.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled_packs.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
