//! Occupation review: vacancy titles a user of this deployment coded by hand. A reviewed
//! title's code goes to every ad of that title whose source gave no code, now and in every
//! later import, in place of the coder's; a withdrawn review gives those ads back to the
//! coder. The key is the title's job part, folded, worked out by the caller
//! (`classify::lexicon::title_key`): this crate compares the keys it is given and knows no
//! text rules.
//!
//! Reviews are national: one title has one code for every region, and only the central scope
//! writes them. Each review or withdrawal is a batch of its own (entity
//! [`REVIEW_ENTITY`], audit action `review`), so it bumps the data version the web's caches
//! and analytics snapshot follow, and the history shows who coded what.

use domain::{IscoCode, Scope};

use crate::conn::{Conn, Value};
use crate::{ImportSession, Store, StoreError, now_utc};

/// The batch entity reviews and withdrawals are recorded under.
pub const REVIEW_ENTITY: &str = "occupation review";

/// Vacancies a title's review may code: their source gave no code (Listraf coded them, left
/// them uncoded, or a reviewer coded their title). A vacancy coded by hand on its own
/// (`isco_reviewed` 2) is not among them.
const REVIEWABLE: &str =
    "(v.isco08 IS NULL OR v.isco_confidence IS NOT NULL OR v.isco_reviewed = 1)";

/// A title coded by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleReview {
    pub id: i64,
    /// The title's job part, folded: what ads are matched by.
    pub key: String,
    /// The title as the reviewer saw it.
    pub title: String,
    pub isco: IscoCode,
    pub note: Option<String>,
    pub actor: String,
    pub reviewed_at: String,
    pub batch_id: i64,
}

/// A vacancy a review may code, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub id: i64,
    pub title: String,
    pub isco: Option<IscoCode>,
    /// The coder's confidence; `None` when uncoded or coded by a review.
    pub confidence: Option<f64>,
    pub reviewed: bool,
    pub cluster: Option<i64>,
}

/// A review to write: the title's key, the title as the reviewer saw it, the code and a note.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewReview<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub isco: IscoCode,
    pub note: Option<&'a str>,
}

/// The text of a vacancy whose review is withdrawn, for the coder to read again.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedText {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub context: Option<String>,
}

fn review_of(r: &crate::conn::Row) -> Option<TitleReview> {
    Some(TitleReview {
        id: r.int(0),
        key: r.text(1),
        title: r.text(2),
        isco: IscoCode::parse(&r.text(3)).ok()?,
        note: r.opt_text(4),
        actor: r.text(5),
        reviewed_at: r.text(6),
        batch_id: r.int(7),
    })
}

const REVIEW_COLUMNS: &str = "id, title_key, title, isco08, note, actor, reviewed_at, batch_id";

fn central_only(scope: &Scope) -> Result<(), StoreError> {
    match scope {
        Scope::Central => Ok(()),
        other => Err(StoreError::Internal(format!(
            "occupation reviews are national and only the central scope writes them (this session's scope is {other})"
        ))),
    }
}

/// A review row to write: keyed by `key_column` in `table`, with the title as seen for a
/// title's review.
struct ReviewWrite<'a> {
    table: &'a str,
    key_column: &'a str,
    key: Value<'a>,
    title: Option<&'a str>,
    code: &'a str,
    note: Option<&'a str>,
    actor: &'a str,
    now: &'a str,
    batch: i64,
}

