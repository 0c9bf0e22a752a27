//! The JSON result: a stable contract for scripts and dashboards.
//!
//! Ids never change with presentation; `schema_version` follows semver: an
//! added field is a minor bump, a removed or changed one a major bump.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::Report;
use crate::answers::{AnswerValue, Chosen, Source, describe};
use crate::plan::{Change, Gap, Rung};
use crate::rubric::{ChoiceOption, Habit, QuestionKind, Rubric, Timeframe};
use crate::scoring::{ThresholdCheck, round1};

/// The version of the result format.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// A question's `display` when it has no answer (the same in every
/// language: part of the format, like the ids).
pub const UNANSWERED: &str = "unanswered";

/// How the shortest path is found, as a result says.
pub const PATH_METHOD: &str = "exact: fewest one-rung answer changes (knapsack over each dimension's questions, then over dimensions)";

/// The whole result object.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ResultJson<'a> {
    /// Version of this format.
    pub schema_version: &'static str,
    /// Which rubric produced it.
    pub rubric: RubricRef<'a>,
    /// Who the answers are about.
    pub respondent: Option<&'a str>,
    /// The matched level.
    pub level: LevelRef<'a>,
    /// Overall score, 0..100.
    pub overall: f64,
    /// Closeness to the level boundaries.
    pub borderline: BorderlineJson<'a>,
    /// Scores per dimension, with each question's answer and points.
    pub dimensions: Vec<DimensionJson<'a>>,
    /// The matched level's thresholds.
    pub thresholds: Vec<ThresholdJson<'a>>,
    /// The next level up and its thresholds (`null` at the top).
    pub next_level: Option<NextLevelJson<'a>>,
    /// The growth plan.
    pub plan: PlanJson<'a>,
}

/// Identifies the rubric exactly.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RubricRef<'a> {
    /// Rubric id.
    pub id: &'a str,
    /// Rubric name.
    pub name: &'a str,
    /// Rubric version.
    pub version: &'a str,
    /// sha256 of the rubric file's bytes.
    pub sha256: &'a str,
}

/// A level by id and name.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LevelRef<'a> {
    /// Level id.
    pub id: &'a str,
    /// Level name.
    pub name: &'a str,
    /// 1-based rank.
    pub rank: usize,
    /// How many levels the rubric has.
    pub of: usize,
    /// What the level means.
    pub summary: &'a str,
}

/// Closeness to boundaries.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BorderlineJson<'a> {
    /// Whether either boundary is within the rubric's margin.
    pub borderline: bool,
    /// Largest shortfall against the next level, when within the margin.
    pub near_next: Option<f64>,
    /// The matched level's tightest threshold, when within the margin.
    pub just_over: Option<MarginJson<'a>>,
}

/// Room over a threshold.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MarginJson<'a> {
    /// `overall` or a dimension id.
    pub threshold: &'a str,
    /// Points over it.
    pub margin: f64,
}

/// One dimension's score.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DimensionJson<'a> {
    /// Dimension id.
    pub id: &'a str,
    /// Dimension name.
    pub name: &'a str,
    /// Weight in the overall score.
    pub weight: f64,
    /// Score, 0..100.
    pub score: f64,
    /// Its questions.
    pub questions: Vec<QuestionJson<'a>>,
}

/// One question's answer and points.
#[derive(Debug, Serialize, JsonSchema)]
pub struct QuestionJson<'a> {
    /// Question id.
    pub id: &'a str,
    /// The answer as in the answers file.
    #[schemars(with = "Value")]
    pub answer: AnswerJson<'a>,
    /// A short display of the answer.
    pub display: String,
    /// Points, 0..100.
    pub points: f64,
    /// Evidence given with the answer.
    pub evidence: Option<&'a str>,
    /// Who gave the answer.
    pub source: Option<Source>,
}

/// An answer value as the answers file writes it (what
/// [`crate::answers::value_to_json`] gives, borrowed instead of built).
#[derive(Debug, Clone)]
pub enum AnswerJson<'a> {
    /// No answer.
    Null,
    /// A whole number.
    Integer(i64),
    /// Any other number.
    Number(f64),
    /// A choice's option (written as its id).
    Choice(&'a [ChoiceOption], usize),
    /// A multi question's chosen options (written as their ids; kept as
    /// the set, so a batch's answers cost no list per person, and as
    /// indexes, so a writer can use ids it quoted beforehand).
    Multi(&'a [ChoiceOption], Chosen),
}

/// The JSON form of an answer.
pub fn answer_json<'a>(kind: &'a QuestionKind, value: &AnswerValue) -> AnswerJson<'a> {
    match (kind, value) {
        (_, AnswerValue::Number(n)) if n.fract() == 0.0 && n.abs() < 1e15 => {
            AnswerJson::Integer(*n as i64)
        }
        (_, AnswerValue::Number(n)) if n.is_finite() => AnswerJson::Number(*n),
        (_, AnswerValue::Scale(s)) => AnswerJson::Integer(i64::from(*s)),
        (QuestionKind::Choice { options }, AnswerValue::Choice(i)) => {
            AnswerJson::Choice(options, *i)
        }
        (QuestionKind::Multi { options }, AnswerValue::Multi(list)) => {
            AnswerJson::Multi(options, *list)
        }
        _ => AnswerJson::Null,
    }
}

