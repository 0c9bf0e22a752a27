//! The interactive questionnaire, driven through a real pseudo-terminal
//! (expectrl) and read back as a screen (vt100), as a person would see it
//! at 80x24. Every wait is on output appearing, never on time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use std::num::NonZeroU16;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};
use insta_cmd::get_cargo_bin;
use serde_json::Value;

/// The terminal size ptyprocess gives a child: the classic 80x24.
const ROWS: NonZeroU16 = NonZeroU16::new(24).unwrap();
const COLS: NonZeroU16 = NonZeroU16::new(80).unwrap();

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const SPACE: &str = " ";
const CTRL_C: &str = "\x03";
const BACKSPACE: &str = "\x7f";

/// The end of what each prompt draws last (its help line): once it is on
/// screen, the whole frame is. Each is the help's last word, short enough
/// never to be split by wrapping.
const YEARS_DRAWN: &str = "to 60)]";
const SCALE_DRAWN: &str = "engineers.]";
const MULTI_DRAWN: &str = "enter to confirm)]";
const REVIEW_DRAWN: &str = "(or to score)]";

/// For each default question: what its frame ends with, and the keys that
/// answer it like `examples/answers/mid.json`.
fn mid_steps() -> Vec<(&'static str, Vec<&'static str>)> {
    let down = |n: usize| {
        let mut keys = vec![DOWN; n];
        keys.push(ENTER);
        keys
    };
    vec![
        (YEARS_DRAWN, vec!["3", ENTER]),
        ("1000)]", vec!["4", ENTER]),
        ("60)]", vec!["0", ENTER]),
        (SCALE_DRAWN, down(2)),
        ("them?]", down(2)),
        ("it?]", down(2)),
        ("whom.]", down(2)),
        ("grow?]", down(1)),
        ("to.]", down(1)),
        ("lines.]", down(1)),
        ("time?]", down(1)),
        ("proposal.]", down(1)),
        (MULTI_DRAWN, vec![SPACE, ENTER]),
    ]
}

/// A pmlevel session in a pseudo-terminal, with the screen it has drawn.
struct Terminal {
    session: OsSession,
    screen: vt100::Parser,
}

