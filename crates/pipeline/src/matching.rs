//! The read side of matching: open vacancies from the store turned into a `MatchIndex`
//! (skills read from each ad's title, skill tags and description by `classify`), and a
//! person's profile (the job-seeker register's preferences and skills, else the occupations of
//! the programme they graduated from).

use analytics::matching::{MatchIndex, OpenVacancy, Profile, SkillIds, Weights};
use domain::{Date, Scope, reference};
use store::{OpenVacancyRow, ProfileRow, Store, StoreError};
use thiserror::Error;

/// The index with what it was built from.
pub struct OpenMarket {
    pub index: MatchIndex,
    pub skills: SkillIds,
    /// The rows, by position in the index order, for showing titles and employers.
    pub rows: Vec<OpenVacancyRow>,
    pub as_of: Date,
}

impl OpenMarket {
    pub fn row(&self, id: i64) -> Option<&OpenVacancyRow> {
        self.rows
            .binary_search_by_key(&id, |r| r.id)
            .ok()
            .map(|i| &self.rows[i])
    }
}

/// Skill labels as the vacancy side names them: a person's stated skill is looked up in the
/// same dictionary, and kept as written (lower case) when the dictionary does not know it.
fn canonical_skills(stated: &[String]) -> Vec<String> {
    stated
        .iter()
        .flat_map(|s| {
            let found = classify::skills::extract(s, None);
            if found.is_empty() {
                vec![s.trim().to_lowercase()]
            } else {
                found.into_iter().map(|k| k.label).collect()
            }
        })
        .collect()
}

/// The vacancies open on `as_of` (default: the latest posting date in the database, so a
/// database of past years still matches), at most `max_age_days` old when they state no
/// expiry.
pub fn open_market(
    store: &mut Store,
    scope: &Scope,
    as_of: Option<Date>,
    max_age_days: i64,
) -> Result<Option<OpenMarket>, StoreError> {
    let Some(as_of) = as_of.or(store.latest_posting()?) else {
        return Ok(None);
    };
    let mut rows = Vec::new();
    store.open_vacancies(scope, as_of, max_age_days, |r| rows.push(r))?;
    let mut skills = SkillIds::default();
    let vacancies = rows
        .iter()
        .map(|r| {
            let found = classify::skills::extract_ad(
                &r.title,
                r.skill_tags.as_deref(),
                r.description.as_deref(),
                r.employer.as_deref(),
            );
            OpenVacancy {
                id: r.id,
                region: r.region,
                isco: r.isco.filter(|c| c.is_unit()),
                skills: skills.ids(found.iter().map(|s| s.label.as_str())),
                education: r.education,
                salary_min: r.salary_min,
                salary_max: r.salary_max,
            }
        })
        .collect();
    Ok(Some(OpenMarket {
        index: MatchIndex::build(vacancies, Weights::default()),
        skills,
        rows,
        as_of,
    }))
}

/// Why a person cannot be matched.
#[derive(Debug, Error)]
pub enum ProfileError {
    #[error("there is no person with id {0}")]
    Unknown(i64),
    #[error(
        "person {0} has no known region (neither in the job-seeker register nor on the person record)"
    )]
    NoRegion(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A person's matching profile: the register's wishes, else their programme's occupations.
pub fn profile(
    store: &mut Store,
    skills: &mut SkillIds,
    person_id: i64,
) -> Result<(Profile, ProfileRow), ProfileError> {
    let row = store
        .match_profile(person_id)?
        .ok_or(ProfileError::Unknown(person_id))?;
    let p = to_profile(&row, skills).ok_or(ProfileError::NoRegion(person_id))?;
    Ok((p, row))
}

/// `None` without a region.
pub fn to_profile(row: &ProfileRow, skills: &mut SkillIds) -> Option<Profile> {
    let mut occupations = row.preferred.clone();
    if occupations.is_empty()
        && let Some((_, programme)) = &row.cohort
        && let Some(p) = reference().programme(programme)
    {
        occupations = p.isco_units.clone();
    }
    let labels = canonical_skills(&row.skills);
    Some(Profile {
        id: row.person_id,
        region: row.region?,
        occupations,
        skills: skills.ids(labels.iter().map(String::as_str)),
        education: row.education,
        expected_salary: None,
    })
}
