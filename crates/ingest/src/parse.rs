//! Turning raw rows into domain records, one problem per bad cell.

use std::collections::HashMap;

use domain::records::*;
use domain::{
    Date, Education, IscoCode, KbliCategory, KbliCode, Nik, ParseError, Phrase, RegionCode, Rupiah,
    Sex,
};

use crate::schema::{ColumnMap, Entity, HeaderProblem, map_columns};
use crate::source::{Cell, RawRow, Source, number_text};
use crate::{IngestError, RowProblem};

/// What a pass over a file found.
#[derive(Debug, Default, Clone)]
pub struct ReadSummary {
    pub rows: usize,
    pub valid: usize,
    pub invalid: usize,
    /// Headers that matched no field of the entity.
    pub ignored_columns: Vec<String>,
}

/// Reads every row of `source` as `entity`, calling `visit` with each row and either its record
/// or the problems that stop it from being one. Header problems end the read before any row.
pub fn read_records(
    source: &Source,
    entity: Entity,
    mut visit: impl FnMut(&RawRow, Result<Record, Vec<RowProblem>>),
) -> Result<ReadSummary, IngestError> {
    let (map, header_problems) = map_columns(entity, &source.headers);
    if !header_problems.is_empty() {
        return Err(IngestError::Header {
            file: source.display_name.clone(),
            problems: header_problems
                .into_iter()
                .map(|p| RowProblem {
                    file: source.display_name.clone(),
                    line: source.header_line,
                    column: match &p {
                        HeaderProblem::Missing { field, .. }
                        | HeaderProblem::Duplicate { field, .. } => field.to_string(),
                    },
                    reason: p.to_string(),
                    reason_id: p.indonesian(),
                })
                .collect(),
        });
    }
    let mut summary = ReadSummary {
        ignored_columns: map.ignored.clone(),
        ..Default::default()
    };
    let mut cohorts: HashMap<String, CohortDefinition> = HashMap::new();
    let mut indicator_lines: HashMap<(RegionCode, u16, KbliCategory), usize> = HashMap::new();
    source.for_each_row(|raw| {
        summary.rows += 1;
        let mut ctx = RowCtx {
            entity,
            map: &map,
            raw: &raw,
            file: &source.display_name,
            problems: Vec::new(),
        };
        let record = match entity {
            Entity::Vacancies => vacancy(&mut ctx).map(Record::Vacancy),
            Entity::JobSeekers => job_seeker(&mut ctx).map(Record::JobSeeker),
            Entity::Blks => blk(&mut ctx).map(Record::Blk),
            Entity::Cohorts => cohort_trainee(&mut ctx).map(Record::CohortTrainee),
            Entity::Placements => placement(&mut ctx).map(Record::Placement),
            Entity::Tracer => tracer(&mut ctx).map(Record::Tracer),
            Entity::Indicators => indicator(&mut ctx).map(Record::Indicator),
            Entity::Targets => target(&mut ctx).map(Record::Target),
        };
        if let Some(Record::CohortTrainee(r)) = &record {
            check_cohort_consistency(&mut cohorts, r, &mut ctx);
        }
        if let Some(Record::Indicator(r)) = &record {
            // Two rows with one key would leave the stored value to row order; a table that
            // repeats a key has usually pasted a sheet twice or mixed two releases.
            let key = (r.region, r.year, r.category);
            match indicator_lines.get(&key) {
                Some(&first) => ctx.problem(
                    "kbli_category",
                    format!(
                        "region {}, year {}, category {} was already given on line {first}",
                        r.region, r.year, r.category
                    ),
                    format!(
                        "wilayah {}, tahun {}, kategori {} sudah diisi pada baris {first}",
                        r.region, r.year, r.category
                    ),
                ),
                None => {
                    indicator_lines.insert(key, ctx.raw.line);
                }
            }
        }
        // A spreadsheet's error value (a broken formula or lookup) is no value: it must not be
        // stored as text, nor read as a missing cell.
        for (fi, col) in map.columns.iter().enumerate() {
            if let Some(col) = col
                && let Cell::Text(t) = raw.cell(*col)
                && is_spreadsheet_error(t.trim())
            {
                let field = entity.fields()[fi].name;
                // What the field's own parser said of "#N/A" adds nothing.
                ctx.problems.retain(|p| p.column != field);
                ctx.problem(
                    field,
                    format!(
                        "the cell holds the spreadsheet error {}: fix the formula, or type the value",
                        t.trim()
                    ),
                    format!(
                        "sel berisi galat spreadsheet {}: perbaiki rumusnya, atau ketik nilainya",
                        t.trim()
                    ),
                );
            }
        }
        // A broken row shape comes first: the shifted or missing cells' problems follow from it.
        if let Some((reason, reason_id)) = raw.shape_problem(&source.headers) {
            ctx.problems.insert(
                0,
                RowProblem {
                    file: source.display_name.clone(),
                    line: raw.line,
                    column: crate::WHOLE_ROW.to_string(),
                    reason,
                    reason_id,
                },
            );
        }
        let problems = std::mem::take(&mut ctx.problems);
        let result = match record {
            Some(r) if problems.is_empty() => Ok(r),
            _ => Err(problems),
        };
        if result.is_ok() {
            summary.valid += 1;
        } else {
            summary.invalid += 1;
        }
        visit(&raw, result);
    })?;
    Ok(summary)
}

