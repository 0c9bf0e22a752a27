//! The rubric: dimensions, questions, levels and growth actions, validated
//! and ready for the scoring engine.
//!
//! [`Rubric::load`] parses TOML ([`raw`]) and validates it ([`validate`]) into
//! these types, which the rest of the crate trusts without re-checking.

pub(crate) mod raw;
mod reach;
mod validate;

/// The most dimensions a rubric may have (the validator's bound, which
/// scores kept inline rely on).
pub const MAX_DIMENSIONS: usize = 12;
/// The most questions a rubric may have.
pub const MAX_QUESTIONS: usize = 100;
/// The most options a choice or multi question may have.
pub const MAX_OPTIONS: usize = 16;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, InputSource};
use crate::input::SourceText;

pub use reach::{ScoreSet, raw_threshold};

/// The default product-manager rubric, compiled into the binary.
pub const EMBEDDED_SOURCE: &str = include_str!("../../rubrics/product-manager.toml");
/// The embedded rubric validated from [`EMBEDDED_SOURCE`] in English and in
/// Chinese, as JSON; `cargo test` checks they match the TOML
/// (`PMLEVEL_UPDATE_EMBEDDED=1 cargo test` rewrites them).
const EMBEDDED_EN: &str = include_str!("embedded/product-manager.en.json");
const EMBEDDED_ZH: &str = include_str!("embedded/product-manager.zh.json");
/// The name the embedded rubric goes by in messages.
pub const EMBEDDED_NAME: &str = "<embedded product-manager rubric>";

/// A validated rubric.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rubric {
    /// Stable identifier, e.g. `product-manager`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The rubric's own version string.
    pub version: String,
    /// What the rubric is for.
    pub description: String,
    /// The languages its texts are written in, default first (empty for a
    /// rubric in one language).
    pub languages: Vec<crate::lang::Tag>,
    /// The language its texts were taken in; pmlevel's own words follow it.
    pub language: crate::lang::Tag,
    /// Texts missing in a declared language (shown in the default one);
    /// `rubric check` reports them.
    #[serde(skip)]
    pub missing_texts: Vec<crate::error::Problem>,
    /// Hex sha256 of the rubric file's bytes, so a result can be reproduced.
    #[serde(skip)]
    pub sha256: String,
    /// How close (in points) to a threshold counts as borderline.
    pub borderline_margin: f64,
    /// Dimensions in file order.
    pub dimensions: Vec<Dimension>,
    /// Questions in file order (the order they are asked in).
    pub questions: Vec<Question>,
    /// Levels, lowest rank first.
    pub levels: Vec<Level>,
    /// Growth actions.
    pub actions: Vec<Action>,
}

/// A dimension such as experience or skills.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dimension {
    /// Stable identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the dimension measures.
    pub description: String,
    /// Weight in the overall score (positive).
    pub weight: f64,
    /// Indexes into [`Rubric::questions`] of this dimension's questions.
    pub questions: Vec<usize>,
}

/// A question, in one dimension.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    /// Stable identifier, `<dimension>.<name>`.
    pub id: String,
    /// Index into [`Rubric::dimensions`].
    pub dimension: usize,
    /// What is asked.
    pub prompt: String,
    /// Guidance on how to answer.
    pub help: String,
    /// Weight within its dimension (positive).
    pub weight: f64,
    /// The kind of answer, with what scores it.
    pub kind: QuestionKind,
}

/// The kinds of question and how each turns an answer into points.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum QuestionKind {
    /// A number in `min..=max`, scored by a piecewise-linear curve.
    Number {
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
        /// Unit shown with the value, e.g. `years`.
        unit: Option<String>,
        /// `(value, points)` breakpoints, value strictly increasing, points
        /// non-decreasing; values outside the curve take the nearest end.
        curve: Vec<(f64, f64)>,
    },
    /// A 1..5 scale; `anchors[i]` describes point `i + 1`.
    Scale {
        /// What each point looks like in practice.
        anchors: Vec<String>,
    },
    /// Exactly one option; options are ordered by non-decreasing points.
    Choice {
        /// The options, lowest first.
        options: Vec<ChoiceOption>,
    },
    /// Any subset of options; points add up, capped at 100.
    Multi {
        /// The options.
        options: Vec<ChoiceOption>,
    },
}

