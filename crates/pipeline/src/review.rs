//! Occupation review: the people who answer for the figures code by hand the titles the
//! coder is least sure of. The coder is right about seven ads in ten; its confidence is
//! calibrated, so one minus it is the chance a code is wrong, and summed over a title's ads it
//! is the number of wrong codes that title is expected to put in the figures. The review queue
//! ranks titles by that sum: one decision on a frequent, doubtful title fixes many ads at once.
//!
//! A review gives its code to every ad of the title whose source gave none (now, and in every
//! later import, and in every coding tool, through [`ReviewedTitles`]); `recode` leaves such ads alone, and a
//! withdrawal gives them back to the coder. Titles are matched by
//! [`classify::lexicon::title_key`]. One ad whose title misleads ("Staf Operasional" that
//! drives a truck) can be coded on its own ([`review_vacancy`]); its title's review then passes
//! it by. Reviews are national: only the central scope writes them.

use std::collections::HashMap;

use classify::lexicon::title_key;
use domain::{IscoCode, Scope};
use store::{BatchMeta, BatchSummary, NewReview, REVIEW_ENTITY, ReviewRow, Store, TitleReview};

use crate::PipelineError;

/// Vacancies read at a time.
const PAGE: usize = 20_000;

/// One title in the review queue: the ads whose title has this key and whose code is
/// Listraf's (or missing).
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewGroup {
    pub key: String,
    /// The title as most of its ads write it.
    pub title: String,
    /// Ads counted in demand: the first of each duplicate cluster.
    pub ads: usize,
    /// Of those, the ones left uncoded.
    pub uncoded: usize,
    /// The codes the coder gave them, most frequent first.
    pub codes: Vec<(IscoCode, usize)>,
    /// Σ (1 − confidence) over the ads, an uncoded ad counting 1: how many of them are
    /// expected to be missing or wrong in the figures.
    pub expected_wrong: f64,
}

/// One reviewed title, with how many ads carry its code now.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedTitle {
    pub review: TitleReview,
    pub ads: usize,
}

/// What a review or a withdrawal did.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewOutcome {
    pub key: String,
    /// Vacancies whose code changed.
    pub changed: u64,
    /// Job seekers whose wishes in words took other codes.
    pub wishes: u64,
    /// The batch written; `None` when the review said what the stored one says and no
    /// vacancy changed (nothing is recorded, and the data version stays).
    pub batch: Option<BatchSummary>,
}

/// What a file of reviews did.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewFile {
    /// Rows that cannot be read, each by line, column and reason: nothing was written.
    Refused(Vec<ingest::RowProblem>),
    Read {
        /// Rows with a title and a code.
        reviews: usize,
        /// Rows without a code (a queue export with some titles left to review).
        skipped: usize,
        /// Reviews new or changed.
        written: u64,
        /// Vacancies whose code changed.
        changed: u64,
        /// Job seekers whose wishes in words took other codes.
        wishes: u64,
        /// `None` when nothing changed: the same file read again records nothing.
        batch: Option<BatchSummary>,
    },
}

/// The column names a file of reviews is read by (after `ingest::header_key`): the queue's
/// export with a code column added reads as it is.
pub const REVIEW_COLUMNS: [(&str, &[&str]); 3] = [
    ("title", &["title", "judul", "judul_lowongan"]),
    (
        "isco08",
        &["isco08", "kode", "isco08_unit", "kode_isco", "kode_kbji"],
    ),
    ("note", &["note", "catatan"]),
];

/// Why a review cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewRefusal {
    /// The title has no word a key can be made of.
    EmptyTitle,
    /// Reviews are national.
    NotCentral,
    /// The vacancy's source gave its code (a source's code is never overridden).
    NotReviewable,
    /// No vacancy has this number.
    UnknownVacancy(i64),
}

fn each_reviewable(
    store: &mut Store,
    scope: &Scope,
    mut f: impl FnMut(&ReviewRow),
) -> Result<(), PipelineError> {
    let mut after = 0i64;
    loop {
        let rows = store.reviewable_vacancies(scope, after, PAGE)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        rows.iter().for_each(&mut f);
        if rows.len() < PAGE {
            break;
        }
    }
    Ok(())
}

