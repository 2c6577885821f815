//! Coding job text: occupation (ISCO-08 via KBJI 2014 and ESCO labels), skills, region and
//! near-duplicates, for Indonesian and English ads. Pure: text in, codes with evidence out;
//! no IO beyond the reference tables compiled into the binary.

pub mod coder;
pub mod conventions;
pub mod dedup;
pub mod eval;
pub mod keys;
pub mod lexicon;
pub mod linear;
pub mod location;
pub mod normalise;
pub mod provenance;
pub mod skills;
pub mod stem;

pub use coder::{Coder, Coding, Profile};
