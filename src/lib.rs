//! pmlevel: which career level a product manager is at, why, and what to do
//! to reach the next one.
//!
//! Data flows one way: a [`rubric::Rubric`] and [`answers::Answers`] go into
//! [`scoring::assess`], which gives an [`scoring::Assessment`];
//! [`plan::growth_plan`] adds the growth plan; [`report`] renders both.
//! Nothing here prints: the binary owns the terminal.

#![warn(clippy::print_stdout, clippy::print_stderr, missing_docs)]

pub mod answers;
pub mod error;
pub mod input;
pub mod plan;
pub mod report;
pub mod rubric;
pub mod scoring;
pub mod text;

pub use error::Error;
