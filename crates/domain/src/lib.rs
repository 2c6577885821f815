//! Listraf's domain: the types every other crate speaks, parsed once at the boundary.
//!
//! Owns identifiers and codes (`RegionCode`, `IscoCode`, `KbliCode`, `Nik`), values (`Rupiah`,
//! `Date`, `YearMonth`, `Education`, `Sex`), the records that imports produce, and the
//! embedded reference taxonomies (regions, ISCO-08, KBJI 2014, KBLI 2020, programme catalogue).
//! It does no IO beyond reading its own compiled-in tables, has no async and knows no SQL.

pub mod date;
pub mod error;
pub mod money;
pub mod nik;
pub mod occupation;
pub mod person;
pub mod programme;
pub mod records;
pub mod reference;
pub mod region;
pub mod scope;

pub use date::{Date, YearMonth};
pub use error::{ParseError, Phrase};
pub use money::Rupiah;
pub use nik::Nik;
pub use occupation::{IscoCode, KbliCategory, KbliCode};
pub use person::{Education, Sex};
pub use programme::{Kejuruan, Programme};
pub use reference::reference;
pub use region::RegionCode;
pub use scope::Scope;