/// The review queue's first `limit` titles (see [`review_queue`]) and the reviewed titles
/// (see [`reviewed_titles`]), from one read of the vacancies in `scope`.
pub fn review_overview(
    store: &mut Store,
    scope: &Scope,
    limit: usize,
) -> Result<(Vec<ReviewGroup>, Vec<ReviewedTitle>), PipelineError> {
    #[derive(Default)]
    struct Acc {
        spellings: HashMap<String, usize>,
        ads: HashMap<i64, (Option<IscoCode>, f64)>,
    }
    let reviews = store.title_reviews()?;
    let mut groups: HashMap<String, Acc> = HashMap::new();
    let mut reviewed: HashMap<String, std::collections::HashSet<i64>> = HashMap::new();
    each_reviewable(store, scope, |r| {
        if r.reviewed {
            reviewed
                .entry(title_key(&r.title))
                .or_default()
                .insert(r.cluster.unwrap_or(r.id));
            return;
        }
        // Demand counts the first ad of a duplicate cluster only: a re-post's code reaches no
        // figure, and a cluster whose first ad has its source's code is not Listraf's to fix.
        if r.cluster.is_some_and(|c| c != r.id) {
            return;
        }
        let key = title_key(&r.title);
        if key.is_empty() {
            return;
        }
        let acc = groups.entry(key).or_default();
        *acc.spellings.entry(r.title.trim().to_string()).or_default() += 1;
        acc.ads.insert(r.id, (r.isco, r.confidence.unwrap_or(0.0)));
    })?;
    let mut out: Vec<ReviewGroup> = groups
        .into_iter()
        .map(|(key, acc)| {
            let mut codes: HashMap<IscoCode, usize> = HashMap::new();
            let (mut uncoded, mut expected_wrong) = (0usize, 0f64);
            for &(isco, confidence) in acc.ads.values() {
                match isco {
                    Some(c) => {
                        *codes.entry(c).or_default() += 1;
                        expected_wrong += (1.0 - confidence).clamp(0.0, 1.0);
                    }
                    None => {
                        uncoded += 1;
                        expected_wrong += 1.0;
                    }
                }
            }
            let mut codes: Vec<(IscoCode, usize)> = codes.into_iter().collect();
            codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let title = acc
                .spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(t, _)| t)
                .unwrap_or_default();
            ReviewGroup {
                key,
                title,
                ads: acc.ads.len(),
                uncoded,
                codes,
                expected_wrong,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.expected_wrong
            .total_cmp(&a.expected_wrong)
            .then(b.ads.cmp(&a.ads))
            .then_with(|| a.key.cmp(&b.key))
    });
    out.truncate(limit);
    let reviews = reviews
        .into_iter()
        .map(|review| ReviewedTitle {
            ads: reviewed.get(&review.key).map(|s| s.len()).unwrap_or(0),
            review,
        })
        .collect();
    Ok((out, reviews))
}

/// The titles in `scope` with ads coded by Listraf or left uncoded and no review yet, the
/// most expected wrong codes first (then the most ads, then the key), at most `limit`.
pub fn review_queue(
    store: &mut Store,
    scope: &Scope,
    limit: usize,
) -> Result<Vec<ReviewGroup>, PipelineError> {
    Ok(review_overview(store, scope, limit)?.0)
}

/// The ads of one title that a review may code.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleAds {
    /// The first `limit` of them, in id order.
    pub rows: Vec<ReviewRow>,
    /// How many there are, re-posts included.
    pub total: usize,
    /// The queue's count of a title not yet reviewed: its ads a review has not coded that are
    /// the first of their duplicate cluster.
    pub unique_queued: usize,
    /// The reviewed list's count of a reviewed title: the duplicate clusters of its ads a
    /// review coded.
    pub unique_reviewed: usize,
}

