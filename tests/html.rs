//! The HTML reports through the real binary: one self-contained page per
//! person or comparison, in both languages, that needs no script or network.

use insta_cmd::assert_cmd_snapshot;

use crate::{pmlevel, run};

const MID: &str = "examples/answers/mid.json";

fn page(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("HTML is UTF-8")
}

/// Nothing in the page can fetch or run anything.
fn assert_self_contained(html: &str) {
    for banned in [
        "<script", " src=", "href=", "url(", "@import", "<link", "<iframe",
    ] {
        assert!(!html.contains(banned), "the page holds {banned:?}");
    }
    let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_namespace.contains("http"), "the page names a URL");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("@page { size: A4"));
}

#[test]
fn html_reports_in_english_and_chinese() {
    for lang in ["en", "zh"] {
        assert_cmd_snapshot!(
            format!("html_{lang}"),
            pmlevel().args([
                "--lang",
                lang,
                "assess",
                "--format",
                "html",
                "--answers",
                MID
            ])
        );
        let html = page(&[
            "--lang",
            lang,
            "assess",
            "--format",
            "html",
            "--answers",
            MID,
        ]);
        assert_self_contained(&html);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        // The radar: 4 rings, 4 axes, and the person, the matched level's
        // floors and the next level's.
        assert_eq!(html.matches("class=\"ring\"").count(), 4);
        assert_eq!(html.matches("class=\"axis\"").count(), 4);
        for series in ["series you", "series floor", "series next"] {
            assert_eq!(html.matches(series).count(), 1, "{series}");
        }
        // A bar per capability, the plan as a checklist.
        assert_eq!(html.matches("class=\"bar\"").count(), 5);
        assert!(html.matches("type=\"checkbox\"").count() >= 5);
    }
    let zh = page(&[
        "--lang",
        "zh",
        "assess",
        "--format",
        "html",
        "--answers",
        MID,
    ]);
    for term in [
        "中级产品经理",
        "影响力",
        "技术知识",
        "项目管理能力",
        "成长计划",
    ] {
        assert!(zh.contains(term), "{term}");
    }
}

#[test]
fn the_top_level_has_no_next_floors() {
    let html = page(&[
        "assess",
        "--format",
        "html",
        "--answers",
        "examples/answers/director.json",
    ]);
    assert_self_contained(&html);
    assert_eq!(html.matches("series next").count(), 0);
}

#[test]
fn compare_puts_both_people_on_one_radar() {
    assert_cmd_snapshot!(
        "html_compare",
        pmlevel().args([
            "compare",
            "--format",
            "html",
            MID,
            "examples/answers/senior.json"
        ])
    );
    let html = page(&[
        "--lang",
        "zh",
        "compare",
        "--format",
        "html",
        MID,
        "examples/answers/senior.json",
    ]);
    assert_self_contained(&html);
    assert_eq!(html.matches("<svg").count(), 1);
    assert_eq!(html.matches("series you").count(), 1);
    assert_eq!(html.matches("series other").count(), 1);
    assert!(html.contains("差异最大的回答"));
}

#[test]
fn a_hostile_respondent_cannot_inject_markup() {
    let dir = std::env::temp_dir().join(format!("pmlevel-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("evil.json");
    let mut answers: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(MID).unwrap()).unwrap();
    answers["respondent"] = "<script>alert(1)</script>\u{1b}[31m".into();
    std::fs::write(&file, answers.to_string()).unwrap();
    let html = page(&[
        "assess",
        "--format",
        "html",
        "--answers",
        file.to_str().unwrap(),
    ]);
    assert_self_contained(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\u{1b}[31m"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn html_is_one_page_for_one_person() {
    let out = run(&[
        "assess",
        "--format",
        "html",
        "--answers",
        "examples/team.ndjson",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one page for one person"));
}
