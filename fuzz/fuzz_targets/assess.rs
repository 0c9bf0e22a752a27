//! Valid answers from any bytes, through scoring, the plan and every
//! renderer: scores stay in 0..=100, nothing panics, a batch's scorer kept
//! from input to input scores what `assess` scores, a planner kept from
//! input to input (which works things out beforehand from its second plan)
//! plans what a fresh one plans, and the NDJSON writer, with a layout kept
//! from input to input too, writes exactly what serde_json writes (the
//! bytes after the answers are the respondent's name, so escapes get tried
//! too).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use pmlevel::answers::{Answer, AnswerValue, Answers};
use pmlevel::plan::Planner;
use pmlevel::report::{Report, json, json_line, markdown, text};
use pmlevel::rubric::{QuestionKind, Rubric};
use pmlevel::scoring::{Assessment, Scorer};

static PLANNER: LazyLock<Planner<'static>> = LazyLock::new(|| Planner::new(Rubric::embedded()));
static SCORER: LazyLock<Scorer<'static>> = LazyLock::new(|| Scorer::new(Rubric::embedded()));
static LAYOUT: LazyLock<json_line::Layout> =
    LazyLock::new(|| json_line::Layout::new(Rubric::embedded()));

fuzz_target!(|data: &[u8]| {
    let rubric = Rubric::embedded();
    let mut bytes = data.iter().copied().chain(std::iter::repeat(0));
    let values = rubric
        .questions
        .iter()
        .map(|q| {
            let b = bytes.next().unwrap_or(0);
            let value = match &q.kind {
                // Half steps too, as people answer (and as the planner and
                // the writer work out beforehand).
                QuestionKind::Number { min, max, .. } if b % 2 == 0 => {
                    AnswerValue::Number((min + f64::from(b / 2) / 2.0).min(*max))
                }
                QuestionKind::Number { min, max, .. } => {
                    AnswerValue::Number(min + (max - min) * f64::from(b) / 255.0)
                }
                QuestionKind::Scale { .. } => AnswerValue::Scale(b % 5 + 1),
                QuestionKind::Choice { options } => {
                    AnswerValue::Choice(usize::from(b) % options.len())
                }
                QuestionKind::Multi { options } => AnswerValue::Multi(
                    (0..options.len())
                        .filter(|i| b >> (i % 8) & 1 == 1)
                        .collect(),
                ),
            };
            (b % 7 != 0).then(|| Answer::plain(value))
        })
        .collect();
    let name = data.get(rubric.questions.len()..).unwrap_or_default();
    let answers = Answers {
        respondent: (!name.is_empty()).then(|| String::from_utf8_lossy(name).into_owned()),
        expected_level: None,
        values,
    };
    let report = Report::new(rubric, &answers);
    let a = &report.assessment;
    assert!(a.dimensions.iter().all(|s| (0.0..=100.0).contains(s)));
    assert!((0.0..=100.0).contains(&a.overall));
    let mut scored = Assessment::default();
    SCORER.assess_into(&answers, &mut scored);
    assert_eq!(format!("{scored:?}"), format!("{a:?}"));
    assert_eq!(PLANNER.plan(&answers, a), *report.plan);
    let _ = json::render(&report);
    let result = json::result(&report);
    let mut line = String::new();
    json_line::render(&LAYOUT, &report, &mut line);
    assert_eq!(line, serde_json::to_string(&result).unwrap() + "\n");
    let _ = text::render(&report, &mut Vec::new());
    let _ = markdown::render(&report, &mut Vec::new());
});