impl Serialize for AnswerJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AnswerJson::Null => s.serialize_unit(),
            AnswerJson::Integer(n) => s.serialize_i64(*n),
            AnswerJson::Number(n) => s.serialize_f64(*n),
            AnswerJson::Choice(options, i) => s.serialize_str(&options[*i].id),
            AnswerJson::Multi(options, chosen) => {
                s.collect_seq(chosen.iter().map(|i| &options[i].id))
            }
        }
    }
}

/// A threshold and the score against it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ThresholdJson<'a> {
    /// `overall` or a dimension id.
    pub target: &'a str,
    /// The minimum needed.
    pub need: f64,
    /// The score.
    pub have: f64,
    /// Whether it is met.
    pub met: bool,
}

/// The next level and what it needs.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NextLevelJson<'a> {
    /// Level id.
    pub id: &'a str,
    /// Level name.
    pub name: &'a str,
    /// Its thresholds against the scores.
    pub thresholds: Vec<ThresholdJson<'a>>,
}

/// The growth plan.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanJson<'a> {
    /// The level aimed at (`null` at the top: the plan widens impact).
    pub target: Option<&'a str>,
    /// Why this level and not the next.
    pub why: &'a str,
    /// The fewest answer changes that reach the target.
    pub shortest_path: Option<PathJson<'a>>,
    /// Gaps, biggest effect first.
    pub gaps: Vec<GapJson<'a>>,
    /// Actions grouped by growth habit.
    pub habits: Vec<HabitJson<'a>>,
}

/// The shortest path.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PathJson<'a> {
    /// Rungs climbed in all.
    pub steps: usize,
    /// The level these answers would match.
    pub reaches: &'a str,
    /// How it was computed.
    pub method: &'static str,
    /// The answer changes.
    pub changes: Vec<ChangeJson<'a>>,
}

/// One answer change.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChangeJson<'a> {
    /// Question id.
    pub question: &'a str,
    /// The answer now.
    #[schemars(with = "Value")]
    pub from: AnswerJson<'a>,
    /// The answer to reach.
    #[schemars(with = "Value")]
    pub to: AnswerJson<'a>,
    /// Rungs climbed on this question.
    pub steps: usize,
    /// Points now.
    pub points_from: f64,
    /// Points then.
    pub points_to: f64,
    /// What the new answer means in practice.
    pub label: &'a str,
}

/// One gap.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GapJson<'a> {
    /// `overall` or a dimension id.
    pub target: &'a str,
    /// Score now.
    pub have: f64,
    /// Score needed (`null` at the top level).
    pub need: Option<f64>,
    /// Overall points gained by closing it.
    pub impact: f64,
    /// Weakest questions behind it.
    pub weakest: Vec<WeakJson<'a>>,
    /// What to do.
    pub actions: Vec<ActionJson<'a>>,
}

/// A weak question and the next step up.
#[derive(Debug, Serialize, JsonSchema)]
pub struct WeakJson<'a> {
    /// Question id.
    pub question: &'a str,
    /// Points now.
    pub points: f64,
    /// The next answer up.
    pub next: Option<RungJson<'a>>,
}

/// The next answer up a question's ladder.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RungJson<'a> {
    /// The answer.
    #[schemars(with = "Value")]
    pub answer: AnswerJson<'a>,
    /// Points it gives.
    pub points: f64,
    /// What it means in practice.
    pub label: &'a str,
}

/// One growth action.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ActionJson<'a> {
    /// What to do.
    pub text: &'a str,
    /// Growth habit.
    pub habit: Habit,
    /// When.
    pub timeframe: Timeframe,
    /// Dimension id.
    pub dimension: &'a str,
    /// Question id, if specific to one.
    pub question: Option<&'a str>,
}

/// Actions under one habit.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HabitJson<'a> {
    /// Habit id.
    pub habit: Habit,
    /// Habit heading.
    pub title: &'static str,
    /// Its actions, soonest first.
    pub actions: Vec<ActionJson<'a>>,
}

/// Builds the JSON result of a report.
pub fn result<'a>(report: &'a Report<'_>) -> ResultJson<'a> {
    let (rubric, a) = (report.rubric, &report.assessment);
    ResultJson {
        schema_version: SCHEMA_VERSION,
        rubric: rubric_ref(rubric),
        respondent: report.answers.respondent.as_deref(),
        level: level_ref(rubric, a.level),
        overall: a.overall,
        borderline: BorderlineJson {
            borderline: a.borderline.is_borderline(),
            near_next: a.borderline.near_next,
            just_over: a.borderline.just_over.map(|(t, margin)| MarginJson {
                threshold: rubric.target_id(t),
                margin,
            }),
        },
        dimensions: dimensions(report),
        thresholds: thresholds(rubric, &a.level_checks),
        next_level: a.next.map(|n| NextLevelJson {
            id: &rubric.levels[n].id,
            name: &rubric.levels[n].name,
            thresholds: thresholds(rubric, &a.next_checks),
        }),
        plan: plan(report),
    }
}

