//! The CEPII BACI reader: `t,i,j,k,v,q`, the general path (any column
//! order, quotes, padding); the fast path is in `baci_fast`.

use std::io::Read;

use super::{Counting, Item, attach, baci_fast, economy_error, field_error, negative};
use crate::csvutil::{self, Columns, CsvReader};
use crate::data::lines::{LinePos, LineReader};
use crate::data::num;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::{Economy, trade_code_table};
use crate::model::flow::{Direction, Provenance, TradeFlow, Valuation};
use crate::model::hs::HsCode;
use crate::model::money::{Currency, Money};
use crate::model::period::Period;
use crate::model::quantity::{Quantity, Unit};

/// How a BACI file lays out its lines: the field separator its header
/// uses, and for each field which of `t,i,j,k,v,q` it is (6 for none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    slots: Vec<u8>,
    delimiter: u8,
}

pub(super) struct BaciParser<R: Read> {
    pub(super) lines: LineReader<Counting<R>>,
    slots: Vec<u8>,
    delimiter: u8,
    /// The columns are exactly `t,i,j,k,v,q`: lines may take the fast
    /// path.
    standard: bool,
    record: csvutil::Record,
    year: Option<(u32, Period)>,
}

const BACI_COLUMNS: [&str; 6] = ["t", "i", "j", "k", "v", "q"];

impl<R: Read> BaciParser<R> {
    pub(super) fn new(reader: Counting<R>, max_line: usize) -> Result<Self> {
        let start = LinePos {
            line: 1,
            record: 0,
            byte: 0,
        };
        let mut lines = LineReader::new(reader, max_line, start);
        let Some((header, _)) = lines.next_line()? else {
            return Err(Error::new(ErrorKind::EmptyInput));
        };
        let slots = baci_slots(header)?;
        Ok(BaciParser::with_slots(lines, slots))
    }

    /// A parser of lines after the header, laid out as `layout` says.
    pub(super) fn with_slots(lines: LineReader<Counting<R>>, layout: Layout) -> Self {
        let Layout { slots, delimiter } = layout;
        BaciParser {
            lines,
            standard: slots == [0, 1, 2, 3, 4, 5] && delimiter == b',',
            slots,
            delimiter,
            record: csvutil::Record::new(),
            year: None,
        }
    }

    pub(super) fn next(&mut self) -> Option<Result<Item>> {
        // The fast path reads a standard line straight from the buffer,
        // finding its end as it parses.
        if self.standard {
            let year = self.year;
            if let Some(f) = self
                .lines
                .try_line(|bytes| baci_fast::flow(bytes, false, year, trade_code_table()))
            {
                return Some(Ok(Item::Flow(f)));
            }
        }
        let (line, at) = match self.lines.next_line() {
            Ok(Some(x)) => x,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        if self.standard
            && let Some((f, _)) = baci_fast::flow(line, true, self.year, trade_code_table())
        {
            return Some(Ok(Item::Flow(f)));
        }
        let pos = at.csv();
        let mut fields: [&[u8]; 6] = [b""; 6];
        let mut found: u64 = 0;
        // Fields are the text between separators, found in one pass that
        // also looks for quotes.
        let mut start = 0;
        let mut quoted = false;
        for (i, &b) in line.iter().enumerate() {
            if b == self.delimiter {
                put(&self.slots, &mut fields, found, line.get(start..i));
                found = found.saturating_add(1);
                start = i.saturating_add(1);
            } else if b == b'"' {
                quoted = true;
                break;
            }
        }
        if quoted {
            found = 0;
            // Quoted fields: let the CSV parser read this one line.
            let mut rdr = CsvReader::new(line, self.delimiter);
            match rdr.read_byte_record(&mut self.record) {
                Ok(_) => {}
                Err(e) => return Some(Err(e.at(csvutil::position(&pos, "")))),
            }
            for field in self.record.iter() {
                put(&self.slots, &mut fields, found, Some(field));
                found = found.saturating_add(1);
            }
        } else {
            put(&self.slots, &mut fields, found, line.get(start..));
            found = found.saturating_add(1);
        }
        if found != self.slots.len() as u64 {
            return Some(Err(field_error(
                ErrorKind::FieldCount {
                    expected: self.slots.len() as u64,
                    found,
                },
                &pos,
                "",
            )));
        }
        Some(baci_flow(&mut self.year, fields, &pos).map(Item::Flow))
    }
}

/// Puts field number `k` of a line where its column's slot says.
#[inline]
fn put<'a>(slots: &[u8], fields: &mut [&'a [u8]; 6], k: u64, field: Option<&'a [u8]>) {
    if let Some(f) = usize::try_from(k)
        .ok()
        .and_then(|k| slots.get(k))
        .and_then(|&s| fields.get_mut(usize::from(s)))
    {
        *f = num::trim(field.unwrap_or(b""));
    }
}