/// Writes a review row, replacing the key's earlier one; a row that already says the same
/// code and note is left as it is (reading the same review again records nothing). Returns
/// the rows written.
fn upsert_review(conn: &mut Conn, w: &ReviewWrite<'_>) -> Result<u64, StoreError> {
    let (table, key_column) = (w.table, w.key_column);
    let existing = conn.query_row(
        &format!("SELECT id, isco08, note FROM {table} WHERE {key_column} = $1"),
        &[w.key],
    )?;
    // The title column only where the table has one: its parameter comes last.
    let (title_set, title_col, title_param) = match w.title {
        Some(_) => (", title = $6", ", title", ", $7"),
        None => ("", "", ""),
    };
    let title = w.title.map(Value::Text);
    match existing {
        Some(e) if e.text(1) == w.code && e.opt_text(2).as_deref() == w.note => Ok(0),
        Some(e) => {
            let mut params = vec![
                Value::Text(w.code),
                w.note.into(),
                Value::Text(w.actor),
                Value::Text(w.now),
                Value::Int(w.batch),
            ];
            params.extend(title);
            params.push(Value::Int(e.int(0)));
            let id = if title.is_some() { "$7" } else { "$6" };
            conn.exec(
                &format!(
                    "UPDATE {table} SET isco08 = $1, note = $2, actor = $3, reviewed_at = $4, batch_id = $5{title_set} WHERE id = {id}"
                ),
                &params,
            )
        }
        None => {
            let mut params = vec![
                Value::Text(w.code),
                w.note.into(),
                Value::Text(w.actor),
                Value::Text(w.now),
                Value::Int(w.batch),
                w.key,
            ];
            params.extend(title);
            conn.exec(
                &format!(
                    "INSERT INTO {table} (isco08, note, actor, reviewed_at, batch_id, {key_column}{title_col}) VALUES ($1, $2, $3, $4, $5, $6{title_param})"
                ),
                &params,
            )
        }
    }
}

impl Store {
    /// Every reviewed title, the latest first.
    pub fn title_reviews(&mut self) -> Result<Vec<TitleReview>, StoreError> {
        let rows = self.conn.query(
            &format!(
                "SELECT {REVIEW_COLUMNS} FROM title_reviews ORDER BY reviewed_at DESC, id DESC"
            ),
            &[],
        )?;
        Ok(rows.iter().filter_map(review_of).collect())
    }

    /// The review of one title key, if any.
    pub fn title_review(&mut self, key: &str) -> Result<Option<TitleReview>, StoreError> {
        let row = self.conn.query_row(
            &format!("SELECT {REVIEW_COLUMNS} FROM title_reviews WHERE title_key = $1"),
            &[Value::Text(key)],
        )?;
        Ok(row.as_ref().and_then(review_of))
    }

    /// The vacancies in `scope` a review may code, with ids above `after`, at most `limit`,
    /// in id order (a national table is read a page at a time).
    pub fn reviewable_vacancies(
        &mut self,
        scope: &Scope,
        after: i64,
        limit: usize,
    ) -> Result<Vec<ReviewRow>, StoreError> {
        let (k, v) = crate::web::region_scope_params(scope);
        let rows = self.conn.query(
            &format!(
                "SELECT v.id, v.title, v.isco08, v.isco_confidence, v.isco_reviewed, v.duplicate_cluster
                 FROM vacancies v WHERE v.id > $3 AND {} AND {REVIEWABLE} ORDER BY v.id LIMIT $4",
                crate::web::VACANCY_SCOPE
            ),
            &[
                Value::Int(k),
                Value::Text(&v),
                Value::Int(after),
                Value::Int(limit.min(i64::MAX as usize) as i64),
            ],
        )?;
        Ok(rows
            .iter()
            .map(|r| ReviewRow {
                id: r.int(0),
                title: r.text(1),
                isco: r.opt_text(2).and_then(|s| IscoCode::parse(&s).ok()),
                confidence: r.opt_real(3),
                reviewed: r.int(4) != 0,
                cluster: r.opt_int(5),
            })
            .collect())
    }
}