impl QuestionKind {
    /// The kind's name as written in rubric files.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::Number { .. } => "number",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Choice { .. } => "choice",
            QuestionKind::Multi { .. } => "multi",
        }
    }
}

/// One option of a choice or multi question.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// Stable identifier used in answers files.
    pub id: String,
    /// What the person reads.
    pub label: String,
    /// Points (0..100) this option carries.
    pub points: f64,
}

/// A career level.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Level {
    /// Stable identifier, e.g. `senior`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// One-paragraph summary.
    pub summary: String,
    /// What someone at this level is responsible for.
    pub responsibilities: Vec<String>,
    /// What someone at this level is expected to be able to do.
    pub skills: Vec<String>,
    /// Minimum overall score (0 for the lowest level).
    pub min_overall: f64,
    /// Minimum score per dimension, by dimension index; `None` = no floor.
    pub floors: Vec<Option<f64>>,
}

/// What a threshold applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The overall score.
    Overall,
    /// A dimension's score, by index.
    Dimension(usize),
}

impl Level {
    /// Every threshold this level sets: overall first, then dimension floors.
    pub fn thresholds(&self) -> impl Iterator<Item = (Target, f64)> + '_ {
        let overall = (self.min_overall > 0.0).then_some((Target::Overall, self.min_overall));
        let floors = self
            .floors
            .iter()
            .enumerate()
            .filter_map(|(d, f)| f.map(|need| (Target::Dimension(d), need)));
        overall.into_iter().chain(floors)
    }
}

/// The growth habits from the domain notes, used to group actions.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Habit {
    /// Keep learning: training, books, conferences.
    Learning,
    /// Gain experience: take part in and lead projects.
    Experience,
    /// Build a network.
    Network,
    /// Find a mentor.
    Mentor,
    /// Follow the industry.
    Industry,
    /// Reflect and improve.
    Reflection,
}

impl Habit {
    /// Every habit, in the order the domain notes give them.
    pub const ALL: [Habit; 6] = [
        Habit::Learning,
        Habit::Experience,
        Habit::Network,
        Habit::Mentor,
        Habit::Industry,
        Habit::Reflection,
    ];

    /// A heading for this habit, in the given words.
    pub fn title(self, words: &crate::lang::Words) -> &'static str {
        words.habits[self as usize]
    }
}

// Each habit is at its own place in `Habit::ALL`: `habit as usize` indexes
// lists kept per habit (the planner's, the NDJSON layout's).
const _: () = {
    let mut i = 0;
    while i < Habit::ALL.len() {
        assert!(Habit::ALL[i] as usize == i);
        i += 1;
    }
};

/// When an action should be done by.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
pub enum Timeframe {
    /// Within the next 30 days.
    #[serde(rename = "30-days")]
    Days30,
    /// Within the next 90 days.
    #[serde(rename = "90-days")]
    Days90,
    /// Within this year.
    #[serde(rename = "this-year")]
    Year,
}

impl Timeframe {
    /// A short label, e.g. "next 30 days", in the given words.
    pub fn label(self, words: &crate::lang::Words) -> &'static str {
        words.timeframes[self as usize]
    }
}

/// A concrete growth action.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Action {
    /// The dimension it improves, by index.
    pub dimension: usize,
    /// The question it targets, by index, if specific to one.
    pub question: Option<usize>,
    /// The target level it is meant for, by index, if specific to one.
    pub level: Option<usize>,
    /// Which growth habit it belongs to.
    pub habit: Habit,
    /// When to do it.
    pub timeframe: Timeframe,
    /// What to do.
    pub text: String,
}

impl Rubric {
    /// Parses and validates rubric source text, reporting every problem;
    /// texts are taken in the rubric's default language.
    pub fn parse(source: &SourceText) -> Result<Rubric, Error> {
        Self::parse_in(source, None)
    }

