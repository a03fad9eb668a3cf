//! Rules of the house that the compiler does not check.

use std::path::Path;

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `Iterator::sum` and `product` on `Decimal` panic on overflow and
/// escape clippy's arithmetic lint. Library code sums decimals with the
/// crate's checked sums; a `sum` or `product` must name a primitive type
/// (`.sum::<usize>()`), so that none can be a `Decimal`'s.
#[test]
fn no_unchecked_sum_or_product_in_library_code() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 50, "{} source files", files.len());
    let allowed = ["usize", "u32", "u64", "f64"];
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests may sum as they like.
        let library = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in library.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            // (`.product()` is also the product of a flow: only the
            // turbofish form is checked for it.)
            for call in [".sum(", ".sum::<", ".product::<"] {
                let mut rest = code;
                while let Some(i) = rest.find(call) {
                    let after = &rest[i + call.len()..];
                    let ok = call.ends_with("::<")
                        && allowed
                            .iter()
                            .any(|t| after.starts_with(t) && after[t.len()..].starts_with(">("));
                    if !ok {
                        found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                    }
                    rest = after;
                }
            }
        }
    }
    assert!(found.is_empty(), "unchecked sums:\n{}", found.join("\n"));
}

/// Layers point one way: model, then data, classify, controls and
/// concordance, then
/// metrics and input-output, then scenario. Each layer's files name no
/// module of a layer above it.
#[test]
fn layers_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let above: [(&str, &[&str]); 5] = [
        (
            "model",
            &[
                "crate::data",
                "crate::classify",
                "crate::controls",
                "crate::concordance",
                "crate::metrics",
                "crate::inputoutput",
                "crate::scenario",
            ],
        ),
        (
            "controls",
            &["crate::metrics", "crate::inputoutput", "crate::scenario"],
        ),
        (
            "concordance",
            &["crate::metrics", "crate::inputoutput", "crate::scenario"],
        ),
        ("inputoutput", &["crate::metrics", "crate::scenario"]),
        ("metrics", &["crate::inputoutput", "crate::scenario"]),
    ];
    let mut found = Vec::new();
    for (layer, forbidden) in above {
        let mut files = Vec::new();
        sources(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "{layer}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                // Code, not its docs (which may link anywhere).
                let t = line.trim_start();
                if t.starts_with("//") {
                    continue;
                }
                if let Some(f) = forbidden.iter().find(|f| line.contains(*f)) {
                    found.push(format!("{}:{}: {f}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "imports from a layer above:\n{}",
        found.join("\n")
    );
}
