#!/usr/bin/env bash
# pmlevel's benchmark: builds release, generates seeded answers, and measures
# in ONE run, on the same file, side by side:
#   - assess --format csv and --format ndjson (full results), 1 and 2 threads
#   - two parse-only baselines (examples/parse_only.rs, same line reader):
#     pmlevel's own answers parser, and serde_json typed deserialisation alone
#   - a peer: jq computing a trivial per-record result
#   - start-up: one assessment against /bin/true
#   - peak RSS of a CSV batch over a large file (default 1 GiB)
# and writes the figures and ratios to BENCHMARKS.md.
#
# Settings (environment):
#   BENCH_RECORDS  records in the throughput file   (default 200000)
#   BENCH_RUNS     runs per command (throughput: rounds, each command
#                  once a round; start-up: 40 times as many) (default 10)
#   BENCH_BIG_MIB  size of the RSS file in MiB; 0 skips it (default 1024)
#   BENCH_OUT      where to write the report        (default BENCHMARKS.md)
#   BENCH_BIN_DIR  use binaries from here instead of building release
#   BENCH_DATA     where the generated files go     (default target/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

records=${BENCH_RECORDS:-200000}
runs=${BENCH_RUNS:-10}
big_mib=${BENCH_BIG_MIB:-1024}
out=${BENCH_OUT:-BENCHMARKS.md}

need() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 && return
  apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}
need hyperfine hyperfine
need jq jq
[ -x /usr/bin/time ] || need /usr/bin/time time

if [ -n "${BENCH_BIN_DIR:-}" ]; then
  bin=$BENCH_BIN_DIR/pmlevel
  base=$BENCH_BIN_DIR/examples/parse_only
else
  cargo build --release --locked --bin pmlevel --example parse_only
  bin=target/release/pmlevel
  base=target/release/examples/parse_only
fi

data=${BENCH_DATA:-target/bench}
mkdir -p "$data"
file=$data/records.ndjson
"$bin" generate --count "$records" --seed 1 > "$file"
head -n 1 "$file" > "$data/one.json"