/// The rubric as a result names it.
pub fn rubric_ref(rubric: &Rubric) -> RubricRef<'_> {
    RubricRef {
        id: &rubric.id,
        name: &rubric.name,
        version: &rubric.version,
        sha256: &rubric.sha256,
    }
}

/// Level `l` as a result names it.
pub fn level_ref(rubric: &Rubric, l: usize) -> LevelRef<'_> {
    let level = &rubric.levels[l];
    LevelRef {
        id: &level.id,
        name: &level.name,
        rank: l + 1,
        of: rubric.levels.len(),
        summary: &level.summary,
    }
}

/// Writes the result as one compact line of JSON with a trailing newline.
pub fn write_line(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // A batch renders the rubric's pieces once for all its people; one
    // result renders them for itself.
    let layout = super::json_line::Layout::new(report.rubric);
    super::write_record(out, |line| super::json_line::render(&layout, report, line))
}

/// The result as pretty JSON text with a trailing newline.
pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&result(report)).unwrap_or_default();
    text.push('\n');
    text
}

fn dimensions<'a>(report: &'a Report) -> Vec<DimensionJson<'a>> {
    let rubric = report.rubric;
    rubric
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| DimensionJson {
            id: &dim.id,
            name: &dim.name,
            weight: dim.weight,
            score: report.assessment.dimensions[d],
            questions: dim
                .questions
                .iter()
                .map(|&q| {
                    let answer = report.answers.values[q].as_ref();
                    QuestionJson {
                        id: &rubric.questions[q].id,
                        answer: answer.map_or(AnswerJson::Null, |a| {
                            answer_json(&rubric.questions[q].kind, &a.value)
                        }),
                        display: answer
                            .map_or_else(|| UNANSWERED.into(), |a| describe(rubric, q, &a.value)),
                        points: round1(report.assessment.points[q]),
                        evidence: answer.and_then(|a| a.evidence.as_deref()),
                        source: answer.and_then(|a| a.source),
                    }
                })
                .collect(),
        })
        .collect()
}

fn thresholds<'a>(rubric: &'a Rubric, checks: &[ThresholdCheck]) -> Vec<ThresholdJson<'a>> {
    checks
        .iter()
        .map(|c| ThresholdJson {
            target: rubric.target_id(c.target),
            need: c.need,
            have: c.have,
            met: c.met(),
        })
        .collect()
}

fn plan<'a>(report: &'a Report) -> PlanJson<'a> {
    let (rubric, plan) = (report.rubric, &report.plan);
    PlanJson {
        target: plan.target.map(|t| rubric.levels[t].id.as_str()),
        why: &plan.why,
        shortest_path: plan.shortest_path.as_ref().map(|p| PathJson {
            steps: p.steps,
            reaches: &rubric.levels[p.reaches].id,
            method: PATH_METHOD,
            changes: p.changes.iter().map(|c| change(rubric, c)).collect(),
        }),
        gaps: plan.gaps.iter().map(|g| gap(rubric, g)).collect(),
        habits: plan
            .habits
            .iter()
            .map(|h| HabitJson {
                habit: h.habit,
                title: h.habit.title(report.rubric.words()),
                actions: h.actions.iter().map(|&i| action(rubric, i)).collect(),
            })
            .collect(),
    }
}

fn change<'a>(rubric: &'a Rubric, c: &'a Change) -> ChangeJson<'a> {
    let kind = &rubric.questions[c.question].kind;
    ChangeJson {
        question: &rubric.questions[c.question].id,
        from: c
            .from
            .as_ref()
            .map_or(AnswerJson::Null, |v| answer_json(kind, v)),
        to: answer_json(kind, &c.to),
        steps: c.steps,
        points_from: round1(c.points.0),
        points_to: round1(c.points.1),
        label: &c.label,
    }
}

fn gap<'a>(rubric: &'a Rubric, g: &'a Gap) -> GapJson<'a> {
    GapJson {
        target: rubric.target_id(g.target),
        have: g.have,
        need: g.need,
        impact: round1(g.impact),
        weakest: g
            .weakest
            .iter()
            .map(|w| WeakJson {
                question: &rubric.questions[w.question].id,
                points: round1(w.points),
                next: w.next.as_ref().map(|r| rung(rubric, w.question, r)),
            })
            .collect(),
        actions: g.actions.iter().map(|&i| action(rubric, i)).collect(),
    }
}

fn rung<'a>(rubric: &'a Rubric, q: usize, r: &'a Rung) -> RungJson<'a> {
    RungJson {
        answer: answer_json(&rubric.questions[q].kind, &r.value),
        points: round1(r.points),
        label: &r.label,
    }
}

/// One of the rubric's actions as a result lists it.
pub fn action(rubric: &Rubric, i: usize) -> ActionJson<'_> {
    let a = &rubric.actions[i];
    ActionJson {
        text: &a.text,
        habit: a.habit,
        timeframe: a.timeframe,
        dimension: &rubric.dimensions[a.dimension].id,
        question: a.question.map(|q| rubric.questions[q].id.as_str()),
    }
}
