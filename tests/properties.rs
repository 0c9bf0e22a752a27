//! Properties of the engine that must hold for every rubric and every set of
//! answers, checked on the embedded rubric and on random rubrics that the
//! validator accepts: scores stay in range, raising an answer never lowers a
//! result, output is a pure function of its input, every accepted level is
//! reachable, no JSON makes the answers parser panic, and the answers
//! scanner reads any layout as serde does.

use std::fmt::Write as _;

use pmlevel::answers::{Answer, AnswerValue, Answers, Completeness};
use pmlevel::input::SourceText;
use pmlevel::report::{Report, json};
use pmlevel::rubric::{Level, QuestionKind, Rubric};
use pmlevel::scoring::assess;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::Value;

/// Bounded so the whole suite stays fast on a shared two-core machine, and
/// seeded so every run checks the same cases; `PROPTEST_CASES` and
/// `PROPTEST_RNG_SEED` (or `PROPTEST_RNG_SEED=random`) widen the hunt.
fn config() -> ProptestConfig {
    let env = |name: &str| std::env::var(name).ok();
    ProptestConfig {
        cases: env("PROPTEST_CASES")
            .and_then(|c| c.parse().ok())
            .unwrap_or(64),
        rng_seed: match env("PROPTEST_RNG_SEED").as_deref() {
            Some("random") => RngSeed::Random,
            Some(seed) => seed.parse().map_or(RngSeed::Fixed(2026), RngSeed::Fixed),
            None => RngSeed::Fixed(2026),
        },
        max_global_rejects: 4096,
        ..ProptestConfig::default()
    }
}

/// A question of a random rubric, before it is written as TOML.
#[derive(Debug, Clone)]
enum QuestionSpec {
    Number { max: u32, curve: Vec<(u32, u32)> },
    Scale,
    Choice(Vec<u32>),
    Multi(Vec<u32>),
}

/// A random rubric: dimensions with weights and questions, then levels
/// (above the lowest) as an overall minimum and optional floors.
#[derive(Debug, Clone)]
struct RubricSpec {
    dimensions: Vec<(u32, Vec<(u32, QuestionSpec)>)>,
    levels: Vec<(u32, Vec<Option<u32>>)>,
}

fn rising(len: std::ops::RangeInclusive<usize>, top: u32) -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0..=top, len).prop_map(|mut v| {
        v.sort_unstable();
        v
    })
}

fn question(discrete: bool) -> BoxedStrategy<QuestionSpec> {
    let scale = Just(QuestionSpec::Scale);
    let choice = rising(2..=4, 100).prop_map(QuestionSpec::Choice);
    let multi = prop::collection::vec(0..=100u32, 1..=3).prop_map(QuestionSpec::Multi);
    if discrete {
        return prop_oneof![scale, choice, multi].boxed();
    }
    let number = (1..=50u32, rising(2..=4, 100), rising(2..=4, 60)).prop_map(|(max, ys, xs)| {
        let mut xs = xs;
        xs.dedup();
        let curve = xs.iter().zip(&ys).map(|(&x, &y)| (x, y)).collect();
        QuestionSpec::Number { max, curve }
    });
    prop_oneof![number, scale, choice, multi].boxed()
}

/// Thresholds that never fall with rank, as the format requires.
fn levels(dimensions: usize, count: usize) -> impl Strategy<Value = Vec<(u32, Vec<Option<u32>>)>> {
    let step = (
        0..=40u32,
        prop::collection::vec(prop::option::of(0..=40u32), dimensions),
    );
    prop::collection::vec(step, count).prop_map(|steps| {
        let mut overall = 0;
        let mut floors: Vec<Option<u32>> = Vec::new();
        steps
            .into_iter()
            .map(|(up, ups)| {
                overall = (overall + up).min(100);
                floors.resize(ups.len(), None);
                for (floor, up) in floors.iter_mut().zip(ups) {
                    // Once a floor is set, every higher level keeps one.
                    *floor = match (*floor, up) {
                        (None, None) => None,
                        (prev, up) => Some((prev.unwrap_or(0) + up.unwrap_or(0)).min(100)),
                    };
                }
                (overall, floors.clone())
            })
            .collect()
    })
}

fn rubric_spec(discrete: bool) -> impl Strategy<Value = RubricSpec> {
    let max_questions = if discrete { 2 } else { 3 };
    let dimension = (
        1..=4u32,
        prop::collection::vec((1..=5u32, question(discrete)), 1..=max_questions),
    );
    (
        prop::collection::vec(dimension, 1..=if discrete { 2 } else { 4 }),
        1..=3usize,
    )
        .prop_flat_map(|(dimensions, above)| {
            let count = dimensions.len();
            levels(count, above).prop_map(move |levels| RubricSpec {
                dimensions: dimensions.clone(),
                levels,
            })
        })
}