/// The cohort columns repeat on every trainee row; they must agree.
struct CohortDefinition {
    line: usize,
    blk_code: String,
    programme_code: String,
    start: Date,
    end: Date,
}

fn check_cohort_consistency(
    seen: &mut HashMap<String, CohortDefinition>,
    r: &CohortTraineeRecord,
    ctx: &mut RowCtx<'_>,
) {
    match seen.get(&r.cohort_code) {
        None => {
            seen.insert(
                r.cohort_code.clone(),
                CohortDefinition {
                    line: ctx.raw.line,
                    blk_code: r.blk_code.clone(),
                    programme_code: r.programme_code.clone(),
                    start: r.start,
                    end: r.end,
                },
            );
        }
        Some(d) => {
            let line = d.line;
            let mut differ = |col: &str, same: bool| {
                if !same {
                    ctx.problem(
                        col,
                        format!(
                            "cohort {} was given a different {col} on line {line}",
                            r.cohort_code
                        ),
                        format!(
                            "angkatan {} diisi dengan {col} yang berbeda pada baris {line}",
                            r.cohort_code
                        ),
                    );
                }
            };
            differ("blk_code", d.blk_code == r.blk_code);
            differ("programme_code", d.programme_code == r.programme_code);
            differ("start_date", d.start == r.start);
            differ("end_date", d.end == r.end);
        }
    }
}

/// One row being parsed: reads fields by name and collects problems.
pub(crate) struct RowCtx<'a> {
    entity: Entity,
    map: &'a ColumnMap,
    raw: &'a RawRow,
    file: &'a str,
    problems: Vec<RowProblem>,
}

