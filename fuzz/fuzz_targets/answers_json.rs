//! Any bytes as an answers file for the embedded rubric: the fast paths and
//! the reporting parser never panic, and they agree on what is valid; read
//! into answers left over from earlier inputs (as a batch reads its lines),
//! the scanner gives what a fresh read gives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pmlevel::answers::{Answers, Completeness};
use pmlevel::input::SourceText;
use pmlevel::rubric::Rubric;

fuzz_target!(|data: &[u8]| {
    let rubric = Rubric::embedded();
    // The byte scanner reads lines before anything checks they are UTF-8:
    // what it accepts must be.
    let scanned = Answers::scan_plain(data, rubric);
    thread_local! {
        static REUSED: std::cell::RefCell<Answers> = std::cell::RefCell::default();
    }
    REUSED.with_borrow_mut(|reused| {
        let read = Answers::scan_plain_into(data, rubric, reused);
        assert_eq!(
            read,
            scanned.is_some(),
            "reading into reused answers disagrees"
        );
        if let Some(scanned) = &scanned {
            assert_eq!(&*reused, scanned, "reused answers differ from a fresh read");
        }
    });
    let Ok(source) = SourceText::from_bytes("fuzz.json".into(), data.to_vec()) else {
        assert_eq!(
            scanned, None,
            "the scanner accepted bytes that are not UTF-8"
        );
        return;
    };
    let fast = Answers::parse_valid(&source.text, rubric);
    let full = Answers::parse_reporting(&source, rubric, Completeness::Complete);
    if let Some(fast) = &fast {
        // What the fast path accepts, the full parser accepts identically.
        assert_eq!(full.as_ref().ok(), Some(fast), "fast path disagrees");
    }
    if let Err(error) = &full {
        let _ = error.to_string();
    }
    let _ = Answers::parse(&source, rubric, Completeness::Partial);
});
