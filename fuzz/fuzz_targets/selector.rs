//! Product selectors: the prefix-list text form (and its round trip), the
//! line-oriented file form, and the classification grammar over the
//! reference catalogue's correlation table.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::ProductSelector;
use tradedep::controls::Catalogue;

fuzz_target!(|text: &str| {
    if let Ok(selector) = text.parse::<ProductSelector>() {
        let again: ProductSelector = selector
            .to_string()
            .parse()
            .expect("Display of a selector parses");
        assert_eq!(again, selector);
    }
    let _ = ProductSelector::read_lines(text.as_bytes());
    if let Ok(catalogue) = Catalogue::reference() {
        let table = catalogue.correlation();
        if let Ok(selector) = table.selector(text) {
            let _ = selector.to_string();
        }
        let _ = table.selector_lines(text.as_bytes());
    }
});
