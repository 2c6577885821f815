//! Reads and the one write behind graduate–vacancy matching: open vacancies (first of their
//! duplicate cluster, not expired), the matching profile of a person (job-seeker register, or
//! the programme of their latest completed cohort), the pool of active job seekers, and
//! recording a placement that came from a match.
//!
//! What the columns mean for a score is decided in `analytics::matching`; here they are only
//! read and parsed. Stored values that no longer parse are left out of a profile, not guessed.

use domain::{Date, Education, IscoCode, Nik, RegionCode, Rupiah, Scope};

use crate::conn::Value;
use crate::facts::scope_params;
use crate::{Store, StoreError};

/// An open vacancy with the text its skills are read from.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenVacancyRow {
    pub id: i64,
    pub region: RegionCode,
    pub isco: Option<IscoCode>,
    pub title: String,
    pub description: Option<String>,
    /// The skill tags the source gave the ad, as imported.
    pub skill_tags: Option<String>,
    pub employer: Option<String>,
    pub education: Option<Education>,
    pub salary_min: Option<Rupiah>,
    pub salary_max: Option<Rupiah>,
    pub posted: String,
}

/// What a person brings to a match.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileRow {
    pub person_id: i64,
    /// `************0003`.
    pub nik_masked: String,
    pub region: Option<RegionCode>,
    pub education: Option<Education>,
    /// From the job-seeker register when the person is in it.
    pub preferred: Vec<IscoCode>,
    pub skills: Vec<String>,
    /// The latest completed cohort and its programme, when the person trained.
    pub cohort: Option<(i64, String)>,
}

const OPEN_VACANCIES: &str = "SELECT v.id, v.region_code, v.isco08, v.title, v.description, v.employer, v.education, v.salary_min, v.salary_max, v.posted_date, v.skill_tags
     FROM vacancies v
     WHERE (v.duplicate_cluster IS NULL OR v.duplicate_cluster = v.id)
       AND v.region_code IS NOT NULL
       AND v.posted_date <= $3
       AND ((v.expires_date IS NOT NULL AND v.expires_date >= $3)
            OR (v.expires_date IS NULL AND v.posted_date >= $4))
       AND ($1 = 0 OR ($1 = 1 AND v.province_code = $2) OR ($1 IN (2, 3) AND v.region_code = $2))
     ORDER BY v.id";

const PROFILE: &str = "SELECT p.id, p.nik_masked, COALESCE(js.region_code, p.region_code), COALESCE(js.education, p.education),
            COALESCE(js.preferred_isco, ''), COALESCE(js.skills, '')
     FROM persons p LEFT JOIN job_seekers js ON js.person_id = p.id
     WHERE p.id = $1";

const LATEST_COHORT: &str = "SELECT c.id, c.programme_code
     FROM trainees t JOIN cohorts c ON c.id = t.cohort_id
     WHERE t.person_id = $1 AND t.status = 'COMPLETED'
     ORDER BY c.end_date DESC, c.id DESC
     LIMIT 1";

const SEEKER_POOL: &str =
    "SELECT js.person_id, js.region_code, js.education, js.preferred_isco, js.skills
     FROM job_seekers js
     WHERE js.status = 'ACTIVE'
       AND ($1 = 0 OR ($1 = 1 AND js.province_code = $2) OR ($1 IN (2, 3) AND js.region_code = $2))
     ORDER BY js.person_id";

fn codes(stored: &str) -> Vec<IscoCode> {
    stored
        .split(';')
        .filter_map(|c| IscoCode::parse(c.trim()).ok())
        .collect()
}