impl ImportSession<'_> {
    /// Records each review (replacing an earlier review of its title; one that says what the
    /// stored review says is left as it is) and gives its code to every vacancy a review may
    /// code whose title has its key (`key_of`, the caller's rule). The vacancies are read once
    /// for all the reviews. Returns (reviews written, vacancies changed); each vacancy changed
    /// counts as an updated row of the batch, and the others matched as unchanged.
    pub fn review_titles(
        &mut self,
        reviews: &[NewReview<'_>],
        key_of: impl Fn(&str) -> String,
    ) -> Result<(u64, u64), StoreError> {
        central_only(&self.scope)?;
        let batch = self.summary.batch_id;
        let actor = self.actor.clone();
        let conn = &mut self.store.conn;
        let now = now_utc();
        let mut written = 0u64;
        for r in reviews {
            let code = r.isco.to_string();
            written += upsert_review(
                conn,
                &ReviewWrite {
                    table: "title_reviews",
                    key_column: "title_key",
                    key: Value::Text(r.key),
                    title: Some(r.title),
                    code: &code,
                    note: r.note,
                    actor: &actor,
                    now: &now,
                    batch,
                },
            )?;
        }
        let codes: std::collections::HashMap<&str, String> = reviews
            .iter()
            .map(|r| (r.key, r.isco.to_string()))
            .collect();
        // Read inside the transaction: an import that committed before this session began is
        // seen, and one that starts after it finds the review and applies it itself.
        let rows = conn.query(
            &format!("SELECT v.id, v.title FROM vacancies v WHERE {REVIEWABLE} ORDER BY v.id"),
            &[],
        )?;
        let mut matched = 0u64;
        let mut updated = 0u64;
        for r in &rows {
            let Some(code) = codes.get(key_of(&r.text(1)).as_str()) else {
                continue;
            };
            matched += 1;
            updated += conn.exec(
                &format!(
                    "UPDATE vacancies AS v SET isco08 = $1, isco_confidence = NULL, isco_reviewed = 1
                     WHERE v.id = $2 AND {REVIEWABLE}
                       AND NOT (v.isco_reviewed = 1 AND v.isco08 = $1)"
                ),
                &[Value::Text(code), Value::Int(r.int(0))],
            )?;
        }
        self.summary.total += matched;
        self.summary.updated += updated;
        self.summary.unchanged += matched - updated;
        Ok((written, updated))
    }

    /// Withdraws the review of title `key`: the vacancies that took its code get what `code`
    /// gives their text (the coder's code and confidence, or none). Returns the withdrawn
    /// review and how many vacancies were given back, or `None` when the title has no review.
    pub fn withdraw_title_review(
        &mut self,
        key: &str,
        matches: impl Fn(&str) -> bool,
        code: impl Fn(&ReviewedText) -> (Option<IscoCode>, Option<f64>),
    ) -> Result<Option<(TitleReview, u64)>, StoreError> {
        central_only(&self.scope)?;
        let conn = &mut self.store.conn;
        let Some(review) = conn
            .query_row(
                &format!("SELECT {REVIEW_COLUMNS} FROM title_reviews WHERE title_key = $1"),
                &[Value::Text(key)],
            )?
            .as_ref()
            .and_then(review_of)
        else {
            return Ok(None);
        };
        conn.exec(
            "DELETE FROM title_reviews WHERE id = $1",
            &[Value::Int(review.id)],
        )?;
        let rows = conn.query(
            "SELECT v.id, v.title, v.description, v.context FROM vacancies v WHERE v.isco_reviewed = 1 ORDER BY v.id",
            &[],
        )?;
        let mut given_back = 0u64;
        for r in rows.iter().filter(|r| matches(&r.text(1))) {
            let text = ReviewedText {
                id: r.int(0),
                title: r.text(1),
                description: r.opt_text(2),
                context: r.opt_text(3),
            };
            let (isco, confidence) = code(&text);
            let isco = isco.map(|c| c.to_string());
            given_back += conn.exec(
                "UPDATE vacancies SET isco08 = $1, isco_confidence = $2, isco_reviewed = 0
                 WHERE id = $3 AND isco_reviewed = 1",
                &[
                    isco.as_ref().into(),
                    confidence.map(Value::Real).unwrap_or(Value::Null),
                    Value::Int(text.id),
                ],
            )?;
        }
        self.summary.total += given_back;
        self.summary.updated += given_back;
        Ok(Some((review, given_back)))
    }
}

