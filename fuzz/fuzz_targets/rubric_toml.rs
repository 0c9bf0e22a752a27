//! Any bytes as a rubric file, in English and in Chinese: parsing and
//! validation return an error or a rubric, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pmlevel::input::SourceText;
use pmlevel::rubric::Rubric;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceText::from_bytes("fuzz.toml".into(), data.to_vec()) else {
        return;
    };
    for language in [None, Some("zh")] {
        if let Err(error) = Rubric::parse_in(&source, language) {
            // Rendering the message walks every span: it must stay in bounds.
            let _ = error.to_string();
        }
    }
});
