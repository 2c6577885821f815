//! Exports of a page's table: CSV (UTF-8, formula-injection escaped with
//! `pipeline::escape_formula`), XLSX (codes and dates as text cells, counts as numbers) and
//! Parquet for analysts (typed columns: counts as int64, rates as double, codes as UTF-8 text;
//! a suppressed count of persons under 5 is null, never its value). A typed column cannot carry
//! the CSV's marks ("<5", "~25", "x", "<0.13"), so a Parquet file says in its key-value metadata
//! which columns hold counts rounded to 5 and which hold nulls that stand for a suppressed count
//! or a figure published only as a bound ([`marks_metadata`]).

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook};

use crate::error::AppError;
use crate::params::Format as OutFormat;
use crate::table::{Table, Value};

/// Answers `table` in `format` (CSV or XLSX) as an attachment named after `page`.
pub fn respond(page: &str, table: &Table, format: OutFormat) -> Result<Response, AppError> {
    let name = format!("listraf-{}-{}", slug(page), table.id);
    match format {
        OutFormat::Csv => Ok((
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.csv\""),
                ),
            ],
            csv_bytes(table)?,
        )
            .into_response()),
        OutFormat::Xlsx => Ok((
            [
                (
                    CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.xlsx\""),
                ),
            ],
            xlsx_bytes(table)?,
        )
            .into_response()),
        OutFormat::Parquet => Ok((
            [
                (CONTENT_TYPE, "application/vnd.apache.parquet".to_string()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.parquet\""),
                ),
            ],
            parquet_bytes(table)?,
        )
            .into_response()),
        OutFormat::Html => Err(AppError::Internal("export asked for HTML".into())),
    }
}

/// Keeps file names to letters, digits and dashes.
fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

pub fn csv_bytes(table: &Table) -> Result<Vec<u8>, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(format!("writing CSV: {e}"));
    w.write_record(table.columns.iter().map(|c| c.key))
        .map_err(fail)?;
    for row in &table.rows {
        w.write_record(
            row.iter()
                .map(|c| pipeline::escape_formula(&c.plain_text())),
        )
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(format!("writing CSV: {e}")))
}

pub fn xlsx_bytes(table: &Table) -> Result<Vec<u8>, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("writing XLSX: {e}"));
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(table.id).map_err(fail)?;
    // Occupation codes are typed into the review queue's empty column: a General cell turns
    // "0110" (armed forces) into the number 110, so code columns are Text.
    let text = Format::new().set_num_format("@");
    for (i, c) in table.columns.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, c.key, &bold)
            .map_err(fail)?;
        if c.key.starts_with("isco08") || c.key == "region_code" {
            ws.set_column_format(i as u16, &text).map_err(fail)?;
        }
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (i, cell) in row.iter().enumerate() {
            let i = i as u16;
            match &cell.value {
                Value::Int(n) => ws.write_number(r, i, *n as f64).map(|_| ()),
                Value::Persons(n) if *n >= crate::ctx::MIN_CELL || *n == 0 => {
                    ws.write_number(r, i, *n as f64).map(|_| ())
                }
                Value::Decimal(Some(x))
                | Value::Share(Some(x))
                | Value::Dec2(Some(x))
                | Value::Change(Some(x)) => ws.write_number(r, i, *x).map(|_| ()),
                Value::Flag(on, _) => ws.write_boolean(r, i, *on).map(|_| ()),
                // Codes, dates, text and suppressed counts are text cells, so a spreadsheet
                // never turns "32.10" into a number or "<5" into a formula.
                _ => ws.write_string(r, i, cell.plain_text()).map(|_| ()),
            }
            .map_err(fail)?;
        }
    }
    wb.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Cell, col};

    fn table() -> Table {
        Table {
            id: "t",
            caption: String::new(),
            columns: vec![col("code", "Kode"), col("name", "Nama"), col("n", "N")],
            rows: vec![
                vec![
                    Cell::code("32.10"),
                    Cell::text("=HYPERLINK(\"x\")"),
                    Cell::persons(3),
                ],
                vec![Cell::code("32.73"), Cell::text("-5"), Cell::persons(1234)],
            ],
            has_persons: true,
        }
    }

    #[test]
    fn csv_escapes_formulas_and_keeps_suppression() {
        let text = String::from_utf8(csv_bytes(&table()).unwrap()).unwrap();
        assert_eq!(
            text,
            "code,name,n\n32.10,\"'=HYPERLINK(\"\"x\"\")\",<5\n32.73,-5,1234\n"
        );
    }

    #[test]
    fn xlsx_is_a_zip_file() {
        let bytes = xlsx_bytes(&table()).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}

