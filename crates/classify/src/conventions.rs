//! House conventions the Indonesian coder applies after its models: rules the labelled data
//! follows but is too thin to teach (see `data/gold/CONVENTIONS.md`, which states them and
//! the figures behind them).
//!
//! One rule so far, for managers. ISCO-08 codes a manager only where the job directs an
//! organisation or a department (a finance manager, 1211), and Indonesian ads use "manager",
//! "head" and "kepala" for both that and for a role that directs nothing ("Account
//! Manager", "Brand Manager", "Relationship Manager": 2434, 2431, 3322). Too few heads of
//! each function are in the labelled titles for the models to learn the line, so the models
//! give a finance manager the unit of finance work (3313 or 2411). The rule moves such a
//! title to the function's managers' unit, unless a word says it is one of the roles. A
//! department head ("Kepala Bagian Akuntansi") whose whole title the models place elsewhere
//! is read by the work its title names, without the head and department words.

use crate::normalise::words;

/// A word that says the title heads something: "kabag", "kadiv" and "kadep" are the
/// abbreviations of "kepala bagian", "kepala divisi" and "kepala departemen".
const HEAD_WORDS: [&str; 11] = [
    "manager", "manajer", "mgr", "head", "kepala", "direktur", "director", "gm", "kabag", "kadiv",
    "kadep",
];

/// Words that name a department, the part of an organisation a head of a function heads
/// ("Kepala Bagian Akuntansi", "Division Head of Finance").
const DEPARTMENT_WORDS: [&str; 9] = [
    "bagian",
    "divisi",
    "division",
    "departemen",
    "department",
    "dept",
    "kabag",
    "kadiv",
    "kadep",
];

/// Words of the roles Indonesian ads call managers or heads though they direct no department
/// (an account, a brand, a project, a community …), and of titles that only assist one.
const ROLE_WORDS: [&str; 22] = [
    "account",
    "relationship",
    "brand",
    "product",
    "project",
    "projek",
    "community",
    "social",
    "content",
    "talent",
    "category",
    "key",
    "associate",
    "partner",
    "partnership",
    "partnerships",
    "affiliate",
    "event",
    "kol",
    "mcn",
    // A shift's or a squad's head supervises on the floor ("Kepala Shift", "Kepala Regu").
    "shift",
    "regu",
];

/// Word pairs of the same kind: "Office Manager" is ISCO-08's office supervisor (3341), a
/// "Head Office" is a place, "Business Development" is a role, and a section head ("Kepala
/// Seksi", "HR Section Head") supervises the work of a section below its department's
/// manager: the labelled titles code such heads to the work.
const ROLE_PAIRS: [(&str, &str); 5] = [
    ("office", "manager"),
    ("head", "office"),
    ("business", "development"),
    ("section", "head"),
    ("kepala", "seksi"),
];

/// The managers' unit of the function a unit's work belongs to: sales and marketing → 1221,
/// finance → 1211, human resources → 1212, administration → 1219, stock and logistics →
/// 1324, ICT → 1330, production → 1321, restaurant service → 1412.
fn managers_of(unit: u16) -> Option<u16> {
    Some(match unit {
        2431 | 2433 | 2434 | 3322 => 1221,
        2411 | 3313 | 4311 => 1211,
        2423 | 4416 => 1212,
        3341 | 4110 => 1219,
        3331 | 4321 | 4323 => 1324,
        2511..=2514 | 2519 | 2522 | 2523 | 3512 => 1330,
        // Production and restaurant service: a head of manufacturing supervisors' work
        // ("Manager Produksi", "Production Head") manages production, a head of waiters'
        // work ("Manager Restoran") the restaurant.
        3122 => 1321,
        5131 => 1412,
        _ => return None,
    })
}

/// Whether a word only assists (misspellings of "assistant" included: "asisstant", "assitant").
fn assists(w: &str) -> bool {
    w.starts_with("asis") || w.starts_with("assi") || w == "asst" || w == "to"
}

/// The unit a folded title takes under the manager rule, when the models put it at
/// `function_unit`: `None` when the title heads nothing, names a role, or the unit is not a
/// function's work.
pub fn manager_unit(folded_title: &str, function_unit: u16) -> Option<u16> {
    let managers = managers_of(function_unit)?;
    heads_something(folded_title).then_some(managers)
}

/// Whether a folded title heads something: it has a head word and names no role.
fn heads_something(folded_title: &str) -> bool {
    // Most titles head nothing: look for a head word before collecting the words.
    if !words(folded_title).any(|w| HEAD_WORDS.contains(&w)) {
        return false;
    }
    let ws: Vec<&str> = words(folded_title).collect();
    let role = ws.iter().any(|w| ROLE_WORDS.contains(w) || assists(w))
        || ws
            .windows(2)
            .any(|p| ROLE_PAIRS.iter().any(|&(a, b)| p[0] == a && p[1] == b));
    !role
}

