//! Scripts, CI and pipes: every output format, NDJSON batches (bad lines,
//! a 100k-line stream in bounded memory, a closed pipe), gates, rubric
//! tests, compare, the JSON Schemas, completions and the shipped examples.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use serde_json::Value;

use crate::{json_of, pmlevel, run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The example team's answers (NDJSON), the input of the streaming tests.
fn team() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("examples/team.ndjson")).unwrap()
}

/// pmlevel with these arguments, its stdin and stdout piped: the caller
/// adds what else it needs and spawns it.
fn piped(args: &[&str]) -> Command {
    let mut command = Command::new(get_cargo_bin("pmlevel"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    command
}

#[test]
fn every_format_of_one_report() {
    for format in ["ndjson", "csv", "markdown"] {
        assert_cmd_snapshot!(
            format!("format_{format}"),
            pmlevel().args([
                "assess",
                "--format",
                format,
                "--answers",
                "examples/answers/senior.json"
            ])
        );
    }
}

#[test]
fn team_batch_in_every_format_with_a_summary() {
    for format in ["text", "json", "ndjson", "csv", "markdown"] {
        let out = run(&[
            "assess",
            "--summary",
            "--format",
            format,
            "--answers",
            "examples/team.ndjson",
        ]);
        assert!(out.status.success(), "{format}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        match format {
            "ndjson" => {
                let lines: Vec<Value> = stdout
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                assert_eq!(lines.len(), 25);
                let names: Vec<&str> = lines[..24]
                    .iter()
                    .map(|l| l["respondent"].as_str().unwrap())
                    .collect();
                assert_eq!(names[0], "Ada", "output order is input order");
                assert_eq!(names[23], "Yusuf");
                insta::assert_json_snapshot!("team_summary_object", lines[24]);
            }
            "csv" => {
                assert_eq!(stdout.lines().count(), 25, "a header and 24 rows");
                insta::assert_snapshot!("team_csv", stdout);
                insta::assert_snapshot!("team_summary_text", stderr);
            }
            "json" => {
                assert!(stdout.trim_end().ends_with("}\n}") || stdout.contains("\"summary\""))
            }
            "text" => assert_eq!(stdout.matches("\n─").count(), 23, "reports are separated"),
            _ => assert!(stdout.contains("## Summary")),
        }
    }
}

#[test]
fn bad_lines_are_reported_and_the_rest_assessed() {
    assert_cmd_snapshot!(pmlevel().args([
        "assess",
        "--format",
        "ndjson",
        "--answers",
        "tests/fixtures/team-with-bad-lines.ndjson"
    ]));
    let out = run(&[
        "assess",
        "--format",
        "csv",
        "--answers",
        "tests/fixtures/team-with-bad-lines.ndjson",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let rows = String::from_utf8(out.stdout).unwrap().lines().count();
    assert_eq!(rows, 1 + 3, "a header and the three good lines");
}

#[test]
fn a_100k_line_batch_streams_in_bounded_memory() {
    const PEOPLE: usize = 100_000;
    let team = team();
    let lines: Vec<String> = team.lines().map(String::from).collect();
    // Two workers whatever the machine: the last chunk must be cut short
    // when the input pauses, or the last rows never come.
    let mut child = piped(&["assess", "--jobs", "2", "--format", "csv", "--answers", "-"])
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The writer hands stdin back instead of closing it, so pmlevel stays
    // alive (waiting for more) until its peak memory has been read.
    let writer = std::thread::spawn(move || {
        for i in 0..PEOPLE {
            writeln!(stdin, "{}", lines[i % lines.len()]).unwrap();
        }
        stdin
    });
    let mut rows = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut count = 0;
    while count < PEOPLE + 1 {
        rows.next().expect("a row for every person").unwrap();
        count += 1;
    }
    let stdin = writer.join().unwrap();
    let peak_kib = peak_rss_kib(child.id());
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert!(rows.next().is_none());
    // The input is ~40 MB; streaming keeps the peak far below it.
    assert!(peak_kib < 32 * 1024, "peak RSS {peak_kib} KiB");
}

/// On one thread too, a result leaves as soon as its line is read: the
/// batch writes out what it has built before it waits for more input. The
/// input stays open while the result is awaited, so a batch that held its
/// results until the end would never send it (the wait gives up after a
/// minute, failing instead of hanging). Once with one line, once with two
/// sent at once (the second then sits in the read buffer, and is lent from
/// there: the batch must still see that nothing is left to read).
#[test]
fn a_one_thread_batch_sends_each_result_before_the_input_ends() {
    let line = team().lines().next().unwrap().to_string();
    for (format, lines, wanted) in [
        ("csv", 1, 2),
        ("ndjson", 1, 1),
        ("text", 1, 1),
        ("csv", 2, 3),
        ("ndjson", 2, 2),
    ] {
        let args = [
            "assess",
            "--jobs",
            "1",
            "--format",
            format,
            "--answers",
            "-",
        ];
        let mut child = piped(&args).env("NO_COLOR", "1").spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(format!("{line}\n").repeat(lines).as_bytes())
            .unwrap();
        stdin.flush().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first: Vec<String> = lines.by_ref().take(wanted).map(Result::unwrap).collect();
            tx.send(first).unwrap();
            lines.count()
        });
        let first = rx.recv_timeout(std::time::Duration::from_secs(60));
        drop(stdin);
        let first = first.unwrap_or_else(|_| panic!("{format}: no result before the input ended"));
        assert_eq!(first.len(), wanted, "{format}");
        assert!(first.iter().all(|l| !l.is_empty()), "{format}: {first:?}");
        reader.join().unwrap();
        assert!(child.wait().unwrap().success(), "{format}");
    }
}

/// A live process's peak resident memory (VmHWM), from /proc.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status")
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let team = team();
    let big = team.repeat(200);
    let mut child = piped(&["assess", "--format", "ndjson", "--answers", "-"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The reader goes away early, so this write may fail: that is the point.
        let _ = stdin.write_all(big.as_bytes());
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("{\"schema_version\""));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn gates_exit_1_and_still_print_the_report() {
    let senior = "examples/answers/senior.json";
    assert_eq!(
        run(&["assess", "--answers", senior, "--expect", "senior"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["assess", "--answers", senior, "--min-level", "mid"])
            .status
            .code(),
        Some(0)
    );
    assert_cmd_snapshot!(
        "gate_expect_failed",
        pmlevel().args([
            "assess",
            "--format",
            "csv",
            "--answers",
            senior,
            "--expect",
            "staff"
        ])
    );
    assert_cmd_snapshot!(
        "gate_min_level_failed",
        pmlevel().args([
            "assess",
            "--format",
            "csv",
            "--answers",
            senior,
            "--min-level",
            "staff"
        ])
    );
    assert_cmd_snapshot!(
        "gate_unknown_level",
        pmlevel().args(["assess", "--answers", senior, "--expect", "vp"])
    );
    let team = run(&[
        "assess",
        "--format",
        "csv",
        "--answers",
        "examples/team.ndjson",
        "--min-level",
        "mid",
    ]);
    assert_eq!(team.status.code(), Some(1));
    assert_eq!(String::from_utf8(team.stdout).unwrap().lines().count(), 25);
    let stderr = String::from_utf8(team.stderr).unwrap();
    assert!(stderr.contains("gate failed: Ada: level junior is below the minimum mid"));
}

#[test]
fn rubric_tests_pass_and_fail_with_a_closing_line() {
    let out = run(&["rubric", "test", "tests/calibration/product-manager"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().last(), Some("12 passed, 0 failed"));
    assert_cmd_snapshot!(
        "rubric_test_failing",
        pmlevel().args(["rubric", "test", "tests/fixtures/rubric-test-failing"])
    );
}

#[test]
fn compare_in_every_format() {
    for format in ["text", "json", "markdown"] {
        assert_cmd_snapshot!(
            format!("compare_{format}"),
            pmlevel().args([
                "compare",
                "--format",
                format,
                "examples/answers/senior.json",
                "examples/answers/staff.json"
            ])
        );
    }
}

#[test]
fn committed_schemas_match_the_code() {
    for kind in ["answers", "result", "rubric"] {
        let out = run(&["schema", kind]);
        assert!(out.status.success());
        let committed =
            std::fs::read_to_string(Path::new(ROOT).join(format!("schemas/{kind}.schema.json")))
                .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            committed,
            "schemas/{kind}.schema.json drifted: regenerate it with `pmlevel schema {kind} > schemas/{kind}.schema.json`"
        );
    }
}

fn schema(kind: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(Path::new(ROOT).join(format!("schemas/{kind}.schema.json")))
        .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

#[test]
fn every_example_validates_against_the_schemas() {
    let (result, answers) = (schema("result"), schema("answers"));
    let mut checked = 0;
    for dir in ["examples/answers", "tests/calibration/product-manager"] {
        for entry in std::fs::read_dir(Path::new(ROOT).join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let file = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let input: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = answers.iter_errors(&input).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{file}: {errors:?}");
            let output = json_of(&["assess", "--format", "json", "--answers", &file]);
            let errors: Vec<String> = result.iter_errors(&output).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{file}: {errors:?}");
            checked += 1;
        }
    }
    let team = run(&[
        "assess",
        "--format",
        "ndjson",
        "--answers",
        "examples/team.ndjson",
    ]);
    for line in String::from_utf8(team.stdout).unwrap().lines() {
        assert!(result.is_valid(&serde_json::from_str(line).unwrap()));
        checked += 1;
    }
    assert!(checked > 40);
    // And the schema rejects what the loader rejects.
    let bad: Value = serde_json::json!({"answers": {"skills.technical": 6}});
    assert!(!answers.is_valid(&bad));
}

#[test]
fn the_rubric_schema_accepts_the_shipped_rubrics() {
    let rubric = schema("rubric");
    for file in [
        "rubrics/product-manager.toml",
        "rubrics/software-engineer.toml",
    ] {
        let text = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
        let value: Value = toml::from_str(&text).unwrap();
        let errors: Vec<String> = rubric.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
}

#[test]
fn completions_generate_for_every_shell_and_the_man_page_renders() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            script.contains("pmlevel") && script.contains("assess"),
            "{shell}"
        );
    }
    let man = run(&["man"]);
    assert!(man.status.success());
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(page.starts_with(".ie") && page.contains(".SH NAME"));
}

#[test]
fn shipped_example_scripts_run() {
    let bin_dir = get_cargo_bin("pmlevel").parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let gate = |level: &str| {
        Command::new("bash")
            .args(["examples/ci/gate.sh", "examples/answers", level])
            .current_dir(ROOT)
            .env("PATH", &path)
            .output()
            .unwrap()
    };
    assert_eq!(gate("junior").status.code(), Some(0));
    let failing = gate("mid");
    assert_eq!(failing.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(failing.stdout).unwrap().lines().count(),
        5
    );
    let csv = Command::new("bash")
        .args(["examples/pipelines/team-to-csv.sh"])
        .current_dir(ROOT)
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    let text = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(text.lines().count(), 25);
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("\"Ada\",\"junior\",")
    );
}

#[test]
fn parallel_workers_read_every_kind_of_line_as_one_thread_does() {
    // Past the first chunk (read on one thread) and across several 64 KiB
    // read buffers, so lines reach the workers in blocks and cut at a
    // buffer's end: blank and CRLF lines, invalid UTF-8, a line over the
    // limit, a bad record, and a last line with no line end. Long enough
    // for more chunks than are ever in flight at once (1,024 lines each for
    // CSV), so workers also fill buffers handed back by earlier chunks.
    let team = team().into_bytes();
    let lines = |rounds| {
        let mut input = Vec::new();
        for round in 0..rounds {
            input.extend_from_slice(&team);
            match round % 6 {
                0 => input.extend_from_slice(b"\n   \n\t\r\n"),
                1 => input.extend_from_slice(b"{\"respondent\":\"\xff\xfe\"}\n"),
                2 => input.extend_from_slice(&[b'x'; 3000]),
                3 => input.extend_from_slice(b"{\"answers\": {}}\r\n"),
                _ => {}
            }
            if round % 6 == 2 {
                input.push(b'\n');
            }
        }
        input.extend_from_slice(b"{\"respondent\": \"no line end\"");
        input
    };
    let file = std::env::temp_dir().join(format!("pmlevel-lines-{}.ndjson", std::process::id()));
    let path = file.to_str().unwrap();
    let assess = |format: &str, jobs: &str| {
        run(&[
            "assess",
            "--summary",
            "--max-input-size",
            "2000",
            "--jobs",
            jobs,
            "--format",
            format,
            "--answers",
            path,
        ])
    };
    // About 3,100 lines for NDJSON (256-line chunks), 9,400 for CSV.
    for (format, rounds) in [("ndjson", 120), ("csv", 360)] {
        std::fs::write(&file, lines(rounds)).unwrap();
        let one = assess(format, "1");
        assert_eq!(one.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&one.stderr);
        for expected in [
            "not valid UTF-8",
            "longer than the 2000-byte limit",
            "no line end",
        ] {
            assert!(stderr.contains(expected), "{expected}: {stderr}");
        }
        for jobs in ["2", "3"] {
            let many = assess(format, jobs);
            assert_eq!(one.status.code(), many.status.code(), "{format} {jobs}");
            assert!(
                one.stdout == many.stdout,
                "{format} --jobs {jobs}: stdout differs"
            );
            assert!(
                one.stderr == many.stderr,
                "{format} --jobs {jobs}: stderr differs"
            );
        }
    }
    std::fs::remove_file(file).unwrap();
}

#[test]
fn jobs_keep_the_output_identical_to_one_thread() {
    for (format, file) in [
        ("csv", "examples/team.ndjson"),
        ("ndjson", "tests/fixtures/team-with-bad-lines.ndjson"),
        ("text", "examples/team.ndjson"),
    ] {
        let one = run(&[
            "assess",
            "--summary",
            "--jobs",
            "1",
            "--format",
            format,
            "--answers",
            file,
        ]);
        let three = run(&[
            "assess",
            "--summary",
            "--jobs",
            "3",
            "--format",
            format,
            "--answers",
            file,
        ]);
        assert_eq!(one.status.code(), three.status.code(), "{format}");
        assert_eq!(one.stdout, three.stdout, "{format}");
        assert_eq!(one.stderr, three.stderr, "{format}");
    }
    assert_eq!(
        run(&["assess", "--jobs", "0", "--answers", "examples/team.ndjson"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_generator_is_seeded_and_the_benchmark_script_runs() {
    let first = run(&["generate", "--count", "50", "--seed", "7"]);
    let again = run(&["generate", "--count", "50", "--seed", "7"]);
    assert_eq!(first.stdout, again.stdout);
    assert_eq!(String::from_utf8_lossy(&first.stdout).lines().count(), 50);
    if Command::new("hyperfine").arg("--version").output().is_err() {
        // bench/run.sh installs hyperfine itself where it can; .ci/run does too.
        panic!("hyperfine is needed to run the benchmark script");
    }
    let bin_dir = get_cargo_bin("pmlevel").parent().unwrap().to_path_buf();
    let report = std::env::temp_dir().join(format!("pmlevel-bench-{}.md", std::process::id()));
    // Its own data directory: a real benchmark run may be using target/bench.
    let data = std::env::temp_dir().join(format!("pmlevel-bench-data-{}", std::process::id()));
    let out = Command::new("bash")
        .arg("bench/run.sh")
        .current_dir(ROOT)
        .env("BENCH_RECORDS", "100")
        .env("BENCH_RUNS", "2")
        .env("BENCH_BIG_MIB", "0")
        .env("BENCH_OUT", &report)
        .env("BENCH_BIN_DIR", &bin_dir)
        .env("BENCH_DATA", &data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).unwrap();
    for heading in [
        "## Throughput",
        "## Start-up",
        "## Ratios against the targets",
        "| from minimums |",
        "| csv-2-threads |",
        "| CPU user (s) | CPU system (s) |",
        "when the measuring started:",
        // The commands section comes from the list hyperfine runs.
        "assess --jobs 2 --format ndjson --answers",
        "jq -c '{respondent, owns: .answers[\"responsibility.scope\"]}'",
        "   # vs /bin/true",
    ] {
        assert!(text.contains(heading), "{heading} missing from the report");
    }
    std::fs::remove_file(report).unwrap();
    std::fs::remove_dir_all(data).unwrap();
}

#[test]
fn the_whole_catalogue_of_bad_inputs_fails_cleanly() {
    let mut cases = 0;
    for (dir, args) in [
        ("tests/bad-rubrics", ["rubric", "check"]),
        ("tests/bad-answers", ["assess", "--answers"]),
    ] {
        for entry in std::fs::read_dir(Path::new(ROOT).join(dir)).unwrap() {
            let file = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            let out = run(&[args[0], args[1], &file]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
            assert!(
                !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
                "{file}"
            );
            assert!(stderr.starts_with("error: "), "{file}: one clear message");
            cases += 1;
        }
    }
    assert!(cases >= 40, "the catalogue has {cases} cases");
    // Inputs that are not files in the catalogue: a huge single line, stdin
    // closed, a missing file, a directory.
    let mut child = piped(&["assess", "--answers", "-"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            if stdin.write_all(&chunk).is_err() {
                break; // pmlevel stopped reading at its limit: as it should
            }
        }
    });
    let huge = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(huge.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&huge.stderr).contains("larger than the 1048576-byte limit"));
    assert_cmd_snapshot!("stdin_closed", pmlevel().args(["assess", "--answers", "-"]));
}

#[test]
fn size_limits_can_be_changed_with_a_flag() {
    let small = run(&[
        "--max-input-size",
        "100",
        "assess",
        "--answers",
        "examples/answers/mid.json",
    ]);
    assert_eq!(small.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&small.stderr).contains("larger than the 100-byte limit"));
    let line = run(&[
        "--max-input-size",
        "300",
        "assess",
        "--format",
        "csv",
        "--answers",
        "examples/team.ndjson",
    ]);
    assert_eq!(line.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&line.stderr).contains("longer than the 300-byte limit"));
    let rubric = run(&[
        "--max-input-size",
        "1000",
        "rubric",
        "check",
        "rubrics/product-manager.toml",
    ]);
    assert_eq!(rubric.status.code(), Some(2));
}

#[test]
fn sigterm_stops_a_batch_on_a_whole_line() {
    let team = team();
    let input = team.repeat(2000);
    let total = input.lines().count();
    let args = [
        "assess",
        "--jobs",
        "1",
        "--format",
        "ndjson",
        "--answers",
        "-",
    ];
    let mut child = piped(&args).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    // Results are flowing: ask it to stop.
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!(status.code(), Some(143));
    let lines: Vec<&str> = std::iter::once(first.trim_end())
        .chain(rest.lines())
        .collect();
    assert!(lines.len() < total, "stopped early");
    for line in &lines {
        let value: Value = serde_json::from_str(line).expect("every line is whole JSON");
        assert_eq!(value["schema_version"], "1.0.0");
    }
}

/// A write that fails under `--output FILE` names the file, not standard
/// output, exits 1, and leaves neither the file nor its temporary. The
/// failure is a file-size limit (`ulimit -f`, with SIGXFSZ ignored so the
/// write returns EFBIG instead of killing the process).
#[test]
fn a_failed_write_names_the_output_file() {
    let dir = std::env::temp_dir().join(format!("pmlevel-write-error-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let batch = dir.join("team.ndjson");
    let generated = run(&["generate", "--count", "200", "--seed", "3"]);
    std::fs::write(&batch, &generated.stdout).unwrap();
    for (format, answers) in [
        ("ndjson", batch.to_str().unwrap()),
        ("html", "examples/answers/mid.json"),
    ] {
        let target = dir.join(format!("out.{format}"));
        let limited = Command::new("sh")
            .current_dir(ROOT)
            .env("NO_COLOR", "1")
            .env("LANG", "en_US.UTF-8")
            .stdin(Stdio::null())
            .args(["-c", r#"ulimit -f 8; trap "" XFSZ; exec "$0" "$@""#])
            .arg(get_cargo_bin("pmlevel"))
            .args(["assess", "--format", format, "--answers", answers])
            .arg("--output")
            .arg(&target)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&limited.stderr);
        assert_eq!(limited.status.code(), Some(1), "{format}: {stderr}");
        let named = format!("error: cannot write {}: ", target.display());
        assert!(stderr.starts_with(&named), "{format}: {stderr}");
        assert!(!target.exists(), "{format}");
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "only the input is left"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn output_files_are_whole_and_never_replaced_without_force() {
    let dir = std::env::temp_dir().join(format!("pmlevel-output-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("report.md");
    let report_arg = report.to_str().unwrap();
    let assess = |extra: &[&str]| {
        let mut args = vec![
            "assess",
            "--format",
            "markdown",
            "--answers",
            "examples/answers/mid.json",
            "--output",
            report_arg,
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let first = assess(&[]);
    assert!(first.status.success());
    assert!(first.stdout.is_empty(), "the report goes to the file");
    let written = std::fs::read_to_string(&report).unwrap();
    assert!(written.starts_with("## Mia Mid: Product Manager"));

    std::fs::write(&report, "keep me").unwrap();
    let refused = assess(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!("error: {report_arg} exists; pass --force to replace it\n")
    );
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "keep me");

    assert!(assess(&["--force"]).status.success());
    assert_eq!(std::fs::read_to_string(&report).unwrap(), written);

    // A run that fails on its input leaves the old file and no temporary.
    std::fs::write(&report, "keep me").unwrap();
    let failed = run(&[
        "assess",
        "--answers",
        "tests/bad-answers/truncated.json",
        "--output",
        report_arg,
        "--force",
    ]);
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "keep me");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);

    // `compare` writes files the same way; `-` still means stdout.
    let compared = dir.join("compare.json");
    let compare = run(&[
        "compare",
        "examples/answers/mid.json",
        "examples/answers/senior.json",
        "--format",
        "json",
        "-o",
        compared.to_str().unwrap(),
    ]);
    assert!(compare.status.success());
    let value: Value = serde_json::from_str(&std::fs::read_to_string(&compared).unwrap()).unwrap();
    assert!(value.is_object());
    let to_stdout = run(&[
        "assess",
        "--answers",
        "examples/answers/mid.json",
        "-o",
        "-",
    ]);
    assert!(String::from_utf8_lossy(&to_stdout.stdout).contains("Product Manager"));
    std::fs::remove_dir_all(&dir).unwrap();
}