impl<'a> RowCtx<'a> {
    fn cell(&self, field: &str) -> Cell<'a> {
        let fields = self.entity.fields();
        let Some(fi) = fields.iter().position(|f| f.name == field) else {
            return Cell::Empty;
        };
        match self.map.columns[fi] {
            Some(col) => self.raw.cell(col),
            None => Cell::Empty,
        }
    }

    /// Records a problem with its reason in English and in Bahasa Indonesia.
    fn problem(&mut self, column: &str, reason: impl Into<String>, reason_id: impl Into<String>) {
        self.problems.push(RowProblem {
            file: self.file.to_string(),
            line: self.raw.line,
            column: column.to_string(),
            reason: reason.into(),
            reason_id: reason_id.into(),
        });
    }

    fn parse_problem(&mut self, column: &str, e: &ParseError) {
        self.problem(column, e.to_string(), e.indonesian());
    }

    fn required(&mut self, column: &str) {
        self.problem(column, "a value is required", "nilai wajib diisi");
    }

    fn text(&self, field: &str) -> Option<String> {
        match self.cell(field) {
            Cell::Empty => None,
            Cell::Text(s) => Some(s.trim().to_string()),
            Cell::Number(n) => Some(number_text(n)),
            Cell::DateSerial(d) => Some(
                Date::from_excel_serial(d)
                    .map(|d| d.to_string())
                    .unwrap_or_else(|_| d.to_string()),
            ),
            Cell::Bool(b) => Some(b.to_string()),
        }
    }

    fn required_text(&mut self, field: &str, max_len: usize) -> Option<String> {
        match self.text(field) {
            None => {
                self.required(field);
                None
            }
            Some(s) => self.check_len(field, s, max_len),
        }
    }

    fn optional_text(&mut self, field: &str, max_len: usize) -> Option<String> {
        let s = self.text(field)?;
        self.check_len(field, s, max_len)
    }

    fn check_len(&mut self, field: &str, s: String, max_len: usize) -> Option<String> {
        if s.chars().count() > max_len {
            self.problem(
                field,
                format!("text is longer than {max_len} characters"),
                format!("teks melebihi {max_len} karakter"),
            );
            None
        } else if s
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.problem(
                field,
                "text contains control characters",
                "teks mengandung karakter kontrol",
            );
            None
        } else {
            Some(s)
        }
    }

    fn parsed<T>(
        &mut self,
        field: &str,
        required: bool,
        parse: impl Fn(&str) -> Result<T, ParseError>,
    ) -> Option<T> {
        match self.text(field) {
            None => {
                if required {
                    self.required(field);
                }
                None
            }
            Some(s) => match parse(&s) {
                Ok(v) => Some(v),
                Err(e) => {
                    self.parse_problem(field, &e);
                    None
                }
            },
        }
    }

    fn nik(&mut self, field: &str) -> Option<Nik> {
        match self.cell(field) {
            Cell::Number(n) => {
                self.problem(
                    field,
                    // The number itself is not echoed: it may be a real NIK, and reports travel.
                    format!(
                        "NIK is stored as a number in the spreadsheet ({} digits); spreadsheets keep only 15 significant digits, so the NIK may already be damaged: format the column as Text and type the 16 digits again",
                        number_text(n).len()
                    ),
                    format!(
                        "NIK tersimpan sebagai angka di spreadsheet ({} digit); spreadsheet hanya menyimpan 15 digit bermakna, sehingga NIK mungkin sudah rusak: ubah format kolom menjadi Teks lalu ketik ulang ke-16 digitnya",
                        number_text(n).len()
                    ),
                );
                None
            }
            _ => self.parsed(field, true, Nik::parse),
        }
    }

    fn date(&mut self, field: &str, required: bool) -> Option<Date> {
        match self.cell(field) {
            // A plain number cell holding a year ("1995"): as a serial it would be a day in
            // 1905, so it is named for what it is.
            Cell::Number(y) if y.fract() == 0.0 && (1900.0..=2100.0).contains(&y) => {
                self.problem(
                    field,
                    format!("{y} is a year, not a date: give the day, month and year"),
                    format!("{y} adalah tahun, bukan tanggal: tulis tanggal, bulan, dan tahunnya"),
                );
                None
            }
            Cell::DateSerial(d) | Cell::Number(d) => match Date::from_excel_serial(d) {
                Ok(v) => Some(v),
                Err(e) => {
                    self.parse_problem(field, &e);
                    None
                }
            },
            _ => self.parsed(field, required, Date::parse),
        }
    }

    /// A phone number, normalised ([`normalise_phone`]); a cell that is no phone number (a
    /// spreadsheet's scientific notation, too few or too many digits, words) is a problem: the
    /// tracer study calls these numbers.
    fn phone(&mut self, field: &str) -> Option<String> {
        let raw = self.optional_text(field, 32)?;
        let p = normalise_phone(&raw);
        let digits = p.trim_start_matches('+');
        if raw.contains(['E', 'e']) && raw.chars().any(|c| c.is_ascii_digit()) {
            self.problem(
                field,
                format!(
                    "{raw:?} looks like a number in scientific notation: the spreadsheet turned the phone number into a number and lost digits; format the column as Text and type it again"
                ),
                format!(
                    "{raw:?} tampak seperti angka dalam notasi ilmiah: spreadsheet mengubah nomor telepon menjadi angka dan sebagian digit hilang; ubah format kolom menjadi Teks lalu ketik ulang"
                ),
            );
            return None;
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) || !(8..=15).contains(&digits.len()) {
            self.problem(
                field,
                format!(
                    "{raw:?} is not a phone number (8 to 15 digits, such as 081234567890); leave the cell empty when there is none"
                ),
                format!(
                    "{raw:?} bukan nomor telepon (8 sampai 15 angka, misalnya 081234567890); kosongkan selnya bila tidak ada"
                ),
            );
            return None;
        }
        Some(p)
    }

    fn region(&mut self, field: &str, required: bool) -> Option<RegionCode> {
        match self.cell(field) {
            // A spreadsheet turns 32.10 into the number 32.1; two decimals restore the code.
            Cell::Number(n) if n.fract() != 0.0 => match RegionCode::parse(&format!("{n:.2}")) {
                Ok(r) => Some(r),
                Err(e) => {
                    self.parse_problem(field, &e);
                    None
                }
            },
            _ => self.parsed(field, required, RegionCode::parse),
        }
    }

    fn money(&mut self, field: &str) -> Option<Rupiah> {
        match self.cell(field) {
            Cell::Number(n) if (0.0..1e15).contains(&n) => Some(Rupiah(n.round() as i64)),
            _ => self.parsed(field, false, Rupiah::parse),
        }
    }

    /// Rupiah a month (a wage, an income, an ad's salary), within what a month's pay can be:
    /// above [`MAX_MONTHLY_RUPIAH`] the figure is a year's, a firm's or mistyped; below
    /// [`MIN_MONTHLY_RUPIAH`] (and not zero) it is in thousands or millions.
    fn monthly_money(&mut self, field: &str) -> Option<Rupiah> {
        let v = self.money(field)?;
        if v.0 > MAX_MONTHLY_RUPIAH {
            self.problem(
                field,
                format!(
                    "{} rupiah a month is not a plausible pay (at most {}): check the unit, rupiah per month",
                    v.0, MAX_MONTHLY_RUPIAH
                ),
                format!(
                    "{} rupiah per bulan bukan penghasilan yang masuk akal (paling banyak {}): periksa satuannya, rupiah per bulan",
                    v.0, MAX_MONTHLY_RUPIAH
                ),
            );
            return None;
        }
        if v.0 > 0 && v.0 < MIN_MONTHLY_RUPIAH {
            // "4,5" typed for 4.5 million, or a spreadsheet cell in millions.
            self.problem(
                field,
                format!(
                    "{} rupiah a month is not a plausible pay (at least {} unless 0): check the unit, rupiah per month (4500000, not 4.5 or 4,5 million)",
                    v.0, MIN_MONTHLY_RUPIAH
                ),
                format!(
                    "{} rupiah per bulan bukan penghasilan yang masuk akal (paling sedikit {} kecuali 0): periksa satuannya, rupiah per bulan (4500000, bukan 4,5 juta)",
                    v.0, MIN_MONTHLY_RUPIAH
                ),
            );
            return None;
        }
        Some(v)
    }

    fn int(&mut self, field: &str, min: i64, max: i64) -> Option<i64> {
        let v = self.parsed(field, false, |s| {
            domain::money::parse_number(s, true)
                .filter(|v| v.fract() == 0.0)
                .map(|v| v as i64)
                .ok_or(ParseError::Invalid {
                    what: Phrase::new("number", "angka"),
                    input: s.to_string(),
                    reason: Phrase::new("expected a whole number", "harus berupa bilangan bulat"),
                })
        })?;
        if v < min || v > max {
            self.problem(
                field,
                format!("{v} is outside the allowed range {min}–{max}"),
                format!("{v} di luar rentang yang diizinkan {min}–{max}"),
            );
            return None;
        }
        Some(v)
    }

    fn decimal(&mut self, field: &str, min: f64, max: f64) -> Option<f64> {
        let v = self.parsed(field, false, |s| {
            domain::money::parse_number(s, false).ok_or(ParseError::Invalid {
                what: Phrase::new("number", "angka"),
                input: s.to_string(),
                reason: Phrase::new(
                    "expected a number such as 2 or 2,5",
                    "harus berupa angka seperti 2 atau 2,5",
                ),
            })
        })?;
        if v < min || v > max {
            self.problem(
                field,
                format!("{v} is outside the allowed range {min}–{max}"),
                format!("{v} di luar rentang yang diizinkan {min}–{max}"),
            );
            return None;
        }
        Some(v)
    }

    /// A GRDP figure in billion Rupiah: `12.345,67`, `12345.67`, `1.500` (read as 1 500, the way
    /// Indonesian statistical tables group thousands; write `1,5` for one and a half) and
    /// `0.125` (a leading zero can only start a fraction).
    fn billions(&mut self, field: &str, max: f64) -> Option<f64> {
        let v = match self.cell(field) {
            Cell::Number(n) => Some(n),
            _ => self.parsed(field, true, |s| {
                let t = s.trim();
                let leading_zero_fraction = t.len() > 2
                    && t.starts_with('0')
                    && matches!(t.as_bytes()[1], b'.' | b',')
                    && t[2..].bytes().all(|b| b.is_ascii_digit());
                domain::money::parse_number(t, !leading_zero_fraction).ok_or(ParseError::Invalid {
                    what: Phrase::new("amount in billion Rupiah", "nilai dalam miliar Rupiah"),
                    input: s.to_string(),
                    reason: Phrase::new(
                        "expected a number such as 12.345,67 or 12345.67",
                        "harus berupa angka seperti 12.345,67 atau 12345.67",
                    ),
                })
            }),
        }?;
        if !(0.0..=max).contains(&v) {
            self.problem(
                field,
                format!("{v} is outside the allowed range 0–{max}"),
                format!("{v} di luar rentang yang diizinkan 0–{max}"),
            );
            return None;
        }
        Some(v)
    }

    fn flag(&mut self, field: &str) -> Option<bool> {
        if let Cell::Bool(b) = self.cell(field) {
            return Some(b);
        }
        self.parsed(field, false, |s| {
            match s.trim().to_lowercase().replace([' ', '-'], "").as_str() {
                "ya" | "y" | "yes" | "true" | "1" | "benar" | "kompeten" | "sudah"
                | "bersertifikat" => Ok(true),
                "tidak" | "t" | "no" | "n" | "false" | "0" | "salah" | "belumkompeten"
                | "belum" => Ok(false),
                _ => Err(ParseError::Invalid {
                    what: Phrase::new("yes/no value", "nilai ya/tidak"),
                    input: s.to_string(),
                    reason: Phrase::new("use ya or tidak", "gunakan ya atau tidak"),
                }),
            }
        })
    }

    fn list(&mut self, field: &str) -> Vec<String> {
        let Some(s) = self.text(field) else {
            return Vec::new();
        };
        let sep: &[char] = if s.contains(';') || s.contains('|') {
            &[';', '|']
        } else {
            &[',']
        };
        let items: Vec<String> = s
            .split(sep)
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        // Items obey the same rules as any text: bounded length, no control characters.
        items
            .into_iter()
            .filter_map(|item| self.check_len(field, item, 200))
            .collect()
    }

    /// Codes from a list cell; items with letters are occupations in words, returned apart for
    /// the coder, while malformed or unknown codes are problems.
    fn isco_list(&mut self, field: &str) -> (Vec<IscoCode>, Vec<String>) {
        let mut codes = Vec::new();
        let mut words = Vec::new();
        for item in self.list(field) {
            if item.chars().any(char::is_alphabetic) {
                words.push(item);
                continue;
            }
            match IscoCode::parse_kbji(&item) {
                Ok(c) => codes.push(c),
                Err(e) => self.parse_problem(field, &e),
            }
        }
        (codes, words)
    }
}