fn options_toml(points: &[u32]) -> String {
    let items: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{{ id = \"o{i}\", label = \"Option {i}\", points = {p} }}"))
        .collect();
    format!("options = [{}]\n", items.join(", "))
}

fn to_toml(spec: &RubricSpec) -> String {
    let mut t = String::from("[rubric]\nid = \"random\"\nname = \"Random\"\nversion = \"1\"\n");
    for (d, (weight, _)) in spec.dimensions.iter().enumerate() {
        let _ = write!(
            t,
            "\n[[dimensions]]\nid = \"d{d}\"\nname = \"D{d}\"\nweight = {weight}\n"
        );
    }
    for (d, (_, questions)) in spec.dimensions.iter().enumerate() {
        for (q, (weight, kind)) in questions.iter().enumerate() {
            let _ = write!(
                t,
                "\n[[questions]]\nid = \"d{d}.q{q}\"\nprompt = \"Q?\"\nweight = {weight}\n"
            );
            match kind {
                QuestionSpec::Number { max, curve } => {
                    let points: Vec<String> =
                        curve.iter().map(|(x, y)| format!("[{x}, {y}]")).collect();
                    let _ = writeln!(
                        t,
                        "kind = \"number\"\nmin = 0\nmax = {max}\ncurve = [{}]",
                        points.join(", ")
                    );
                }
                QuestionSpec::Scale => {
                    t.push_str("kind = \"scale\"\nanchors = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n");
                }
                QuestionSpec::Choice(points) => {
                    t.push_str("kind = \"choice\"\n");
                    t.push_str(&options_toml(points));
                }
                QuestionSpec::Multi(points) => {
                    t.push_str("kind = \"multi\"\n");
                    t.push_str(&options_toml(points));
                }
            }
        }
    }
    t.push_str("\n[[levels]]\nid = \"l0\"\nname = \"L0\"\nsummary = \"Lowest.\"\n");
    for (l, (overall, floors)) in spec.levels.iter().enumerate() {
        let floors: Vec<String> = floors
            .iter()
            .enumerate()
            .filter_map(|(d, f)| f.map(|f| format!("d{d} = {f}")))
            .collect();
        let _ = write!(
            t,
            "\n[[levels]]\nid = \"l{n}\"\nname = \"L{n}\"\nsummary = \"Level {n}.\"\nmin_overall = {overall}\nfloors = {{ {} }}\n",
            floors.join(", "),
            n = l + 1
        );
    }
    t
}

/// A rubric the validator accepts, or `None` (the case is then skipped).
fn accepted(spec: &RubricSpec) -> Option<Rubric> {
    Rubric::parse(&SourceText::new("random.toml", to_toml(spec))).ok()
}

/// The rubric with its levels as written, whether or not the validator
/// would accept them, so a brute-force search can judge the validator.
/// `None` if it is invalid with the lowest level alone.
fn unchecked(spec: &RubricSpec) -> Option<Rubric> {
    let lowest = RubricSpec {
        levels: Vec::new(),
        ..spec.clone()
    };
    let mut rubric = accepted(&lowest)?;
    let template = rubric.levels[0].clone();
    for (l, (overall, floors)) in spec.levels.iter().enumerate() {
        rubric.levels.push(Level {
            id: format!("l{}", l + 1),
            min_overall: f64::from(*overall),
            floors: floors.iter().map(|f| f.map(f64::from)).collect(),
            ..template.clone()
        });
    }
    Some(rubric)
}

/// One answer drawn from a uniform number and random bits, so one strategy
/// serves every question of every rubric.
fn answer(kind: &QuestionKind, unit: f64, bits: u32) -> AnswerValue {
    let pick = |n: usize| ((unit * n as f64) as usize).min(n - 1);
    match kind {
        QuestionKind::Number { min, max, .. } => AnswerValue::Number(min + unit * (max - min)),
        QuestionKind::Scale { anchors } => AnswerValue::Scale(pick(anchors.len()) as u8 + 1),
        QuestionKind::Choice { options } => AnswerValue::Choice(pick(options.len())),
        QuestionKind::Multi { options } => {
            AnswerValue::Multi((0..options.len()).filter(|i| bits >> i & 1 == 1).collect())
        }
    }
}

