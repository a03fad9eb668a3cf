//! Result tables as Arrow record batches and Parquet files: each column
//! typed from its cells (exact decimals, counts, flags, text), the
//! currency in a column of its own, as in JSON.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, UInt64Array};
use arrow_schema::{DataType, Field, Schema};

use crate::data::parquet_write::{common_scale, decimal_column, parquet_error, string_column};
use crate::error::Result;
use crate::metrics::table::{Cell, Table, WriteOptions, written_header};

/// What a column's cells hold, missing ones aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Decimal,
    Count,
    Flag,
    Text,
}

fn kind_of(cell: &Cell) -> Option<Kind> {
    match cell {
        Cell::Number(_) | Cell::Money(_) | Cell::Ratio(_) => Some(Kind::Decimal),
        Cell::Count(_) => Some(Kind::Count),
        Cell::Flag(_) => Some(Kind::Flag),
        Cell::Text(_) => Some(Kind::Text),
        Cell::Missing => None,
    }
}

/// The table as one record batch; see [`Table::to_record_batch`].
pub(super) fn record_batch(t: &impl Table, opts: &WriteOptions) -> Result<RecordBatch> {
    let header = written_header(t, opts);
    let rows: Vec<Vec<Cell>> = (0..t.len()).filter_map(|i| t.row(i)).collect();
    let mut fields: Vec<Field> = Vec::with_capacity(header.len().saturating_add(1));
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(header.len().saturating_add(1));
    for (j, name) in header.iter().enumerate() {
        let cells = || rows.iter().map(move |r| r.get(j).unwrap_or(&Cell::Missing));
        let mut kinds = cells().filter_map(kind_of);
        let first = kinds.next();
        // A column of one kind is typed; a mixed or empty one is text.
        let kind = match first {
            Some(k) if kinds.all(|x| x == k) => k,
            _ => Kind::Text,
        };
        let (data_type, array): (DataType, ArrayRef) = match kind {
            Kind::Decimal => {
                let values: Vec<Option<rust_decimal::Decimal>> =
                    cells().map(|c| c.decimal(opts)).collect();
                // The places asked for, as CSV writes them; or the widest.
                let scale = opts
                    .fixed_places()
                    .unwrap_or_else(|| common_scale(values.iter().flatten().copied()));
                let a = decimal_column(values.into_iter(), scale, name)?;
                (a.data_type().clone(), Arc::new(a))
            }
            Kind::Count => {
                let a: UInt64Array = cells()
                    .map(|c| match c {
                        Cell::Count(n) => Some(*n),
                        _ => None,
                    })
                    .collect();
                (DataType::UInt64, Arc::new(a))
            }
            Kind::Flag => {
                let a: BooleanArray = cells()
                    .map(|c| match c {
                        Cell::Flag(b) => Some(*b),
                        _ => None,
                    })
                    .collect();
                (DataType::Boolean, Arc::new(a))
            }
            Kind::Text => {
                let texts: Vec<Option<String>> = cells()
                    .map(|c| (!matches!(c, Cell::Missing)).then(|| c.csv(opts)))
                    .collect();
                let a = string_column(texts.iter().map(Option::as_deref));
                (DataType::Utf8, Arc::new(a))
            }
        };
        let nullable = array.null_count() > 0 || rows.is_empty();
        fields.push(Field::new(name, data_type, nullable));
        columns.push(array);
    }
    if let Some(c) = t.currency() {
        fields.push(Field::new("currency", DataType::Utf8, false));
        columns.push(Arc::new(string_column(rows.iter().map(|_| Some(c.code())))));
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(parquet_error)
}
