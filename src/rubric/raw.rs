//! The rubric file format exactly as serde reads it from TOML.
//!
//! Fields keep their spans (`toml::Spanned`) so that validation, which runs
//! after parsing, can still point at `file:line:column`. Unknown keys are
//! rejected here by serde. The format is documented in `rubrics/README.md`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{Habit, Timeframe};

/// The whole rubric file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRubric {
    pub rubric: RawMeta,
    #[serde(default)]
    #[schemars(with = "Vec<RawDimension>")]
    pub dimensions: Vec<Spanned<RawDimension>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawQuestion>")]
    pub questions: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawLevel>")]
    pub levels: Vec<Spanned<RawLevel>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawAction>")]
    pub actions: Vec<Spanned<RawAction>>,
}

/// `[rubric]`: metadata.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    #[schemars(with = "Option<f64>")]
    pub borderline_margin: Option<Spanned<f64>>,
}

/// `[[dimensions]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[schemars(with = "f64")]
    pub weight: Spanned<f64>,
}

/// The kinds of question, as spelled in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RawKind {
    Number,
    Scale,
    Choice,
    Multi,
}

/// `[[questions]]`: one flat table; which fields apply depends on `kind`
/// (validation says when a field does not belong to the kind).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "RawKind")]
    pub kind: Spanned<RawKind>,
    pub prompt: String,
    #[serde(default)]
    pub help: String,
    #[schemars(with = "f64")]
    pub weight: Spanned<f64>,
    #[schemars(with = "Option<f64>")]
    pub min: Option<Spanned<f64>>,
    #[schemars(with = "Option<f64>")]
    pub max: Option<Spanned<f64>>,
    #[schemars(with = "Option<String>")]
    pub unit: Option<Spanned<String>>,
    #[schemars(with = "Option<Vec<(f64, f64)>>")]
    pub curve: Option<Spanned<Vec<(f64, f64)>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub anchors: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<RawOption>>")]
    pub options: Option<Spanned<Vec<Spanned<RawOption>>>>,
}

/// One option of a `choice` or `multi` question.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub label: String,
    #[schemars(with = "f64")]
    pub points: Spanned<f64>,
}

/// `[[levels]]`, lowest rank first.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub responsibilities: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[schemars(with = "Option<f64>")]
    pub min_overall: Option<Spanned<f64>>,
    #[schemars(with = "Option<BTreeMap<String, f64>>")]
    pub floors: Option<Spanned<BTreeMap<Spanned<String>, Spanned<f64>>>>,
}

/// `[[actions]]`: a growth action.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    #[schemars(with = "String")]
    pub dimension: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub question: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub level: Option<Spanned<String>>,
    pub habit: Habit,
    pub timeframe: Timeframe,
    pub text: String,
}