/// A reviewer's code for one vacancy on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyReview {
    pub vacancy_id: i64,
    pub isco: IscoCode,
    pub note: Option<String>,
    pub actor: String,
    pub reviewed_at: String,
}

/// The `isco_reviewed` value of a vacancy coded by hand on its own.
pub const AD_REVIEWED: i64 = 2;

impl Store {
    /// The review of one vacancy, if it has one.
    pub fn vacancy_review(&mut self, vacancy_id: i64) -> Result<Option<VacancyReview>, StoreError> {
        let row = self.conn.query_row(
            "SELECT vacancy_id, isco08, note, actor, reviewed_at FROM vacancy_reviews WHERE vacancy_id = $1",
            &[Value::Int(vacancy_id)],
        )?;
        Ok(row.and_then(|r| {
            Some(VacancyReview {
                vacancy_id: r.int(0),
                isco: IscoCode::parse(&r.text(1)).ok()?,
                note: r.opt_text(2),
                actor: r.text(3),
                reviewed_at: r.text(4),
            })
        }))
    }
}

impl ImportSession<'_> {
    /// Codes one vacancy by hand, over whatever Listraf or a title's review gave it. Returns
    /// `None` when no such vacancy exists or its source gave its code (never overridden), else
    /// whether anything changed (a review that says what the stored one says changes nothing).
    pub fn review_vacancy(
        &mut self,
        vacancy_id: i64,
        isco: IscoCode,
        note: Option<&str>,
    ) -> Result<Option<bool>, StoreError> {
        central_only(&self.scope)?;
        let batch = self.summary.batch_id;
        let actor = self.actor.clone();
        let conn = &mut self.store.conn;
        let Some(v) = conn.query_row(
            "SELECT isco08, isco_confidence, isco_reviewed FROM vacancies WHERE id = $1",
            &[Value::Int(vacancy_id)],
        )?
        else {
            return Ok(None);
        };
        let source_coded = v.opt_text(0).is_some() && v.opt_real(1).is_none() && v.int(2) == 0;
        if source_coded {
            return Ok(None);
        }
        let code = isco.to_string();
        let now = now_utc();
        let written = upsert_review(
            conn,
            &ReviewWrite {
                table: "vacancy_reviews",
                key_column: "vacancy_id",
                key: Value::Int(vacancy_id),
                title: None,
                code: &code,
                note,
                actor: &actor,
                now: &now,
                batch,
            },
        )?;
        let updated = conn.exec(
            "UPDATE vacancies SET isco08 = $1, isco_confidence = NULL, isco_reviewed = $2
             WHERE id = $3 AND NOT (isco_reviewed = $2 AND isco08 = $1)",
            &[
                Value::Text(&code),
                Value::Int(AD_REVIEWED),
                Value::Int(vacancy_id),
            ],
        )?;
        self.summary.total += 1;
        self.summary.updated += updated;
        self.summary.unchanged += 1 - updated.min(1);
        Ok(Some(written + updated > 0))
    }

    /// Withdraws one vacancy's own review: it takes `then` (code, confidence, `isco_reviewed`:
    /// its title's review, or the coder's answer). Returns whether it had one.
    pub fn withdraw_vacancy_review(
        &mut self,
        vacancy_id: i64,
        then: (Option<IscoCode>, Option<f64>, i64),
    ) -> Result<bool, StoreError> {
        central_only(&self.scope)?;
        let conn = &mut self.store.conn;
        let deleted = conn.exec(
            "DELETE FROM vacancy_reviews WHERE vacancy_id = $1",
            &[Value::Int(vacancy_id)],
        )?;
        if deleted == 0 {
            return Ok(false);
        }
        let isco = then.0.map(|c| c.to_string());
        let updated = conn.exec(
            "UPDATE vacancies SET isco08 = $1, isco_confidence = $2, isco_reviewed = $3
             WHERE id = $4 AND isco_reviewed = $5",
            &[
                isco.as_ref().into(),
                then.1.map(Value::Real).unwrap_or(Value::Null),
                Value::Int(then.2),
                Value::Int(vacancy_id),
                Value::Int(AD_REVIEWED),
            ],
        )?;
        self.summary.total += 1;
        self.summary.updated += updated;
        Ok(true)
    }
}