    /// Like [`Rubric::parse`], with texts in `language` when the rubric has
    /// them (else its default language); pmlevel's own words follow
    /// `language` either way.
    pub fn parse_in(source: &SourceText, language: Option<&str>) -> Result<Rubric, Error> {
        Self::parse_hashed(source, hex_sha256(source.text.as_bytes()), language)
    }

    fn parse_hashed(
        source: &SourceText,
        sha256: String,
        language: Option<&str>,
    ) -> Result<Rubric, Error> {
        let raw: raw::RawRubric = toml::from_str(&source.text).map_err(|e| Error::Rubric {
            name: source.name.clone(),
            problems: vec![toml_problem(
                source,
                &e,
                crate::lang::Lang::for_tag(language.unwrap_or("en")).words(),
            )],
        })?;
        let mut rubric = validate::validate(source, raw, sha256, language).map_err(|problems| {
            Error::Rubric {
                name: source.name.clone(),
                problems,
            }
        })?;
        if let Some(asked) = language {
            rubric.language = asked.to_string();
        }
        Ok(rubric)
    }

    /// Loads a rubric file (or stdin) of at most `limit` bytes, or the
    /// embedded one when `None`, with texts in `language` where it has them.
    pub fn load(path: Option<&InputSource>, limit: u64, language: &str) -> Result<Rubric, Error> {
        match path {
            None => {
                // Deserialised afresh rather than cloned from the shared
                // copy: a run loads it once, and a clone costs an eighth of
                // the deserialising on top.
                let mut rubric = Rubric::embedded_fresh(language);
                rubric.language = language.to_string();
                Ok(rubric)
            }
            Some(source) => Rubric::parse_in(
                &SourceText::read(source, limit, "a rubric")?,
                Some(language),
            ),
        }
    }

    /// The embedded product-manager rubric in English, parsed once per
    /// process.
    pub fn embedded() -> &'static Rubric {
        Rubric::embedded_in("en")
    }

    /// The embedded rubric with texts in `language` (English for a language
    /// it does not have), parsed once per process and language.
    pub fn embedded_in(language: &str) -> &'static Rubric {
        static ENGLISH: OnceLock<Rubric> = OnceLock::new();
        static CHINESE: OnceLock<Rubric> = OnceLock::new();
        let cell = match crate::lang::Lang::for_tag(language) {
            crate::lang::Lang::Zh => &CHINESE,
            crate::lang::Lang::En => &ENGLISH,
        };
        cell.get_or_init(|| Rubric::embedded_fresh(language))
    }

    /// The embedded rubric with texts in `language`, deserialised now.
    fn embedded_fresh(language: &str) -> Rubric {
        // Validated from the TOML when the tests regenerate it (see
        // `embedded_json`), so a run only deserialises it: a third of the
        // work of parsing and validating the TOML.
        let json = match crate::lang::Lang::for_tag(language) {
            crate::lang::Lang::Zh => EMBEDDED_ZH,
            crate::lang::Lang::En => EMBEDDED_EN,
        };
        let mut rubric: Rubric =
            serde_json::from_str(json).expect("the embedded rubric is checked by the test suite");
        // Hashed by build.rs; a test checks it equals hashing at run time.
        rubric.sha256 = env!("PMLEVEL_EMBEDDED_SHA256").to_string();
        rubric
    }

    /// Every threshold target in report order: each dimension, then overall.
    pub fn targets(&self) -> impl Iterator<Item = Target> + use<> {
        (0..self.dimensions.len())
            .map(Target::Dimension)
            .chain([Target::Overall])
    }

    /// "level 2 of 5" (or its translation) for a level's index.
    pub fn rank(&self, level: usize) -> String {
        crate::lang::fill(
            self.words().level_of,
            &[
                ("n", &(level + 1).to_string()),
                ("total", &self.levels.len().to_string()),
            ],
        )
    }

    /// pmlevel's own words in the rubric's chosen language.
    pub fn words(&self) -> &'static crate::lang::Words {
        crate::lang::Lang::for_tag(&self.language).words()
    }

    /// Finds a level's index by id.
    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.id == id)
    }

    /// Finds a question's index by id.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    /// Sum of dimension weights, the denominator of the overall score.
    pub fn total_weight(&self) -> f64 {
        self.dimensions.iter().map(|d| d.weight).sum()
    }

    /// Sum of dimension `d`'s question weights (in question order), the
    /// denominator of its score: question `q` counts `weight / this` of it.
    pub fn questions_weight(&self, d: usize) -> f64 {
        (self.dimensions[d].questions.iter())
            .map(|&q| self.questions[q].weight)
            .sum()
    }

    /// A threshold target's display name.
    pub fn target_name(&self, target: Target) -> &str {
        match target {
            Target::Overall => self.words().overall,
            Target::Dimension(d) => &self.dimensions[d].name,
        }
    }

    /// A threshold target's name as a table row heading ("Overall", not
    /// "overall").
    pub fn target_heading(&self, target: Target) -> &str {
        match target {
            Target::Overall => self.words().overall_heading,
            Target::Dimension(_) => self.target_name(target),
        }
    }

    /// A threshold target's stable id.
    pub fn target_id(&self, target: Target) -> &str {
        match target {
            Target::Overall => "overall",
            Target::Dimension(d) => &self.dimensions[d].id,
        }
    }
}

