//! Languages through the real binary: `--lang` and the locale, the Chinese
//! report in every human format, Chinese error headings, ids that never
//! change with the language, and `rubric check` on missing translations.

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

use crate::{json_of, pmlevel, run};

const MID: &str = "examples/answers/mid.json";

#[test]
fn chinese_reports_in_text_and_markdown() {
    for format in ["text", "markdown"] {
        assert_cmd_snapshot!(
            format!("zh_{format}"),
            pmlevel().args([
                "--lang",
                "zh",
                "assess",
                "--format",
                format,
                "--answers",
                MID
            ])
        );
    }
    assert_cmd_snapshot!(
        "zh_top_level_text",
        pmlevel().args([
            "--lang",
            "zh",
            "assess",
            "--answers",
            "examples/answers/director.json"
        ])
    );
}

#[test]
fn the_locale_picks_the_language_and_lang_overrides_it() {
    let text = |lang: &str, args: &[&str]| {
        let out = pmlevel().env("LANG", lang).args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let assess = ["assess", "--answers", MID];
    assert!(text("zh_CN.UTF-8", &assess).starts_with("中级产品经理"));
    assert!(text("en_GB.UTF-8", &assess).starts_with("Product Manager"));
    let forced = ["--lang", "en", "assess", "--answers", MID];
    assert!(text("zh_CN.UTF-8", &forced).starts_with("Product Manager"));
    let out = pmlevel()
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "zh_TW.UTF-8")
        .args(assess)
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("中级产品经理")
    );
    let bad = run(&["--lang", "Chinese", "assess", "--answers", MID]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn json_ids_are_the_same_in_every_language_and_names_follow_it() {
    let en = json_of(&[
        "--lang",
        "en",
        "assess",
        "--format",
        "json",
        "--answers",
        MID,
    ]);
    let zh = json_of(&[
        "--lang",
        "zh",
        "assess",
        "--format",
        "json",
        "--answers",
        MID,
    ]);
    fn ids(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "id" || k == "target" || k == "question" || k == "habit" {
                        out.push(format!("{k}={v}"));
                    }
                    ids(v, out);
                }
            }
            Value::Array(list) => list.iter().for_each(|v| ids(v, out)),
            _ => {}
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    ids(&en, &mut a);
    ids(&zh, &mut b);
    assert!(a.len() > 40);
    assert_eq!(a, b);
    assert_eq!(en["level"]["name"], "Product Manager");
    assert_eq!(zh["level"]["name"], "中级产品经理");
    assert_eq!(zh["dimensions"][3]["name"], "影响力");
}

#[test]
fn error_headings_in_chinese() {
    assert_cmd_snapshot!(
        "zh_bad_answers",
        pmlevel().args([
            "--lang",
            "zh",
            "assess",
            "--answers",
            "tests/bad-answers/several-problems.json"
        ])
    );
}

#[test]
fn rubric_check_reports_texts_missing_in_a_declared_language() {
    assert_cmd_snapshot!(
        "rubric_check_incomplete_translation",
        pmlevel().args(["rubric", "check", "tests/fixtures/incomplete-zh.toml"])
    );
    assert_eq!(
        run(&["--lang", "zh", "rubric", "check"]).status.code(),
        Some(0)
    );
    // Still usable: the missing text is shown in the default language.
    let out = run(&[
        "--lang",
        "zh",
        "questions",
        "--rubric",
        "tests/fixtures/incomplete-zh.toml",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("How skilled are you?") && text.contains("学习中"),
        "{text}"
    );
}

#[test]
fn compare_in_chinese_lines_up() {
    assert_cmd_snapshot!(
        "zh_compare_text",
        pmlevel().args([
            "--lang",
            "zh",
            "compare",
            MID,
            "examples/answers/senior.json"
        ])
    );
}

#[test]
fn catalogs_and_batch_summaries_in_chinese() {
    assert_cmd_snapshot!(
        "zh_rubric_show",
        pmlevel().args(["--lang", "zh", "rubric", "show"])
    );
    assert_cmd_snapshot!(
        "zh_questions",
        pmlevel().args(["--lang", "zh", "questions"])
    );
    let out = run(&[
        "--lang",
        "zh",
        "assess",
        "--summary",
        "--format",
        "csv",
        "--answers",
        "examples/team.ndjson",
    ]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("汇总：已评估 24 人"), "{stderr}");
    assert!(stderr.contains("平均：总分"), "{stderr}");
}

#[test]
fn rubric_tests_and_compare_markdown_in_chinese() {
    assert_cmd_snapshot!(
        "zh_rubric_test",
        pmlevel().args([
            "--lang",
            "zh",
            "rubric",
            "test",
            "tests/calibration/product-manager"
        ])
    );
    assert_cmd_snapshot!(
        "zh_compare_markdown",
        pmlevel().args([
            "--lang",
            "zh",
            "compare",
            "--format",
            "markdown",
            MID,
            "examples/answers/senior.json"
        ])
    );
}

/// The problem lines `pmlevel` prints for a bad input file.
fn problems(lang: &str, args: &[&str]) -> Vec<String> {
    let out = pmlevel()
        .arg("--lang")
        .arg(lang)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  tests/"))
        .map(String::from)
        .collect()
}

/// Every file in a bad-input directory reads differently in Chinese, line
/// for line, except those whose only message is a parser's own syntax text.
fn assert_every_problem_translated(dir: &str, command: &[&str], syntax: &[&str]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if syntax.contains(&name.as_str()) || name.ends_with(".ndjson") {
            continue;
        }
        let file = format!("{dir}/{name}");
        let args: Vec<&str> = command.iter().copied().chain([file.as_str()]).collect();
        let (en, zh) = (problems("en", &args), problems("zh", &args));
        assert_eq!(en.len(), zh.len(), "{file}");
        for (e, z) in en.iter().zip(&zh) {
            assert_ne!(e, z, "{file}: not translated");
        }
    }
}

#[test]
fn rubric_problems_in_chinese() {
    assert_cmd_snapshot!(
        "zh_bad_rubric",
        pmlevel().args([
            "--lang",
            "zh",
            "rubric",
            "check",
            "tests/bad-rubrics/many-problems.toml"
        ])
    );
    assert_every_problem_translated(
        "tests/bad-rubrics",
        &["rubric", "check"],
        &["raw-control-character.toml", "toml-syntax-error.toml"],
    );
}

#[test]
fn answers_problems_in_chinese() {
    assert_every_problem_translated(
        "tests/bad-answers",
        &["assess", "--answers"],
        &[
            "json-syntax-error.json",
            "trailing-content.json",
            "truncated.json",
        ],
    );
}

#[test]
fn usage_errors_in_chinese() {
    assert_cmd_snapshot!(
        "zh_usage_unknown_flag",
        pmlevel().args(["--lang", "zh", "assess", "--bogus"])
    );
    assert_cmd_snapshot!(
        "zh_usage_invalid_value",
        pmlevel().args(["--lang=zh", "assess", "--format", "pdf"])
    );
    assert_cmd_snapshot!(
        "zh_usage_missing_arguments",
        pmlevel().env("LANG", "zh_CN.UTF-8").args(["compare"])
    );
    // English stays clap's own.
    let out = run(&["assess", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: unexpected argument"));
}