/// How a job seeker's wishes in words are coded: given the source's codes and the words, the
/// codes of the words.
pub type WishCoder<'a> = &'a dyn Fn(&[IscoCode], &[String]) -> Vec<IscoCode>;

fn codes_of(list: &str) -> Vec<IscoCode> {
    list.split(';')
        .filter_map(|c| IscoCode::parse(c.trim()).ok())
        .collect()
}

fn list_of(codes: &[IscoCode]) -> String {
    codes
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

impl ImportSession<'_> {
    /// Every reviewed title as this session sees it (its own reviews included).
    pub fn title_reviews(&mut self) -> Result<Vec<TitleReview>, StoreError> {
        self.store.title_reviews()
    }

    /// Codes again the wishes in words of every job seeker in the session's scope that
    /// `touches` one of them: the stored codes become the source's followed by what `codes`
    /// gives (it receives the source's codes and the words). The source's codes of a row
    /// stored before they were kept apart are read as the stored codes less what `before`
    /// gave its words; without `before` (nothing known of the old codes) such a row is left
    /// as it is. Returns (job seekers matched, job seekers changed); each changed one counts
    /// as an updated row of the batch.
    pub fn recode_wishes(
        &mut self,
        touches: impl Fn(&str) -> bool,
        codes: impl Fn(&[IscoCode], &[String]) -> Vec<IscoCode>,
        before: Option<WishCoder<'_>>,
    ) -> Result<(u64, u64), StoreError> {
        let rows = self.store.conn.query(
            "SELECT person_id, region_code, preferred_isco, preferred_given, preferred_text
             FROM job_seekers WHERE preferred_text <> '' ORDER BY person_id",
            &[],
        )?;
        let (mut matched, mut changed) = (0u64, 0u64);
        for r in &rows {
            let texts: Vec<String> = r
                .text(4)
                .split(';')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            if !texts.iter().any(|t| touches(t))
                || !self
                    .scope
                    .allows_region(domain::RegionCode::parse(&r.text(1)).ok())
            {
                continue;
            }
            let stored = r.text(2);
            let old = codes_of(&stored);
            let given = match (r.opt_text(3), before) {
                (Some(g), _) => codes_of(&g),
                (None, Some(before)) => {
                    let theirs = before(&[], &texts);
                    old.iter()
                        .filter(|c| !theirs.contains(c))
                        .copied()
                        .collect()
                }
                (None, None) => continue,
            };
            matched += 1;
            let mut new = given.clone();
            new.extend(codes(&given, &texts));
            let (new_s, given_s) = (list_of(&new), list_of(&given));
            changed += self.store.conn.exec(
                "UPDATE job_seekers SET preferred_isco = $1, preferred_given = $2
                 WHERE person_id = $3 AND preferred_isco = $4
                   AND (preferred_isco IS DISTINCT FROM $1 OR preferred_given IS DISTINCT FROM $2)",
                &[
                    Value::Text(&new_s),
                    Value::Text(&given_s),
                    Value::Int(r.int(0)),
                    Value::Text(&stored),
                ],
            )?;
        }
        self.summary.total += matched;
        self.summary.updated += changed;
        self.summary.unchanged += matched - changed;
        Ok((matched, changed))
    }
}
