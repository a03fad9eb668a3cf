//! One Arrow column of a Parquet batch, read as the text a CSV field
//! would hold: integers in decimal, decimals exactly at their scale,
//! floats as the shortest decimal that reads back as the same float,
//! strings as they are, nulls empty. The row parsers of the CSV readers
//! then read every format alike.

use std::io::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal32Type, Decimal64Type, Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type,
    Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;

use crate::error::{Error, ErrorKind, Result};

/// A column of one batch, typed.
pub(super) enum Column<'a> {
    /// All null (Parquet's type for a column with no values).
    Null,
    Int(Ints<'a>),
    Float64(&'a arrow_array::Float64Array),
    Float32(&'a arrow_array::Float32Array),
    /// Decimal mantissas with their scale.
    Decimal(Decimals<'a>),
    Utf8(&'a arrow_array::StringArray),
    LargeUtf8(&'a arrow_array::LargeStringArray),
    Utf8View(&'a arrow_array::StringViewArray),
    /// Unannotated byte arrays, read as UTF-8 text.
    Binary(&'a arrow_array::BinaryArray),
}

/// The integer types Parquet's annotations map to.
pub(super) enum Ints<'a> {
    I8(&'a arrow_array::Int8Array),
    I16(&'a arrow_array::Int16Array),
    I32(&'a arrow_array::Int32Array),
    I64(&'a arrow_array::Int64Array),
    U8(&'a arrow_array::UInt8Array),
    U16(&'a arrow_array::UInt16Array),
    U32(&'a arrow_array::UInt32Array),
    U64(&'a arrow_array::UInt64Array),
}

/// The decimal types, widened to `i128` mantissas.
pub(super) enum Decimals<'a> {
    D32(&'a arrow_array::Decimal32Array, i8),
    D64(&'a arrow_array::Decimal64Array, i8),
    D128(&'a arrow_array::Decimal128Array, i8),
}

impl<'a> Column<'a> {
    /// The column of `array`, named `name` (for errors).
    pub(super) fn of(array: &'a ArrayRef, name: &str) -> Result<Column<'a>> {
        let missing = || unsupported(name, array.data_type());
        Ok(match array.data_type() {
            DataType::Null => Column::Null,
            DataType::Int8 => Column::Int(Ints::I8(
                array.as_primitive_opt::<Int8Type>().ok_or_else(missing)?,
            )),
            DataType::Int16 => Column::Int(Ints::I16(
                array.as_primitive_opt::<Int16Type>().ok_or_else(missing)?,
            )),
            DataType::Int32 => Column::Int(Ints::I32(
                array.as_primitive_opt::<Int32Type>().ok_or_else(missing)?,
            )),
            DataType::Int64 => Column::Int(Ints::I64(
                array.as_primitive_opt::<Int64Type>().ok_or_else(missing)?,
            )),
            DataType::UInt8 => Column::Int(Ints::U8(
                array.as_primitive_opt::<UInt8Type>().ok_or_else(missing)?,
            )),
            DataType::UInt16 => Column::Int(Ints::U16(
                array.as_primitive_opt::<UInt16Type>().ok_or_else(missing)?,
            )),
            DataType::UInt32 => Column::Int(Ints::U32(
                array.as_primitive_opt::<UInt32Type>().ok_or_else(missing)?,
            )),
            DataType::UInt64 => Column::Int(Ints::U64(
                array.as_primitive_opt::<UInt64Type>().ok_or_else(missing)?,
            )),
            DataType::Float32 => Column::Float32(
                array
                    .as_primitive_opt::<Float32Type>()
                    .ok_or_else(missing)?,
            ),
            DataType::Float64 => Column::Float64(
                array
                    .as_primitive_opt::<Float64Type>()
                    .ok_or_else(missing)?,
            ),
            DataType::Decimal32(_, s) => Column::Decimal(Decimals::D32(
                array
                    .as_primitive_opt::<Decimal32Type>()
                    .ok_or_else(missing)?,
                *s,
            )),
            DataType::Decimal64(_, s) => Column::Decimal(Decimals::D64(
                array
                    .as_primitive_opt::<Decimal64Type>()
                    .ok_or_else(missing)?,
                *s,
            )),
            DataType::Decimal128(_, s) => Column::Decimal(Decimals::D128(
                array
                    .as_primitive_opt::<Decimal128Type>()
                    .ok_or_else(missing)?,
                *s,
            )),
            DataType::Utf8 => Column::Utf8(array.as_string_opt::<i32>().ok_or_else(missing)?),
            DataType::LargeUtf8 => {
                Column::LargeUtf8(array.as_string_opt::<i64>().ok_or_else(missing)?)
            }
            DataType::Utf8View => Column::Utf8View(array.as_string_view_opt().ok_or_else(missing)?),
            DataType::Binary => Column::Binary(array.as_binary_opt::<i32>().ok_or_else(missing)?),
            other => return Err(unsupported(name, other)),
        })
    }

    /// True for a floating-point column, whose values are binary
    /// approximations of the decimals they were made from.
    pub(super) fn is_float(&self) -> bool {
        matches!(self, Column::Float32(_) | Column::Float64(_))
    }

    /// True when row `i` holds no value.
    pub(super) fn is_null(&self, i: usize) -> bool {
        match self {
            Column::Null => true,
            Column::Int(c) => match c {
                Ints::I8(a) => a.is_null(i),
                Ints::I16(a) => a.is_null(i),
                Ints::I32(a) => a.is_null(i),
                Ints::I64(a) => a.is_null(i),
                Ints::U8(a) => a.is_null(i),
                Ints::U16(a) => a.is_null(i),
                Ints::U32(a) => a.is_null(i),
                Ints::U64(a) => a.is_null(i),
            },
            Column::Float64(a) => a.is_null(i),
            Column::Float32(a) => a.is_null(i),
            Column::Decimal(d) => match d {
                Decimals::D32(a, _) => a.is_null(i),
                Decimals::D64(a, _) => a.is_null(i),
                Decimals::D128(a, _) => a.is_null(i),
            },
            Column::Utf8(a) => a.is_null(i),
            Column::LargeUtf8(a) => a.is_null(i),
            Column::Utf8View(a) => a.is_null(i),
            Column::Binary(a) => a.is_null(i),
        }
    }

    /// Writes row `i`'s value as text into `out` (cleared first): empty
    /// for a null. A float is written as the shortest decimal that reads
    /// back as the same float, `NaN` and `inf` as such (a reader then
    /// refuses them, or reads `NaN` as a missing quantity).
    pub(super) fn text(&self, i: usize, out: &mut Vec<u8>) {
        out.clear();
        if self.is_null(i) {
            return;
        }
        // Writing to a Vec cannot fail.
        let _ = match self {
            Column::Null => Ok(()),
            Column::Int(c) => match c {
                Ints::I8(a) => write!(out, "{}", a.value(i)),
                Ints::I16(a) => write!(out, "{}", a.value(i)),
                Ints::I32(a) => write!(out, "{}", a.value(i)),
                Ints::I64(a) => write!(out, "{}", a.value(i)),
                Ints::U8(a) => write!(out, "{}", a.value(i)),
                Ints::U16(a) => write!(out, "{}", a.value(i)),
                Ints::U32(a) => write!(out, "{}", a.value(i)),
                Ints::U64(a) => write!(out, "{}", a.value(i)),
            },
            Column::Float64(a) => write!(out, "{}", a.value(i)),
            Column::Float32(a) => write!(out, "{}", a.value(i)),
            Column::Decimal(d) => {
                let (m, s) = match d {
                    Decimals::D32(a, s) => (i128::from(a.value(i)), *s),
                    Decimals::D64(a, s) => (i128::from(a.value(i)), *s),
                    Decimals::D128(a, s) => (a.value(i), *s),
                };
                decimal_text(m, s, out);
                Ok(())
            }
            Column::Utf8(a) => out.write_all(a.value(i).as_bytes()),
            Column::LargeUtf8(a) => out.write_all(a.value(i).as_bytes()),
            Column::Utf8View(a) => out.write_all(a.value(i).as_bytes()),
            Column::Binary(a) => out.write_all(a.value(i)),
        };
    }
}

/// The exact decimal text of `mantissa * 10^-scale` (a negative scale
/// appends zeros). Trailing zeros of the fraction are dropped where the
/// digits would be more than the 28 a decimal holds (a value written at
/// a column's common scale, `7983598517755350638.0000000000`), and only
/// then: the value is the same, and it can be read.
pub(super) fn decimal_text(mantissa: i128, scale: i8, out: &mut Vec<u8>) {
    if mantissa < 0 {
        out.push(b'-');
    }
    let mut digits = mantissa.unsigned_abs().to_string();
    let mut scale = i64::from(scale);
    while digits.len() > 28 && scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale = scale.saturating_sub(1);
    }
    if scale <= 0 {
        out.extend_from_slice(digits.as_bytes());
        if digits != "0" {
            out.extend(std::iter::repeat_n(
                b'0',
                usize::try_from(scale.unsigned_abs()).unwrap_or(0),
            ));
        }
        return;
    }
    let s = usize::try_from(scale).unwrap_or(0);
    if digits.len() > s {
        let (int, frac) = digits.split_at(digits.len().saturating_sub(s));
        out.extend_from_slice(int.as_bytes());
        out.push(b'.');
        out.extend_from_slice(frac.as_bytes());
    } else {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', s.saturating_sub(digits.len())));
        out.extend_from_slice(digits.as_bytes());
    }
}

/// The error for a column whose type cannot hold its field.
pub(super) fn unsupported(name: &str, t: &DataType) -> Error {
    Error::new(ErrorKind::Parquet {
        detail: format!(
            "column {name:?} is of type {t}, which holds no such field; \
             give integers, decimals, floats or strings"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::decimal_text;

    fn text(m: i128, s: i8) -> String {
        let mut out = Vec::new();
        decimal_text(m, s, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decimals_are_written_exactly_at_their_scale() {
        assert_eq!(text(20945, 3), "20.945");
        assert_eq!(text(-5, 3), "-0.005");
        assert_eq!(text(0, 2), "0.00");
        assert_eq!(text(12, -2), "1200");
        assert_eq!(text(0, -2), "0");
        assert_eq!(
            text(i128::MAX, 38),
            "1.70141183460469231731687303715884105727"
        );
    }
}
