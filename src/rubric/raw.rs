//! The rubric file format exactly as serde reads it from TOML.
//!
//! Fields keep their spans (`toml::Spanned`) so that validation, which runs
//! after parsing, can still point at `file:line:column`. Unknown keys are
//! rejected here by serde. The format is documented in `rubrics/README.md`.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
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
    #[schemars(with = "RawText")]
    pub name: Spanned<RawText>,
    pub version: String,
    #[serde(default)]
    #[schemars(with = "Option<RawText>")]
    pub description: Option<Spanned<RawText>>,
    /// The languages the texts are written in, default first; absent for a
    /// rubric in one language.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub languages: Option<Spanned<Vec<Spanned<String>>>>,
    #[schemars(with = "Option<f64>")]
    pub borderline_margin: Option<Spanned<f64>>,
}

/// `[[dimensions]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "RawText")]
    pub name: Spanned<RawText>,
    #[serde(default)]
    #[schemars(with = "Option<RawText>")]
    pub description: Option<Spanned<RawText>>,
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
    #[schemars(with = "RawText")]
    pub prompt: Spanned<RawText>,
    #[serde(default)]
    #[schemars(with = "Option<RawText>")]
    pub help: Option<Spanned<RawText>>,
    #[schemars(with = "f64")]
    pub weight: Spanned<f64>,
    #[schemars(with = "Option<f64>")]
    pub min: Option<Spanned<f64>>,
    #[schemars(with = "Option<f64>")]
    pub max: Option<Spanned<f64>>,
    #[schemars(with = "Option<RawText>")]
    pub unit: Option<Spanned<RawText>>,
    #[schemars(with = "Option<Vec<(f64, f64)>>")]
    pub curve: Option<Spanned<Vec<(f64, f64)>>>,
    #[schemars(with = "Option<Vec<RawText>>")]
    pub anchors: Option<Spanned<Vec<Spanned<RawText>>>>,
    #[schemars(with = "Option<Vec<RawOption>>")]
    pub options: Option<Spanned<Vec<Spanned<RawOption>>>>,
}

/// One option of a `choice` or `multi` question.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "RawText")]
    pub label: Spanned<RawText>,
    #[schemars(with = "f64")]
    pub points: Spanned<f64>,
}

/// `[[levels]]`, lowest rank first.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "RawText")]
    pub name: Spanned<RawText>,
    #[serde(default)]
    #[schemars(with = "Option<RawText>")]
    pub summary: Option<Spanned<RawText>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawText>")]
    pub responsibilities: Vec<Spanned<RawText>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawText>")]
    pub skills: Vec<Spanned<RawText>>,
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
    #[schemars(with = "RawText")]
    pub text: Spanned<RawText>,
}

/// A text shown to people: a plain string in a one-language rubric, or a
/// table by language tag (`{ en = "Senior", zh = "高级产品经理" }`, or the
/// dotted keys `name.en = ...`, `name.zh = ...`) in a rubric that declares
/// `languages`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum RawText {
    /// The text in the rubric's only (or default) language.
    One(String),
    /// The text by language tag.
    ByLanguage(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = RawText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table of strings by language like { en = \"...\", zh = \"...\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText::One(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawText, E> {
                Ok(RawText::One(v))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<RawText, M::Error> {
                let mut texts = BTreeMap::new();
                while let Some((tag, text)) = map.next_entry::<String, String>()? {
                    texts.insert(tag, text);
                }
                Ok(RawText::ByLanguage(texts))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}
