//! The in-memory columnar vacancy snapshot: one row per counted vacancy, clustered by
//! (region, occupation, month), plus one cell per non-empty (region, occupation, month) group.
//!
//! Owns the physical layout and its build (from raw dense columns for the benchmark file, or
//! from domain values for the product). The query kernels live in `query`; persistence and file
//! formats live elsewhere (`store`, `ingest`).
//!
//! # Layout, and why
//!
//! The product asks for gaps by regency × ISCO unit group × month, rolled up to province and
//! nation, and for 12-month growth. All of these are sums over a region range (a province's
//! regencies are contiguous in the dense index, see `regions`), a month window and a set of
//! occupations. So the build does the expensive part once:
//!
//! - **Rows** are sorted by (region, occupation, month, original order). A regency's rows, and
//!   inside it one occupation's monthly series, are contiguous, so drill-downs that need
//!   individual rows (salary distributions, medians) read one slice instead of scanning 10 M
//!   rows. Row columns: region `u16`, ISCO value `u16`, month index `u8`, positions `u16`,
//!   salary `f32` (NaN when unknown): 11 bytes a row.
//! - **Cells** are the pre-aggregated finest grain: one entry per non-empty (region, occupation,
//!   month) group with its positions sum, salary sum and count of known salaries, and the index
//!   of its first row. This is what the gap kernels read: the benchmark's full group-by is a
//!   copy of the cell table rather than a 10 M-row aggregation. That is a deliberate trade: the
//!   aggregation cost moves into the build and is reported as load time.
//! - **Region offsets** give each region's cell range, so a region or province filter is a
//!   slice, not a scan.
//!
//! Duplicates: a vacancy that is not the first of its duplicate cluster is excluded at build
//! time (see `VacancyFact::counted`), so it is in neither the rows nor the cells and no kernel
//! can count it twice. The snapshot is immutable; a new import means a new build.

use std::ops::Range;

use domain::{IscoCode, RegionCode, Rupiah, YearMonth};

use crate::AnalyticsError;
use crate::regions;

/// ISCO values are at most four digits, so a flat lookup table covers every code.
const ISCO_SPACE: usize = 10_000;
const NO_OCCUPATION: u16 = u16::MAX;
/// Months are stored as `u8` offsets from the base month.
pub const MAX_MONTHS: usize = 256;
/// Cell row offsets are `u32`; one value is kept free for the end sentinel.
pub const MAX_ROWS: usize = u32::MAX as usize - 1;
/// The build splits regions over at most this many threads (more buys nothing on the machines
/// the project targets, and each thread holds its own counting table).
const MAX_THREADS: usize = 8;

/// Raw columns whose values are already dense indices: the benchmark file's layout.
/// `region` must be below the `n_regions` given to the build; `isco` is the integer value of an
/// ISCO code (e.g. 7212); `month` is an index from an arbitrary base month.
#[derive(Debug, Clone, Copy)]
pub struct DenseColumns<'a, P> {
    pub region: &'a [u16],
    pub isco: &'a [u16],
    pub month: &'a [u8],
    pub positions: &'a [P],
    /// NaN (or any non-finite value) means unknown.
    pub salary: &'a [f32],
}

/// One vacancy as the product knows it, in domain types.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyFact {
    pub region: RegionCode,
    pub isco: IscoCode,
    pub month: YearMonth,
    pub positions: u32,
    /// Monthly salary offered, when known.
    pub salary: Option<Rupiah>,
    /// False for a posting that is not the first of its duplicate cluster (the same vacancy
    /// posted again or on another board). Such postings are dropped at build time, so demand is
    /// never counted twice.
    pub counted: bool,
}

/// What `Snapshot::from_facts` left out, and why. Left-out facts are data, not errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    pub facts: usize,
    pub rows: usize,
    /// Not the first posting of its duplicate cluster.
    pub duplicates: usize,
    /// Coded to a province only; the snapshot's grain is the regency/city.
    pub not_regency: usize,
    /// Coded above the ISCO unit-group level (fewer than four digits).
    pub not_unit_group: usize,
    /// More than 65,535 positions in one posting, which the `u16` column cannot hold.
    pub positions_too_large: usize,
}

