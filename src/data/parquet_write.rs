//! Writing trade data as Parquet and as Arrow record batches: the tidy
//! columns, money as exact `Decimal128` at the data's scale, codes as
//! strings that keep their leading zeros.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, Decimal128Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use rust_decimal::Decimal;

use crate::data::read::TIDY_COLUMNS;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::flow::TradeFlow;

/// How Parquet files are written: rows per row group (the unit readers
/// share among threads) and the page codec.
///
/// The default is row groups of 1,048,576 rows, Snappy-compressed (what
/// `DuckDB` and pyarrow write, and every engine reads).
///
/// # Example
///
/// ```
/// use tradedep::ParquetOptions;
///
/// let opts = ParquetOptions::new().row_group_rows(100_000).zstd(3);
/// assert_eq!(opts.rows_per_group(), 100_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParquetOptions {
    rows: usize,
    codec: Codec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Codec {
    None,
    Snappy,
    Zstd(i32),
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            rows: 1 << 20,
            codec: Codec::Snappy,
        }
    }
}

impl ParquetOptions {
    /// Row groups of 1,048,576 rows, Snappy.
    #[must_use]
    pub fn new() -> ParquetOptions {
        ParquetOptions::default()
    }

    /// At most `rows` rows per row group (at least 1).
    #[must_use]
    pub fn row_group_rows(mut self, rows: usize) -> ParquetOptions {
        self.rows = rows.max(1);
        self
    }

    /// The rows per row group.
    #[must_use]
    pub fn rows_per_group(&self) -> usize {
        self.rows
    }

    /// Pages compressed with zstd at `level` (1 to 22; clamped): smaller
    /// files than Snappy, as polars writes.
    #[must_use]
    pub fn zstd(mut self, level: i32) -> ParquetOptions {
        self.codec = Codec::Zstd(level.clamp(1, 22));
        self
    }

    /// Pages not compressed.
    #[must_use]
    pub fn uncompressed(mut self) -> ParquetOptions {
        self.codec = Codec::None;
        self
    }

    pub(crate) fn properties(&self) -> Result<WriterProperties> {
        let codec = match self.codec {
            Codec::None => Compression::UNCOMPRESSED,
            Codec::Snappy => Compression::SNAPPY,
            Codec::Zstd(l) => Compression::ZSTD(ZstdLevel::try_new(l).map_err(parquet_error)?),
        };
        Ok(WriterProperties::builder()
            .set_compression(codec)
            .set_max_row_group_row_count(Some(self.rows.max(1)))
            .set_created_by(concat!("tradedep ", env!("CARGO_PKG_VERSION")).to_owned())
            .build())
    }
}

pub(crate) fn parquet_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Parquet {
        detail: e.to_string(),
    })
}

/// The widest scale of `values`.
pub(crate) fn common_scale(values: impl Iterator<Item = Decimal>) -> u32 {
    values.map(|d| d.scale()).max().unwrap_or(0)
}

/// `values` as a `Decimal128(38, scale)` column, each rescaled exactly.
///
/// # Errors
///
/// [`ErrorKind::Parquet`] for a value that needs more than 38 digits at
/// `scale`.
pub(crate) fn decimal_column(
    values: impl Iterator<Item = Option<Decimal>>,
    scale: u32,
    name: &str,
) -> Result<Decimal128Array> {
    let mut out: Vec<Option<i128>> = Vec::new();
    let limit = 10i128.pow(38);
    for v in values {
        out.push(match v {
            None => None,
            Some(d) => {
                let up = scale
                    .checked_sub(d.scale())
                    .and_then(|k| 10i128.checked_pow(k))
                    .and_then(|f| d.mantissa().checked_mul(f))
                    .filter(|m| m.unsigned_abs() < limit.unsigned_abs());
                Some(up.ok_or_else(|| {
                    parquet_error(format!(
                        "{d} in column {name:?} needs more than 38 digits at scale {scale}"
                    ))
                })?)
            }
        });
    }
    let scale = i8::try_from(scale).map_err(parquet_error)?;
    Decimal128Array::from(out)
        .with_precision_and_scale(38, scale)
        .map_err(parquet_error)
}

