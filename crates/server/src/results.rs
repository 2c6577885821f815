//! Training outcomes as the pages show them, computed once per analytics snapshot: kebekerjaan
//! by province (the map) and by programme at the headline wave, every BLK's scorecard, the
//! national and provincial results framework of the current year, and per-BLK tracer due
//! counts (counts only: the due-list itself names graduates and stays on the command line
//! until accounts exist).
//!
//! The date outcomes are measured at is the data's own latest day (the last tracer answer,
//! placement or vacancy), never after today, so a database of past years still shows its
//! results.

use std::collections::HashMap;

use analytics::outcomes::{
    DueKind, FrameworkRow, GroupBy, OutcomeData, OutcomeRow, OutcomeSettings, Scorecard, Target,
    due_list, outcome_table, results_framework, scorecards_against,
};
use domain::records::TargetLevel;
use domain::{Date, Scope};
use store::{Store, StoreError};

pub struct Outcomes {
    pub as_of: Date,
    pub year: u16,
    pub settings: OutcomeSettings,
    pub by_province: Vec<OutcomeRow>,
    pub by_programme: Vec<OutcomeRow>,
    /// By BLK code.
    pub scorecards: HashMap<String, Scorecard>,
    /// The nation and every province with a target this year.
    pub framework: Vec<FrameworkRow>,
    pub data: OutcomeData,
    /// Due counts per BLK, computed on first request: a due-list scans every graduate.
    due_cache: std::sync::Mutex<HashMap<String, DueCounts>>,
}

/// Graduates to contact for each wave in the week from `as_of`, and overdue reminders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueCounts {
    /// The tracer waves, months after training, as the outcome settings define them.
    pub waves: Vec<u8>,
    pub due: Vec<(u8, u64)>,
    pub reminders: Vec<(u8, u64)>,
}

impl DueCounts {
    pub fn count_due(&self, wave: &u8) -> i64 {
        self.due
            .iter()
            .find(|(w, _)| w == wave)
            .map_or(0, |(_, n)| *n as i64)
    }

    pub fn count_overdue(&self, wave: &u8) -> i64 {
        self.reminders
            .iter()
            .find(|(w, _)| w == wave)
            .map_or(0, |(_, n)| *n as i64)
    }
}

impl Outcomes {
    /// `None` when the database holds no cohorts.
    pub fn load(store: &mut Store) -> Result<Option<Outcomes>, StoreError> {
        let (data, _) = pipeline::outcomes::load_outcomes(store, &Scope::Central)?;
        if data.cohorts.is_empty() {
            return Ok(None);
        }
        // National results: by western Indonesian time.
        let as_of = pipeline::outcomes::measured_as_of(store, &data, domain::Date::WIB)?;
        let Ok(year) = u16::try_from(as_of.year()) else {
            return Ok(None);
        };
        let targets: Vec<Target> =
            pipeline::outcomes::load_targets(store, &Scope::Central, Some(year))?;
        let settings = OutcomeSettings::default();
        let wave = Some(settings.headline_wave);
        let by_province =
            outcome_table(&data, &settings, GroupBy::Province, wave, as_of, &|_| true);
        let by_programme =
            outcome_table(&data, &settings, GroupBy::Programme, wave, as_of, &|_| true);
        // Protected against the province table the pages publish, computed once above.
        let cards = scorecards_against(&data, &settings, as_of, &by_province)
            .into_iter()
            .map(|c| (c.blk.clone(), c))
            .collect();
        let mut framework = results_framework(
            &data,
            &settings,
            &targets,
            year,
            as_of,
            Some(TargetLevel::National),
        );
        framework.extend(results_framework(
            &data,
            &settings,
            &targets,
            year,
            as_of,
            Some(TargetLevel::Province),
        ));
        Ok(Some(Outcomes {
            as_of,
            year,
            settings,
            by_province,
            by_programme,
            scorecards: cards,
            framework,
            data,
            due_cache: std::sync::Mutex::new(HashMap::new()),
        }))
    }

    pub fn national_framework(&self) -> impl Iterator<Item = &FrameworkRow> {
        self.framework
            .iter()
            .filter(|r| r.level == TargetLevel::National)
    }

    /// Due and overdue tracer contacts of one BLK, counted by wave (cached for the snapshot's
    /// life, which is also the life of the data it counts).
    pub fn due_counts(&self, blk: &str) -> DueCounts {
        if let Ok(cache) = self.due_cache.lock()
            && let Some(hit) = cache.get(blk)
        {
            return hit.clone();
        }
        let counts = self.count_due(blk);
        if let Ok(mut cache) = self.due_cache.lock() {
            cache.insert(blk.to_string(), counts.clone());
        }
        counts
    }

    fn count_due(&self, blk: &str) -> DueCounts {
        let mut due: HashMap<u8, u64> = HashMap::new();
        let mut reminders: HashMap<u8, u64> = HashMap::new();
        for e in due_list(&self.data, &self.settings, blk, self.as_of) {
            let m = match e.kind {
                DueKind::Due => &mut due,
                DueKind::Reminder => &mut reminders,
            };
            *m.entry(e.wave).or_default() += 1;
        }
        let sorted = |m: HashMap<u8, u64>| {
            let mut v: Vec<(u8, u64)> = m.into_iter().collect();
            v.sort();
            v
        };
        DueCounts {
            waves: self.settings.waves.clone(),
            due: sorted(due),
            reminders: sorted(reminders),
        }
    }
}