/// Row columns, clustered by (region, occupation, month). All five have the same length.
#[derive(Debug, Default)]
pub struct Rows {
    region: Vec<u16>,
    isco: Vec<u16>,
    month: Vec<u8>,
    positions: Vec<u16>,
    salary: Vec<f32>,
}

impl Rows {
    pub fn region(&self) -> &[u16] {
        &self.region
    }
    pub fn isco(&self) -> &[u16] {
        &self.isco
    }
    pub fn month(&self) -> &[u8] {
        &self.month
    }
    pub fn positions(&self) -> &[u16] {
        &self.positions
    }
    pub fn salary(&self) -> &[f32] {
        &self.salary
    }
    pub fn len(&self) -> usize {
        self.region.len()
    }
    pub fn is_empty(&self) -> bool {
        self.region.is_empty()
    }
}

/// Pre-aggregated (region, occupation, month) groups, sorted like the rows.
#[derive(Debug, Default)]
pub(crate) struct Cells {
    pub(crate) region: Vec<u16>,
    /// Dense occupation index into `Snapshot::occupations`, not the ISCO value.
    pub(crate) occ: Vec<u16>,
    pub(crate) month: Vec<u8>,
    pub(crate) positions: Vec<i64>,
    pub(crate) salary_sum: Vec<f64>,
    pub(crate) salary_n: Vec<u32>,
    /// `first_row[i]..first_row[i + 1]` are the rows of cell `i`; one extra end entry.
    pub(crate) first_row: Vec<u32>,
}

impl Cells {
    pub(crate) fn len(&self) -> usize {
        self.region.len()
    }
}

/// The snapshot. Build it once per data refresh; every query borrows it immutably, so it can be
/// shared between threads (and, later, web requests) without locks.
#[derive(Debug)]
pub struct Snapshot {
    pub(crate) n_regions: u16,
    pub(crate) n_months: usize,
    base: Option<YearMonth>,
    /// Sorted distinct ISCO values present; the dense occupation index is the position here.
    pub(crate) occupations: Vec<u16>,
    rows: Rows,
    pub(crate) cells: Cells,
    /// `region_cells[r]..region_cells[r + 1]` are the cells of region `r`.
    pub(crate) region_cells: Vec<u32>,
}

impl Snapshot {
    /// Builds from raw dense columns (the benchmark file). `n_regions` is the size of the region
    /// index (514 for regencies/cities); no base month is attached.
    pub fn from_dense<P: Copy + Into<u16> + Sync>(
        cols: DenseColumns<'_, P>,
        n_regions: u16,
    ) -> Result<Snapshot, AnalyticsError> {
        build(cols, n_regions, None)
    }

    /// Builds from domain values, on the regency index of `regions` and with month 0 at the
    /// earliest counted vacancy. Facts the snapshot's grain cannot hold are left out and counted
    /// in the report; a history longer than 256 months is refused.
    pub fn from_facts(facts: &[VacancyFact]) -> Result<(Snapshot, BuildReport), AnalyticsError> {
        let mut report = BuildReport {
            facts: facts.len(),
            ..BuildReport::default()
        };
        let mut kept = Vec::with_capacity(facts.len());
        for f in facts {
            if !f.counted {
                report.duplicates += 1;
                continue;
            }
            let Some(region) = regions::regency_index(f.region) else {
                report.not_regency += 1;
                continue;
            };
            if !f.isco.is_unit() {
                report.not_unit_group += 1;
                continue;
            }
            let Ok(positions) = u16::try_from(f.positions) else {
                report.positions_too_large += 1;
                continue;
            };
            kept.push((region, f.isco.as_u16(), f.month, positions, f.salary));
        }
        let first = kept.iter().map(|k| k.2).min();
        let last = kept.iter().map(|k| k.2).max();
        let mut month = Vec::with_capacity(kept.len());
        if let (Some(first), Some(last)) = (first, last) {
            if (last.index() - first.index()) as usize >= MAX_MONTHS {
                return Err(AnalyticsError::MonthSpan { first, last });
            }
            // The span check above bounds every offset by 255.
            month.extend(kept.iter().map(|k| (k.2.index() - first.index()) as u8));
        }
        let region: Vec<u16> = kept.iter().map(|k| k.0).collect();
        let isco: Vec<u16> = kept.iter().map(|k| k.1).collect();
        let positions: Vec<u16> = kept.iter().map(|k| k.3).collect();
        // f32 holds wages exactly up to 16.7 million Rupiah and to within a few Rupiah above.
        let salary: Vec<f32> = kept
            .iter()
            .map(|k| k.4.map_or(f32::NAN, |r| r.0 as f32))
            .collect();
        let cols = DenseColumns {
            region: &region,
            isco: &isco,
            month: &month,
            positions: &positions,
            salary: &salary,
        };
        let snapshot = build(cols, regions::n_regencies(), first)?;
        report.rows = snapshot.n_rows();
        Ok((snapshot, report))
    }

    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    /// Non-empty (region, occupation, month) groups.
    pub fn n_cells(&self) -> usize {
        self.cells.len()
    }