impl Terminal {
    fn spawn(dir: &Path, args: &[&str]) -> Terminal {
        let mut command = Command::new(get_cargo_bin("pmlevel"));
        command
            .args(args)
            .current_dir(dir)
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "en_US.UTF-8");
        let mut session = Session::spawn(command).expect("spawn in a pty");
        // A deadline for a broken test, not a synchronisation: each wait
        // returns as soon as its text appears.
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        Terminal {
            session,
            screen: vt100::Parser::new(ROWS, COLS, 0),
        }
    }

    /// Waits until `text` is drawn; returns everything drawn up to it.
    fn wait_for(&mut self, text: &str) -> String {
        let found = self
            .session
            .expect(text)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}\nscreen:\n{}", self.contents()));
        self.screen.process(found.as_bytes());
        String::from_utf8_lossy(found.as_bytes()).into_owned()
    }

    fn send(&mut self, keys: &str) -> &mut Self {
        self.session.send(keys).expect("send keys");
        self
    }

    /// Answers questions `from..=to` (1-based) like the mid example.
    fn answer_like_mid(&mut self, from: usize, to: usize) {
        for (drawn, keys) in &mid_steps()[from - 1..to] {
            self.wait_for(drawn);
            for k in keys {
                self.send(k);
            }
        }
    }

    fn contents(&self) -> String {
        let text = self.screen.screen().contents();
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        lines.join("\n").trim_end().to_string()
    }

    /// Reads to the end and returns the exit code.
    fn finish(&mut self) -> i32 {
        let rest = self.session.expect(Eof).expect("the program ends");
        self.screen.process(rest.as_bytes());
        match self.session.get_process_mut().wait().expect("wait") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("ended with {other:?}"),
        }
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pmlevel-pty-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn replay_json(dir: &Path, answers: &str) -> String {
    let out = Command::new(get_cargo_bin("pmlevel"))
        .args(["assess", "--format", "json", "--answers", answers])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_questionnaire_in_chinese() {
    let dir = temp_dir("chinese");
    let mut t = Terminal::spawn(&dir, &["--lang", "zh", "assess"]);
    t.wait_for("数字)]");
    insta::assert_snapshot!("pty_zh_first_question", t.contents());
    t.send("abc").send(ENTER);
    t.wait_for("例如 3 或 2.5");
    t.send(&BACKSPACE.repeat(3)).send("3").send(ENTER);
    t.wait_for("数字)]");
    t.send("4").send(ENTER);
    t.wait_for("数字)]");
    t.send("0").send(ENTER);
    t.wait_for("设计评审或架构讨论。]");
    insta::assert_snapshot!("pty_zh_scale_question", t.contents());
    t.send(CTRL_C);
    t.wait_for("进度已保存到 pmlevel-resume.json");
    assert_eq!(t.finish(), 130);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_review_and_the_report_in_chinese() {
    let dir = temp_dir("chinese-review");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/answers/mid.json"),
        dir.join("mid.json"),
    )
    .unwrap();
    // Every answer is there, so the questionnaire goes straight to review.
    let mut t = Terminal::spawn(&dir, &["--lang", "zh", "assess", "--resume", "mid.json"]);
    t.wait_for("（或评分）]");
    insta::assert_snapshot!("pty_zh_review", t.contents());
    t.send(ENTER);
    t.wait_for("中级产品经理  (mid · 第 2 级，共 5 级)");
    t.wait_for("把回答保存到文件");
    t.send("n").send(ENTER);
    assert_eq!(t.finish(), 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn screens_of_a_whole_session() {
    let dir = temp_dir("session");
    let mut t = Terminal::spawn(&dir, &["assess", "--save-answers", "saved.json"]);
    t.wait_for(YEARS_DRAWN);
    insta::assert_snapshot!("pty_first_question", t.contents());

    t.send("abc").send(ENTER);
    t.wait_for("Please type a number from 0 to 60, e.g. 3 or 2.5");
    t.wait_for(YEARS_DRAWN);
    insta::assert_snapshot!("pty_bad_number_asked_again", t.contents());
    t.send(&BACKSPACE.repeat(3)).send("3").send(ENTER);
    t.answer_like_mid(2, 3);

    t.wait_for(SCALE_DRAWN);
    insta::assert_snapshot!("pty_scale_question", t.contents());
    t.send(DOWN).send(DOWN).send(ENTER);
    t.answer_like_mid(5, 12);

    t.wait_for(MULTI_DRAWN);
    t.send(SPACE).send(DOWN).send(DOWN).send(SPACE);
    // inquire redraws only the lines that changed: the toggled option's
    // whole line is the last thing drawn.
    t.wait_for("[x] Introduced a practice or process other teams adopted");
    insta::assert_snapshot!("pty_multi_select", t.contents());
    t.send(ENTER);

    // Review: change skills.leadership (the 9th entry) from 2/5 to 4/5.
    t.wait_for(REVIEW_DRAWN);
    t.send(&DOWN.repeat(8)).send(ENTER);
    t.wait_for("grow?]");
    t.send(DOWN).send(DOWN).send(ENTER);
    t.wait_for(REVIEW_DRAWN);
    insta::assert_snapshot!("pty_review_after_an_edit", t.contents());
    t.send(&UP.repeat(8)).send(ENTER);

    t.wait_for("Product Manager  (mid · level 2 of 5)");
    t.wait_for("Answers saved to saved.json");
    assert_eq!(t.finish(), 0);
    insta::assert_snapshot!("pty_final_report", t.contents());

    let saved = std::fs::read_to_string(dir.join("saved.json")).unwrap();
    let saved: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(saved["answers"]["experience.years"], 3);
    assert_eq!(saved["answers"]["skills.leadership"], 4);
    assert_eq!(
        saved["answers"]["influence.activities"],
        serde_json::json!(["mentoring", "process"])
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn interrupt_saves_progress_and_resume_gives_the_same_result() {
    let dir = temp_dir("resume");

    // Uninterrupted, printing JSON and saving the answers.
    let mut whole = Terminal::spawn(
        &dir,
        &["assess", "--format", "json", "--save-answers", "whole.json"],
    );
    whole.answer_like_mid(1, 13);
    whole.wait_for(REVIEW_DRAWN);
    whole.send(ENTER);
    let drawn = whole
        .wait_for("Answers saved to whole.json")
        .replace("\r\n", "\n");
    assert_eq!(whole.finish(), 0);
    let start = drawn
        .find("{\n  \"schema_version\"")
        .expect("the JSON report");
    let end = drawn.rfind("}\n").expect("the end of the JSON report") + 2;
    let printed = &drawn[start..end];
    // Replaying the saved answers prints byte for byte what the session did.
    assert_eq!(printed, replay_json(&dir, "whole.json"));

    // Interrupted at the sixth question.
    let mut part = Terminal::spawn(&dir, &["assess"]);
    part.answer_like_mid(1, 5);
    part.wait_for("it?]");
    part.send(CTRL_C);
    part.wait_for("pmlevel assess --resume pmlevel-resume.json");
    assert_eq!(part.finish(), 130);
    let resume = std::fs::read_to_string(dir.join("pmlevel-resume.json")).unwrap();
    let resume: Value = serde_json::from_str(&resume).unwrap();
    assert_eq!(resume["answers"].as_object().unwrap().len(), 5);

    // Resumed: only the eight unanswered questions are asked.
    let mut resumed = Terminal::spawn(
        &dir,
        &[
            "assess",
            "--resume",
            "pmlevel-resume.json",
            "--save-answers",
            "resumed.json",
        ],
    );
    resumed.wait_for("8 of 13 questions left");
    resumed.answer_like_mid(6, 13);
    resumed.wait_for(REVIEW_DRAWN);
    resumed.send(ENTER);
    resumed.wait_for("Answers saved to resumed.json");
    assert_eq!(resumed.finish(), 0);

    assert_eq!(
        replay_json(&dir, "whole.json"),
        replay_json(&dir, "resumed.json")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_save_prints_the_answers_instead_of_losing_them() {
    let dir = temp_dir("unwritable");
    let mut t = Terminal::spawn(
        &dir,
        &["assess", "--save-answers", "no/such/dir/saved.json"],
    );
    t.answer_like_mid(1, 13);
    t.wait_for(REVIEW_DRAWN);
    t.send(ENTER);
    t.wait_for("cannot write no/such/dir/saved.json");
    let drawn = t.wait_for("so nothing is lost (save them as a .json file):");
    assert!(drawn.contains("No such file or directory"));
    let rest = t.session.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).replace("\r\n", "\n");
    assert_eq!(t.finish(), 1);
    let answers: Value = serde_json::from_str(text.trim()).expect("the answers as JSON");
    assert_eq!(answers["answers"]["experience.launches"], 4);
    assert_eq!(answers["answers"].as_object().unwrap().len(), 13);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn save_answers_never_replaces_a_file_without_force() {
    let dir = temp_dir("force");
    std::fs::write(dir.join("taken.json"), "keep me").unwrap();
    let mut t = Terminal::spawn(&dir, &["assess", "--save-answers", "taken.json"]);
    t.wait_for("taken.json exists; pass --force to replace it");
    assert_eq!(t.finish(), 2);
    assert_eq!(
        std::fs::read_to_string(dir.join("taken.json")).unwrap(),
        "keep me"
    );

    let mut forced = Terminal::spawn(&dir, &["assess", "--save-answers", "taken.json", "--force"]);
    forced.answer_like_mid(1, 13);
    forced.wait_for(REVIEW_DRAWN);
    forced.send(ENTER);
    forced.wait_for("Answers saved to taken.json");
    assert_eq!(forced.finish(), 0);
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("taken.json")).unwrap()).unwrap();
    assert_eq!(saved["answers"]["experience.years"], 3);

    // An older session's progress is never overwritten by a new one.
    std::fs::write(dir.join("pmlevel-resume.json"), "older progress").unwrap();
    let mut part = Terminal::spawn(&dir, &["assess"]);
    part.answer_like_mid(1, 1);
    part.wait_for("1000)]");
    part.send(CTRL_C);
    part.wait_for("pmlevel assess --resume pmlevel-resume-2.json");
    assert_eq!(part.finish(), 130);
    assert_eq!(
        std::fs::read_to_string(dir.join("pmlevel-resume.json")).unwrap(),
        "older progress"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
