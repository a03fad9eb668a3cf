//! Multi-region tables in the labelled, pymrio (Z and Y in one input,
//! split at the first `|` line) and OECD ICIO layouts (the first byte
//! picks one): reading never panics, and every measure on an accepted,
//! productive table gives finite numbers or says why not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::inputoutput::{Extraction, MrioReader};

fuzz_target!(|bytes: &[u8]| {
    let Some((first, rest)) = bytes.split_first() else {
        return;
    };
    let reader = MrioReader::new();
    let table = match first % 3 {
        0 => reader.read_labelled(rest),
        1 => {
            let at = rest
                .windows(2)
                .position(|w| w == b"\n|")
                .unwrap_or(rest.len());
            let (z, y) = rest.split_at(at);
            reader.read_pymrio(z, y.get(2..).unwrap_or_default())
        }
        _ => reader.read_icio(rest),
    };
    let Ok(table) = table else { return };
    // Keep each run small: the algebra is cubic.
    if table.len() > 64 {
        return;
    }
    let Ok(model) = table.model() else { return };
    let regions = table.regions().to_vec();
    for r in &regions {
        if let Ok(lt) = model.look_through(r) {
            assert!(lt.total().is_finite());
            for (_, s) in lt.shares() {
                assert!(s.is_finite());
            }
        }
        let _ = model.value_added_origin(r);
        let _ = model.hidden_exposure(r);
        let _ = table.face_value(r);
    }
    if let [a, b, ..] = regions.as_slice() {
        if let Ok(e) = model.extract(&Extraction::sales(a.clone(), b.clone())) {
            assert!(e.total_lost().is_finite());
        }
    }
    if let Ok(m) = model.multipliers() {
        for row in m.rows() {
            assert!(row.output().is_finite());
        }
    }
});
