//! Builds the stylesheet the pages link as `/assets/govuk.css` (docs/decisions/0011).
//!
//! With the `govuk-frontend` feature (on by default) this fetches GOV.UK Frontend through npm
//! into `OUT_DIR` (`npm ci` against the committed lockfile) and compiles it with Arial and without
//! the GDS Transport font, as `assets/npm/sightline.scss` says. Nothing third-party is committed.
//!
//! - `SIGHTLINE_GOVUK_CSS=FILE` uses a stylesheet built elsewhere (air-gapped builds).
//! - Without npm, or when npm fails (offline with an empty cache), the build still succeeds: it
//!   warns with the reason and the fix, and the pages use `assets/fallback.css`, Sightline's own
//!   stylesheet in the same look. The page footer and `/api/v1/openapi.json` do not change; the
//!   stylesheet's first line says which one was built.

use std::path::{Path, PathBuf};
use std::process::Command;

const NPM_INPUTS: [&str; 4] = [
    "package.json",
    "package-lock.json",
    ".npmrc",
    "sightline.scss",
];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let target = out.join("govuk.css");
    println!("cargo::rerun-if-changed=assets/fallback.css");
    println!("cargo::rerun-if-env-changed=SIGHTLINE_GOVUK_CSS");
    for f in NPM_INPUTS {
        println!("cargo::rerun-if-changed=assets/npm/{f}");
    }

    let built = if let Some(given) = std::env::var_os("SIGHTLINE_GOVUK_CSS") {
        std::fs::read_to_string(&given)
            .map(|css| {
                format!(
                    "/* GOV.UK Frontend from SIGHTLINE_GOVUK_CSS ({}) */\n{css}",
                    Path::new(&given).display()
                )
            })
            .map_err(|e| format!("SIGHTLINE_GOVUK_CSS={}: {e}", Path::new(&given).display()))
    } else if std::env::var_os("CARGO_FEATURE_GOVUK_FRONTEND").is_some() {
        compile_govuk_frontend(&manifest.join("assets/npm"), &out.join("npm"))
    } else {
        Err("the govuk-frontend feature is off".to_owned())
    };

    let css = match built {
        Ok(css) => css,
        Err(reason) => {
            println!(
                "cargo::warning=using Sightline's fallback stylesheet, not GOV.UK Frontend: {reason}. \
                 To build with GOV.UK Frontend install Node.js and npm (and be online once), or set \
                 SIGHTLINE_GOVUK_CSS to a compiled stylesheet."
            );
            let fallback = std::fs::read_to_string(manifest.join("assets/fallback.css"))
                .unwrap_or_else(|e| panic!("assets/fallback.css: {e}"));
            format!(
                "/* Sightline fallback stylesheet (GOV.UK Frontend was not built) */\n{fallback}"
            )
        }
    };
    if let Err(e) = std::fs::write(&target, css) {
        panic!("cannot write {}: {e}", target.display());
    }
}

/// `npm ci` and `sass` in a copy of `assets/npm` under `OUT_DIR`; the compiled CSS.
fn compile_govuk_frontend(inputs: &Path, work: &Path) -> Result<String, String> {
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    for f in NPM_INPUTS {
        std::fs::copy(inputs.join(f), work.join(f))
            .map_err(|e| format!("copying assets/npm/{f}: {e}"))?;
    }
    let installed = work.join("node_modules/govuk-frontend/package.json");
    if !installed.exists() {
        run(
            Command::new("npm")
                .args([
                    "ci",
                    "--ignore-scripts",
                    "--omit=optional",
                    "--no-audit",
                    "--no-fund",
                ])
                .current_dir(work),
            "npm ci",
        )?;
    }
    let css = work.join("sightline.css");
    run(
        Command::new("node")
            .args([
                "node_modules/sass/sass.js",
                "--style=compressed",
                "--no-source-map",
                "--pkg-importer=node",
                "sightline.scss",
                "sightline.css",
            ])
            .current_dir(work),
        "sass",
    )?;
    let compiled = std::fs::read_to_string(&css).map_err(|e| format!("{}: {e}", css.display()))?;
    // Sass starts compressed output with a byte-order mark when the CSS holds non-ASCII text;
    // after our first line it would become part of the first selector.
    let compiled = compiled.trim_start_matches('\u{feff}');
    if compiled.contains("GDS Transport") {
        return Err("the compiled stylesheet still names GDS Transport".to_owned());
    }
    let version = std::fs::read_to_string(&installed)
        .ok()
        .and_then(|p| {
            p.split("\"version\"")
                .nth(1)
                .and_then(|rest| rest.split('"').nth(1).map(str::to_owned))
        })
        .unwrap_or_else(|| "unknown version".to_owned());
    Ok(format!(
        "/* GOV.UK Frontend {version} (MIT), compiled with Arial and without GOV.UK branding */\n{compiled}"
    ))
}

fn run(cmd: &mut Command, what: &str) -> Result<(), String> {
    let output = cmd
        .output()
        .map_err(|e| format!("{what} could not start: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.contains("Unknown user config"))
        .unwrap_or("no message");
    Err(format!("{what} failed ({}): {last}", output.status))
}
