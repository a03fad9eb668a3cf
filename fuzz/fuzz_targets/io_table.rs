//! Input-output tables in both CSV layouts (the first byte picks one):
//! reading never panics, and building the model from an accepted table
//! either succeeds with finite inverses or says why not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::inputoutput::IoTable;

fuzz_target!(|bytes: &[u8]| {
    let Some((first, rest)) = bytes.split_first() else {
        return;
    };
    let table = if first % 2 == 0 {
        IoTable::read_zfx_csv(rest)
    } else {
        IoTable::read_square_csv(rest)
    };
    let Ok(table) = table else { return };
    let Ok(model) = table.model() else { return };
    let n = model.sectors().len();
    for m in model.multipliers() {
        assert!(m.is_finite());
    }
    let _ = model.demand_effect(&vec![1.0; n]);
    let _ = model.supply_effect(&vec![1.0; n]);
});