fn vacancy(c: &mut RowCtx<'_>) -> Option<VacancyRecord> {
    let source = c.required_text("source", 64);
    let source_id = c.required_text("source_id", 128);
    let title = c.required_text("title", 300);
    let description = c.optional_text("description", 20_000);
    let fields = crate::schema::VACANCY_CONTEXT_FIELDS.map(|f| c.optional_text(f, 5_000));
    let context = ad_context(fields.iter().flatten().map(String::as_str));
    // The skill tags are kept apart too: matching reads them as skills, which it must not do
    // with a category or a list of accepted study programmes.
    let [.., skills] = &fields;
    let skill_tags = ad_context(skills.as_deref());
    let employer = c.optional_text("employer", 300);
    let region = c.region("region_code", false);
    let location_text = c.optional_text("location", 300);
    let mut isco = c.parsed("isco08", false, IscoCode::parse_kbji);
    match c.optional_text("isco_basis", 32).as_deref() {
        None | Some("source" | "reviewed" | "reviewed_ad") => {}
        // An automatic coder's reading (another Listraf's, exported) is no source's code: this
        // import codes the ad itself, with this system's coder and reviews.
        Some("coded_on_import" | "coded" | "uncoded") => isco = None,
        Some(other) => c.problem(
            "isco_basis",
            format!(
                "\"{other}\" is not a code basis: source, reviewed, reviewed_ad, coded_on_import or uncoded"
            ),
            format!(
                "\"{other}\" bukan dasar kode: source, reviewed, reviewed_ad, coded_on_import atau uncoded"
            ),
        ),
    }
    let kbli = c.parsed("kbli", false, KbliCode::parse);
    let education = c.parsed("education", false, Education::parse);
    let experience_years = c.decimal("experience_years", 0.0, 50.0).map(|v| v as f32);
    let salary_min = c.monthly_money("salary_min");
    let salary_max = c.monthly_money("salary_max");
    let positions = c.int("positions", 1, 10_000).map(|p| p as u32);
    let posted = c.date("posted_date", true);
    let expires = c.date("expires_date", false);
    if let (Some(lo), Some(hi)) = (salary_min, salary_max)
        && lo > hi
    {
        c.problem(
            "salary_max",
            format!("maximum salary {hi} is below the minimum {lo}"),
            format!("gaji maksimum {hi} lebih kecil dari gaji minimum {lo}"),
        );
    }
    if let (Some(p), Some(e)) = (posted, expires)
        && e < p
    {
        c.problem(
            "expires_date",
            format!("closing date {e} is before the posting date {p}"),
            format!("tanggal penutupan {e} lebih awal dari tanggal tayang {p}"),
        );
    }
    Some(VacancyRecord {
        source: source?,
        source_id: source_id?,
        title: title?,
        description,
        context,
        skill_tags,
        employer,
        region,
        location_text,
        isco,
        isco_confidence: None,
        isco_reviewed: false,
        region_resolved: false,
        kbli,
        education,
        experience_years,
        salary_min,
        salary_max,
        positions,
        posted: posted?,
        expires,
    })
}

