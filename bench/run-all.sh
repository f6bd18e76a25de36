#!/usr/bin/env bash
# Runs every benchmark once, on one generated city, and writes the whole results file (docs/benchmarks.md by default).
#   bash bench/run-all.sh [--wait-quiet] [OUTPUT]
# --wait-quiet: before measuring, wait (60 s steps, at most 20 minutes) until the 1-minute load average is below 1.0.
# Loopback only: the server, PostgreSQL and pgbench listen on 127.0.0.1.
# Duration on 2 cores: about 17 minutes once imports and cold starts meet their targets (10,000 actions in 10 s, first
# totals in 2 s). With the code of 2026-12-05 (about 50-70 actions/s, a cold start of 20-70 s at 5,000 actions) it is
# about 21 minutes while PoaRules.MaxDepartmentsPerPoa is 200 (half of the 400-department city refused, no cold start
# at 10,000), and about 27 minutes once that limit is raised: the two saved uploads of 10,000 actions take 3-4 minutes
# each and their cold starts 1-3 minutes each.
# `all` includes the imports through POST /import (1,000 and 10,000 actions, SQLite and PostgreSQL) and the cold starts
# after them, the consolidation at 10,000 actions, the .xlsx benchmark (workbook import beside text, the two libraries,
# dry-run uploads of the 400-department city), the heavy-documents and the silent-sockets benchmarks.
# `all` exits 1 when the server refused part of a city (e.g. departments beyond PoaRules.MaxDepartmentsPerPoa): the
# results file is still written, with those targets NOT MEASURED, and this script then exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

wait_quiet=false
if [[ "${1:-}" == "--wait-quiet" ]]; then wait_quiet=true; shift; fi
output="${1:-docs/benchmarks.md}"
work="$(mktemp -d /tmp/poa-bench-run-XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "Building (Release)..." >&2
dotnet build PoaPlatform.sln -c Release -nologo -v q -clp:ErrorsOnly -nodeReuse:false >&2

load() { cut -d' ' -f1-3 /proc/loadavg; }
others() { ps -eo pid,args | grep -E '[d]otnet .*(test|build|vstest|testhost|MSBuild)' | grep -vc "$$" || true; }
if $wait_quiet; then
  for _ in $(seq 1 20); do
    awk '{ exit !($1 < 1.0) }' /proc/loadavg && break
    echo "Load average $(load), $(others) dotnet build/test processes of others: waiting 60 s..." >&2
    sleep 60
  done
fi
load_before="$(load)"; others_before="$(others)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"

bench=(dotnet bench/PoaPlatform.Bench/bin/Release/net10.0/PoaPlatform.Bench.dll)
parser=(dotnet bench/PoaPlatform.Bench.Parser/bin/Release/net10.0/PoaPlatform.Bench.Parser.dll)
status=0
"${bench[@]}" all --markdown "$work/bench.md" --targets "$work/targets.tsv" > "$work/bench.out" 2> >(tee "$work/bench.log" >&2) || status=$?
# 1: a city refused in part, everything else measured and written; anything else: the run failed.
if [[ $status -ne 0 && $status -ne 1 ]]; then echo "The benchmarks failed (exit $status)." >&2; exit "$status"; fi
echo "Parser (BenchmarkDotNet)..." >&2
"${parser[@]}" --markdown "$work/parser.md" --targets "$work/targets.tsv" > "$work/parser.out" 2>&1
load_after="$(load)"
finished="$(date -u '+%H:%M UTC')"

{
  echo "# Benchmarks"
  echo
  echo "Written by \`bash bench/run-all.sh\` from one run: every figure below was measured in that run (how each is measured: [bench/README.md](../bench/README.md))."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $started – $finished |"
  echo "| commit | \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)') |"
  echo "| CPU | $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores ($(lscpu | sed -n 's/^Hypervisor vendor: *//p') VM) |"
  echo "| memory | $(free -g | awk '/^Mem:/ { print $2 }') GiB |"
  echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r) |"
  # What the server runs with, as its build wrote it into its runtimeconfig.json.
  server_config=src/PoaPlatform.Server/bin/Release/net10.0/PoaPlatform.Server.runtimeconfig.json
  gc=$(grep -q '"System.GC.Server": true' "$server_config" && echo "server GC" || echo "workstation GC")
  spin=$(sed -n 's/.*"System.Threading.ThreadPool.UnfairSemaphoreSpinLimit": \([0-9]*\).*/\1/p' "$server_config")
  echo "| .NET | SDK $(dotnet --version), Release build; the server: $gc, thread-pool spin limit ${spin:-default} (its runtimeconfig.json) |"
  echo "| PostgreSQL | $(/usr/lib/postgresql/15/bin/postgres --version | sed 's/.*) //') |"
  echo "| load average (1, 5, 15 min) | $load_before before, $load_after after; $others_before dotnet build/test processes of others running at the start |"
  echo
  echo "Load generator, server, PostgreSQL and pgbench share the same cores, so every rate below includes the client's own CPU."
  echo
  echo "## Targets"
  echo
  echo "| what | target | measured | result | command |"
  echo "|---|---|---|---|---|"
  while IFS=$'\t' read -r what target measured result command; do
    echo "| $what | $target | $measured | **$result** | \`$command\` |"
  done < "$work/targets.tsv"
  echo
  cat "$work/bench.md"
  cat "$work/parser.md"
  echo
  cat bench/analysis.md
} > "$output"
echo "Wrote $output" >&2
if [[ $status -ne 0 ]]; then echo "Part of a city was refused by the server: see the targets NOT MEASURED in $output." >&2; fi
exit "$status"
