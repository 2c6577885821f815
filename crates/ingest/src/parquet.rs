//! Parquet: reading the columnar vacancy facts of the analytics benchmark file
//! (`region_id`, `isco_unit`, `month`, `positions`, `salary`) into plain vectors.
//!
//! Owns the Parquet format for ingest: column lookup by name, physical-type checks, null and
//! range checks, and decoding row groups in parallel. It uses the `parquet` crate's own column
//! reader without Arrow, which keeps the dependency to a fraction of the Arrow build.
//! Turning the vectors into an analytics snapshot is the caller's job.

use std::fs::File;
use std::ops::Range;
use std::path::Path;

use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::DataType;
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};

use crate::IngestError;

/// The five columns of the benchmark file, in file order; all the same length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VacancyColumns {
    /// Dense regency index 0..514.
    pub region_id: Vec<u16>,
    /// Integer value of a 4-digit ISCO-08 unit group code.
    pub isco_unit: Vec<u16>,
    /// Month index from the file's first month.
    pub month: Vec<u8>,
    pub positions: Vec<u8>,
    /// Monthly salary in Rupiah; NaN when unknown.
    pub salary: Vec<f32>,
}

impl VacancyColumns {
    pub fn len(&self) -> usize {
        self.region_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.region_id.is_empty()
    }
}

/// Values decoded per call; large enough to amortise the call, small enough to stay in cache.
const BATCH: usize = 64 * 1024;
/// Row groups are decoded on at most this many threads.
const MAX_THREADS: usize = 8;
/// The output is allocated from the row counts in the file's footer before anything is
/// decoded, so a footer claiming billions of rows is refused up front instead of exhausting
/// memory. 100 million rows (1.1 GB of columns) is ten times the benchmark file.
pub const MAX_ROWS: usize = 100_000_000;