fn job_seeker(c: &mut RowCtx<'_>) -> Option<JobSeekerRecord> {
    let nik = c.nik("nik");
    let name = c.required_text("name", 200);
    let birth_date = c.date("birth_date", false);
    let sex = c.parsed("sex", true, Sex::parse);
    let region = c.region("region_code", true);
    let education = c.parsed("education", true, Education::parse);
    let (preferred_isco, preferred_text) = c.isco_list("preferred_isco");
    let skills = c.list("skills");
    let registered = c.date("registered_date", true);
    let status = c.parsed("status", false, JobSeekerStatus::parse);
    let phone = c.phone("phone");
    if let (Some(b), Some(r)) = (birth_date, registered) {
        let age = r.year() - b.year();
        if !(14..=80).contains(&age) {
            c.problem(
                "birth_date",
                format!("age at registration would be {age}; job seekers are 15 or older"),
                format!("usia saat mendaftar terhitung {age} tahun; pencari kerja harus berusia 15 tahun atau lebih"),
            );
        }
    }
    Some(JobSeekerRecord {
        nik: nik?,
        name: name?,
        birth_date,
        sex: sex?,
        region: region?,
        education: education?,
        preferred_isco,
        preferred_text,
        preferred_coded: Vec::new(),
        skills,
        registered: registered?,
        status,
        phone,
    })
}

