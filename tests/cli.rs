//! Integration tests through the real `pmlevel` binary: every output format
//! of every example, every error message for bad rubrics and bad answers,
//! and the calibration set of the default rubric.
//!
//! Snapshots live in `tests/snapshots/`; update them with `cargo insta review`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use serde_json::Value;

/// The binary, run from the crate root with colour off, so paths in messages
/// are relative and snapshots are the same on every machine.
pub(crate) fn pmlevel() -> Command {
    let mut cmd = Command::new(get_cargo_bin("pmlevel"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::null());
    cmd
}

pub(crate) fn run(args: &[&str]) -> Output {
    pmlevel().args(args).output().expect("pmlevel runs")
}

pub(crate) fn json_of(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// A fixture path relative to the crate root, with `/` separators.
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn example_reports_in_text_and_json() {
    for level in ["junior", "mid", "senior", "staff", "director"] {
        let file = format!("examples/answers/{level}.json");
        assert_cmd_snapshot!(
            format!("example_{level}_text"),
            pmlevel().args(["assess", "--answers", &file])
        );
        assert_cmd_snapshot!(
            format!("example_{level}_json"),
            pmlevel().args(["assess", "--format", "json", "--answers", &file])
        );
    }
}

#[test]
fn second_rubric_assesses_with_its_own_levels() {
    assert_cmd_snapshot!(pmlevel().args([
        "assess",
        "--rubric",
        "rubrics/software-engineer.toml",
        "--answers",
        "examples/software-engineer/senior-engineer.json",
    ]));
    let result = json_of(&[
        "assess",
        "--format",
        "json",
        "--rubric",
        "rubrics/software-engineer.toml",
        "--answers",
        "examples/software-engineer/senior-engineer.json",
    ]);
    assert_eq!(result["rubric"]["id"], "software-engineer");
    assert_eq!(result["level"]["id"], "senior-engineer");
    assert_eq!(result["next_level"]["id"], "staff-engineer");
}

#[test]
fn calibration_archetypes_land_on_their_expected_level() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calibration/product-manager");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let file = relative(&path);
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let result = json_of(&["assess", "--format", "json", "--answers", &file]);
        assert_eq!(
            result["level"]["id"], expected["expected_level"],
            "{file}: {}",
            result["plan"]["why"]
        );
        checked += 1;
    }
    assert!(checked >= 10, "the calibration set has {checked} cases");
}

#[test]
fn bad_rubrics_are_rejected_with_located_messages() {
    insta::glob!("bad-rubrics", "*.toml", |path| {
        let out = run(&["rubric", "check", &relative(path)]);
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr));
    });
}

#[test]
fn bad_answers_are_rejected_with_located_messages() {
    insta::glob!("bad-answers", "*.{json,ndjson}", |path| {
        let batch = path.extension().is_some_and(|ext| ext == "ndjson");
        let format = if batch { "ndjson" } else { "text" };
        let out = run(&["assess", "--format", format, "--answers", &relative(path)]);
        assert_eq!(out.status.code(), Some(2));
        // A batch still reports its good lines, each one whole; a single
        // answers file reports nothing.
        let stdout = String::from_utf8_lossy(&out.stdout);
        if batch {
            assert!(stdout.ends_with('\n'));
            for line in stdout.lines() {
                serde_json::from_str::<serde_json::Value>(line).expect("a whole JSON line");
            }
        } else {
            assert!(stdout.is_empty());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"));
        insta::assert_snapshot!(stderr);
    });
}

#[test]
fn input_files_that_cannot_be_read() {
    assert_cmd_snapshot!(
        "missing_answers_file",
        pmlevel().args(["assess", "--answers", "no/such/file.json"])
    );
    assert_cmd_snapshot!(
        "answers_path_is_a_directory",
        pmlevel().args(["assess", "--answers", "tests"])
    );
    assert_cmd_snapshot!(
        "missing_rubric_file",
        pmlevel().args(["rubric", "check", "no/such/rubric.toml"])
    );
}

#[test]
fn answers_from_stdin() {
    let file = std::fs::File::open(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers/mid.json"),
    )
    .unwrap();
    let out = pmlevel()
        .args(["assess", "--format", "json", "--answers", "-"])
        .stdin(file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["level"]["id"], "mid");
    assert_eq!(result["respondent"], "Mia Mid");
}

#[test]
fn no_answers_without_a_terminal_explains_how_to_script_it() {
    assert_cmd_snapshot!(pmlevel().args(["assess"]));
    assert_cmd_snapshot!(
        "no_input_forbids_prompting",
        pmlevel().args(["assess", "--no-input"])
    );
}

#[test]
fn template_is_a_complete_valid_answers_file() {
    let out = run(&["template"]);
    assert!(out.status.success());
    let template: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(template["answers"].as_object().unwrap().len(), 13);
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
    let mut assess = pmlevel()
        .args(["assess", "--format", "json", "--answers", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut assess.stdin.take().unwrap(), &out.stdout).unwrap();
    let done = assess.wait_with_output().unwrap();
    assert!(done.status.success());
    let result: Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(result["level"]["id"], "junior");
}

#[test]
fn questions_and_rubric_show() {
    assert_cmd_snapshot!(pmlevel().args(["questions"]));
    assert_cmd_snapshot!(pmlevel().args(["rubric", "show"]));
    assert_cmd_snapshot!(pmlevel().args(["rubric", "check"]));
    assert_cmd_snapshot!(pmlevel().args(["rubric", "check", "rubrics/software-engineer.toml"]));
}

#[test]
fn colour_is_off_in_pipes_and_on_when_forced() {
    let plain = run(&["assess", "--answers", "examples/answers/mid.json"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let forced = run(&[
        "--color",
        "always",
        "assess",
        "--answers",
        "examples/answers/mid.json",
    ]);
    assert!(String::from_utf8_lossy(&forced.stdout).contains("\u{1b}["));
}

#[test]
fn json_result_carries_everything_the_text_shows() {
    let result = json_of(&[
        "assess",
        "--format",
        "json",
        "--answers",
        "examples/answers/senior.json",
    ]);
    assert_eq!(result["schema_version"], "1.0.0");
    assert_eq!(result["rubric"]["id"], "product-manager");
    assert_eq!(result["rubric"]["sha256"].as_str().unwrap().len(), 64);
    let dims: Vec<&str> = result["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        dims,
        ["experience", "skills", "responsibility", "influence"]
    );
    let path = &result["plan"]["shortest_path"];
    assert_eq!(path["reaches"], "staff");
    assert_eq!(path["steps"], 3);
    assert!(!result["plan"]["gaps"].as_array().unwrap().is_empty());
    assert!(!result["plan"]["habits"].as_array().unwrap().is_empty());
    let evidence = &result["dimensions"][1]["questions"][3];
    assert_eq!(evidence["source"], "manager");
}

#[test]
fn same_input_gives_byte_identical_output() {
    let args = [
        "assess",
        "--format",
        "json",
        "--answers",
        "examples/answers/staff.json",
    ];
    assert_eq!(run(&args).stdout, run(&args).stdout);
}

#[test]
fn escape_sequences_from_answers_never_reach_the_terminal() {
    let answers = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers/mid.json"),
    )
    .unwrap()
    .replace("Mia Mid", "Mia\\u001b[2J\\u001b]0;pwned\\u0007");
    let mut child = pmlevel()
        .args(["--color", "always", "assess", "--answers", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), answers.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Mia\\u{1b}[2J"));
    assert!(!text.contains("\u{1b}[2J"));
    assert!(!text.contains('\u{7}'));
}
mod html;
mod languages;
mod pipes;
mod properties;
mod questionnaire;