    pub fn n_regions(&self) -> u16 {
        self.n_regions
    }

    /// One more than the largest month index present (0 when empty).
    pub fn n_months(&self) -> usize {
        self.n_months
    }

    /// The calendar month of index 0, when built from domain values.
    pub fn base(&self) -> Option<YearMonth> {
        self.base
    }

    /// The month index of a calendar month: `None` before the base month, more than 255 months
    /// after it, or when the snapshot has no calendar (built from dense columns).
    pub fn month_index(&self, month: YearMonth) -> Option<u8> {
        let d = month.index() - self.base?.index();
        u8::try_from(d).ok()
    }

    /// ISCO values present, ascending.
    pub fn occupations(&self) -> &[u16] {
        &self.occupations
    }

    pub fn rows(&self) -> &Rows {
        &self.rows
    }

    /// The rows of the regions in `regions`, a contiguous slice range of `rows()`.
    pub fn row_range(&self, regions: Range<u16>) -> Range<usize> {
        let cells = self.cell_range(regions);
        self.cells.first_row[cells.start] as usize..self.cells.first_row[cells.end] as usize
    }

    /// The cells of the regions in `regions` (clamped to the index).
    pub(crate) fn cell_range(&self, regions: Range<u16>) -> Range<usize> {
        let end = regions.end.min(self.n_regions);
        let start = regions.start.min(end);
        self.region_cells[usize::from(start)] as usize..self.region_cells[usize::from(end)] as usize
    }

    /// Heap bytes held, from the real capacities of every vector (rows, cells and indices).
    pub fn snapshot_bytes(&self) -> usize {
        fn b<T>(v: &Vec<T>) -> usize {
            v.capacity() * size_of::<T>()
        }
        let r = &self.rows;
        let c = &self.cells;
        b(&r.region)
            + b(&r.isco)
            + b(&r.month)
            + b(&r.positions)
            + b(&r.salary)
            + b(&c.region)
            + b(&c.occ)
            + b(&c.month)
            + b(&c.positions)
            + b(&c.salary_sum)
            + b(&c.salary_n)
            + b(&c.first_row)
            + b(&self.region_cells)
            + b(&self.occupations)
    }
}

