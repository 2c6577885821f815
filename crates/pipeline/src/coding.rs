//! Coding a file of ads, for `listraf code` and the web's `/kode`: read the ads of a CSV or
//! XLSX file (title, description, company, location, date and context columns under their
//! Indonesian or English names), code each with the coder given, and write every input column
//! plus the coding, skills, region and duplicate cluster as CSV.

use std::io::Write;
use std::path::Path;

use classify::coder::{AdBody, Coder};

use crate::PipelineError;

/// Header names accepted for each column `listraf code` reads.
pub const CODE_COLUMNS: [(&str, &[&str]); 5] = [
    (
        "title",
        &[
            "title",
            "judul",
            "jabatan",
            "posisi",
            "job_title",
            "position",
            "nama_jabatan",
            "vacancy_title",
            "judul_lowongan",
        ],
    ),
    (
        "description",
        &[
            "description",
            "deskripsi",
            "uraian",
            "job_description",
            "desc",
            "deskripsi_posisi",
            "uraian_tugas",
        ],
    ),
    (
        "company",
        &[
            "company",
            "perusahaan",
            "employer",
            "nama_perusahaan",
            "pemberi_kerja",
            "company_name",
        ],
    ),
    (
        "location",
        &[
            "location",
            "lokasi",
            "job_location",
            "kota",
            "kabupaten",
            "nama_kabupaten",
            "penempatan",
            "location_text",
        ],
    ),
    (
        "posted_date",
        &[
            "posted_date",
            "tanggal_posting",
            "tanggal",
            "first_seen",
            "created_at",
            "date_posted",
            "tanggal_tayang",
        ],
    ),
];

/// One ad as `listraf code` and the web's file coding see it.
pub struct Ad {
    pub cells: Vec<String>,
    pub title: String,
    pub description: Option<String>,
    /// The ad's context fields, joined.
    pub context: Option<String>,
    /// The skills column among them (a portal's skill tags), read for skills too.
    pub skill_tags: Option<String>,
    pub company: Option<String>,
    pub location: Option<String>,
    pub posted_day: Option<i64>,
}

impl Ad {
    pub fn body(&self) -> AdBody<'_> {
        AdBody {
            description: self.description.as_deref(),
            context: self.context.as_deref(),
        }
    }
}

/// Reads the ads of a CSV or XLSX file (any encoding and delimiter `ingest` accepts).
pub fn read_ads(path: &Path) -> Result<(Vec<String>, Vec<Ad>), PipelineError> {
    let source = ingest::Source::open(path, ingest::XlsxLimits::default())?;
    let keys: Vec<String> = source
        .headers
        .iter()
        .map(|h| ingest::header_key(h))
        .collect();
    let col = |name: &str| -> Option<usize> {
        let aliases = CODE_COLUMNS
            .iter()
            .find(|c| c.0 == name)
            .map(|c| c.1)
            .unwrap_or(&[]);
        aliases
            .iter()
            .find_map(|a| keys.iter().position(|k| k == a))
    };
    let Some(ti) = col("title") else {
        return Err(PipelineError::NoTitleColumn {
            file: path.display().to_string(),
            accepted: CODE_COLUMNS[0].1.join(", "),
        });
    };
    let (di, ci, li, pi) = (
        col("description"),
        col("company"),
        col("location"),
        col("posted_date"),
    );
    // A column named like one `code` writes is a coded file's own output: it is replaced on
    // output, and read as nothing, so that coding a coded file gives the same codes.
    // The context columns are the vacancy import's (category, subcategory, function, study
    // programme, skills, under any of their names), joined in the same order.
    let context_col = |field: &str| {
        ingest::vacancy_context_headers(field).find_map(|name| {
            (0..keys.len()).find(|&i| {
                keys[i] == ingest::header_key(name)
                    && !CODE_OUTPUTS.contains(&source.headers[i].as_str())
            })
        })
    };
    let context_cols: Vec<usize> = ingest::VACANCY_CONTEXT_FIELDS
        .iter()
        .filter_map(|field| context_col(field))
        .collect();
    let tags_col = context_col("skills");
    let mut ads = Vec::new();
    source.for_each_row(|raw| {
        let cells = raw.to_strings();
        let get = |i: Option<usize>| {
            i.and_then(|i| cells.get(i))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let posted_day = get(pi)
            .and_then(|d| domain::Date::parse(&d).ok())
            .map(|d| d.days_since_epoch());
        let context = classify::coder::ad_context(
            context_cols
                .iter()
                .filter_map(|&i| cells.get(i).map(String::as_str)),
        );
        ads.push(Ad {
            title: get(Some(ti)).unwrap_or_default(),
            description: get(di),
            context,
            // Cut and cleaned as an import keeps them, so both read the same skills.
            skill_tags: classify::coder::ad_context(
                tags_col.and_then(|i| cells.get(i)).map(String::as_str),
            ),
            company: get(ci),
            location: get(li),
            posted_day,
            cells,
        });
    })?;
    Ok((source.headers.clone(), ads))
}

/// The columns `listraf code` adds to every row. `kbji_title` is the unit group's KBJI 2014
/// title in Indonesian, for the people the file is for; `isco_title` the ILO's English one.
pub const CODE_OUTPUTS: [&str; 10] = [
    "isco08_unit",
    "isco_title",
    "kbji_title",
    "isco_confidence",
    "isco_evidence",
    "skills",
    "skills_found",
    "region_code",
    "region_note",
    "duplicate_cluster",
];

/// What a coded file holds, for the caller's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSummary {
    pub ads: usize,
    pub coded: usize,
    pub no_skills: usize,
    pub located: usize,
    /// Ads left after de-duplication (one per cluster).
    pub unique: usize,
}

