//! The parse-only baseline for `bench/run.sh`: reads an NDJSON answers file
//! with the same line reader and parser as `pmlevel assess`, turns each line
//! into the answers type and throws it away. What `assess` does on top of
//! this (scoring, planning, writing) is its own cost; this is the floor.
//!
//!     cargo run --release --example parse_only -- FILE.ndjson

use pmlevel::batch::{AnswersInput, LINE_LIMIT, parse_line};
use pmlevel::error::InputSource;
use pmlevel::input::ANSWERS_LIMIT;
use pmlevel::rubric::Rubric;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: parse_only FILE.ndjson")?;
    let rubric = Rubric::embedded();
    let source = InputSource::from_arg(&path);
    let AnswersInput::Lines(mut lines) = AnswersInput::open(&source, ANSWERS_LIMIT, LINE_LIMIT)?
    else {
        return Err("expected an NDJSON file".into());
    };
    let (mut parsed, mut failed) = (0u64, 0u64);
    while let Some((number, text)) = lines.next_line() {
        match text.and_then(|t| parse_line(&path, t, number, rubric)) {
            Ok(answers) => {
                std::hint::black_box(answers);
                parsed += 1;
            }
            Err(_) => failed += 1,
        }
    }
    eprintln!("{parsed} parsed, {failed} failed");
    Ok(())
}
