//! Product selectors: the prefix-list text form (and its round trip), the
//! line-oriented file form, and the classification grammar over the
//! reference catalogue's correlation table.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tradedep::ProductSelector;
use tradedep::controls::Catalogue;

/// The reference catalogue, read once: its text is the crate's, not the
/// fuzzer's input.
fn catalogue() -> Option<&'static Catalogue> {
    static CATALOGUE: OnceLock<Option<Catalogue>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| Catalogue::reference().ok())
        .as_ref()
}

fuzz_target!(|text: &str| {
    if let Ok(selector) = text.parse::<ProductSelector>() {
        let again: ProductSelector = selector
            .to_string()
            .parse()
            .expect("Display of a selector parses");
        assert_eq!(again, selector);
    }
    let _ = ProductSelector::read_lines(text.as_bytes());
    if let Some(catalogue) = catalogue() {
        let table = catalogue.correlation();
        if let Ok(selector) = table.selector(text) {
            let _ = selector.to_string();
        }
        let _ = table.selector_lines(text.as_bytes());
    }
});