/// The work a department head heads, as a title to code on its own: the title without its
/// head and department words ("Kepala Bagian Akuntansi" → "akuntansi"). The coder reads it
/// when the whole title's first unit is no function's work: the models know "Kepala Bagian
/// Produksi" (1321) but, from too few examples, put "Kepala Bagian Akuntansi" there too,
/// where its work, accounting, says finance managers (1211). Only a title that names a
/// department ("bagian", "divisi", "kabag", "head of" …): without one, "Operation Manager"
/// and "Area Manager" are managers the models place better than their remaining words do.
/// `None` when the title heads no department or nothing is left.
pub fn headed_work(folded_title: &str) -> Option<String> {
    // The coder asks this of most titles (their first unit is no function's work), and most
    // head nothing: that is found without collecting the words.
    if !heads_something(folded_title) {
        return None;
    }
    let ws: Vec<&str> = words(folded_title).collect();
    let department = ws.iter().any(|w| DEPARTMENT_WORDS.contains(w))
        || ws.windows(2).any(|p| p[0] == "head" && p[1] == "of");
    if !department {
        return None;
    }
    let rest: Vec<&str> = ws
        .into_iter()
        .filter(|w| !HEAD_WORDS.contains(w) && !DEPARTMENT_WORDS.contains(w) && *w != "of")
        .collect();
    (!rest.is_empty()).then(|| rest.join(" "))
}

/// Whether a unit is a function's work under the manager rule.
pub fn is_function_work(unit: u16) -> bool {
    managers_of(unit).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::fold;

    fn rule(title: &str, unit: u16) -> Option<u16> {
        manager_unit(&fold(title), unit)
    }

    #[test]
    fn heads_of_a_function_take_its_managers_unit() {
        // Titles of the Indonesian training set, coded so by both codings or adjudicated.
        assert_eq!(rule("Finance Accounting Manager", 3313), Some(1211));
        assert_eq!(rule("Kepala HRD", 2423), Some(1212));
        assert_eq!(rule("Head of Sales for BIGCON", 3322), Some(1221));
        assert_eq!(
            rule("Warehouse Head - Penempatan Jawa Barat", 4321),
            Some(1324)
        );
        assert_eq!(rule("General Affair Manager", 4110), Some(1219));
        assert_eq!(rule("Direktur Pemasaran", 2431), Some(1221));
        assert_eq!(rule("Manager Produksi Garment", 3122), Some(1321));
        assert_eq!(rule("Manager Restoran", 5131), Some(1412));
        assert_eq!(
            rule("Service Desk & Support Manager Corporate IT&IS", 3512),
            Some(1330)
        );
    }

    #[test]
    fn roles_called_manager_and_other_work_keep_their_unit() {
        assert_eq!(rule("Account Manager", 2434), None);
        assert_eq!(rule("Senior Brand Manager", 2431), None);
        assert_eq!(rule("Relationship Manager Funding", 3322), None);
        assert_eq!(rule("Business Development Manager", 2431), None);
        assert_eq!(rule("Asisten Manager Finance & Acc", 2411), None);
        assert_eq!(rule("Accounting Asisstant Manager", 3313), None);
        assert_eq!(rule("Assistant to Manager (Mandarin Speaker)", 3343), None);
        assert_eq!(rule("Office Manager", 3341), None);
        assert_eq!(
            rule("Marketing Inside (Head Office and Surcip Branch)", 3322),
            None
        );
        // Not a head at all, or a unit that is no function's work.
        assert_eq!(rule("Staff Accounting", 3313), None);
        assert_eq!(rule("Site Manager Sipil", 3123), None);
        assert_eq!(rule("Restaurant Manager", 1412), None);
        // Section heads supervise the section's work (both codings: 2423, 2512).
        assert_eq!(rule("HR Section Head (Lampung)", 2423), None);
        assert_eq!(rule("Kepala Seksi Keuangan", 3313), None);
        assert_eq!(rule("Kepala Shift Produksi", 3122), None);
        assert_eq!(rule("Kepala Regu", 3122), None);
    }

    fn work(title: &str) -> Option<String> {
        headed_work(&fold(title))
    }

    #[test]
    fn a_department_head_is_read_by_the_work_its_department_does() {
        assert_eq!(
            work("Kepala Bagian Akuntansi").as_deref(),
            Some("akuntansi")
        );
        assert_eq!(work("Kabag Keuangan").as_deref(), Some("keuangan"));
        assert_eq!(
            work("Head of Operations (International Real Estate Startup)").as_deref(),
            Some("operations international real estate startup")
        );
        assert_eq!(
            work("Division Head of Financial Accounting").as_deref(),
            Some("financial accounting")
        );
        // No department named: the models' manager stands ("Operation Manager" is 1219 in
        // the labelled titles, though "operation" alone reads as clerical work).
        assert_eq!(work("Operation Manager"), None);
        assert_eq!(work("Area Manager Sulawesi Utara"), None);
        // A department's staff, a role and a bare head are no department heads.
        assert_eq!(work("Staf Administrasi Departemen QHSE"), None);
        assert_eq!(work("Head of Brand Management"), None);
        assert_eq!(work("Kepala Bagian"), None);
    }
}