fn build<P: Copy + Into<u16> + Sync>(
    cols: DenseColumns<'_, P>,
    n_regions: u16,
    base: Option<YearMonth>,
) -> Result<Snapshot, AnalyticsError> {
    let n = cols.region.len();
    if [
        cols.isco.len(),
        cols.month.len(),
        cols.positions.len(),
        cols.salary.len(),
    ]
    .iter()
    .any(|&l| l != n)
    {
        return Err(AnalyticsError::ColumnLengths {
            region: n,
            isco: cols.isco.len(),
            month: cols.month.len(),
            positions: cols.positions.len(),
            salary: cols.salary.len(),
        });
    }
    if n > MAX_ROWS {
        return Err(AnalyticsError::TooManyRows {
            rows: n,
            max: MAX_ROWS,
        });
    }

    // Pass 1 (sequential): validate, and collect the region histogram, the occupation
    // dictionary and the month span.
    let n_reg = usize::from(n_regions);
    let mut region_rows = vec![0usize; n_reg];
    let mut seen = vec![false; ISCO_SPACE];
    for (row, (&r, &v)) in cols.region.iter().zip(cols.isco).enumerate() {
        let Some(count) = region_rows.get_mut(usize::from(r)) else {
            return Err(AnalyticsError::RegionOutOfRange {
                row,
                value: r,
                n_regions,
            });
        };
        *count += 1;
        let Some(s) = seen.get_mut(usize::from(v)) else {
            return Err(AnalyticsError::IscoOutOfRange { row, value: v });
        };
        *s = true;
    }
    let n_months = cols.month.iter().max().map_or(0, |&m| usize::from(m) + 1);
    let occupations: Vec<u16> = (0..ISCO_SPACE as u16)
        .filter(|&v| seen[usize::from(v)])
        .collect();
    let mut occ_of = vec![NO_OCCUPATION; ISCO_SPACE];
    for (i, &v) in occupations.iter().enumerate() {
        // At most 10,000 distinct values, so the index fits.
        occ_of[usize::from(v)] = i as u16;
    }
    let mut region_start = Vec::with_capacity(n_reg + 1);
    region_start.push(0usize);
    for &c in &region_rows {
        region_start.push(region_start[region_start.len() - 1] + c);
    }

    // The regions are cut into contiguous blocks of similar row counts, one per thread. A block
    // owns a contiguous range of the output rows and of the cells, so the threads write
    // disjoint slices and need no locks.
    let n_threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .clamp(1, MAX_THREADS);
    let blocks = region_blocks(&region_start, n_threads);
    let ctx = BlockContext {
        region: cols.region,
        isco: cols.isco,
        month: cols.month,
        positions: cols.positions,
        salary: cols.salary,
        occ_of: &occ_of,
        occupations: &occupations,
        region_start: &region_start,
        n_months,
    };

    // Phase A: each block gathers its rows in region order and sorts every region by its local
    // key (occupation, then month), which fixes the number of cells per region.
    let sorted: Vec<SortedBlock> = run_parallel(blocks, |b| sort_block(&ctx, b));

    // Phase B: with every block's cell count known, allocate the cells once at their final size
    // and let each block gather its rows into place and fill its cells.
    let block_rows: Vec<usize> = sorted.iter().map(|b| b.packed.len()).collect();
    let block_cells: Vec<usize> = sorted
        .iter()
        .map(|b| b.cells_per_region.iter().map(|&c| c as usize).sum())
        .collect();
    let n_cells: usize = block_cells.iter().sum();
    let mut rows = Rows {
        region: vec![0; n],
        isco: vec![0; n],
        month: vec![0; n],
        positions: vec![0; n],
        salary: vec![0.0; n],
    };
    let mut cells = Cells {
        region: vec![0; n_cells],
        occ: vec![0; n_cells],
        month: vec![0; n_cells],
        positions: vec![0; n_cells],
        salary_sum: vec![0.0; n_cells],
        salary_n: vec![0; n_cells],
        first_row: vec![0; n_cells + 1],
    };
    let mut region_cells = Vec::with_capacity(n_reg + 1);
    region_cells.push(0u32);
    for b in &sorted {
        for &c in &b.cells_per_region {
            // The cell count is at most the row count, which is below u32::MAX.
            region_cells.push(region_cells[region_cells.len() - 1] + c);
        }
    }
    {
        let mut row_region = split_lengths(&mut rows.region, &block_rows).into_iter();
        let mut row_isco = split_lengths(&mut rows.isco, &block_rows).into_iter();
        let mut row_month = split_lengths(&mut rows.month, &block_rows).into_iter();
        let mut row_positions = split_lengths(&mut rows.positions, &block_rows).into_iter();
        let mut row_salary = split_lengths(&mut rows.salary, &block_rows).into_iter();
        let mut cell_region = split_lengths(&mut cells.region, &block_cells).into_iter();
        let mut cell_occ = split_lengths(&mut cells.occ, &block_cells).into_iter();
        let mut cell_month = split_lengths(&mut cells.month, &block_cells).into_iter();
        let mut cell_positions = split_lengths(&mut cells.positions, &block_cells).into_iter();
        let mut cell_salary_sum = split_lengths(&mut cells.salary_sum, &block_cells).into_iter();
        let mut cell_salary_n = split_lengths(&mut cells.salary_n, &block_cells).into_iter();
        let mut cell_first_row = split_lengths(&mut cells.first_row, &block_cells).into_iter();
        // `split_lengths` returns exactly one slice per block, so the defaults are never used.
        let work: Vec<(SortedBlock, BlockOut<'_>)> = sorted
            .into_iter()
            .map(|b| {
                let out = BlockOut {
                    region: row_region.next().unwrap_or_default(),
                    isco: row_isco.next().unwrap_or_default(),
                    month: row_month.next().unwrap_or_default(),
                    positions: row_positions.next().unwrap_or_default(),
                    salary: row_salary.next().unwrap_or_default(),
                    cell_region: cell_region.next().unwrap_or_default(),
                    cell_occ: cell_occ.next().unwrap_or_default(),
                    cell_month: cell_month.next().unwrap_or_default(),
                    cell_positions: cell_positions.next().unwrap_or_default(),
                    cell_salary_sum: cell_salary_sum.next().unwrap_or_default(),
                    cell_salary_n: cell_salary_n.next().unwrap_or_default(),
                    cell_first_row: cell_first_row.next().unwrap_or_default(),
                };
                (b, out)
            })
            .collect();
        run_parallel(work, |(b, out)| fill_block(&ctx, b, out));
    }
    cells.first_row[n_cells] = n as u32;

    Ok(Snapshot {
        n_regions,
        n_months,
        base,
        occupations,
        rows,
        cells,
        region_cells,
    })
}

/// Runs `f` on every item, one scoped thread per item (the calling thread takes the first),
/// and returns the results in item order.
fn run_parallel<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let f = &f;
    std::thread::scope(|s| {
        let mut items = items.into_iter();
        let first = items.next();
        let handles: Vec<_> = items.map(|item| s.spawn(move || f(item))).collect();
        let mut out = Vec::with_capacity(handles.len() + 1);
        out.extend(first.map(f));
        for h in handles {
            out.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        out
    })
}

/// Splits regions into at most `n` contiguous blocks with similar row counts.
fn region_blocks(region_start: &[usize], n: usize) -> Vec<Range<usize>> {
    let n_reg = region_start.len() - 1;
    let total = region_start[n_reg];
    let mut blocks = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..n {
        let target = total * k / n;
        let end = region_start
            .partition_point(|&s| s < target)
            .clamp(start, n_reg);
        blocks.push(start..end);
        start = end;
    }
    blocks.push(start..n_reg);
    blocks
}

/// Cuts `v` into consecutive slices of the given lengths (which must not exceed it).
fn split_lengths<'a, T>(mut v: &'a mut [T], lengths: &[usize]) -> Vec<&'a mut [T]> {
    let mut parts = Vec::with_capacity(lengths.len());
    for &len in lengths {
        let (head, tail) = v.split_at_mut(len);
        parts.push(head);
        v = tail;
    }
    parts
}

