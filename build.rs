//! Hashes the embedded rubric at build time, so a run does not spend its
//! start-up hashing a file that cannot have changed since it was compiled.

use sha2::{Digest, Sha256};

fn main() {
    let path = "rubrics/product-manager.toml";
    println!("cargo:rerun-if-changed={path}");
    let bytes = std::fs::read(path).expect("the embedded rubric exists");
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=PMLEVEL_EMBEDDED_SHA256={hex}");
}