/// The same answer raised by `unit` of its remaining room (a superset of a
/// multi question's options).
fn raised(kind: &QuestionKind, value: &AnswerValue, unit: f64, bits: u32) -> AnswerValue {
    match (kind, value) {
        (QuestionKind::Number { max, .. }, AnswerValue::Number(v)) => {
            AnswerValue::Number(v + unit * (max - v))
        }
        (_, AnswerValue::Scale(v)) => {
            AnswerValue::Scale(v + ((unit * f64::from(6 - v)) as u8).min(5 - v))
        }
        (QuestionKind::Choice { options }, AnswerValue::Choice(i)) => {
            let room = options.len() - 1 - i;
            AnswerValue::Choice(i + ((unit * (room + 1) as f64) as usize).min(room))
        }
        (QuestionKind::Multi { options }, AnswerValue::Multi(chosen)) => AnswerValue::Multi(
            (0..options.len())
                .filter(|&i| chosen.contains(i) || bits >> i & 1 == 1)
                .collect(),
        ),
        _ => unreachable!("an answer always matches its question's kind"),
    }
}

fn answers(rubric: &Rubric, draws: &[(f64, u32)]) -> Answers {
    Answers {
        respondent: None,
        expected_level: None,
        values: rubric
            .questions
            .iter()
            .zip(draws.iter().cycle())
            .map(|(q, &(unit, bits))| Some(Answer::plain(answer(&q.kind, unit, bits))))
            .collect(),
    }
}

fn draws() -> impl Strategy<Value = Vec<(f64, u32)>> {
    prop::collection::vec((0.0..=1.0f64, any::<u32>()), 1..=16)
}

fn check_in_range(rubric: &Rubric, answers: &Answers) -> Result<(), TestCaseError> {
    let a = assess(rubric, answers);
    for score in a.dimensions.iter().chain([&a.overall]) {
        prop_assert!((0.0..=100.0).contains(score), "score {score} out of range");
    }
    prop_assert!(a.level < rubric.levels.len());
    prop_assert_eq!(
        a.next,
        (a.level + 1 < rubric.levels.len()).then_some(a.level + 1)
    );
    Ok(())
}

fn check_raising(
    rubric: &Rubric,
    answers: &Answers,
    q: usize,
    unit: f64,
    bits: u32,
) -> Result<(), TestCaseError> {
    let q = q % rubric.questions.len();
    let before = assess(rubric, answers);
    let mut higher = answers.clone();
    let slot = higher.values[q].as_mut().expect("every question answered");
    slot.value = raised(&rubric.questions[q].kind, &slot.value, unit, bits);
    let after = assess(rubric, &higher);
    for (d, (b, a)) in before.dimensions.iter().zip(&after.dimensions).enumerate() {
        prop_assert!(a >= b, "dimension {d} fell from {b} to {a}");
    }
    prop_assert!(after.overall >= before.overall);
    prop_assert!(after.level >= before.level);
    Ok(())
}

fn check_deterministic(rubric: &Rubric, answers: &Answers) -> Result<(), TestCaseError> {
    let render = || {
        let report = Report::new(rubric, answers);
        let mut text = Vec::new();
        pmlevel::report::text::render(&report, &mut text).expect("writing to memory");
        let mut markdown = Vec::new();
        pmlevel::report::markdown::render(&report, &mut markdown).expect("writing to memory");
        (json::render(&report), text, markdown)
    };
    prop_assert_eq!(render(), render());
    Ok(())
}

/// Every combination of answers to a rubric whose questions are all
/// discrete, as question points.
fn every_answer_set(rubric: &Rubric) -> Vec<Answers> {
    let choices: Vec<Vec<AnswerValue>> = rubric
        .questions
        .iter()
        .map(|q| match &q.kind {
            QuestionKind::Scale { anchors } => {
                (1..=anchors.len() as u8).map(AnswerValue::Scale).collect()
            }
            QuestionKind::Choice { options } => {
                (0..options.len()).map(AnswerValue::Choice).collect()
            }
            QuestionKind::Multi { options } => (0..1u32 << options.len())
                .map(|bits| {
                    AnswerValue::Multi((0..options.len()).filter(|i| bits >> i & 1 == 1).collect())
                })
                .collect(),
            QuestionKind::Number { .. } => unreachable!("only discrete rubrics are enumerated"),
        })
        .collect();
    let mut sets: Vec<Vec<Option<Answer>>> = vec![Vec::new()];
    for values in &choices {
        sets = sets
            .into_iter()
            .flat_map(|set| {
                values.iter().map(move |v| {
                    let mut next = set.clone();
                    next.push(Some(Answer::plain(*v)));
                    next
                })
            })
            .collect();
    }
    sets.into_iter()
        .map(|values| Answers {
            respondent: None,
            expected_level: None,
            values,
        })
        .collect()
}