/// Read-only inputs shared by every block.
struct BlockContext<'a, P> {
    region: &'a [u16],
    isco: &'a [u16],
    month: &'a [u8],
    positions: &'a [P],
    salary: &'a [f32],
    occ_of: &'a [u16],
    occupations: &'a [u16],
    region_start: &'a [usize],
    n_months: usize,
}

/// One block after phase A.
struct SortedBlock {
    regions: Range<usize>,
    /// Per region, (local key << 32 | index into `positions`/`salary`), sorted.
    packed: Vec<u64>,
    /// The block's positions and salaries in region order, before the per-region sort.
    positions: Vec<u16>,
    salary: Vec<f32>,
    cells_per_region: Vec<u32>,
}

/// The slices of the output rows and cells that one block owns.
struct BlockOut<'a> {
    region: &'a mut [u16],
    isco: &'a mut [u16],
    month: &'a mut [u8],
    positions: &'a mut [u16],
    salary: &'a mut [f32],
    cell_region: &'a mut [u16],
    cell_occ: &'a mut [u16],
    cell_month: &'a mut [u8],
    cell_positions: &'a mut [i64],
    cell_salary_sum: &'a mut [f64],
    cell_salary_n: &'a mut [u32],
    cell_first_row: &'a mut [u32],
}