peer='{respondent, owns: .answers["responsibility.scope"]}'
# Every command once per round, in turn, for BENCH_RUNS rounds (after one
# warm-up round that is not kept): the machine is shared, and all of one
# command's runs back to back would carry whatever the machine did during
# them into the ratios; taking turns spreads it over every command alike.
throughput=(
  -n parse-only "$base $file"
  -n parse-only-serde "$base --serde $file"
  -n csv "$bin assess --jobs 1 --format csv --answers $file"
  -n ndjson "$bin assess --jobs 1 --format ndjson --answers $file"
  -n csv-2-threads "$bin assess --jobs 2 --format csv --answers $file"
  -n ndjson-2-threads "$bin assess --jobs 2 --format ndjson --answers $file"
  -n jq "jq -c '$peer' $file"
)
# The commands as the report lists them, from the same list hyperfine runs.
startup="$bin assess --format json --answers $data/one.json"
for ((i = 1; i < ${#throughput[@]}; i += 3)); do
  printf '%s\n' "${throughput[i + 1]}"
done > "$data/commands.txt"
printf '%s   # vs /bin/true\n' "$startup" >> "$data/commands.txt"
# The machine's load before the measuring starts (after the build), and
# (in the report) after it ends: a tenant that came or went in between
# shows there.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== throughput: $records records, $(du -h "$file" | cut -f1); $runs rounds, each command once a round" >&2
rm -f "$data"/throughput-*.json
for round in $(seq 0 "$runs"); do
  if [ "$round" = 0 ]; then kept=$data/warm-up.json; else kept=$data/throughput-$round.json; fi
  hyperfine --style none --runs 1 --export-json "$kept" "${throughput[@]}" >&2
  echo "   round $round of $runs done (round 0 warms up)" >&2
done

echo "== start-up" >&2
hyperfine --style basic -N --warmup 20 --runs $((runs * 40)) --export-json "$data/startup.json" \
  -n hello-world "/bin/true" \
  -n assess-one "$startup" >&2

rss_kib=""
if [ "$big_mib" -gt 0 ]; then
  big=$data/big.ndjson
  per_record=$(( $(wc -c < "$file") / records ))
  "$bin" generate --count $(( big_mib * 1048576 / per_record )) --seed 2 > "$big"
  echo "== peak memory: $(du -h "$big" | cut -f1)" >&2
  /usr/bin/time -v "$bin" assess --format csv --answers "$big" 2> "$data/rss.txt" > /dev/null
  rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$data/rss.txt")
  big_size=$(du -h "$big" | cut -f1)
  rm -f "$big"
fi

python3 - "$data" "$records" "$out" "$rss_kib" "${big_size:-}" "$file" "$load_start" <<'PY'
import json, os, platform, statistics, subprocess, sys
data, records, out, rss, big_size, file, load_start = sys.argv[1:]
records = int(records)
def exported(names):
    # Every result in one or more hyperfine exports, read once.
    return [r for name in names for r in json.load(open(os.path.join(data, name)))["results"]]
def per_command(results, values):
    # Per command, what `values` takes from its results, all together.
    runs = {}
    for r in results:
        runs.setdefault(r["command"], []).extend(values(r))
    return runs
def times(results):
    # Every run's wall time.
    return per_command(results, lambda r: r["times"])
def cpu(results, kind):
    # CPU time of one kind ("user" or "system") over every thread:
    # hyperfine gives it per command per export (one run a round).
    return per_command(results, lambda r: [r[kind]])
def stat(runs, pick):
    return {command: pick(values) for command, values in runs.items()}
# Medians: on a shared machine a few slow runs pull the mean around.
# Minimums too: another tenant only ever adds time to a CPU-bound run,
# so the fastest run is the least disturbed one.
round_files = sorted(n for n in os.listdir(data) if n.startswith("throughput-") and n.endswith(".json"))
rounds = exported(round_files)
thr, start = times(rounds), times(exported(["startup.json"]))
t, s = stat(thr, statistics.median), stat(start, statistics.median)
t_min, s_min = stat(thr, min), stat(start, min)
user, system = stat(cpu(rounds, "user"), statistics.median), stat(cpu(rounds, "system"), statistics.median)
rate = {k: records / v for k, v in t.items()}
rate_min = {k: records / v for k, v in t_min.items()}
def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
load_end = " ".join(open("/proc/loadavg").read().split()[:3])
ratios = [
    ("CSV vs parse-only with pmlevel's parser (single thread)", "csv", "parse-only", 0.7),
    ("CSV vs parse-only with serde alone (single thread)", "csv", "parse-only-serde", 0.7),
    ("CSV vs jq, 2 threads", "csv-2-threads", "jq", 15.0),
    ("CSV vs jq, single thread", "csv", "jq", 15.0),
    ("NDJSON (full results) vs jq, 2 threads", "ndjson-2-threads", "jq", 5.0),
    ("NDJSON (full results) vs jq, single thread", "ndjson", "jq", 5.0),
    ("CSV, 2 threads vs 1", "csv-2-threads", "csv", 1.7),
    ("NDJSON, 2 threads vs 1", "ndjson-2-threads", "ndjson", 1.7),
]
checks = [(name, rate[a] / rate[b], rate_min[a] / rate_min[b], target) for name, a, b, target in ratios]
checks.append(("start-up vs hello world (lower is better)", s["assess-one"] / s["hello-world"],
               s_min["assess-one"] / s_min["hello-world"], 3.0))
lines = [
    "# Benchmarks", "",
    "Measured by `bench/run.sh` (rerun it to reproduce; it rewrites this file).",
    "Every figure below comes from one run on one machine; compare the ratios,",
    "not the absolute times: the machine is shared and noisy.", "",
    "## Machine", "",
    f"- CPU: {cpu_model()}, {os.cpu_count()} cores; memory {int(mem) // 1024} MiB",
    f"- Load average (1, 5, 15 minutes) when the measuring started: {load_start}; when it ended: {load_end}",
    f"- {platform.system()} {platform.release()}; rustc: {subprocess.run(['rustc', '--version'], capture_output=True, text=True).stdout.strip()}", "",
    "## Throughput", "",
    f"{records} generated records (`pmlevel generate --count {records} --seed 1`), "
    f"{os.path.getsize(file) / 1048576:.1f} MiB; median of {len(round_files)} rounds, each command once a round, in turn. "
    f"`assess` uses every core unless told (`--jobs`); this machine has {os.cpu_count()}. "
    "The CPU columns are the time spent on every core (medians): what two threads "
    "spend beyond one thread's for the same records is their overhead.", "",
    "| command | median (s) | records/s | min (s) | CPU user (s) | CPU system (s) |",
    "|---|---:|---:|---:|---:|---:|",
]
for k, v in t.items():
    lines.append(f"| {k} | {v:.3f} | {rate[k]:,.0f} | {t_min[k]:.3f} | {user[k]:.3f} | {system[k]:.3f} |")
lines += ["", "## Start-up", "", "| command | median (ms) | min (ms) |", "|---|---:|---:|"]
for k, v in s.items():
    lines.append(f"| {k} | {v * 1000:.2f} | {s_min[k] * 1000:.2f} |")
if rss:
    lines += ["", "## Peak memory", "",
              f"`pmlevel assess --format csv` over a {big_size} file: peak RSS **{int(rss) / 1024:.1f} MiB** (`/usr/bin/time -v`)."]
lines += ["", "## Ratios against the targets", "",
          "Judged on the medians; the same ratio from the fastest runs is beside it.", "",
          "| ratio | measured (medians) | from minimums | target | met |", "|---|---:|---:|---:|---|"]
for name, value, fastest, target in checks:
    lower_better = "lower" in name
    met = value <= target if lower_better else value >= target
    lines.append(f"| {name} | {value:.2f} | {fastest:.2f} | {'≤' if lower_better else '≥'} {target} | {'yes' if met else 'no'} |")
if rss:
    lines.append(f"| peak RSS on the large file (MiB) | {int(rss) / 1024:.1f} | | < 32 | {'yes' if int(rss) < 32 * 1024 else 'no'} |")
commands = open(os.path.join(data, "commands.txt")).read().splitlines()
lines += ["", "## Commands", "", "```sh", *commands, "```", ""]
notes = "bench/NOTES.md"
if os.path.exists(notes):
    lines += [open(notes).read().rstrip(), ""]
open(out, "w").write("\n".join(lines))
print(f"wrote {out}", file=sys.stderr)
PY
