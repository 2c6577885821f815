//! Coding a file of ads, for `listraf code` and the web's `/kode`: read the ads of a CSV or
//! XLSX file (title, description, company, location, date and context columns under their
//! Indonesian or English names), code each with the coder given, and write every input column
//! plus the coding, skills, region and duplicate cluster as CSV.
//!
//! A title the occupation review coded ([`ReviewedTitles`]) takes its reviewer's code here as
//! it does in an import, so a file coded by hand and the figures read one code per title.

use std::io::Write;
use std::path::Path;

use classify::coder::{AdBody, Coder, Coding};
use domain::IscoCode;
use store::TitleReview;

use crate::PipelineError;
use crate::review::ReviewedTitles;

/// An ad as the coding tools answer it: the coder's reading, and the occupation review's code
/// when its title has one, which outranks the coder's.
#[derive(Debug, Clone)]
pub struct AdCoding<'r> {
    pub coding: Coding,
    pub review: Option<&'r TitleReview>,
}

impl AdCoding<'_> {
    /// Codes the ad `title` (with `ad`, its description and context) with `coder`, and looks
    /// its title up in `reviewed`.
    pub fn of<'r>(
        coder: &Coder,
        reviewed: &'r ReviewedTitles,
        title: &str,
        ad: AdBody<'_>,
    ) -> AdCoding<'r> {
        AdCoding {
            coding: coder.code_ad(title, ad),
            review: reviewed.of(title),
        }
    }

    /// The code the ad takes: its reviewer's, else the coder's when confident enough.
    pub fn code(&self) -> Option<IscoCode> {
        self.review.map(|r| r.isco).or(self.coding.code)
    }

    /// Where the code comes from, as the vacancy export's `isco_basis` names it.
    pub fn basis(&self) -> &'static str {
        match (self.review, self.coding.code) {
            (Some(_), _) => "reviewed",
            (None, Some(_)) => "coded",
            (None, None) => "uncoded",
        }
    }

    /// The coder's confidence in the code given, or `None` for a reviewer's code (a person's
    /// decision, not a model's probability).
    pub fn confidence(&self) -> Option<f32> {
        self.review.is_none().then_some(self.coding.confidence)
    }

    /// What the code rests on, in English as the coder's evidence is: the review (and what
    /// the coder reads, when that differs), else the coder's evidence.
    pub fn evidence(&self) -> String {
        let c = &self.coding;
        match self.review {
            Some(r) => {
                let coder = match c.candidates.first() {
                    Some(x) if x.unit == r.isco => "the coder agrees".to_string(),
                    Some(x) => format!("the coder reads {} at {:.2}", x.unit, c.confidence),
                    None => "the coder reads nothing".to_string(),
                };
                let note = r
                    .note
                    .as_deref()
                    .map(|n| format!(" (\"{n}\")"))
                    .unwrap_or_default();
                format!(
                    "occupation review: \"{}\" coded by {} on {}{note}; {coder}",
                    r.title,
                    r.actor,
                    r.reviewed_at.get(..10).unwrap_or(&r.reviewed_at)
                )
            }
            None if c.code.is_some() => c.evidence.clone(),
            None => format!("uncoded: {}", c.evidence),
        }
    }
}

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

/// The ads of a file, as [`read_ads`] reads them.
pub struct AdFile {
    pub headers: Vec<String>,
    pub ads: Vec<Ad>,
    /// Rows with every cell empty, passed over: nothing to code, but a reader who lines the
    /// output up with the input is told.
    pub blank_rows: usize,
}

