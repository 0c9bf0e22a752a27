//! The parse-only baselines for `bench/run.sh`: reads an NDJSON answers
//! file with the same line reader as `pmlevel assess`, turns each line into
//! the answers type and throws it away. What `assess` does on top of this
//! (scoring, planning, writing) is its own cost; this is the floor.
//!
//!     cargo run --release --example parse_only -- FILE.ndjson          # pmlevel's own parser
//!     cargo run --release --example parse_only -- --serde FILE.ndjson  # serde alone

use pmlevel::answers::Answers;
use pmlevel::batch::{AnswersInput, LINE_LIMIT, parse_line};
use pmlevel::error::InputSource;
use pmlevel::input::ANSWERS_LIMIT;
use pmlevel::rubric::Rubric;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let serde_only = args.first().is_some_and(|a| a == "--serde");
    if serde_only {
        args.remove(0);
    }
    let [path] = &args[..] else {
        return Err("usage: parse_only [--serde] FILE.ndjson".into());
    };
    let rubric = Rubric::embedded();
    let source = InputSource::from_arg(path);
    let AnswersInput::Lines(mut lines) = AnswersInput::open(&source, ANSWERS_LIMIT, LINE_LIMIT)?
    else {
        return Err("expected an NDJSON file".into());
    };
    let (mut parsed, mut failed) = (0u64, 0u64);
    // Reused from line to line, as `assess` does.
    let mut into = Answers::default();
    while let Some((number, text)) = lines.next_line() {
        let answers = match text {
            Ok(line) if serde_only => std::str::from_utf8(line)
                .ok()
                .and_then(|text| Answers::parse_valid_serde(text, rubric))
                .map(|answers| into = answers)
                .ok_or(()),
            Ok(line) => parse_line(path, line, number, rubric, &mut into).map_err(drop),
            Err(_) => Err(()),
        };
        match answers {
            Ok(()) => {
                std::hint::black_box(&into);
                parsed += 1;
            }
            Err(()) => failed += 1,
        }
    }
    eprintln!("{parsed} parsed, {failed} failed");
    Ok(())
}