fn blk(c: &mut RowCtx<'_>) -> Option<BlkRecord> {
    // BLK codes are upper case (UPTD-3273-01); "uptd-3273-01" is the same BLK.
    let code = c.required_text("code", 64).map(|s| s.to_uppercase());
    let name = c.required_text("name", 200);
    let blk_type = c.parsed("type", true, BlkType::parse);
    let region = c.region("region_code", true);
    if let Some(r) = region
        && r.is_province()
    {
        c.problem(
            "region_code",
            format!("{r} is a province; a BLK is located in a regency/city (e.g. {r}.01)"),
            format!("{r} adalah kode provinsi; BLK berada di kabupaten/kota (mis. {r}.01)"),
        );
    }
    let address = c.optional_text("address", 500);
    let mut capacity: Vec<KejuruanCapacity> = Vec::new();
    for item in c.list("capacity") {
        let parts: Vec<&str> = item.split(':').map(str::trim).collect();
        let parsed = match parts.as_slice() {
            [k, w, i] => domain::reference()
                .kejuruan(&k.to_uppercase())
                .zip(w.parse::<u16>().ok())
                .zip(i.parse::<u16>().ok())
                .map(|((k, w), i)| KejuruanCapacity {
                    kejuruan: leak_code(&k.code),
                    workshops: w,
                    instructors: i,
                }),
            _ => None,
        };
        match parsed {
            Some(cap) if capacity.iter().any(|x| x.kejuruan == cap.kejuruan) => {
                c.problem(
                    "capacity",
                    format!("kejuruan {} is listed twice", cap.kejuruan),
                    format!("kejuruan {} tercantum dua kali", cap.kejuruan),
                )
            }
            Some(cap) => capacity.push(cap),
            None => c.problem(
                "capacity",
                format!("{item:?} is not KEJURUAN:WORKSHOPS:INSTRUCTORS with a catalogue kejuruan code (e.g. LAS:2:3)"),
                format!("{item:?} tidak sesuai format KEJURUAN:WORKSHOP:INSTRUKTUR dengan kode kejuruan dari katalog (mis. LAS:2:3)"),
            ),
        }
    }
    let mut programmes = Vec::new();
    for p in c.list("programmes") {
        let p = p.to_uppercase();
        if domain::reference().programme(&p).is_some() {
            programmes.push(p);
        } else {
            c.parse_problem("programmes", &ParseError::ProgrammeUnknown { input: p });
        }
    }
    Some(BlkRecord {
        code: code?,
        name: name?,
        blk_type: blk_type?,
        region: region?,
        address,
        capacity,
        programmes,
    })
}

/// Kejuruan codes come from the static catalogue, so the record can hold `&'static str`.
fn leak_code(code: &str) -> &'static str {
    domain::reference()
        .kejuruan
        .iter()
        .find(|k| k.code == code)
        .map(|k| k.code.as_str())
        .unwrap_or("")
}

fn cohort_trainee(c: &mut RowCtx<'_>) -> Option<CohortTraineeRecord> {
    let cohort_code = c.required_text("cohort_code", 100);
    let blk_code = c.required_text("blk_code", 64).map(|s| s.to_uppercase());
    let programme_code = c.parsed("programme_code", true, |s| {
        let p = s.trim().to_uppercase();
        domain::reference()
            .programme(&p)
            .map(|_| p.clone())
            .ok_or(ParseError::ProgrammeUnknown { input: p })
    });
    let start = c.date("start_date", true);
    let end = c.date("end_date", true);
    let seats = c.int("seats", 1, 200).unwrap_or(16) as u16;
    let funding = c
        .parsed("funding", false, FundingSource::parse)
        .unwrap_or(FundingSource::Apbn);
    let nik = c.nik("nik");
    let name = c.required_text("name", 200);
    let sex = c.parsed("sex", true, Sex::parse);
    let birth_date = c.date("birth_date", false);
    let education = c.parsed("education", false, Education::parse);
    let region = c.region("region_code", false);
    let phone = c.phone("phone");
    let status = c
        .parsed("status", false, TraineeStatus::parse)
        .unwrap_or(TraineeStatus::Enrolled);
    let certified = c.flag("certified").unwrap_or(false);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        c.problem(
            "end_date",
            format!("the cohort ends ({e}) before it starts ({s})"),
            format!("angkatan berakhir ({e}) sebelum dimulai ({s})"),
        );
    }
    if certified && status != TraineeStatus::Completed {
        c.problem(
            "certified",
            "only a trainee who completed the programme can be certified",
            "hanya peserta yang telah lulus program yang dapat dinyatakan bersertifikat",
        );
    }
    Some(CohortTraineeRecord {
        cohort_code: cohort_code?,
        blk_code: blk_code?,
        programme_code: programme_code?,
        start: start?,
        end: end?,
        seats,
        funding,
        nik: nik?,
        name: name?,
        sex: sex?,
        birth_date,
        education,
        region,
        phone,
        status,
        certified,
    })
}

