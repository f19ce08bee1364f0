//! Checking submissions against the plan (审核).
//!
//! So far: the catalogue of rule ids, shared with the sample generator, which
//! records the problems it plants under these ids.

pub mod report;
pub mod rules;