/// What the CSV's marks said, for a Parquet reader: per kind of mark, the columns (their keys,
/// comma-separated, empty when none) where some row carries it.
/// - `listraf.rounded_to_5`: counts of persons rounded to a multiple of 5 ("~25" in the CSV).
/// - `listraf.null_is_suppressed`: a null is a count of persons under 5 ("<5") or one withheld
///   so that a small one beside it cannot be worked out ("x").
/// - `listraf.null_is_bounded`: a null is a figure published only as a bound ("<0.13",
///   ">0.77"), its exact value giving a small count away.
fn marks_metadata(table: &Table) -> Vec<parquet::file::metadata::KeyValue> {
    use parquet::file::metadata::KeyValue;
    let columns = |marked: fn(&Value) -> bool| -> String {
        table
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                table
                    .rows
                    .iter()
                    .any(|r| r.get(*i).is_some_and(|c| marked(&c.value)))
            })
            .map(|(_, c)| c.key)
            .collect::<Vec<_>>()
            .join(",")
    };
    vec![
        KeyValue::new(
            "listraf.rounded_to_5".into(),
            columns(|v| matches!(v, Value::Rounded(_))),
        ),
        KeyValue::new(
            "listraf.null_is_suppressed".into(),
            columns(|v| match v {
                Value::Persons(n) => (1..crate::ctx::MIN_CELL).contains(n),
                Value::Withheld => true,
                _ => false,
            }),
        ),
        KeyValue::new(
            "listraf.null_is_bounded".into(),
            columns(|v| matches!(v, Value::Below(_) | Value::Above(_))),
        ),
    ]
}

/// The Parquet type a column is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Double,
    Bool,
    Text,
}

fn kind_of(v: &Value) -> Kind {
    match v {
        Value::Int(_) | Value::Persons(_) | Value::Withheld | Value::Rounded(_) => Kind::Int,
        Value::Decimal(_)
        | Value::Share(_)
        | Value::Dec2(_)
        | Value::Below(_)
        | Value::Above(_)
        | Value::Change(_) => Kind::Double,
        Value::Flag(..) => Kind::Bool,
        _ => Kind::Text,
    }
}

pub fn parquet_bytes(table: &Table) -> Result<Vec<u8>, AppError> {
    use std::sync::Arc;

    use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;

    let fail =
        |e: parquet::errors::ParquetError| AppError::Internal(format!("writing Parquet: {e}"));
    // A column keeps one type only if every row agrees; otherwise it is written as text.
    let kinds: Vec<Kind> = (0..table.columns.len())
        .map(|i| {
            // An empty text cell (an unranked row's rank) is a null of any type: it does not
            // make a number column text.
            let mut kinds = table
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .filter(|c| !matches!(&c.value, Value::Text(t) if t.is_empty()))
                .map(|c| kind_of(&c.value));
            let first = kinds.next().unwrap_or(Kind::Text);
            if kinds.all(|k| k == first) {
                first
            } else {
                Kind::Text
            }
        })
        .collect();
    let mut message = String::from("message listraf {\n");
    for (c, k) in table.columns.iter().zip(&kinds) {
        let t = match k {
            Kind::Int => "int64",
            Kind::Double => "double",
            Kind::Bool => "boolean",
            Kind::Text => "binary",
        };
        let annotation = if *k == Kind::Text { " (UTF8)" } else { "" };
        message.push_str(&format!("  optional {t} {}{annotation};\n", c.key));
    }
    message.push('}');
    let schema = Arc::new(parse_message_type(&message).map_err(fail)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_key_value_metadata(Some(marks_metadata(table)))
            .build(),
    );
    let mut w = SerializedFileWriter::new(Vec::new(), schema, props).map_err(fail)?;
    let mut rg = w.next_row_group().map_err(fail)?;
    for (i, kind) in kinds.iter().enumerate() {
        let Some(mut col) = rg.next_column().map_err(fail)? else {
            break;
        };
        let cells = table.rows.iter().filter_map(|r| r.get(i));
        let mut defs = Vec::with_capacity(table.rows.len());
        match kind {
            Kind::Int => {
                let mut vals = Vec::new();
                for c in cells {
                    let v = match c.value {
                        Value::Int(n) => Some(n),
                        Value::Persons(n) if n == 0 || n >= crate::ctx::MIN_CELL => Some(n),
                        Value::Rounded(n) => Some(n),
                        _ => None,
                    };
                    defs.push(i16::from(v.is_some()));
                    vals.extend(v);
                }
                col.typed::<Int64Type>()
                    .write_batch(&vals, Some(&defs), None)
                    .map_err(fail)?;
            }
            Kind::Double => {
                let mut vals = Vec::new();
                for c in cells {
                    let v = match c.value {
                        Value::Decimal(x) | Value::Share(x) | Value::Dec2(x) | Value::Change(x) => {
                            x.filter(|x| x.is_finite())
                        }
                        _ => None,
                    };
                    defs.push(i16::from(v.is_some()));
                    vals.extend(v);
                }
                col.typed::<DoubleType>()
                    .write_batch(&vals, Some(&defs), None)
                    .map_err(fail)?;
            }
            Kind::Bool => {
                let mut vals = Vec::new();
                for c in cells {
                    let v = match c.value {
                        Value::Flag(on, _) => Some(on),
                        _ => None,
                    };
                    defs.push(i16::from(v.is_some()));
                    vals.extend(v);
                }
                col.typed::<BoolType>()
                    .write_batch(&vals, Some(&defs), None)
                    .map_err(fail)?;
            }
            Kind::Text => {
                let mut vals = Vec::new();
                for c in cells {
                    let text = c.plain_text();
                    // An empty cell is a missing value, as in the CSV.
                    defs.push(i16::from(!text.is_empty()));
                    if !text.is_empty() {
                        vals.push(ByteArray::from(text.into_bytes()));
                    }
                }
                col.typed::<ByteArrayType>()
                    .write_batch(&vals, Some(&defs), None)
                    .map_err(fail)?;
            }
        }
        col.close().map_err(fail)?;
    }
    rg.close().map_err(fail)?;
    w.into_inner().map_err(fail)
}
