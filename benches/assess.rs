//! Micro-benchmarks of the engine on one answers set (divan):
//! `cargo bench --bench assess`.

use pmlevel::answers::{Answers, Completeness};
use pmlevel::input::SourceText;
use pmlevel::plan::Planner;
use pmlevel::report::{Report, json, json_line};
use pmlevel::rubric::Rubric;
use pmlevel::scoring::{Assessment, Scorer, assess};

const SENIOR: &str = include_str!("../examples/answers/senior.json");

fn main() {
    divan::main();
}

fn answers() -> Answers {
    let source = SourceText::new("senior.json", SENIOR);
    Answers::parse(&source, Rubric::embedded(), Completeness::Complete).expect("valid example")
}

/// Scoring alone: points, dimension scores, level, thresholds.
#[divan::bench]
fn score(bencher: divan::Bencher) {
    let (rubric, answers) = (Rubric::embedded(), answers());
    bencher.bench(|| assess(divan::black_box(rubric), divan::black_box(&answers)));
}

/// Scoring as a batch does, with the rubric's scoring worked out
/// beforehand (`scoring::Scorer`).
#[divan::bench]
fn score_in_a_batch(bencher: divan::Bencher) {
    let (rubric, answers) = (Rubric::embedded(), answers());
    let scorer = Scorer::new(rubric);
    let mut a = Assessment::default();
    bencher.bench_local(|| {
        scorer.assess_into(divan::black_box(&answers), &mut a);
        a.level
    });
}

/// Scoring and the growth plan (shortest path included), the rubric's
/// rungs worked out beforehand as a batch does.
#[divan::bench]
fn score_and_plan(bencher: divan::Bencher) {
    let (rubric, answers) = (Rubric::embedded(), answers());
    let planner = Planner::new(rubric);
    bencher.bench(|| {
        let a = assess(rubric, divan::black_box(&answers));
        planner.plan(&answers, &a)
    });
}

/// One full NDJSON result line, the rubric's pieces rendered beforehand
/// as a batch does: what a batch adds per person after the plan.
#[divan::bench]
fn ndjson_line(bencher: divan::Bencher) {
    let (rubric, answers) = (Rubric::embedded(), answers());
    let (layout, report) = (
        json_line::Layout::new(rubric),
        Report::new(rubric, &answers),
    );
    let mut line = String::new();
    bencher.bench_local(|| {
        line.clear();
        json_line::render(&layout, divan::black_box(&report), &mut line);
        line.len()
    });
}

/// The same line through the result types and serde_json, for comparison.
#[divan::bench]
fn ndjson_line_serde(bencher: divan::Bencher) {
    let (rubric, answers) = (Rubric::embedded(), answers());
    let report = Report::new(rubric, &answers);
    bencher.bench(|| serde_json::to_string(&json::result(divan::black_box(&report))));
}

/// The fast answers parser on a valid file.
#[divan::bench]
fn parse_valid() -> Option<Answers> {
    Answers::parse_valid(divan::black_box(SENIOR), Rubric::embedded())
}

/// The full, reporting parser on the same file (used when a file has problems).
#[divan::bench]
fn parse_reporting() -> Answers {
    let source = SourceText::new("senior.json", divan::black_box(SENIOR));
    Answers::parse_reporting(&source, Rubric::embedded(), Completeness::Complete).expect("valid")
}

/// Loading the embedded rubric from its TOML, with validation.
#[divan::bench]
fn load_embedded_rubric() -> Rubric {
    let source = SourceText::new("embedded", pmlevel::rubric::EMBEDDED_SOURCE);
    Rubric::parse(&source).expect("valid")
}