/// A phone number as one form, so that the same number read twice compares equal: spaces,
/// dashes, dots and brackets dropped; +62 or 62 written as the national 0; and the leading 0
/// a spreadsheet's number cell drops (812… for 0812…) put back. Anything else is kept as
/// typed.
pub fn normalise_phone(p: &str) -> String {
    let digits: String = p
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    if !digits
        .trim_start_matches('+')
        .chars()
        .all(|c| c.is_ascii_digit())
    {
        return p.trim().to_string();
    }
    if let Some(rest) = digits.strip_prefix("+62") {
        format!("0{rest}")
    } else if let Some(rest) = digits.strip_prefix("62").filter(|r| r.starts_with('8')) {
        format!("0{rest}")
    } else if digits.starts_with('8') && (9..=12).contains(&digits.len()) {
        format!("0{digits}")
    } else {
        digits
    }
}

/// The most a month's pay can plausibly be, in rupiah: Rp 1 billion, far above any wage a
/// vocational graduate or a job portal's ad names, and far below a year's payroll.
pub const MAX_MONTHLY_RUPIAH: i64 = 1_000_000_000;

/// Monthly pay below this (and above zero) is a figure in thousands or millions.
pub const MIN_MONTHLY_RUPIAH: i64 = 10_000;

fn placement(c: &mut RowCtx<'_>) -> Option<PlacementRecord> {
    let nik = c.nik("nik");
    let placement_type = c.parsed("placement_type", true, PlacementType::parse);
    let employer = c.required_text("employer", 300);
    let start = c.date("start_date", true);
    let cohort_code = c.optional_text("cohort_code", 100);
    let vacancy_source = c.optional_text("vacancy_source", 64);
    let vacancy_source_id = c.optional_text("vacancy_source_id", 128);
    let isco = c.parsed("isco08", false, IscoCode::parse_kbji);
    let region = c.region("region_code", false);
    let monthly_income = c.monthly_money("monthly_income");
    let evidence = c.optional_text("evidence", 500);
    if vacancy_source.is_some() != vacancy_source_id.is_some() {
        c.problem(
            "vacancy_source_id",
            "give both vacancy_source and vacancy_source_id, or neither",
            "isi vacancy_source dan vacancy_source_id sekaligus, atau kosongkan keduanya",
        );
    }
    Some(PlacementRecord {
        nik: nik?,
        placement_type: placement_type?,
        employer: employer?,
        start: start?,
        cohort_code,
        vacancy_source,
        vacancy_source_id,
        isco,
        region,
        monthly_income,
        evidence,
    })
}

fn tracer(c: &mut RowCtx<'_>) -> Option<TracerRecord> {
    let nik = c.nik("nik");
    let cohort_code = c.required_text("cohort_code", 100);
    let wave = c.int("wave", 1, 36);
    if c.text("wave").is_none() {
        c.required("wave");
    }
    let response_date = c.date("response_date", true);
    let status = c.parsed("status", true, TracerStatus::parse);
    let monthly_income = c.monthly_money("monthly_income");
    let relevant = c.flag("relevant");
    let respondent = c.parsed("respondent", false, Respondent::parse);
    if let (Some(st @ (TracerStatus::Unemployed | TracerStatus::NotInLabourForce)), Some(income)) =
        (status, monthly_income)
        && income.0 > 0
    {
        c.problem(
            "monthly_income",
            format!(
                "an income of {} with status {}: a graduate without work has no income from it; correct the status or leave the income empty",
                income.0,
                st.code()
            ),
            format!(
                "penghasilan {} dengan status {}: alumni yang tidak bekerja tidak berpenghasilan dari pekerjaan; perbaiki statusnya atau kosongkan penghasilannya",
                income.0,
                st.code()
            ),
        );
    }
    Some(TracerRecord {
        nik: nik?,
        cohort_code: cohort_code?,
        wave: wave? as u8,
        response_date: response_date?,
        status: status?,
        monthly_income,
        relevant,
        respondent,
    })
}

