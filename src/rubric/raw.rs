//! The rubric file format exactly as serde reads it from TOML.
//!
//! Fields keep their spans (`toml::Spanned`) so that validation, which runs
//! after parsing, can still point at `file:line:column`. Unknown keys are
//! rejected here by serde. The format is documented in `rubrics/README.md`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Habit, Timeframe};

/// The whole rubric file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub rubric: RawMeta,
    #[serde(default)]
    pub dimensions: Vec<Spanned<RawDimension>>,
    #[serde(default)]
    pub questions: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    pub levels: Vec<Spanned<RawLevel>>,
    #[serde(default)]
    pub actions: Vec<Spanned<RawAction>>,
}

/// `[rubric]`: metadata.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: Spanned<String>,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    pub borderline_margin: Option<Spanned<f64>>,
}

/// `[[dimensions]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub weight: Spanned<f64>,
}

/// The kinds of question, as spelled in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawKind {
    Number,
    Scale,
    Choice,
    Multi,
}

/// `[[questions]]`: one flat table; which fields apply depends on `kind`
/// (validation says when a field does not belong to the kind).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub kind: Spanned<RawKind>,
    pub prompt: String,
    #[serde(default)]
    pub help: String,
    pub weight: Spanned<f64>,
    pub min: Option<Spanned<f64>>,
    pub max: Option<Spanned<f64>>,
    pub unit: Option<Spanned<String>>,
    pub curve: Option<Spanned<Vec<(f64, f64)>>>,
    pub anchors: Option<Spanned<Vec<String>>>,
    pub options: Option<Spanned<Vec<Spanned<RawOption>>>>,
}

/// One option of a `choice` or `multi` question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: Spanned<String>,
    pub label: String,
    pub points: Spanned<f64>,
}

/// `[[levels]]`, lowest rank first.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub responsibilities: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    pub min_overall: Option<Spanned<f64>>,
    pub floors: Option<Spanned<BTreeMap<Spanned<String>, Spanned<f64>>>>,
}

/// `[[actions]]`: a growth action.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub dimension: Spanned<String>,
    pub question: Option<Spanned<String>>,
    pub level: Option<Spanned<String>>,
    pub habit: Habit,
    pub timeframe: Timeframe,
    pub text: String,
}