/// A string column.
pub(crate) fn string_column<'a>(values: impl Iterator<Item = Option<&'a str>>) -> StringArray {
    let mut b = StringBuilder::new();
    for v in values {
        b.append_option(v);
    }
    b.finish()
}

/// Writes `batches` (made one at a time, all of `schema`) to `writer`.
pub(crate) fn write_batches<W: Write + Send>(
    writer: W,
    schema: Arc<Schema>,
    opts: &ParquetOptions,
    batches: impl Iterator<Item = Result<RecordBatch>>,
) -> Result<()> {
    let mut w =
        ArrowWriter::try_new(writer, schema, Some(opts.properties()?)).map_err(parquet_error)?;
    for b in batches {
        w.write(&b?).map_err(parquet_error)?;
    }
    w.close().map_err(parquet_error)?;
    Ok(())
}

impl TradeData {
    /// The data as one Arrow record batch in the tidy columns (those of
    /// [`write_csv`](Self::write_csv)), for Arrow engines such as
    /// `DataFusion` or polars: codes, periods and names as strings in
    /// their text forms (`"010121"` keeps its zero), `value` as
    /// `Decimal128(38, s)` with `s` the widest scale of the data's values
    /// (exact), `quantity` likewise (null where unknown). Needs the
    /// `parquet` feature.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::Reader;
    ///
    /// let csv = "t,i,j,k,v,q\n2022,156,392,010121,20.945,NA\n";
    /// let (data, _) = Reader::baci().read(csv.as_bytes())?;
    /// let batch = data.to_record_batch()?;
    /// assert_eq!(batch.num_rows(), 1);
    /// assert_eq!(batch.schema().field(5).data_type().to_string(), "Decimal128(38, 0)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parquet`] for a value that needs more than 38 digits
    /// at the data's widest scale.
    pub fn to_record_batch(&self) -> Result<RecordBatch> {
        let flows: Vec<TradeFlow> = self.iter().collect();
        let value_scale = common_scale(flows.iter().map(|f| f.value().amount()));
        let qty_scale = common_scale(
            flows
                .iter()
                .filter_map(|f| f.quantity().map(|q| q.amount())),
        );
        batch_of(&flows, value_scale, qty_scale)
    }

    /// Writes the data as Parquet in the tidy columns
    /// ([`to_record_batch`](Self::to_record_batch)), in row groups of
    /// 1,048,576 rows, Snappy; [`Reader::parquet`](crate::Reader::parquet)
    /// reads it back equal. Needs the `parquet` feature.
    ///
    /// # Errors
    ///
    /// As [`to_record_batch`](Self::to_record_batch), and
    /// [`ErrorKind::Parquet`] when writing fails.
    pub fn write_parquet<W: Write + Send>(&self, writer: W) -> Result<()> {
        self.write_parquet_with(writer, &ParquetOptions::default())
    }

    /// Writes the data as Parquet as `opts` say; the rows are converted
    /// one row group at a time, so memory stays a row group's.
    ///
    /// # Errors
    ///
    /// As [`write_parquet`](Self::write_parquet).
    pub fn write_parquet_with<W: Write + Send>(
        &self,
        writer: W,
        opts: &ParquetOptions,
    ) -> Result<()> {
        // The widest scales, in one pass.
        let (mut value_scale, mut qty_scale) = (0, 0);
        for f in self.iter() {
            value_scale = value_scale.max(f.value().amount().scale());
            qty_scale = qty_scale.max(f.quantity().map_or(0, |q| q.amount().scale()));
        }
        let schema = tidy_schema(value_scale, qty_scale)?;
        let mut flows = self.iter().peekable();
        let rows = opts.rows_per_group();
        let mut first = true;
        let batches = std::iter::from_fn(|| {
            if flows.peek().is_none() && !first {
                return None;
            }
            first = false;
            let chunk: Vec<TradeFlow> = flows.by_ref().take(rows).collect();
            Some(batch_of(&chunk, value_scale, qty_scale))
        });
        write_batches(writer, schema, opts, batches)
    }