fn indicator(c: &mut RowCtx<'_>) -> Option<IndicatorRecord> {
    let region = c.region("region_code", true);
    let year = c.int("year", 1990, 2100);
    if c.text("year").is_none() {
        c.required("year");
    }
    let category = c.parsed("kbli_category", true, KbliCategory::parse);
    // Indonesia's whole GDP at constant prices is about 13 million billion Rupiah; a hundred
    // million catches a figure typed in millions or in Rupiah.
    let grdp = c.billions("grdp_idr_billion", 1e8);
    let employment = c.int("employment", 0, 200_000_000).map(|v| v as u64);
    Some(IndicatorRecord {
        region: region?,
        year: year? as u16,
        category: category?,
        grdp_idr_billion: grdp?,
        employment,
    })
}

/// A results-framework target. Kebekerjaan is a share: `0,65`, `0.65`, `65` and `65%` all mean
/// 65 %, because a share above 1 can only have been written in percent.
fn target(c: &mut RowCtx<'_>) -> Option<TargetRecord> {
    let indicator = c.parsed("indicator", true, OutcomeIndicator::parse);
    let level = c.parsed("level", true, TargetLevel::parse);
    let area = c.optional_text("area_code", 64).unwrap_or_default();
    let year = c.int("year", 2000, 2100);
    if c.text("year").is_none() {
        c.required("year");
    }
    let project_year = c.int("project_year", 1, 4);
    if c.text("project_year").is_none() {
        c.required("project_year");
    }
    let percent = c.text("target").is_some_and(|s| s.contains('%'));
    let value = match c.cell("target") {
        Cell::Number(n) if n.is_finite() && n >= 0.0 => Some(n),
        _ => {
            let v = c.parsed("target", true, |s| {
                // Three digits after a lone separator group thousands (12.000), as in
                // Indonesian tables; fewer are a decimal (0,65).
                let t = s.trim().trim_end_matches('%').trim();
                domain::money::parse_number(t, true).ok_or(ParseError::Invalid {
                    what: Phrase::new("target", "target"),
                    input: s.to_string(),
                    reason: Phrase::new(
                        "expected a number such as 12000, 0,65 or 65%",
                        "harus berupa angka seperti 12000, 0,65 atau 65%",
                    ),
                })
            })?;
            if v < 0.0 || !v.is_finite() {
                c.problem(
                    "target",
                    "a target cannot be negative",
                    "target tidak boleh negatif",
                );
                return None;
            }
            Some(v)
        }
    };
    let value = match (indicator, value) {
        (Some(OutcomeIndicator::Kebekerjaan), Some(v)) if percent || v > 1.0 => {
            if v > 100.0 {
                c.problem(
                    "target",
                    format!("kebekerjaan {v} is above 100 %"),
                    format!("kebekerjaan {v} melebihi 100 %"),
                );
                return None;
            }
            Some(v / 100.0)
        }
        (_, v) => v,
    };
    // BLK codes are upper case, as the BLK and cohort imports store them.
    let area = match level {
        Some(TargetLevel::Blk) => area.to_uppercase(),
        _ => area,
    };
    match (level, area.is_empty()) {
        (Some(TargetLevel::National), false) => c.problem(
            "area_code",
            "a national target has no area code; leave it empty",
            "target nasional tidak memiliki kode wilayah; kosongkan kolom ini",
        ),
        (Some(TargetLevel::Province), _) => match RegionCode::parse(&area) {
            Ok(r) if r.is_province() => {}
            _ => c.problem(
                "area_code",
                format!("{area:?} is not a province code such as 32"),
                format!("{area:?} bukan kode provinsi seperti 32"),
            ),
        },
        (Some(TargetLevel::Blk), true) => c.problem(
            "area_code",
            "a BLK target needs the BLK code",
            "target BLK memerlukan kode BLK",
        ),
        _ => {}
    }
    Some(TargetRecord {
        indicator: indicator?,
        level: level?,
        area,
        year: year? as u16,
        project_year: project_year? as u8,
        value: value?,
    })
}

/// Excel's and LibreOffice's error values, as a cell or a CSV export shows them.
fn is_spreadsheet_error(t: &str) -> bool {
    matches!(
        t,
        "#N/A"
            | "#REF!"
            | "#VALUE!"
            | "#DIV/0!"
            | "#NAME?"
            | "#NULL!"
            | "#NUM!"
            | "#SPILL!"
            | "#CALC!"
            | "#ERROR"
            | "#GETTING_DATA"
            | "Err:502"
            | "Err:504"
    )
}

#[cfg(test)]
mod tests {
    use super::normalise_phone;

    #[test]
    fn one_phone_number_reads_one_way() {
        for written in [
            "0812 3333 4444",
            "0812-3333-4444",
            "+62 812 3333 4444",
            "62812-3333-4444",
            "81233334444",
            "(0812) 3333.4444",
        ] {
            assert_eq!(normalise_phone(written), "081233334444", "{written}");
        }
        // A landline keeps its area code; text that is no number stays as typed.
        assert_eq!(normalise_phone("022-7654321"), "0227654321");
        assert_eq!(normalise_phone("lihat email"), "lihat email");
    }
}
