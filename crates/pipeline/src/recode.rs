//! Re-coding the occupations Listraf gave: when the shipped coder improves, the codes it gave
//! at import stay in the database until someone asks for them again. `recode` asks: every
//! vacancy without a code from its source is coded anew (title, description, context fields,
//! as at import) and the rows whose code or confidence moved are updated, in one transaction
//! recorded as a batch. A code that came from the source is never touched.
//!
//! The same run places vacancies stored without a region where the resolver now reads their
//! workplace, from the location text or the place the title names, as an import would (a
//! resolver that learned "Kota Adm. Jakarta Selatan" brings old ads into the regional counts),
//! and recomputes duplicate clusters, which are blocked by region. A region
//! already stored, from the source or from an earlier resolution, is never moved: it decides
//! which regional office sees the vacancy, and that must not change under the office's feet.
//! Only the central scope holds vacancies without a region, so only a central recode places
//! them.

use std::collections::HashMap;

use classify::coder::{Profile, model_fingerprint};
use domain::{IscoCode, Scope};
use store::{BatchMeta, BatchSummary, RecodeChange, RecodeRow, RegionFill, Store};

use crate::PipelineError;

/// The batch entity a recode is recorded under.
pub use store::RECODE_ENTITY;

/// Vacancies read and coded at a time.
const PAGE: usize = 20_000;

/// What a recode found and did.
#[derive(Debug, Clone, PartialEq)]
pub struct RecodeReport {
    /// Fingerprint of the coder used (see [`classify::coder::model_fingerprint`]).
    pub model: String,
    /// Vacancies without a source code, in scope.
    pub examined: usize,
    /// Uncoded before, coded now.
    pub newly_coded: usize,
    /// Coded before, below the confidence to code now.
    pub now_uncoded: usize,
    /// Another code than before.
    pub recoded: usize,
    /// Same code, another confidence.
    pub confidence_only: usize,
    /// Vacancies without a region, in scope.
    pub unlocated: usize,
    /// Of those, the ones the resolver now places (from the location text or the title).
    pub located: usize,
    /// Job seekers whose wishes in words took other codes (those stored before the source's
    /// codes were kept apart are left as they are: their old codes cannot be told apart).
    pub wishes: usize,
    /// (before, after, vacancies) of the code changes, most frequent first, at most 15.
    pub transitions: Vec<(Option<IscoCode>, Option<IscoCode>, usize)>,
    /// The batch written; `None` on a dry run or when nothing changed.
    pub batch: Option<BatchSummary>,
}

impl RecodeReport {
    /// Rows whose stored code or confidence changes, and vacancies placed in a region.
    pub fn changed(&self) -> usize {
        self.newly_coded
            + self.now_uncoded
            + self.recoded
            + self.confidence_only
            + self.located
            + self.wishes
    }
}

/// Codes again, with the shipped Indonesian coder (the one imports use), every vacancy in
/// `scope` whose occupation came from Listraf or is missing, and stores what changed unless
/// `dry_run`. The vacancies are read and coded outside any transaction; only the updates
/// take the write lock. Running it twice changes nothing the second time.
///
/// The report counts what the coder found; the batch's `updated` is what was written, less
/// any row an import changed between the read and the write (that row keeps its newer value).
pub fn recode(
    store: &mut Store,
    scope: &Scope,
    actor: &str,
    dry_run: bool,
) -> Result<RecodeReport, PipelineError> {
    recode_in_pages(store, scope, actor, dry_run, PAGE)
}