fn toml_problem(
    source: &SourceText,
    e: &toml::de::Error,
    words: &crate::lang::Words,
) -> crate::error::Problem {
    // serde speaks of Rust types; a rubric author thinks in TOML values.
    let message = e
        .message()
        .trim_end()
        .replace('\n', "; ")
        .replace("expected f64", "expected a number")
        .replace("expected a string", "expected a string (in quotes)");
    let message = crate::lang::serde_message(&message, words);
    match e.span() {
        Some(span) => source.problem_at(span, message),
        None => crate::error::Problem::new(message),
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The rubrics the engine's tests run on: the embedded one in English
/// and in Chinese, and the software-engineer rubric of `rubrics/`.
#[cfg(test)]
pub(crate) fn test_rubrics() -> [&'static Rubric; 3] {
    static ENGINEER: OnceLock<Rubric> = OnceLock::new();
    let engineer = ENGINEER.get_or_init(|| {
        let toml = include_str!("../../rubrics/software-engineer.toml");
        Rubric::parse(&SourceText::new("software-engineer.toml", toml)).expect("a valid rubric")
    });
    [
        Rubric::embedded_in("en"),
        Rubric::embedded_in("zh"),
        engineer,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded JSON is the TOML, parsed and validated, in each language.
    #[test]
    fn the_embedded_json_is_the_validated_toml() {
        let source = SourceText::new(EMBEDDED_NAME, EMBEDDED_SOURCE);
        for (tag, committed) in [("en", EMBEDDED_EN), ("zh", EMBEDDED_ZH)] {
            let rubric =
                Rubric::parse_in(&source, Some(tag)).expect("the embedded rubric is valid");
            assert!(
                rubric.missing_texts.is_empty(),
                "{tag}: {:?}",
                rubric.missing_texts
            );
            let mut json = serde_json::to_string_pretty(&rubric).unwrap();
            json.push('\n');
            if std::env::var_os("PMLEVEL_UPDATE_EMBEDDED").is_some() {
                let path = format!(
                    "{}/src/rubric/embedded/product-manager.{tag}.json",
                    env!("CARGO_MANIFEST_DIR")
                );
                std::fs::write(path, &json).unwrap();
                continue;
            }
            assert!(
                committed == json,
                "src/rubric/embedded/product-manager.{tag}.json is stale: run `PMLEVEL_UPDATE_EMBEDDED=1 cargo test --lib embedded` after editing the rubric"
            );
            let embedded = Rubric::embedded_in(tag);
            assert_eq!(
                serde_json::to_string(embedded).unwrap(),
                serde_json::to_string(&rubric).unwrap()
            );
        }
    }

    #[test]
    fn the_build_time_hash_is_the_embedded_rubric_hash() {
        let source = SourceText::new(EMBEDDED_NAME, EMBEDDED_SOURCE);
        assert_eq!(
            Rubric::embedded().sha256,
            Rubric::parse(&source).unwrap().sha256
        );
    }
}