/// Arbitrary JSON, biased towards the shapes an answers file has.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("answers".to_string()),
        Just("respondent".to_string()),
        Just("value".to_string()),
        Just("evidence".to_string()),
        Just("experience.years".to_string()),
        Just("skills.technical".to_string()),
        Just("responsibility.scope".to_string()),
        Just("influence.activities".to_string()),
        ".{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,16}".prop_map(Value::from),
        Just(Value::from("company")),
        Just(Value::from("mentoring")),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn embedded_rubric_scores_stay_in_range(draws in draws()) {
        let rubric = Rubric::embedded();
        check_in_range(rubric, &answers(rubric, &draws))?;
    }

    #[test]
    fn embedded_rubric_never_rewards_a_lower_answer(
        draws in draws(), q in any::<usize>(), unit in 0.0..=1.0f64, bits in any::<u32>()
    ) {
        let rubric = Rubric::embedded();
        check_raising(rubric, &answers(rubric, &draws), q, unit, bits)?;
    }

    #[test]
    fn embedded_rubric_output_is_deterministic(draws in draws()) {
        let rubric = Rubric::embedded();
        check_deterministic(rubric, &answers(rubric, &draws))?;
    }

    #[test]
    fn random_rubrics_score_in_range_and_monotonically(
        spec in rubric_spec(false),
        draws in draws(),
        q in any::<usize>(), unit in 0.0..=1.0f64, bits in any::<u32>()
    ) {
        let rubric = accepted(&spec);
        prop_assume!(rubric.is_some(), "the validator rejected the rubric");
        let rubric = rubric.unwrap();
        let answers = answers(&rubric, &draws);
        check_in_range(&rubric, &answers)?;
        check_raising(&rubric, &answers, q, unit, bits)?;
        check_deterministic(&rubric, &answers)?;
    }

    #[test]
    fn the_validator_accepts_exactly_the_rubrics_whose_levels_are_all_reachable(
        spec in rubric_spec(true)
    ) {
        let rubric = unchecked(&spec);
        prop_assume!(rubric.is_some(), "the rubric is invalid for another reason");
        let rubric = rubric.unwrap();
        let mut reached = vec![false; rubric.levels.len()];
        for answers in every_answer_set(&rubric) {
            reached[assess(&rubric, &answers).level] = true;
        }
        let missed: Vec<&str> = rubric
            .levels
            .iter()
            .zip(&reached)
            .filter(|(_, r)| !**r)
            .map(|(l, _)| l.id.as_str())
            .collect();
        let verdict = Rubric::parse(&SourceText::new("random.toml", to_toml(&spec)));
        prop_assert_eq!(
            verdict.is_ok(),
            missed.is_empty(),
            "unreachable levels {:?}; the validator said {:?} of\n{}",
            missed,
            verdict.err().map(|e| e.to_string()),
            to_toml(&spec)
        );
    }

    #[test]
    fn the_answers_scanner_reads_any_layout_as_serde_does(
        draws in draws(), order in any::<u64>(), pretty in any::<bool>(), name in "[A-Za-z0-9 é中._-]{0,12}"
    ) {
        let rubric = Rubric::embedded();
        let mut person = answers(rubric, &draws);
        person.respondent = Some(name);
        // Numbers as people write them (a decimal or two), which the scanner
        // reads itself; long ones it leaves to serde.
        for answer in person.values.iter_mut().flatten() {
            if let AnswerValue::Number(n) = &mut answer.value {
                *n = (*n * 100.0).round() / 100.0;
            }
        }
        let mut value = person.to_json(rubric);
        // Questions in any order, not only the rubric's.
        if let Some(Value::Object(map)) = value.get_mut("answers") {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            let turn = (order as usize) % entries.len().max(1);
            entries.rotate_left(turn);
            if order & 1 == 1 {
                entries.reverse();
            }
            *map = entries.into_iter().collect();
        }
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            value.to_string()
        };
        let read = Answers::parse_valid(&text, rubric);
        prop_assert_eq!(read.as_ref(), Some(&person), "{}", text);
        prop_assert_eq!(read, Answers::parse_valid_serde(&text, rubric));
    }

    #[test]
    fn arbitrary_json_never_panics_the_answers_parser(value in json_value(), wrap in any::<bool>()) {
        let value = if wrap { serde_json::json!({ "answers": value }) } else { value };
        let text = value.to_string();
        for completeness in [Completeness::Complete, Completeness::Partial] {
            let _ = Answers::parse(&SourceText::new("fuzz.json", text.clone()), Rubric::embedded(), completeness);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_either_parser(text in "\\PC{0,200}") {
        let _ = Answers::parse(&SourceText::new("fuzz.json", text.clone()), Rubric::embedded(), Completeness::Complete);
        let _ = Rubric::parse(&SourceText::new("fuzz.toml", text));
    }
}