fn labels(stored: &str) -> Vec<String> {
    stored
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl Store {
    /// Streams the vacancies open on `as_of`: posted on or before it, and either expiring on
    /// or after it or (with no expiry date) posted at most `max_age_days` before it. One per
    /// duplicate cluster.
    pub fn open_vacancies(
        &mut self,
        scope: &Scope,
        as_of: Date,
        max_age_days: i64,
        mut f: impl FnMut(OpenVacancyRow),
    ) -> Result<u64, StoreError> {
        let (kind, key, _) = scope_params(scope);
        let as_of_s = as_of.to_string();
        let oldest = as_of.add_days(-max_age_days).to_string();
        let mut n = 0;
        self.conn.query_each(
            OPEN_VACANCIES,
            &[
                Value::Int(kind),
                Value::Text(&key),
                Value::Text(&as_of_s),
                Value::Text(&oldest),
            ],
            |row| {
                let Some(region) = row.opt_text(1).and_then(|s| RegionCode::parse(&s).ok()) else {
                    return Ok(());
                };
                n += 1;
                f(OpenVacancyRow {
                    id: row.int(0),
                    region,
                    isco: row.opt_text(2).and_then(|s| IscoCode::parse(&s).ok()),
                    title: row.text(3),
                    description: row.opt_text(4),
                    employer: row.opt_text(5),
                    education: row.opt_text(6).and_then(|s| Education::parse(&s).ok()),
                    salary_min: row.opt_int(7).map(Rupiah),
                    salary_max: row.opt_int(8).map(Rupiah),
                    posted: row.text(9),
                    skill_tags: row.opt_text(10),
                });
                Ok(())
            },
        )?;
        Ok(n)
    }

    /// The latest posting date of any vacancy (the data's own "today" for a demo database).
    pub fn latest_posting(&mut self) -> Result<Option<Date>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT MAX(posted_date) FROM vacancies", &[])?
            .and_then(|r| r.opt_text(0))
            .and_then(|s| Date::parse(&s).ok()))
    }

    /// One vacancy by id, open or not (for recording a placement).
    pub fn vacancy_for_match(&mut self, id: i64) -> Result<Option<OpenVacancyRow>, StoreError> {
        let r = self.conn.query_row(
            "SELECT v.id, v.region_code, v.isco08, v.title, v.description, v.employer, v.education, v.salary_min, v.salary_max, v.posted_date, v.skill_tags
             FROM vacancies v WHERE v.id = $1",
            &[Value::Int(id)],
        )?;
        Ok(r.and_then(|row| {
            Some(OpenVacancyRow {
                id: row.int(0),
                region: row.opt_text(1).and_then(|s| RegionCode::parse(&s).ok())?,
                isco: row.opt_text(2).and_then(|s| IscoCode::parse(&s).ok()),
                title: row.text(3),
                description: row.opt_text(4),
                employer: row.opt_text(5),
                education: row.opt_text(6).and_then(|s| Education::parse(&s).ok()),
                salary_min: row.opt_int(7).map(Rupiah),
                salary_max: row.opt_int(8).map(Rupiah),
                posted: row.text(9),
                skill_tags: row.opt_text(10),
            })
        }))
    }

    /// The person with this NIK, found through the blind index.
    pub fn person_by_nik(&mut self, nik: &Nik) -> Result<Option<i64>, StoreError> {
        let hash = self.nik_index(nik);
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM persons WHERE nik_hash = $1",
                &[Value::Blob(&hash)],
            )?
            .map(|r| r.int(0)))
    }

    /// What a person brings to a match; `None` for an unknown id.
    pub fn match_profile(&mut self, person_id: i64) -> Result<Option<ProfileRow>, StoreError> {
        let Some(r) = self.conn.query_row(PROFILE, &[Value::Int(person_id)])? else {
            return Ok(None);
        };
        let cohort = self
            .conn
            .query_row(LATEST_COHORT, &[Value::Int(person_id)])?
            .map(|c| (c.int(0), c.text(1)));
        Ok(Some(ProfileRow {
            person_id: r.int(0),
            nik_masked: r.text(1),
            region: r.opt_text(2).and_then(|s| RegionCode::parse(&s).ok()),
            education: r.opt_text(3).and_then(|s| Education::parse(&s).ok()),
            preferred: codes(&r.text(4)),
            skills: labels(&r.text(5)),
            cohort,
        }))
    }

    /// Active job seekers in scope, as matching profiles (no cohort).
    pub fn seeker_pool(
        &mut self,
        scope: &Scope,
        mut f: impl FnMut(ProfileRow),
    ) -> Result<(), StoreError> {
        let (kind, key, _) = scope_params(scope);
        self.conn
            .query_each(SEEKER_POOL, &[Value::Int(kind), Value::Text(&key)], |row| {
                f(ProfileRow {
                    person_id: row.int(0),
                    nik_masked: String::new(),
                    region: row.opt_text(1).and_then(|s| RegionCode::parse(&s).ok()),
                    education: row.opt_text(2).and_then(|s| Education::parse(&s).ok()),
                    preferred: codes(&row.text(3)),
                    skills: labels(&row.text(4)),
                    cohort: None,
                });
                Ok(())
            })
    }

    /// Records that a person started work at a matched vacancy: one placement linking the
    /// person, the vacancy and (when the person trained) their latest completed cohort, in its
    /// own import batch so it is audited like any other write. `Ok(None)` when this placement
    /// (same person, employer and start date) is already recorded.
    pub fn record_match_placement(
        &mut self,
        person_id: i64,
        vacancy_id: i64,
        start: Date,
        actor: &str,
    ) -> Result<Option<i64>, StoreError> {
        let Some(v) = self.vacancy_for_match(vacancy_id)? else {
            return Err(StoreError::Internal(format!("no vacancy {vacancy_id}")));
        };
        let cohort = self
            .conn
            .query_row(LATEST_COHORT, &[Value::Int(person_id)])?
            .map(|c| c.int(0));
        let employer = v.employer.clone().unwrap_or_else(|| v.title.clone());
        let key = crate::import::employer_key(&employer);
        let start_s = start.to_string();
        let exists = self.conn.query_row(
            "SELECT id FROM placements WHERE person_id = $1 AND employer_key = $2 AND start_date = $3",
            &[Value::Int(person_id), Value::Text(&key), Value::Text(&start_s)],
        )?;
        if exists.is_some() {
            return Ok(None);
        }
        let meta = crate::BatchMeta {
            entity: "placements",
            file_name: &format!("match:person={person_id}:vacancy={vacancy_id}:start={start_s}"),
            file_sha256: &format!("match:{person_id}:{vacancy_id}:{start_s}"),
            source_label: "matching",
            actor,
            synthetic: false,
        };
        let mut session = self.begin_import(&Scope::Central, &meta)?;
        let id = session.add_match_placement(crate::import::MatchPlacement {
            person_id,
            cohort_id: cohort,
            vacancy_id,
            employer: &employer,
            employer_key: &key,
            start: &start_s,
            isco: v.isco.map(|c| c.to_string()),
            region: v.region,
        })?;
        session.commit()?;
        Ok(Some(id))
    }
}