/// Phase A for one block: scatter its rows into region order (input order kept within a
/// region), then sort each region by local key, keeping input order within a key.
fn sort_block<P: Copy + Into<u16>>(ctx: &BlockContext<'_, P>, block: Range<usize>) -> SortedBlock {
    let first = ctx.region_start[block.start];
    let n_block = ctx.region_start[block.end] - first;
    let mut packed = vec![0u64; n_block];
    let mut positions = vec![0u16; n_block];
    let mut salary = vec![0f32; n_block];
    let mut cursor: Vec<usize> = ctx.region_start[block.clone()]
        .iter()
        .map(|&s| s - first)
        .collect();
    // Every block reads the whole region column but touches only its own rows; the reads are
    // sequential and cheap next to the scattered writes they spare the other threads.
    for (row, &r) in ctx.region.iter().enumerate() {
        let r = usize::from(r);
        if !block.contains(&r) {
            continue;
        }
        let key = usize::from(ctx.occ_of[usize::from(ctx.isco[row])]) * ctx.n_months
            + usize::from(ctx.month[row]);
        let at = cursor[r - block.start];
        cursor[r - block.start] += 1;
        packed[at] = ((key as u64) << 32) | at as u64;
        positions[at] = ctx.positions[row].into();
        salary[at] = ctx.salary[row];
    }

    // Sorting the packed values orders a region by key and, because the low half is the
    // position in input order, keeps input order inside a key. A counting sort does this in
    // linear time when the key space is not much larger than the region; a comparison sort
    // wins for small regions of a wide key space.
    let keyspace = ctx.occupations.len() * ctx.n_months;
    let mut counts: Vec<u32> = Vec::new();
    let mut scratch: Vec<u64> = Vec::new();
    let mut cells_per_region = Vec::with_capacity(block.len());
    for r in block.clone() {
        let seg = &mut packed[ctx.region_start[r] - first..ctx.region_start[r + 1] - first];
        if keyspace <= 4 * seg.len() + 4096 {
            counts.clear();
            counts.resize(keyspace, 0);
            for &p in seg.iter() {
                counts[(p >> 32) as usize] += 1;
            }
            let mut running = 0u32;
            let mut distinct = 0u32;
            for c in counts.iter_mut() {
                distinct += u32::from(*c > 0);
                let start = running;
                running += *c;
                *c = start;
            }
            scratch.clear();
            scratch.resize(seg.len(), 0);
            for &p in seg.iter() {
                let k = (p >> 32) as usize;
                scratch[counts[k] as usize] = p;
                counts[k] += 1;
            }
            seg.copy_from_slice(&scratch);
            cells_per_region.push(distinct);
        } else {
            seg.sort_unstable();
            let distinct = seg.chunk_by(|a, b| a >> 32 == b >> 32).count();
            cells_per_region.push(distinct as u32);
        }
    }
    SortedBlock {
        regions: block,
        packed,
        positions,
        salary,
        cells_per_region,
    }
}

/// Phase B for one block: one cell per run of equal keys; the row columns are gathered into
/// place and each cell's sums taken on the way.
fn fill_block<P>(ctx: &BlockContext<'_, P>, b: SortedBlock, out: BlockOut<'_>) {
    let first = ctx.region_start[b.regions.start];
    let mut ci = 0;
    for r in b.regions.clone() {
        let region = r as u16;
        let lo = ctx.region_start[r] - first;
        let hi = ctx.region_start[r + 1] - first;
        let mut i = lo;
        while i < hi {
            let key = (b.packed[i] >> 32) as usize;
            let occ = key / ctx.n_months;
            let isco = ctx.occupations[occ];
            let month = (key % ctx.n_months) as u8;
            let mut pos_sum = 0i64;
            let mut sal_sum = 0f64;
            let mut sal_n = 0u32;
            let mut j = i;
            while j < hi && (b.packed[j] >> 32) as usize == key {
                let at = (b.packed[j] & 0xFFFF_FFFF) as usize;
                let p = b.positions[at];
                let s = b.salary[at];
                out.region[j] = region;
                out.isco[j] = isco;
                out.month[j] = month;
                out.positions[j] = p;
                out.salary[j] = s;
                pos_sum += i64::from(p);
                if s.is_finite() {
                    sal_sum += f64::from(s);
                    sal_n += 1;
                }
                j += 1;
            }
            out.cell_region[ci] = region;
            out.cell_occ[ci] = occ as u16;
            out.cell_month[ci] = month;
            out.cell_positions[ci] = pos_sum;
            out.cell_salary_sum[ci] = sal_sum;
            out.cell_salary_n[ci] = sal_n;
            out.cell_first_row[ci] = (first + i) as u32;
            ci += 1;
            i = j;
        }
    }
}
