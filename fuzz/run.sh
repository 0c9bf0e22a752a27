#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) with cargo-fuzz on a
# nightly toolchain, seeded from the repository's own examples and bad-input
# cases. A crash leaves its input under fuzz/artifacts/TARGET/; copy it into
# tests/bad-rubrics or tests/bad-answers so it stays fixed.
set -euo pipefail
seconds="${1:-60}"
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p corpus/rubric_toml corpus/answers_json corpus/assess
cp ../rubrics/*.toml ../tests/bad-rubrics/*.toml ../tests/fixtures/*.toml corpus/rubric_toml/ 2>/dev/null || true
cp ../examples/answers/*.json ../tests/bad-answers/* corpus/answers_json/ 2>/dev/null || true
failed=()
for target in rubric_toml answers_json assess; do
  echo "== $target: ${seconds}s"
  log="target/$target.log"
  mkdir -p target
  if ! cargo +nightly fuzz run -s none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 >"$log" 2>&1; then
    failed+=("$target")
    tail -n 40 "$log"
  fi
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$log" || true
done
if ((${#failed[@]})); then
  echo "crashed: ${failed[*]} (inputs under fuzz/artifacts/)" >&2
  exit 1
fi
