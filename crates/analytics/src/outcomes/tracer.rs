//! Tracer waves: who must be contacted in a week, who is overdue, the message to send, and
//! response rates per wave.
//!
//! A graduate is due for wave *w* in the week starting on `date` when the wave falls due in
//! [`date`, `date` + `due_window_days`) and no answer for that wave is recorded, from anyone.
//! They are on the reminder list when the wave fell due in the `reminder_days` before `date`
//! and still nobody answered; after that the wave is closed and the next one takes over.

use domain::reference;

use super::{OutcomeData, OutcomeSettings, days_between, wave_due};
use domain::Date;
use domain::records::Respondent;

/// Whether an entry is a first contact or a reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    Due,
    Reminder,
}

impl DueKind {
    pub fn label_id(self) -> &'static str {
        match self {
            DueKind::Due => "jatuh tempo",
            DueKind::Reminder => "pengingat",
        }
    }
}

/// One graduate to contact for one wave.
#[derive(Debug, Clone, PartialEq)]
pub struct DueEntry {
    pub person: i64,
    pub cohort_code: String,
    pub programme: String,
    pub cohort_end: Date,
    pub wave: u8,
    pub due: Date,
    pub kind: DueKind,
    /// Days since the wave fell due (0 or negative for entries due this week).
    pub days_overdue: i64,
}

/// The due-list and reminders of one BLK for the week starting on `date`, in (due date, cohort,
/// person) order.
pub fn due_list(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    blk: &str,
    date: Date,
) -> Vec<DueEntry> {
    let week_end = date.add_days(settings.due_window_days);
    let reminders_from = date.add_days(-settings.reminder_days);
    let mut out = Vec::new();
    for (t, c) in data.graduates().filter(|(_, c)| c.blk == blk) {
        for &wave in &settings.waves {
            let due = wave_due(c.end, wave);
            let kind = if due >= date && due < week_end {
                DueKind::Due
            } else if due >= reminders_from && due < date {
                DueKind::Reminder
            } else {
                continue;
            };
            if data.answer(t.person, c.id, wave).is_some() {
                continue;
            }
            out.push(DueEntry {
                person: t.person,
                cohort_code: c.code.clone(),
                programme: c.programme.clone(),
                cohort_end: c.end,
                wave,
                due,
                kind,
                days_overdue: days_between(due, date),
            });
        }
    }
    out.sort_by(|a, b| (a.due, &a.cohort_code, a.person).cmp(&(b.due, &b.cohort_code, b.person)));
    out
}

/// A short Indonesian message for WhatsApp or SMS (well under 480 characters, three SMS parts).
pub fn message(
    name: &str,
    programme_code: &str,
    blk_name: &str,
    wave: u8,
    kind: DueKind,
) -> String {
    let programme = reference()
        .programme(programme_code)
        .map_or(programme_code, |p| p.name_id.as_str());
    let name = name.trim();
    match kind {
        DueKind::Due => format!(
            "Halo {name}, salam dari {blk_name}. Sudah {wave} bulan sejak Anda lulus pelatihan {programme}. \
             Mohon balas singkat: saat ini Anda bekerja, berwirausaha, bekerja di luar negeri, melanjutkan sekolah, \
             atau masih mencari kerja? Jawaban Anda membantu peserta berikutnya. Terima kasih."
        ),
        DueKind::Reminder => format!(
            "Halo {name}, kami dari {blk_name} mengingatkan survei alumni bulan ke-{wave} pelatihan {programme}. \
             Mohon balas singkat: saat ini Anda bekerja, berwirausaha, bekerja di luar negeri, melanjutkan sekolah, \
             atau masih mencari kerja? Terima kasih."
        ),
    }
}

/// Response to one wave among graduates for whom it has fallen due.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveRate {
    pub wave: u8,
    /// Graduates whose wave has fallen due by the date.
    pub due: u64,
    /// Answers from anyone.
    pub answered: u64,
    pub confirmed: u64,
    pub proxy: u64,
    pub unconfirmed: u64,
    /// Answers that count (confirmed only, unless `include_proxy`) ÷ due.
    pub rate: Option<f64>,
    /// Answers from anyone ÷ due, for comparison.
    pub rate_any: Option<f64>,
}

/// Response rates per wave as of `as_of`, for one BLK or (with `None`) all BLKs in the data.
pub fn response_rates(
    data: &OutcomeData,
    settings: &OutcomeSettings,
    blk: Option<&str>,
    as_of: Date,
) -> Vec<WaveRate> {
    settings
        .waves
        .iter()
        .map(|&wave| {
            let mut r = WaveRate {
                wave,
                due: 0,
                answered: 0,
                confirmed: 0,
                proxy: 0,
                unconfirmed: 0,
                rate: None,
                rate_any: None,
            };
            let mut counted = 0u64;
            for (t, c) in data.graduates() {
                if blk.is_some_and(|b| b != c.blk) || wave_due(c.end, wave) > as_of {
                    continue;
                }
                r.due += 1;
                if let Some(a) = data.answer(t.person, c.id, wave) {
                    r.answered += 1;
                    match a.respondent {
                        Respondent::Graduate => r.confirmed += 1,
                        Respondent::Proxy => r.proxy += 1,
                        Respondent::Unconfirmed => r.unconfirmed += 1,
                    }
                    if settings.counts(a.respondent) {
                        counted += 1;
                    }
                }
            }
            if r.due > 0 {
                r.rate = Some(counted as f64 / r.due as f64);
                r.rate_any = Some(r.answered as f64 / r.due as f64);
            }
            r
        })
        .collect()
}