/// Reads the five vacancy columns of a Parquet file. Integer columns must be INT32 and fit their
/// target type, `salary` must be FLOAT; a null anywhere is refused (the benchmark file has none).
pub fn read_vacancy_columns(path: &Path) -> Result<VacancyColumns, IngestError> {
    let file_name = path.display().to_string();
    let perr = |e: parquet::errors::ParquetError| IngestError::Parquet {
        file: file_name.clone(),
        reason: e.to_string(),
    };
    let file = File::open(path).map_err(|e| IngestError::io(path, e))?;
    let reader = SerializedFileReader::new(file).map_err(perr)?;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let find = |name: &str| -> Result<Col, IngestError> {
        (0..schema.num_columns())
            .find(|&i| schema.column(i).name() == name)
            .map(|idx| Col {
                idx,
                // Columns written as OPTIONAL carry definition levels even when nothing is null.
                max_def_level: schema.column(idx).max_def_level(),
            })
            .ok_or_else(|| IngestError::Unsupported {
                file: file_name.clone(),
                reason: format!("the Parquet file has no column {name:?}"),
            })
    };
    let columns = Columns {
        region_id: find("region_id")?,
        isco_unit: find("isco_unit")?,
        month: find("month")?,
        positions: find("positions")?,
        salary: find("salary")?,
    };

    // Each row group's rows go to a disjoint slice of the output, so row groups decode in
    // parallel without locks and the rows keep file order.
    let mut groups = Vec::with_capacity(meta.num_row_groups());
    let mut n = 0usize;
    for g in 0..meta.num_row_groups() {
        let rows =
            usize::try_from(meta.row_group(g).num_rows()).map_err(|_| IngestError::Parquet {
                file: file_name.clone(),
                reason: format!("row group {g} has a negative row count"),
            })?;
        let end = n
            .checked_add(rows)
            .filter(|&end| end <= MAX_ROWS)
            .ok_or_else(|| IngestError::Refused {
                file: file_name.clone(),
                reason: format!("the file has more than {MAX_ROWS} rows, the most that is read"),
            })?;
        groups.push(n..end);
        n = end;
    }
    let mut out = VacancyColumns {
        region_id: vec![0; n],
        isco_unit: vec![0; n],
        month: vec![0; n],
        positions: vec![0; n],
        salary: vec![0.0; n],
    };
    let parts = split_by_groups(&mut out, &groups);

    let n_threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .clamp(1, MAX_THREADS)
        .min(groups.len().max(1));
    let mut per_thread: Vec<Vec<(usize, Range<usize>, Part<'_>)>> =
        (0..n_threads).map(|_| Vec::new()).collect();
    for (g, part) in parts.into_iter().enumerate() {
        per_thread[g % n_threads].push((g, groups[g].clone(), part));
    }
    let ctx = Ctx {
        columns,
        file: &file_name,
    };
    let ctx = &ctx;
    let results: Vec<Result<(), IngestError>> = std::thread::scope(|s| {
        let handles: Vec<_> = per_thread
            .into_iter()
            .map(|work| {
                s.spawn(move || {
                    // Each thread opens the file itself: the crate's reader for `File` reads
                    // through `try_clone`d descriptors, which share one file offset, so one
                    // reader used from two threads interleaves seeks and reads garbage.
                    let file = File::open(path).map_err(|e| IngestError::io(path, e))?;
                    let reader =
                        SerializedFileReader::new(file).map_err(|e| IngestError::Parquet {
                            file: ctx.file.to_string(),
                            reason: e.to_string(),
                        })?;
                    for (g, rows, part) in work {
                        read_group(ctx, &reader, g, rows, part)?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for r in results {
        r?;
    }
    Ok(out)
}

#[derive(Clone, Copy)]
struct Col {
    idx: usize,
    /// 0 for a REQUIRED column; a value is null where its level is below this.
    max_def_level: i16,
}

#[derive(Clone, Copy)]
struct Columns {
    region_id: Col,
    isco_unit: Col,
    month: Col,
    positions: Col,
    salary: Col,
}

struct Ctx<'a> {
    columns: Columns,
    file: &'a str,
}

/// One row group's share of the output columns.
struct Part<'a> {
    region_id: &'a mut [u16],
    isco_unit: &'a mut [u16],
    month: &'a mut [u8],
    positions: &'a mut [u8],
    salary: &'a mut [f32],
}

fn split_by_groups<'a>(out: &'a mut VacancyColumns, groups: &[Range<usize>]) -> Vec<Part<'a>> {
    let mut region_id = out.region_id.as_mut_slice();
    let mut isco_unit = out.isco_unit.as_mut_slice();
    let mut month = out.month.as_mut_slice();
    let mut positions = out.positions.as_mut_slice();
    let mut salary = out.salary.as_mut_slice();
    let mut parts = Vec::with_capacity(groups.len());
    for g in groups {
        let k = g.len();
        let (a, rest) = std::mem::take(&mut region_id).split_at_mut(k);
        region_id = rest;
        let (b, rest) = std::mem::take(&mut isco_unit).split_at_mut(k);
        isco_unit = rest;
        let (c, rest) = std::mem::take(&mut month).split_at_mut(k);
        month = rest;
        let (d, rest) = std::mem::take(&mut positions).split_at_mut(k);
        positions = rest;
        let (e, rest) = std::mem::take(&mut salary).split_at_mut(k);
        salary = rest;
        parts.push(Part {
            region_id: a,
            isco_unit: b,
            month: c,
            positions: d,
            salary: e,
        });
    }
    parts
}

fn read_group(
    ctx: &Ctx<'_>,
    reader: &SerializedFileReader<File>,
    g: usize,
    rows: Range<usize>,
    part: Part<'_>,
) -> Result<(), IngestError> {
    let perr = |e: parquet::errors::ParquetError| IngestError::Parquet {
        file: ctx.file.to_string(),
        reason: format!("row group {g}: {e}"),
    };
    let group = reader.get_row_group(g).map_err(perr)?;
    let c = ctx.columns;
    let chunk = |col, name| Chunk {
        file: ctx.file,
        col,
        name,
        first_row: rows.start,
    };
    chunk(c.region_id, "region_id").read_int(&*group, part.region_id)?;
    chunk(c.isco_unit, "isco_unit").read_int(&*group, part.isco_unit)?;
    chunk(c.month, "month").read_int(&*group, part.month)?;
    chunk(c.positions, "positions").read_int(&*group, part.positions)?;
    chunk(c.salary, "salary").read_float(&*group, part.salary)
}

/// One column chunk of one row group: where it is and how to name it in errors.
struct Chunk<'a> {
    file: &'a str,
    col: Col,
    name: &'static str,
    /// The file row (0-based) of the chunk's first value.
    first_row: usize,
}

impl Chunk<'_> {
    /// An error about the value at `offset` inside the chunk, naming its 1-based file row.
    fn error(&self, offset: usize, reason: impl std::fmt::Display) -> IngestError {
        IngestError::Parquet {
            file: self.file.to_string(),
            reason: format!(
                "column {}, row {}: {reason}",
                self.name,
                self.first_row + offset + 1
            ),
        }
    }

    fn wrong_type(&self, expected: &str) -> IngestError {
        IngestError::Unsupported {
            file: self.file.to_string(),
            reason: format!("column {} is not of Parquet type {expected}", self.name),
        }
    }

    /// Reads an INT32 chunk, refusing values that do not fit `U`.
    fn read_int<U: TryFrom<i32>>(
        &self,
        group: &dyn RowGroupReader,
        out: &mut [U],
    ) -> Result<(), IngestError> {
        match group.get_column_reader(self.col.idx) {
            Ok(ColumnReader::Int32ColumnReader(reader)) => {
                self.read(reader, out, |v| U::try_from(v).ok())
            }
            Ok(_) => Err(self.wrong_type("INT32")),
            Err(e) => Err(self.error(0, e)),
        }
    }

    /// Reads a FLOAT chunk.
    fn read_float(&self, group: &dyn RowGroupReader, out: &mut [f32]) -> Result<(), IngestError> {
        match group.get_column_reader(self.col.idx) {
            Ok(ColumnReader::FloatColumnReader(reader)) => self.read(reader, out, Some),
            Ok(_) => Err(self.wrong_type("FLOAT")),
            Err(e) => Err(self.error(0, e)),
        }
    }

    /// Decodes the chunk batch by batch into `out`, converting each value with `convert`
    /// (`None` means out of range). A null, or a chunk shorter than its row group, is an error.
    fn read<T: DataType, U>(
        &self,
        mut reader: ColumnReaderImpl<T>,
        out: &mut [U],
        convert: impl Fn(T::T) -> Option<U>,
    ) -> Result<(), IngestError>
    where
        T::T: Copy + std::fmt::Display,
    {
        let nullable = self.col.max_def_level > 0;
        let mut values: Vec<T::T> = Vec::with_capacity(BATCH);
        let mut defs: Vec<i16> = Vec::new();
        let mut done = 0;
        while done < out.len() {
            values.clear();
            defs.clear();
            let want = (out.len() - done).min(BATCH);
            let (records, n_values, _) = reader
                .read_records(want, nullable.then_some(&mut defs), None, &mut values)
                .map_err(|e| self.error(done, e))?;
            if records == 0 {
                return Err(self.error(done, "the column chunk ends before its row group does"));
            }
            if n_values != records {
                let null = defs
                    .iter()
                    .position(|&d| d < self.col.max_def_level)
                    .unwrap_or(0);
                return Err(self.error(done + null, "null values are not accepted"));
            }
            for (i, (&v, slot)) in values
                .iter()
                .zip(&mut out[done..done + records])
                .enumerate()
            {
                *slot = convert(v).ok_or_else(|| {
                    self.error(done + i, format!("{v} is outside the range of the column"))
                })?;
            }
            done += records;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use parquet::data_type::{FloatType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;

    use super::*;

    const BENCH_FILE: &str = "/work/shared/bench/vacancies_10m.parquet";

    const REQUIRED: &str = "message vacancies {
        required int32 region_id (INTEGER(16, false));
        required int32 isco_unit (INTEGER(16, false));
        required int32 month (INTEGER(8, false));
        required int32 positions (INTEGER(8, false));
        required float salary;
    }";

    /// One column chunk: values, and definition levels for an optional column.
    enum Chunk {
        Int(Vec<i32>, Option<Vec<i16>>),
        Float(Vec<f32>, Option<Vec<i16>>),
    }

    fn write(path: &Path, schema: &str, groups: Vec<Vec<Chunk>>) {
        let schema = Arc::new(parse_message_type(schema).expect("test schema parses"));
        let props = Arc::new(WriterProperties::builder().build());
        let file = File::create(path).expect("temp file");
        let mut w = SerializedFileWriter::new(file, schema, props).expect("writer");
        for group in groups {
            let mut rg = w.next_row_group().expect("row group");
            for chunk in group {
                let mut col = rg.next_column().expect("column").expect("schema has it");
                match chunk {
                    Chunk::Int(v, d) => {
                        col.typed::<Int32Type>().write_batch(&v, d.as_deref(), None)
                    }
                    Chunk::Float(v, d) => {
                        col.typed::<FloatType>().write_batch(&v, d.as_deref(), None)
                    }
                }
                .expect("write batch");
                col.close().expect("close column");
            }
            rg.close().expect("close row group");
        }
        w.close().expect("close file");
    }

    fn group(rows: &[(i32, i32, i32, i32, f32)]) -> Vec<Chunk> {
        vec![
            Chunk::Int(rows.iter().map(|r| r.0).collect(), None),
            Chunk::Int(rows.iter().map(|r| r.1).collect(), None),
            Chunk::Int(rows.iter().map(|r| r.2).collect(), None),
            Chunk::Int(rows.iter().map(|r| r.3).collect(), None),
            Chunk::Float(rows.iter().map(|r| r.4).collect(), None),
        ]
    }

    fn reason(e: IngestError) -> String {
        e.to_string()
    }

    #[test]
    fn reads_the_five_columns_in_file_order_across_row_groups() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v.parquet");
        let g1: Vec<_> = (0..1000)
            .map(|i| (i % 514, 7212, i % 60, 1 + i % 5, i as f32 * 1000.0))
            .collect();
        let g2 = [(513, 9629, 59, 5, f32::NAN), (0, 1111, 0, 1, 2.5e6)];
        let g3 = [(267, 2619, 48, 3, 4.0e6)];
        write(&path, REQUIRED, vec![group(&g1), group(&g2), group(&g3)]);
        let cols = read_vacancy_columns(&path).expect("a valid file");
        let all: Vec<_> = g1.iter().chain(&g2).chain(&g3).collect();
        assert_eq!(cols.len(), all.len());
        for (i, r) in all.iter().enumerate() {
            assert_eq!(cols.region_id[i], r.0 as u16);
            assert_eq!(cols.isco_unit[i], r.1 as u16);
            assert_eq!(cols.month[i], r.2 as u8);
            assert_eq!(cols.positions[i], r.3 as u8);
            assert_eq!(cols.salary[i].to_bits(), r.4.to_bits());
        }
    }

    #[test]
    fn optional_columns_without_nulls_are_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v.parquet");
        let schema = REQUIRED.replace("required", "optional");
        let defs = Some(vec![1i16, 1]);
        let chunks = vec![
            Chunk::Int(vec![3, 4], defs.clone()),
            Chunk::Int(vec![7212, 2619], defs.clone()),
            Chunk::Int(vec![0, 59], defs.clone()),
            Chunk::Int(vec![1, 2], defs.clone()),
            Chunk::Float(vec![1.0, 2.0], defs),
        ];
        write(&path, &schema, vec![chunks]);
        let cols = read_vacancy_columns(&path).expect("no nulls");
        assert_eq!(cols.region_id, [3, 4]);
        assert_eq!(cols.month, [0, 59]);
    }

    #[test]
    fn a_null_is_refused_with_its_column_and_row() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v.parquet");
        let schema = REQUIRED.replace("required int32 positions", "optional int32 positions");
        let mut chunks = group(&[(1, 7212, 0, 1, 1.0), (2, 7212, 0, 1, 1.0)]);
        chunks[3] = Chunk::Int(vec![1], Some(vec![1, 0]));
        write(&path, &schema, vec![chunks]);
        let e = reason(read_vacancy_columns(&path).expect_err("a null"));
        assert!(e.contains("column positions, row 2: null"), "{e}");
    }

    #[test]
    fn a_value_outside_the_target_type_is_refused_with_its_row() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v.parquet");
        write(
            &path,
            REQUIRED,
            vec![group(&[(1, 7212, 0, 1, 1.0), (2, 7212, 300, 1, 1.0)])],
        );
        let e = reason(read_vacancy_columns(&path).expect_err("month 300"));
        assert!(e.contains("column month, row 2: 300 is outside"), "{e}");
    }

    #[test]
    fn a_missing_column_or_a_wrong_type_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v.parquet");
        let schema = REQUIRED.replace("required float salary", "required float gaji");
        write(&path, &schema, vec![group(&[(1, 7212, 0, 1, 1.0)])]);
        let e = reason(read_vacancy_columns(&path).expect_err("no salary"));
        assert!(e.contains("no column \"salary\""), "{e}");

        let schema = REQUIRED.replace("required float salary", "required int32 salary");
        let mut chunks = group(&[(1, 7212, 0, 1, 1.0)]);
        chunks[4] = Chunk::Int(vec![5_000_000], None);
        write(&path, &schema, vec![chunks]);
        let e = reason(read_vacancy_columns(&path).expect_err("salary as int"));
        assert!(e.contains("salary is not of Parquet type FLOAT"), "{e}");
    }

    #[test]
    fn a_file_that_is_not_parquet_is_a_parquet_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v.parquet");
        std::fs::write(&path, "region_id,isco_unit\n1,7212\n").expect("write");
        assert!(matches!(
            read_vacancy_columns(&path),
            Err(IngestError::Parquet { .. })
        ));
        assert!(matches!(
            read_vacancy_columns(&dir.path().join("absent.parquet")),
            Err(IngestError::Io { .. })
        ));
    }

    #[test]
    fn the_benchmark_file_has_the_documented_totals() {
        let path = Path::new(BENCH_FILE);
        if !path.exists() {
            eprintln!("skipped: {BENCH_FILE} is absent (see ANALYTICS.md)");
            return;
        }
        let cols = read_vacancy_columns(path).expect("the benchmark file reads");
        assert_eq!(cols.len(), 10_000_000);
        let positions: u64 = cols.positions.iter().map(|&p| u64::from(p)).sum();
        assert_eq!(positions, 18_798_090);
        assert_eq!(cols.region_id.iter().filter(|&&r| r < 30).count(), 933_210);
        assert_eq!(cols.month.iter().filter(|&&m| m >= 48).count(), 2_340_066);
        assert_eq!(
            cols.region_id.iter().filter(|&&r| r == 267).count(),
            1_081_006
        );
        assert!(
            cols.month.windows(2).all(|w| w[0] <= w[1]),
            "sorted by month"
        );
    }
}