impl TitleAds {
    /// How many of the title's ads count in demand, as the queue (`reviewed` false) or the
    /// list of reviewed titles (`reviewed` true) counts them.
    pub fn unique(&self, reviewed: bool) -> usize {
        if reviewed {
            self.unique_reviewed
        } else {
            self.unique_queued
        }
    }
}

/// The vacancies in `scope` whose title has `key` and whose code a review may give (Listraf's,
/// none, or a review's), in id order: at most `limit`, and how many there are in all.
pub fn title_vacancies(
    store: &mut Store,
    scope: &Scope,
    key: &str,
    limit: usize,
) -> Result<TitleAds, PipelineError> {
    let mut rows = Vec::new();
    let mut total = 0usize;
    let mut firsts = 0usize;
    let mut reviewed_clusters = std::collections::HashSet::new();
    each_reviewable(store, scope, |r| {
        if title_key(&r.title) == key {
            total += 1;
            if r.reviewed {
                reviewed_clusters.insert(r.cluster.unwrap_or(r.id));
            } else if r.cluster.is_none_or(|c| c == r.id) {
                firsts += 1;
            }
            if rows.len() < limit {
                rows.push(r.clone());
            }
        }
    })?;
    Ok(TitleAds {
        rows,
        total,
        unique_queued: firsts,
        unique_reviewed: reviewed_clusters.len(),
    })
}

/// Every reviewed title, the latest first, with how many ads (in the central scope, counted
/// once per duplicate cluster) carry its code.
pub fn reviewed_titles(store: &mut Store) -> Result<Vec<ReviewedTitle>, PipelineError> {
    Ok(review_overview(store, &Scope::Central, 0)?.1)
}

/// The occupation review's codes by title key, as every coding tool reads them: an import
/// gives them to the ads it codes and to job seekers' written wishes, and `listraf code`, the
/// coding page and the coding API give a reviewed title its reviewer's code in place of the
/// coder's answer.
#[derive(Debug, Clone, Default)]
pub struct ReviewedTitles(HashMap<String, TitleReview>);

impl ReviewedTitles {
    /// Every review the store holds.
    pub fn load(store: &mut Store) -> Result<ReviewedTitles, PipelineError> {
        Ok(store.title_reviews()?.into_iter().collect())
    }

    /// The review of the title `title` is read as (by [`title_key`]), if it has one.
    pub fn of(&self, title: &str) -> Option<&TitleReview> {
        if self.0.is_empty() {
            // No review: spare every ad the key.
            return None;
        }
        self.0.get(&title_key(title))
    }