/// Reads the ads of a CSV or XLSX file (any encoding and delimiter `ingest` accepts).
pub fn read_ads(path: &Path) -> Result<AdFile, PipelineError> {
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
    // In a file `code` wrote (it has the coder's columns), a column named like one `code`
    // writes is that output: it is replaced on output and read as nothing, so that coding a
    // coded file gives the same codes. In any other file a "skills" column is the source's.
    // The context columns are the vacancy import's (category, subcategory, function, study
    // programme, skills, under any of their names), joined in the same order.
    let context_col = |field: &str| {
        ingest::vacancy_context_headers(field).find_map(|name| {
            (0..keys.len()).find(|&i| {
                keys[i] == ingest::header_key(name)
                    && !(coded_before(&source.headers)
                        && CODE_OUTPUTS.contains(&source.headers[i].as_str()))
            })
        })
    };
    let context_cols: Vec<usize> = ingest::VACANCY_CONTEXT_FIELDS
        .iter()
        .filter_map(|field| context_col(field))
        .collect();
    let tags_col = context_col("skills");
    let mut ads = Vec::new();
    // A row whose shape is broken would be coded from the wrong cells: the file is refused,
    // naming the first such line, as an import refuses it.
    let mut broken: Option<(usize, String)> = None;
    let blank_rows = source.for_each_row(|raw| {
        let cells = raw.to_strings();
        if broken.is_none()
            && let Some((reason, _)) = raw.shape_problem(&source.headers)
        {
            broken = Some((raw.line, reason));
        }
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
    if let Some((line, reason)) = broken {
        return Err(PipelineError::Ingest(ingest::IngestError::Malformed {
            file: source.display_name.clone(),
            line: Some(line),
            reason,
        }));
    }
    Ok(AdFile {
        headers: source.headers.clone(),
        ads,
        blank_rows,
    })
}

/// The columns `listraf code` adds to every row. `kbji_title` is the unit group's KBJI 2014
/// title in Indonesian, for the people the file is for; `isco_title` the ILO's English one.
pub const CODE_OUTPUTS: [&str; 11] = [
    "isco08_unit",
    "isco_title",
    "kbji_title",
    "isco_confidence",
    "isco_evidence",
    "isco_basis",
    "skills",
    "skills_found",
    "region_code",
    "region_note",
    "duplicate_cluster",
];

/// Whether `headers` are those of a file `code` wrote: its own columns are there.
fn coded_before(headers: &[String]) -> bool {
    ["isco08_unit", "isco_evidence"]
        .iter()
        .all(|c| headers.iter().any(|h| h == c))
}

/// What a coded file holds, for the caller's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSummary {
    pub ads: usize,
    pub coded: usize,
    /// Of the coded, those whose title the occupation review coded.
    pub reviewed: usize,
    pub no_skills: usize,
    pub located: usize,
    /// Ads left after de-duplication (one per cluster).
    pub unique: usize,
}

/// Codes `ads` (read with `headers` by [`read_ads`]) with `coder`, the reviewed titles taking
/// their reviewer's code, and writes the coded CSV.
pub fn write_coded<W: Write>(
    headers: &[String],
    ads: &[Ad],
    coder: &Coder,
    reviewed: &ReviewedTitles,
    out: W,
) -> Result<CodeSummary, PipelineError> {
    use classify::dedup::{AdText, DedupConfig, clusters};
    use classify::location::resolve;
    let output = |e: csv::Error| PipelineError::Output(e.to_string());
    let regions: Vec<_> = ads
        .iter()
        .map(|a| a.location.as_deref().map(resolve))
        .collect();
    // Where the work is: the location, or the place the title names, as imports store it.
    let workplaces: Vec<_> = ads
        .iter()
        .zip(&regions)
        .map(|(a, r)| classify::location::workplace(&a.title, r.as_ref().and_then(|r| r.region())))
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
    // An input column named like an output column is replaced when the file was coded before,
    // and otherwise kept under a name of its own ("skills" → "skills_input"): two columns of
    // one name would leave readers to guess which is which.
    let recoding = coded_before(headers);
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&i| !(recoding && CODE_OUTPUTS.contains(&headers[i].as_str())))
        .collect();
    let mut header: Vec<String> = keep
        .iter()
        .map(|&i| {
            if CODE_OUTPUTS.contains(&headers[i].as_str()) {
                format!("{}_input", headers[i])
            } else {
                headers[i].clone()
            }
        })
        .collect();
    header.extend(CODE_OUTPUTS.map(String::from));
    w.write_record(&header).map_err(output)?;
    let mut summary = CodeSummary {
        ads: ads.len(),
        coded: 0,
        reviewed: 0,
        no_skills: 0,
        located: 0,
        unique: cluster
            .iter()
            .enumerate()
            .filter(|(i, c)| *i == **c)
            .count(),
    };
    for (i, ad) in ads.iter().enumerate() {
        let c = AdCoding::of(coder, reviewed, &ad.title, ad.body());
        let code = c.code();
        let skills = classify::skills::extract_ad(
            &ad.title,
            ad.skill_tags.as_deref(),
            ad.description.as_deref(),
            ad.company.as_deref(),
        );
        summary.coded += code.is_some() as usize;
        summary.reviewed += c.review.is_some() as usize;
        summary.no_skills += skills.is_empty() as usize;
        let work = workplaces[i];
        summary.located += work.region.is_some() as usize;
        let region = work.region.map(|c| c.to_string()).unwrap_or_default();
        let note = match (&regions[i], work.region) {
            (r, Some(code)) if work.from_title => {
                let location = match r {
                    None => "no location given".to_string(),
                    Some(r) => format!("the location reads {r}"),
                };
                format!("placed by the title: {code} {}; {location}", code.name())
            }
            (_, Some(_)) => String::new(),
            (None, None) => "no location given".to_string(),
            (Some(r), None) => r.to_string(),
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
        rec.push(code.map(|u| u.to_string()).unwrap_or_default());
        rec.push(code.map(|u| u.title_en().to_string()).unwrap_or_default());
        rec.push(
            code.and_then(|u| u.title_id())
                .unwrap_or_default()
                .to_string(),
        );
        rec.push(
            c.confidence()
                .map(|x| format!("{x:.3}"))
                .unwrap_or_default(),
        );
        rec.push(c.evidence());
        rec.push(c.basis().to_string());
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