/// For each field of a BACI header line, which of `t,i,j,k,v,q` it is
/// (6 for none).
pub(super) fn baci_slots(header: &[u8]) -> Result<Layout> {
    let delimiter = csvutil::sniff_delimiter(header);
    let c = Columns::new(&mut csvutil::reader(header, delimiter), &BACI_COLUMNS)?;
    let mut slots = vec![6u8; c.width()];
    for (k, column) in (0u8..6).zip(0usize..) {
        if let Some(s) = slots.get_mut(c.index(column)) {
            *s = k;
        }
    }
    Ok(Layout { slots, delimiter })
}

/// The flow of one BACI line's fields `t,i,j,k,v,q`, `year_cache`
/// holding the last year's period.
pub(super) fn baci_flow(
    year_cache: &mut Option<(u32, Period)>,
    fields: [&[u8]; 6],
    pos: &csv::Position,
) -> Result<TradeFlow> {
    let pos = pos.clone();
    let [
        year_text,
        exporter_text,
        importer_text,
        product_text,
        value_text,
        qty_text,
    ] = fields;
    let year = num::unsigned(year_text, 9999).ok_or_else(|| {
        field_error(
            ErrorKind::Period {
                input: crate::error::quote(&String::from_utf8_lossy(year_text)),
                reason: "expected a four-digit year",
            },
            &pos,
            "t",
        )
    })?;
    let period = match *year_cache {
        Some((y, p)) if y == year => p,
        _ => {
            let p = Period::annual(year.cast_signed()).map_err(|e| attach(e, &pos, "t"))?;
            *year_cache = Some((year, p));
            p
        }
    };
    let table = trade_code_table();
    let economy = |b: &[u8], col: &str| -> Result<Economy> {
        num::unsigned(b, 999)
            .and_then(|c| table.get(c as usize).copied().flatten())
            .ok_or_else(|| attach(economy_error(b, "BACI"), &pos, col))
    };
    let exporter = economy(exporter_text, "i")?;
    let importer = economy(importer_text, "j")?;
    let product = HsCode::subheading_lenient_bytes(product_text).ok_or_else(|| {
        let input = String::from_utf8_lossy(product_text).into_owned();
        let reason = if product_text.len() > 6 && product_text.iter().all(u8::is_ascii_digit) {
            "BACI products are HS6 subheadings; this has more than 6 digits"
        } else {
            HsCode::lenient_refusal(product_text)
        };
        field_error(ErrorKind::HsCode { input, reason }, &pos, "k")
    })?;
    let value = num::thousands(value_text).map_err(|e| attach(e, &pos, "v"))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(attach(
            negative("value", &String::from_utf8_lossy(value_text)),
            &pos,
            "v",
        ));
    }
    let quantity = if num::is_missing(qty_text) {
        None
    } else {
        let d = num::decimal(qty_text).map_err(|e| attach(e, &pos, "q"))?;
        Some(Quantity::new(d, Unit::Tonnes).map_err(|e| attach(e, &pos, "q"))?)
    };
    Ok(reconciled_export(
        exporter, importer, product, period, value, quantity,
    ))
}

/// A BACI row as a flow: the exporter's export of `value` USD, FOB,
/// reconciled from both sides' reports. Both paths of the reader build
/// flows here.
#[inline]
pub(super) fn reconciled_export(
    exporter: Economy,
    importer: Economy,
    product: HsCode,
    period: Period,
    value: rust_decimal::Decimal,
    quantity: Option<Quantity>,
) -> TradeFlow {
    TradeFlow::from_valid_parts(
        exporter,
        importer,
        Direction::Export,
        product,
        period,
        Money::new(value, Currency::USD),
    )
    .with_quantity(quantity)
    .with_valuation(Valuation::Fob)
    .with_provenance(Provenance::Reconciled)
}