    /// Writes the data as a Parquet file at `path`; see
    /// [`write_parquet`](Self::write_parquet).
    ///
    /// # Errors
    ///
    /// As [`write_parquet`](Self::write_parquet), with the path.
    pub fn write_parquet_path(&self, path: impl AsRef<Path>, opts: &ParquetOptions) -> Result<()> {
        let path = path.as_ref();
        let file = std::fs::File::create(path).map_err(|e| Error::from(e).in_file(path))?;
        let mut w = std::io::BufWriter::new(file);
        self.write_parquet_with(&mut w, opts)
            .map_err(|e| e.in_file(path))?;
        w.flush().map_err(|e| Error::from(e).in_file(path))
    }
}

/// The tidy columns' schema at these scales.
fn tidy_schema(value_scale: u32, qty_scale: u32) -> Result<Arc<Schema>> {
    let dec = |s: u32| -> Result<DataType> {
        Ok(DataType::Decimal128(
            38,
            i8::try_from(s).map_err(parquet_error)?,
        ))
    };
    let fields: Vec<Field> = TIDY_COLUMNS
        .iter()
        .map(|name| {
            Ok(match *name {
                "value" => Field::new(*name, dec(value_scale)?, false),
                "quantity" => Field::new(*name, dec(qty_scale)?, true),
                "unit" => Field::new(*name, DataType::Utf8, true),
                _ => Field::new(*name, DataType::Utf8, false),
            })
        })
        .collect::<Result<_>>()?;
    Ok(Arc::new(Schema::new(fields)))
}

/// One batch of flows in the tidy columns.
fn batch_of(flows: &[TradeFlow], value_scale: u32, qty_scale: u32) -> Result<RecordBatch> {
    let schema = tidy_schema(value_scale, qty_scale)?;
    // Each column's text written into one buffer, flow by flow: no
    // string allocated per value.
    let texts = |f: &dyn Fn(&TradeFlow, &mut String)| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(flows.len(), flows.len().saturating_mul(6));
        let mut buf = String::new();
        for flow in flows {
            buf.clear();
            f(flow, &mut buf);
            b.append_value(&buf);
        }
        Arc::new(b.finish())
    };
    let columns: Vec<ArrayRef> = vec![
        texts(&|f, b| b.push_str(f.reporter().alpha3())),
        texts(&|f, b| b.push_str(f.partner().alpha3())),
        texts(&|f, b| b.push_str(f.direction().as_str())),
        texts(&|f, b| {
            let _ = write!(b, "{}", f.product());
        }),
        texts(&|f, b| {
            let _ = write!(b, "{}", f.period());
        }),
        Arc::new(decimal_column(
            flows.iter().map(|f| Some(f.value().amount())),
            value_scale,
            "value",
        )?),
        texts(&|f, b| b.push_str(f.value().currency().code())),
        Arc::new(decimal_column(
            flows.iter().map(|f| f.quantity().map(|q| q.amount())),
            qty_scale,
            "quantity",
        )?),
        Arc::new(string_column(
            flows
                .iter()
                .map(|f| f.quantity().map(|q| q.unit().symbol())),
        )),
        texts(&|f, b| b.push_str(f.valuation().as_str())),
        texts(&|f, b| b.push_str(f.provenance().as_str())),
        texts(&|f, b| b.push_str(f.importer().alpha3())),
        texts(&|f, b| b.push_str(f.exporter().alpha3())),
    ];
    RecordBatch::try_new(schema, columns).map_err(parquet_error)
}
