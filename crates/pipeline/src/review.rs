//! Occupation review: the people who answer for the figures code by hand the titles the
//! coder is least sure of. The coder is right about seven ads in ten; its confidence is
//! calibrated, so one minus it is the chance a code is wrong, and summed over a title's ads it
//! is the number of wrong codes that title is expected to put in the figures. The review queue
//! ranks titles by that sum: one decision on a frequent, doubtful title fixes many ads at once.
//!
//! A review gives its code to every ad of the title whose source gave none (now, and in every
//! later import, through [`reviewed_codes`]); `recode` leaves such ads alone, and a
//! withdrawal gives them back to the coder. Titles are matched by
//! [`classify::lexicon::title_key`]. Reviews are national: only the central scope writes them.

use std::collections::HashMap;

use classify::lexicon::title_key;
use domain::{IscoCode, Scope};
use store::{BatchMeta, BatchSummary, REVIEW_ENTITY, ReviewRow, Store, TitleReview};

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
    pub batch: BatchSummary,
}

/// Why a review cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewRefusal {
    /// The title has no word a key can be made of.
    EmptyTitle,
    /// Reviews are national.
    NotCentral,
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

/// The titles in `scope` with ads coded by Listraf or left uncoded and no review yet, the
/// most expected wrong codes first (then the most ads, then the key), at most `limit`.
pub fn review_queue(
    store: &mut Store,
    scope: &Scope,
    limit: usize,
) -> Result<Vec<ReviewGroup>, PipelineError> {
    #[derive(Default)]
    struct Acc {
        spellings: HashMap<String, usize>,
        ads: HashMap<i64, (Option<IscoCode>, f64)>,
    }
    let mut groups: HashMap<String, Acc> = HashMap::new();
    each_reviewable(store, scope, |r| {
        // Demand counts the first ad of a duplicate cluster only: a re-post's code reaches no
        // figure, and a cluster whose first ad has its source's code is not Listraf's to fix.
        if r.reviewed || r.cluster.is_some_and(|c| c != r.id) {
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
    Ok(out)
}

/// The vacancies in `scope` whose title has `key` and whose code a review may give (Listraf's,
/// none, or a review's), in id order: at most `limit`, and how many there are in all.
pub fn title_vacancies(
    store: &mut Store,
    scope: &Scope,
    key: &str,
    limit: usize,
) -> Result<(Vec<ReviewRow>, usize), PipelineError> {
    let mut rows = Vec::new();
    let mut total = 0usize;
    each_reviewable(store, scope, |r| {
        if title_key(&r.title) == key {
            total += 1;
            if rows.len() < limit {
                rows.push(r.clone());
            }
        }
    })?;
    Ok((rows, total))
}

/// Every reviewed title, the latest first, with how many ads (in the central scope, counted
/// once per duplicate cluster) carry its code.
pub fn reviewed_titles(store: &mut Store) -> Result<Vec<ReviewedTitle>, PipelineError> {
    let reviews = store.title_reviews()?;
    let mut ads: HashMap<String, std::collections::HashSet<i64>> = HashMap::new();
    each_reviewable(store, &Scope::Central, |r| {
        if r.reviewed {
            ads.entry(title_key(&r.title))
                .or_default()
                .insert(r.cluster.unwrap_or(r.id));
        }
    })?;
    Ok(reviews
        .into_iter()
        .map(|review| ReviewedTitle {
            ads: ads.get(&review.key).map(|s| s.len()).unwrap_or(0),
            review,
        })
        .collect())
}

/// The reviewed codes by title key, for an import to give the ads it codes.
pub fn reviewed_codes(store: &mut Store) -> Result<HashMap<String, IscoCode>, PipelineError> {
    Ok(store
        .title_reviews()?
        .into_iter()
        .map(|r| (r.key, r.isco))
        .collect())
}

fn batch_meta<'a>(
    file_name: &'a str,
    key: &'a str,
    label: &'a str,
    actor: &'a str,
) -> BatchMeta<'a> {
    BatchMeta {
        entity: REVIEW_ENTITY,
        file_name,
        file_sha256: key,
        source_label: label,
        actor,
        synthetic: false,
    }
}

/// Codes `title` as `isco` by hand: every ad of that title whose source gave no code takes
/// it, in one batch, and so will the ads later imports bring. A second review of the same
/// title replaces the first.
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
    let label = format!("\"{}\" → {isco}", title.trim());
    let batch_key = crate::unique_batch_key(REVIEW_ENTITY, &key);
    let mut session =
        store.begin_import(scope, &batch_meta("review", &batch_key, &label, actor))?;
    let changed = session.review_title(&key, title.trim(), isco, note, |t| title_key(t) == key)?;
    let batch = session.commit()?;
    Ok(Ok(ReviewOutcome {
        key,
        changed,
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
    let mut session = store.begin_import(
        scope,
        &batch_meta("review withdrawn", &batch_key, &label, actor),
    )?;
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
    let batch = session.commit()?;
    Ok(Ok(Some(ReviewOutcome {
        key: key.to_string(),
        changed,
        batch,
    })))
}
