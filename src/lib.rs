//! pmlevel: which career level a product manager is at, why, and what to do
//! to reach the next one.
//!
//! Data flows one way: a [`rubric::Rubric`] and [`answers::Answers`] go into
//! [`scoring::assess`], which gives an [`scoring::Assessment`];
//! [`plan::growth_plan`] adds the growth plan; [`report`] renders both.
//! Nothing here prints: the binary owns the terminal.
//!
//! ```
//! use pmlevel::answers::{Answers, Completeness};
//! use pmlevel::input::SourceText;
//! use pmlevel::report::Report;
//! use pmlevel::rubric::Rubric;
//!
//! let rubric = Rubric::embedded();
//! let text = include_str!("../examples/answers/mid.json");
//! let answers = Answers::parse(&SourceText::new("mid.json", text), rubric, Completeness::Complete)?;
//! let report = Report::new(rubric, &answers);
//! assert_eq!(rubric.levels[report.assessment.level].id, "mid");
//! assert_eq!(report.plan.target.map(|t| rubric.levels[t].id.as_str()), Some("senior"));
//! # Ok::<(), pmlevel::Error>(())
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr, missing_docs)]

pub mod answers;
pub mod batch;
pub mod calibration;
pub mod compare;
pub mod decimal;
pub mod error;
pub mod generate;
pub mod input;
pub mod json_string;
pub mod lang;
pub mod output;
pub mod plan;
pub mod questionnaire;
pub mod report;
pub mod rubric;
pub mod schema;
pub mod scoring;
pub mod second_use;
pub mod text;

pub use error::Error;