/// Codes `ads` (read with `headers` by [`read_ads`]) with `coder` and writes the coded CSV.
pub fn write_coded<W: Write>(
    headers: &[String],
    ads: &[Ad],
    coder: &Coder,
    out: W,
) -> Result<CodeSummary, PipelineError> {
    use classify::dedup::{AdText, DedupConfig, clusters};
    use classify::location::resolve;
    let output = |e: csv::Error| PipelineError::Output(e.to_string());
    let regions: Vec<_> = ads
        .iter()
        .map(|a| a.location.as_deref().map(resolve))
        .collect();
    let texts: Vec<AdText> = ads
        .iter()
        .zip(&regions)
        .map(|(a, r)| AdText {
            title: &a.title,
            employer: a.company.as_deref(),
            description: a.description.as_deref(),
            region: r.as_ref().and_then(|r| r.region()),
            posted_day: a.posted_day.unwrap_or(0),
        })
        .collect();
    let cluster = clusters(&texts, &DedupConfig::default());
    let mut w = csv::Writer::from_writer(out);
    // An input column named like an output column (a file coded before) is replaced, not
    // repeated: two columns of one name would leave readers to guess which is which.
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&i| !CODE_OUTPUTS.contains(&headers[i].as_str()))
        .collect();
    let mut header: Vec<String> = keep.iter().map(|&i| headers[i].clone()).collect();
    header.extend(CODE_OUTPUTS.map(String::from));
    w.write_record(&header).map_err(output)?;
    let mut summary = CodeSummary {
        ads: ads.len(),
        coded: 0,
        no_skills: 0,
        located: 0,
        unique: cluster
            .iter()
            .enumerate()
            .filter(|(i, c)| *i == **c)
            .count(),
    };
    for (i, ad) in ads.iter().enumerate() {
        let c = coder.code_ad(&ad.title, ad.body());
        let skills = classify::skills::extract_tagged(
            &ad.title,
            ad.skill_tags.as_deref(),
            ad.description.as_deref(),
        );
        summary.coded += c.code.is_some() as usize;
        summary.no_skills += skills.is_empty() as usize;
        let (region, note) = match &regions[i] {
            None => (String::new(), "no location given".to_string()),
            Some(r) => match r.region() {
                Some(code) => {
                    summary.located += 1;
                    (code.to_string(), String::new())
                }
                None => (String::new(), r.to_string()),
            },
        };
        let mut rec: Vec<String> = keep
            .iter()
            .map(|&i| {
                ad.cells
                    .get(i)
                    .map(|c| crate::escape_formula(c))
                    .unwrap_or_default()
            })
            .collect();
        rec.push(c.code.map(|u| u.to_string()).unwrap_or_default());
        rec.push(c.code.map(|u| u.title_en().to_string()).unwrap_or_default());
        rec.push(
            c.code
                .and_then(|u| u.title_id())
                .unwrap_or_default()
                .to_string(),
        );
        rec.push(format!("{:.3}", c.confidence));
        rec.push(if c.code.is_some() {
            c.evidence.clone()
        } else {
            format!("uncoded: {}", c.evidence)
        });
        rec.push(
            skills
                .iter()
                .map(|s| s.label.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        );
        rec.push(skills.len().to_string());
        rec.push(region);
        rec.push(note);
        rec.push(cluster[i].to_string());
        w.write_record(&rec).map_err(output)?;
    }
    w.flush()
        .map_err(|e| PipelineError::Output(e.to_string()))?;
    Ok(summary)
}