/// [`recode`], reading `page` vacancies at a time.
pub fn recode_in_pages(
    store: &mut Store,
    scope: &Scope,
    actor: &str,
    dry_run: bool,
    page: usize,
) -> Result<RecodeReport, PipelineError> {
    let page = page.max(1);
    let model = model_fingerprint(Profile::Indonesia);
    let mut report = RecodeReport {
        model,
        examined: 0,
        newly_coded: 0,
        now_uncoded: 0,
        recoded: 0,
        confidence_only: 0,
        unlocated: 0,
        located: 0,
        wishes: 0,
        transitions: Vec::new(),
        batch: None,
    };
    let mut changes: Vec<RecodeChange> = Vec::new();
    let mut moves: HashMap<(Option<IscoCode>, Option<IscoCode>), usize> = HashMap::new();
    // A page at a time: descriptions make a national table too large to hold at once, and
    // only the changes are kept.
    let mut after = 0i64;
    loop {
        let rows = store.vacancies_for_recode(scope, after, page)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        report.examined += rows.len();
        for (row, &(isco, confidence)) in rows.iter().zip(&code_all(&rows)) {
            let same_confidence = match (row.confidence, confidence) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-6,
                (None, None) => true,
                _ => false,
            };
            if row.isco == isco && same_confidence {
                continue;
            }
            match (row.isco, isco) {
                (None, Some(_)) => report.newly_coded += 1,
                (Some(_), None) => report.now_uncoded += 1,
                (a, b) if a != b => report.recoded += 1,
                _ => report.confidence_only += 1,
            }
            if row.isco != isco {
                *moves.entry((row.isco, isco)).or_default() += 1;
            }
            changes.push(RecodeChange {
                id: row.id,
                before: (row.isco, row.confidence),
                after: (isco, confidence),
            });
        }
        if rows.len() < page {
            break;
        }
    }
    let mut transitions: Vec<_> = moves.into_iter().map(|((a, b), n)| (a, b, n)).collect();
    transitions.sort_by(|x, y| {
        y.2.cmp(&x.2)
            .then_with(|| x.0.cmp(&y.0))
            .then_with(|| x.1.cmp(&y.1))
    });
    transitions.truncate(15);
    report.transitions = transitions;
    let unlocated = store.vacancies_without_region(scope)?;
    report.unlocated = unlocated.len();
    // Only the central scope reads vacancies without a region, and the session checks each
    // region against its scope again.
    let fills: Vec<RegionFill> = unlocated
        .iter()
        .filter_map(|v| {
            // As an import places a vacancy its source left without a region.
            let located = v
                .location_text
                .as_deref()
                .and_then(|t| classify::location::resolve(t).region());
            let region = classify::location::workplace(&v.title, located).region?;
            Some(RegionFill { id: v.id, region })
        })
        .collect();
    report.located = fills.len();
    let reviewed = crate::review::ReviewedTitles::load(store)?;
    let label = format!("coder model {}", report.model);
    let key = crate::unique_batch_key(RECODE_ENTITY, &report.model);
    let meta = BatchMeta {
        entity: RECODE_ENTITY,
        file_name: "listraf recode",
        file_sha256: &key,
        source_label: &label,
        actor,
        synthetic: false,
    };
    // An error drops the session, which rolls the transaction back. Job seekers' wishes in
    // words are coded again inside it (as an import codes them), and counted on a dry run too.
    let mut session = store.begin_import(scope, &meta)?;
    let (_, wishes) = session.recode_wishes(
        |_| true,
        |given, texts| crate::wish_codes(given, texts, &reviewed),
        None,
    )?;
    report.wishes = wishes as usize;
    if dry_run || (changes.is_empty() && fills.is_empty() && wishes == 0) {
        // Nothing to record: no batch, and the data version stays where it was.
        session.rollback()?;
        return Ok(report);
    }
    session.set_codes(report.examined as u64, &changes)?;
    if session.set_regions(report.unlocated as u64, &fills)? > 0 {
        crate::recluster(&mut session)?;
    }
    report.batch = Some(session.commit()?);
    Ok(report)
}

/// (code, confidence) per row, as the import stores them ([`crate::listraf_code`]): both
/// empty when uncoded. Split over the machine's cores: the coder is read-only and a national
/// database holds hundreds of thousands of ads.
fn code_all(rows: &[RecodeRow]) -> Vec<(Option<IscoCode>, Option<f64>)> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = rows.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = rows
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|r| {
                            match crate::listraf_code(
                                &r.title,
                                r.description.as_deref(),
                                r.context.as_deref(),
                            ) {
                                Some((code, confidence)) => {
                                    (Some(code), Some(f64::from(confidence)))
                                }
                                None => (None, None),
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            // A coder that panics on some text is a bug to see, not a row to skip.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