    /// The reviewer's code of `title`, if it has one.
    pub fn code_of(&self, title: &str) -> Option<IscoCode> {
        self.of(title).map(|r| r.isco)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<TitleReview> for ReviewedTitles {
    fn from_iter<I: IntoIterator<Item = TitleReview>>(reviews: I) -> ReviewedTitles {
        ReviewedTitles(reviews.into_iter().map(|r| (r.key.clone(), r)).collect())
    }
}

/// Writes `reviews` (key, title, code, note) as one batch named `file_name`, unless nothing
/// changes: (reviews written, vacancies changed, job seekers changed, the batch).
fn write_reviews(
    store: &mut Store,
    scope: &Scope,
    reviews: &[NewReview<'_>],
    file_name: &str,
    label: &str,
    actor: &str,
) -> Result<(u64, u64, u64, Option<BatchSummary>), PipelineError> {
    let about = reviews.first().map(|r| r.key).unwrap_or("");
    let batch_key = crate::unique_batch_key(REVIEW_ENTITY, about);
    let meta = BatchMeta {
        entity: REVIEW_ENTITY,
        file_name,
        file_sha256: &batch_key,
        source_label: label,
        actor,
        synthetic: false,
    };
    let before = ReviewedTitles::load(store)?;
    let mut session = store.begin_import(scope, &meta)?;
    let (written, changed) = session.review_titles(reviews, title_key)?;
    let keys: std::collections::HashSet<&str> = reviews.iter().map(|r| r.key).collect();
    let wishes = recode_wishes(&mut session, &before, |t| {
        keys.contains(title_key(t).as_str())
    })?;
    if written == 0 && changed == 0 && wishes == 0 {
        session.rollback()?;
        return Ok((0, 0, 0, None));
    }
    Ok((written, changed, wishes, Some(session.commit()?)))
}

/// Gives the job seekers' wishes in words that `touches` selects the codes the reviews now in
/// `session` give them (a reviewed title's code, else the coder's), as an import would;
/// `before` are the reviews they were coded under. Returns the job seekers changed.
fn recode_wishes(
    session: &mut store::ImportSession<'_>,
    before: &ReviewedTitles,
    touches: impl Fn(&str) -> bool,
) -> Result<u64, PipelineError> {
    let after: ReviewedTitles = session.title_reviews()?.into_iter().collect();
    let (_, changed) = session.recode_wishes(
        touches,
        |given, texts| crate::wish_codes(given, texts, &after),
        Some(&|given, texts| crate::wish_codes(given, texts, before)),
    )?;
    Ok(changed)
}

/// Codes `title` as `isco` by hand: every ad of that title whose source gave no code takes
/// it, in one batch, and so will the ads later imports bring. A second review of the same
/// title replaces the first; one that says the same records nothing.
pub fn review_title(
    store: &mut Store,
    scope: &Scope,
    title: &str,
    isco: IscoCode,
    note: Option<&str>,
    actor: &str,
) -> Result<Result<ReviewOutcome, ReviewRefusal>, PipelineError> {
    if *scope != Scope::Central {
        return Ok(Err(ReviewRefusal::NotCentral));
    }
    let key = title_key(title);
    if key.is_empty() {
        return Ok(Err(ReviewRefusal::EmptyTitle));
    }
    let review = NewReview {
        key: &key,
        title: title.trim(),
        isco,
        note,
    };
    let label = format!("\"{}\" → {isco}", title.trim());
    let (_, changed, wishes, batch) =
        write_reviews(store, scope, &[review], "review", &label, actor)?;
    Ok(Ok(ReviewOutcome {
        key,
        changed,
        wishes,
        batch,
    }))
}

/// Reads a file of reviews (CSV or XLSX: a title column, a code column, optionally a note;
/// [`REVIEW_COLUMNS`]) and writes them as one batch. Rows without a code are skipped. A row
/// whose code is not an ISCO-08 unit group, whose title names no job, or whose title the file
/// gives two codes, refuses the whole file, each named by line and column.
pub fn import_reviews(
    store: &mut Store,
    scope: &Scope,
    path: &std::path::Path,
    actor: &str,
) -> Result<Result<ReviewFile, ReviewRefusal>, PipelineError> {
    if *scope != Scope::Central {
        return Ok(Err(ReviewRefusal::NotCentral));
    }
    let source = ingest::Source::open(path, ingest::XlsxLimits::default())?;
    let file = source.display_name.clone();
    let keys: Vec<String> = source
        .headers
        .iter()
        .map(|h| ingest::header_key(h))
        .collect();
    let col = |i: usize| {
        REVIEW_COLUMNS[i]
            .1
            .iter()
            .find_map(|a| keys.iter().position(|k| k == a))
    };
    let problem = |line: usize, column: &str, en: String, id: String| ingest::RowProblem {
        file: file.clone(),
        line,
        column: column.to_string(),
        reason: en,
        reason_id: id,
    };
    let (Some(ti), Some(ci)) = (col(0), col(1)) else {
        let header = source.header_line;
        let mut problems = Vec::new();
        for (i, found) in [(0, col(0)), (1, col(1))] {
            if found.is_none() {
                let accepted = REVIEW_COLUMNS[i].1.join(", ");
                problems.push(problem(
                    header,
                    REVIEW_COLUMNS[i].0,
                    format!("no such column (accepted names: {accepted})"),
                    format!("kolom tidak ada (nama yang diterima: {accepted})"),
                ));
            }
        }
        return Ok(Ok(ReviewFile::Refused(problems)));
    };
    let ni = col(2);
    // (line, key, title, code, note), and the problems.
    let mut rows: Vec<(usize, String, String, IscoCode, Option<String>)> = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = 0usize;
    let mut first: HashMap<String, (usize, IscoCode)> = HashMap::new();
    source.for_each_row(|raw| {
        let cells = raw.to_strings();
        let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
        let (title, code) = (cell(ti), cell(ci));
        if code.is_empty() {
            skipped += 1;
            return;
        }
        let key = title_key(title);
        if key.is_empty() {
            problems.push(problem(
                raw.line,
                REVIEW_COLUMNS[0].0,
                format!("{title:?} names no job (ad words such as \"urgent\" alone)"),
                format!(
                    "{title:?} tidak menamai jabatan (hanya kata iklan seperti \"dibutuhkan\")"
                ),
            ));
            return;
        }
        // A spreadsheet cell in General format drops the leading zero of the armed forces'
        // units (0110 → 110); no ISCO group is written 110, 210 or 310, so the zero is put back.
        let padded;
        let code = if code.len() == 3
            && code.bytes().all(|b| b.is_ascii_digit())
            && IscoCode::parse(code).is_err()
            && IscoCode::parse(&format!("0{code}")).is_ok_and(IscoCode::is_unit)
        {
            padded = format!("0{code}");
            padded.as_str()
        } else {
            code
        };
        let isco = match IscoCode::parse(code) {
            Ok(c) if c.is_unit() => c,
            Ok(_) => {
                problems.push(problem(
                    raw.line,
                    REVIEW_COLUMNS[1].0,
                    format!("{code} is a group, not a unit group: give 4 digits"),
                    format!("{code} adalah kelompok, bukan golongan jabatan: tulis 4 angka"),
                ));
                return;
            }
            Err(e) => {
                problems.push(problem(
                    raw.line,
                    REVIEW_COLUMNS[1].0,
                    e.to_string(),
                    e.indonesian(),
                ));
                return;
            }
        };
        match first.get(&key) {
            Some(&(line, c)) if c != isco => {
                problems.push(problem(
                    raw.line,
                    REVIEW_COLUMNS[1].0,
                    format!("the title \"{key}\" was given {c} on line {line}, here {isco}"),
                    format!("judul \"{key}\" sudah diberi {c} di baris {line}, di sini {isco}"),
                ));
                return;
            }
            Some(_) => return,
            None => {
                first.insert(key.clone(), (raw.line, isco));
            }
        }
        let note = ni
            .map(cell)
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(500).collect());
        rows.push((raw.line, key, title.chars().take(200).collect(), isco, note));
    })?;
    if !problems.is_empty() {
        return Ok(Ok(ReviewFile::Refused(problems)));
    }
    let reviews: Vec<NewReview<'_>> = rows
        .iter()
        .map(|(_, key, title, isco, note)| NewReview {
            key,
            title,
            isco: *isco,
            note: note.as_deref(),
        })
        .collect();
    let (written, changed, wishes, batch) = if reviews.is_empty() {
        (0, 0, 0, None)
    } else {
        let label = format!("{} titles coded by hand", reviews.len());
        write_reviews(store, scope, &reviews, &file, &label, actor)?
    };
    Ok(Ok(ReviewFile::Read {
        reviews: reviews.len(),
        skipped,
        written,
        changed,
        wishes,
        batch,
    }))
}

/// Withdraws the review of title `key`: its ads are coded by the coder again (as an import
/// would code them). `None` when the title has no review.
pub fn withdraw_review(
    store: &mut Store,
    scope: &Scope,
    key: &str,
    actor: &str,
) -> Result<Result<Option<ReviewOutcome>, ReviewRefusal>, PipelineError> {
    if *scope != Scope::Central {
        return Ok(Err(ReviewRefusal::NotCentral));
    }
    let Some(review) = store.title_review(key)? else {
        return Ok(Ok(None));
    };
    let label = format!("\"{}\" ↛ {}", review.title, review.isco);
    let batch_key = crate::unique_batch_key(REVIEW_ENTITY, key);
    let meta = BatchMeta {
        entity: REVIEW_ENTITY,
        file_name: "review withdrawn",
        file_sha256: &batch_key,
        source_label: &label,
        actor,
        synthetic: false,
    };
    let before = ReviewedTitles::load(store)?;
    let mut session = store.begin_import(scope, &meta)?;
    let withdrawn = session.withdraw_title_review(
        key,
        |t| title_key(t) == key,
        |v| match crate::listraf_code(&v.title, v.description.as_deref(), v.context.as_deref()) {
            Some((code, confidence)) => (Some(code), Some(f64::from(confidence))),
            None => (None, None),
        },
    )?;
    let Some((_, changed)) = withdrawn else {
        // Withdrawn in the meantime: nothing to record.
        session.rollback()?;
        return Ok(Ok(None));
    };
    let wishes = recode_wishes(&mut session, &before, |t| title_key(t) == key)?;
    let batch = Some(session.commit()?);
    Ok(Ok(Some(ReviewOutcome {
        key: key.to_string(),
        changed,
        wishes,
        batch,
    })))
}

fn ad_batch<'a>(file_name: &'a str, key: &'a str, label: &'a str, actor: &'a str) -> BatchMeta<'a> {
    BatchMeta {
        entity: REVIEW_ENTITY,
        file_name,
        file_sha256: key,
        source_label: label,
        actor,
        synthetic: false,
    }
}

/// Codes one vacancy by hand, on its own: over the coder's code and over its title's review
/// (which passes it by from then on), until withdrawn. The batch is `None` when the review
/// says what the stored one says.
pub fn review_vacancy(
    store: &mut Store,
    scope: &Scope,
    vacancy_id: i64,
    isco: IscoCode,
    note: Option<&str>,
    actor: &str,
) -> Result<Result<Option<BatchSummary>, ReviewRefusal>, PipelineError> {
    if *scope != Scope::Central {
        return Ok(Err(ReviewRefusal::NotCentral));
    }
    let key = crate::unique_batch_key(REVIEW_ENTITY, &vacancy_id.to_string());
    let label = format!("vacancy {vacancy_id} → {isco}");
    let mut session =
        store.begin_import(scope, &ad_batch("review of one ad", &key, &label, actor))?;
    match session.review_vacancy(vacancy_id, isco, note)? {
        None => {
            session.rollback()?;
            Ok(Err(match store.vacancy_detail(scope, vacancy_id)? {
                Some(_) => ReviewRefusal::NotReviewable,
                None => ReviewRefusal::UnknownVacancy(vacancy_id),
            }))
        }
        Some(false) => {
            session.rollback()?;
            Ok(Ok(None))
        }
        Some(true) => Ok(Ok(Some(session.commit()?))),
    }
}

/// Withdraws one vacancy's own review: it takes its title's reviewed code if its title has
/// one, else the coder's answer, as an import would give it. `None` when it had no review.
pub fn withdraw_vacancy_review(
    store: &mut Store,
    scope: &Scope,
    vacancy_id: i64,
    actor: &str,
) -> Result<Result<Option<BatchSummary>, ReviewRefusal>, PipelineError> {
    if *scope != Scope::Central {
        return Ok(Err(ReviewRefusal::NotCentral));
    }
    let Some(v) = store.vacancy_detail(scope, vacancy_id)? else {
        return Ok(Err(ReviewRefusal::UnknownVacancy(vacancy_id)));
    };
    let then = match store.title_review(&title_key(&v.title))? {
        Some(r) => (Some(r.isco), None, 1),
        None => match crate::listraf_code(&v.title, v.description.as_deref(), v.context.as_deref())
        {
            Some((code, confidence)) => (Some(code), Some(f64::from(confidence)), 0),
            None => (None, None, 0),
        },
    };
    let key = crate::unique_batch_key(REVIEW_ENTITY, &vacancy_id.to_string());
    let label = format!("vacancy {vacancy_id} review withdrawn");
    let mut session = store.begin_import(
        scope,
        &ad_batch("review of one ad withdrawn", &key, &label, actor),
    )?;
    if !session.withdraw_vacancy_review(vacancy_id, then)? {
        session.rollback()?;
        return Ok(Ok(None));
    }
    Ok(Ok(Some(session.commit()?)))
}
