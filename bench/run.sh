#!/usr/bin/env bash
# The performance benchmark of huizong, with public tools only (bash, cargo,
# GNU time). See bench/RESULTS.md for results and README.md (性能测试).
#
#   bench/run.sh                 N = 1000 and 10000, results appended to bench/RESULTS.md
#   bench/run.sh 20 500          other sizes
#   bench/run.sh --smoke         CI smoke: N = 20, one repetition, nothing recorded
#
# Options:
#   --reps K        timed repetitions per measurement for N < 10000 (default 5)
#   --reps-large K  the same for N >= 10000 (default 3)
#   --no-record     print the table only (default for --smoke)
#   --record        append the table to bench/RESULTS.md (default otherwise)
#   --no-build      use the release binaries already in target/release
#   --bin PATH      time this huizong binary instead (e.g. one built from an
#                   older commit, for a before/after comparison); the floor
#                   and the sample generator still come from this tree
#   --heavy-rows K  also the smallest N (at most 1000) with K ledger rows a
#                   file instead of 50 (default 500; 0: not measured): floor,
#                   check and run, to show that memory and the cost beyond
#                   reading do not grow with the workbooks (not targets)
#   --year          also the whole year: N submissions for each of 2011Q2,
#                   Q3 and Q4 too (cached beside 2011Q1), then `run` on the
#                   fourth quarter (it reads all four: 4N files) and `annual`
#                   (4N files); not targets, and slow at N = 10000
#
# For every N it generates N clean submissions (50 ledger rows each) once with
# huizong's own seeded generator into target/bench-cache/N/ (reused when
# complete), then times side by side, interleaved repetition by repetition:
#   floor   examples/floor.rs: calamine reads every cell of the three data
#           sheets of every file, in parallel with rayon, nothing else;
#   check   huizong check INBOX --plan PLAN --as-of 2011-04-08 --out DIR;
#   run     huizong run INBOX --plan PLAN --out DIR --as-of 2011-04-08, with all
#           cores, with RAYON_NUM_THREADS=1 and with RAYON_NUM_THREADS=2;
#   empty   huizong check on an empty inbox with the same plan: all N units
#           missing, so its 催报通知 lists them all (not a target; it shows
#           what a unit costs in the notices);
#   q4, annual  with --year: huizong run 2011Q4 (--as-of 2012-01-08) and
#           huizong annual on the four quarters (--as-of 2012-01-20).
# Each figure is the median wall time of the repetitions (date +%s.%N), files
# per second from it, and the highest peak RSS seen (/usr/bin/time -v).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

SIZES=()
OTHER_BIN=""
YEAR=0
REPS=5
REPS_LARGE=3
HEAVY_ROWS=500
RECORD=1
BUILD=1
SMOKE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --reps) REPS="$2"; shift ;;
    --reps-large) REPS_LARGE="$2"; shift ;;
    --record) RECORD=2 ;;
    --no-record) RECORD=0 ;;
    --no-build) BUILD=0 ;;
    --bin) OTHER_BIN="$2"; shift ;;
    --year) YEAR=1 ;;
    --heavy-rows) HEAVY_ROWS="$2"; shift ;;
    -h|--help) sed -n '2,41p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]*|'') echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    *) SIZES+=("$1") ;;
  esac
  shift
done
if [ "$SMOKE" = 1 ]; then
  [ ${#SIZES[@]} -eq 0 ] && SIZES=(20)
  REPS=1
  REPS_LARGE=1
  [ "$RECORD" = 1 ] && RECORD=0
fi
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)
for n in "${SIZES[@]}"; do
  if [ "$n" -lt 1 ]; then echo "bench/run.sh: N must be at least 1" >&2; exit 2; fi
done
case "$HEAVY_ROWS" in
  *[!0-9]*|'') echo "bench/run.sh: --heavy-rows needs a number of rows" >&2; exit 2 ;;
esac

QUARTER=2011Q1
AS_OF=2011-04-08
LEDGER_ROWS=50
CACHE="$ROOT/target/bench-cache"
BIN="$ROOT/target/release/huizong"
FLOOR="$ROOT/target/release/examples/floor"
CORES="$(nproc)"

TIME=/usr/bin/time
if ! [ -x "$TIME" ] || ! "$TIME" -v true >/dev/null 2>&1; then
  echo "注意：没有 GNU time（/usr/bin/time），峰值内存记为 n/a；安装：apt-get install time" >&2
  TIME=""
fi

# The build flags are those of .cargo/config.toml, unless RUSTFLAGS replaces them.
if [ -n "${RUSTFLAGS:-}" ]; then
  FLAGS_NOTE="RUSTFLAGS=\"$RUSTFLAGS\" (replaces .cargo/config.toml's flags)"
  echo "注意：设置了 RUSTFLAGS，.cargo/config.toml 中的编译选项不起作用" >&2
else
  FLAGS_NOTE="build flags of .cargo/config.toml"
fi

if [ "$BUILD" = 1 ]; then
  echo "== build (release)" >&2
  cargo build --release --locked --bin huizong --example floor >&2
fi
for exe in "$BIN" "$FLOOR"; do
  [ -x "$exe" ] || { echo "bench/run.sh: $exe is missing (run without --no-build)" >&2; exit 1; }
done
GEN="$BIN"
if [ -n "$OTHER_BIN" ]; then
  [ -x "$OTHER_BIN" ] || { echo "bench/run.sh: --bin $OTHER_BIN is not an executable" >&2; exit 2; }
  BIN="$(cd "$(dirname "$OTHER_BIN")" && pwd)/$(basename "$OTHER_BIN")"
fi

# The cache of one size: target/bench-cache/N/{plan.toml, 2011Q1/*.xlsx, complete}.
# `complete` names what made it; a cache of another kind is made again.
# Kinds: 1, the first; 2, templates whose defined names hold the fingerprint.
CACHE_KIND=2
# generate N [ROWS DIR]: N submissions of ROWS ledger rows (default 50) in DIR.
generate() {
  local n="$1" rows="${2:-$LEDGER_ROWS}" dir="${3:-$CACHE/$1}"
  local inbox="$dir/$QUARTER"
  if [ -f "$dir/complete" ] && [ "$(cat "$dir/complete")" = "$n $rows kind $CACHE_KIND" ] &&
     [ "$(find "$inbox" -maxdepth 1 -name '*.xlsx' | wc -l)" -eq "$n" ]; then
    echo "== N=$n: reusing $inbox" >&2
    return
  fi
  echo "== N=$n: generating $n submissions into $inbox" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  local start end
  start=$(date +%s.%N)
  "$GEN" generate-samples --quarter "$QUARTER" --out "$inbox" --units "$n" \
    --plan-out "$dir/plan.toml" --ledger-rows "$rows" >/dev/null
  end=$(date +%s.%N)
  echo "$n $rows kind $CACHE_KIND" >"$dir/complete"
  echo "   generated in $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}') s" >&2
}

# measure LABEL -- command...: one timed run; appends "wall rss_kb" to $WORK/LABEL.
measure() {
  local label="$1"
  shift 2
  local log="$WORK/$label.log" start end rc=0 rss="n/a" cpu="n/a"
  start=$(date +%s.%N)
  if [ -n "$TIME" ]; then
    "$TIME" -v -o "$WORK/$label.time" "$@" >"$log" 2>&1 || rc=$?
  else
    "$@" >"$log" 2>&1 || rc=$?
  fi
  end=$(date +%s.%N)
  # check and run exit 1 when a submission has 错误: the clean inbox has none.
  if [ "$rc" -ne 0 ]; then
    echo "bench/run.sh: '$label' exited with $rc:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  if [ -n "$TIME" ]; then
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/$label.time")
    cpu=$(awk -F: '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END{printf "%.2f", s}' "$WORK/$label.time")
  fi
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.4f", b-a}') $rss $cpu" >>"$WORK/$label"
}

# measure_reading PREFIX INBOX PLAN DIR: floor, check and run, once each.
measure_reading() {
  local prefix="$1" inbox="$2" plan="$3" dir="$4"
  measure "$prefix-floor" -- "$FLOOR" "$inbox"
  measure "$prefix-check" -- "$BIN" check "$inbox" --plan "$plan" --as-of "$AS_OF" --out "$dir/out-check"
  measure "$prefix-run" -- "$BIN" run "$inbox" --plan "$plan" --out "$dir/out-run" --as-of "$AS_OF"
}

# table_row FILE N LABEL FILES FLOOR REPS: the median wall, highest RSS and
# median CPU of one measurement into FILE.result ("wall rss") and a row of
# the table; the ratio to FLOOR's wall, or "—" when FLOOR is empty.
table_row() {
  local f="$1" n="$2" what="$3" files="$4" floor="$5" reps="$6" wall rss cpu
  wall=$(median <"$f")
  rss=$(max_rss <"$f")
  cpu=$(median_cpu <"$f")
  echo "$wall $rss" >"$f.result"
  awk -v n="$n" -v what="$what" -v wall="$wall" -v rss="$rss" -v cpu="${cpu:-n/a}" -v floor="$floor" -v files="$files" -v reps="$reps" 'BEGIN{
    ratio = (floor == "") ? "—" : sprintf("%.2f", wall / floor)
    if (cpu != "n/a") cpu = sprintf("%.2f", cpu)
    printf "| %d | %s | %.3f | %.0f | %.3f | %s | %s | %s | %d |\n", n, what, wall, files / wall, 1000 * wall / files, ratio, cpu, rss, reps
  }' >>"$TABLE"
}

median() { sort -g | awk '{v[NR]=$1} END{ if (NR == 0) print "n/a"; else if (NR%2) print v[(NR+1)/2]; else printf "%.4f\n", (v[NR/2]+v[NR/2+1])/2 }'; }
median_cpu() { awk '{print $3}' | { grep -v n/a || true; } | median; }
max_rss() { awk '$2 != "n/a" && $2 > m {m=$2} END{ if (m) printf "%.0f\n", m/1024; else print "n/a" }'; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
LOAD_START="$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
# Changes other than this file of results make the commit "+dirty".
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- . ':!bench/RESULTS.md' 2>/dev/null)" ]; then
  COMMIT="$COMMIT+dirty"
fi
[ -n "$OTHER_BIN" ] && COMMIT="$COMMIT (huizong binary: $OTHER_BIN)"
TABLE="$WORK/table.md"
SUMMARY="$WORK/summary.md"
{
  echo "| N | measurement | median wall (s) | files/s | ms/file | × floor | CPU user+sys (s) | peak RSS (MB) | reps |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
} >"$TABLE"
: >"$SUMMARY"

# With --year: the other quarters of the same N units, beside 2011Q1 (the
# generator makes the same plan for the same N; checked).
generate_year() {
  local n="$1" dir="$CACHE/$1" q
  for q in 2011Q2 2011Q3 2011Q4; do
    if [ -f "$dir/complete-$q" ] && [ "$(find "$dir/$q" -maxdepth 1 -name '*.xlsx' | wc -l)" -eq "$n" ]; then
      echo "== N=$n: reusing $dir/$q" >&2
      continue
    fi
    echo "== N=$n: generating $n submissions into $dir/$q" >&2
    rm -rf "${dir:?}/$q" "$dir/complete-$q"
    "$GEN" generate-samples --quarter "$q" --out "$dir/$q" --units "$n" \
      --plan-out "$WORK/plan-$q.toml" --ledger-rows "$LEDGER_ROWS" >/dev/null
    if ! cmp -s "$WORK/plan-$q.toml" "$dir/plan.toml"; then
      echo "bench/run.sh: the generator made another plan for $q" >&2
      exit 1
    fi
    touch "$dir/complete-$q"
  done
}

for n in "${SIZES[@]}"; do
  generate "$n"
  [ "$YEAR" = 1 ] && generate_year "$n"
  dir="$CACHE/$n"
  inbox="$dir/$QUARTER"
  plan="$dir/plan.toml"
  reps="$REPS"
  [ "$n" -ge 10000 ] && reps="$REPS_LARGE"
  rm -f "$WORK"/n"$n"-*
  names=(floor check run run-1thread run-2threads check-empty)
  labels=("floor (calamine only)" "huizong check" "huizong run" "huizong run, RAYON_NUM_THREADS=1" "huizong run, RAYON_NUM_THREADS=2" "huizong check, no file in (催报通知 for all $n units)")
  if [ "$YEAR" = 1 ]; then
    names+=(run-q4 annual)
    labels+=("huizong run, fourth quarter (reads Q1–Q4: $((4 * n)) files)" "huizong annual, 4 quarters ($((4 * n)) files)")
  fi
  empty="$WORK/empty/$QUARTER"
  mkdir -p "$empty"
  echo "== N=$n: warm-up (page cache)" >&2
  "$FLOOR" "$inbox" >/dev/null
  for ((r = 1; r <= reps; r++)); do
    echo "== N=$n: repetition $r/$reps" >&2
    measure_reading "n$n" "$inbox" "$plan" "$dir"
    measure "n$n-run-1thread" -- env RAYON_NUM_THREADS=1 "$BIN" run "$inbox" --plan "$plan" --out "$dir/out-run" --as-of "$AS_OF"
    measure "n$n-run-2threads" -- env RAYON_NUM_THREADS=2 "$BIN" run "$inbox" --plan "$plan" --out "$dir/out-run" --as-of "$AS_OF"
    measure "n$n-check-empty" -- "$BIN" check "$empty" --plan "$plan" --as-of "$AS_OF" --out "$dir/out-empty"
    if [ "$YEAR" = 1 ]; then
      measure "n$n-run-q4" -- "$BIN" run "$dir/2011Q4" --plan "$plan" --out "$dir/out-run-q4" --as-of 2012-01-08
      measure "n$n-annual" -- "$BIN" annual "$dir" --plan "$plan" --out "$dir/out-annual" --as-of 2012-01-20
    fi
  done
  floor_wall=$(median <"$WORK/n$n-floor")
  for i in "${!names[@]}"; do
    what="${labels[$i]}" files="$n" floor="$floor_wall"
    # No ratio for the empty inbox and the year: they read other files.
    case "$what" in *"no file"*|*quarter*) floor="" ;; esac
    case "$what" in *quarter*) files=$((4 * n)) ;; esac
    table_row "$WORK/n$n-${names[$i]}" "$n" "$what" "$files" "$floor" "$reps"
  done
  read -r t1 _ <"$WORK/n$n-run-1thread.result"
  read -r t2 _ <"$WORK/n$n-run-2threads.result"
  awk -v n="$n" -v a="$t1" -v b="$t2" 'BEGIN{printf "- N=%d: run speed-up 1 → 2 threads: %.2f×\n", n, a / b}' >>"$SUMMARY"
done

# Heavier workbooks: the smallest N again, with HEAVY_ROWS ledger rows a
# file. The issue wants memory to grow "not with the workbooks, only with
# the per-unit rows": this shows both memory and the gap to the floor.
hn="$(printf '%s\n' "${SIZES[@]}" | sort -n | head -n 1)"
if [ "$HEAVY_ROWS" -gt 0 ] && [ "$hn" -le 1000 ]; then
  hdir="$CACHE/${hn}x$HEAVY_ROWS"
  generate "$hn" "$HEAVY_ROWS" "$hdir"
  hinbox="$hdir/$QUARTER"
  hplan="$hdir/plan.toml"
  if ! cmp -s "$hplan" "$CACHE/$hn/plan.toml"; then
    echo "bench/run.sh: the generator made another plan for $HEAVY_ROWS ledger rows" >&2
    exit 1
  fi
  "$FLOOR" "$hinbox" >/dev/null
  for ((r = 1; r <= REPS; r++)); do
    echo "== N=$hn, $HEAVY_ROWS ledger rows: repetition $r/$REPS" >&2
    measure_reading heavy "$hinbox" "$hplan" "$hdir"
  done
  hfloor=$(median <"$WORK/heavy-floor")
  for what in floor check run; do
    label="huizong $what"
    [ "$what" = floor ] && label="floor (calamine only)"
    table_row "$WORK/heavy-$what" "$hn" "$label, $HEAVY_ROWS ledger rows a file" "$hn" "$hfloor" "$REPS"
  done
  read -r hch _ <"$WORK/heavy-check.result"
  read -r hru hrss <"$WORK/heavy-run.result"
  read -r _ rss1 <"$WORK/n$hn-run.result"
  {
    echo "- N=$hn with $HEAVY_ROWS ledger rows a file instead of $LEDGER_ROWS (not targets):"
    awk -v c="$hch" -v r="$hru" -v f="$hfloor" 'BEGIN{printf "  - check %.2f×, run %.2f× the floor\n", c / f, r / f}'
    if [ "$hrss" != "n/a" ] && [ "$rss1" != "n/a" ]; then
      awk -v a="$hrss" -v b="$rss1" 'BEGIN{printf "  - run peak RSS %s MB, against %s MB with %d rows: %.2f×\n", a, b, '"$LEDGER_ROWS"', a / b}'
    fi
  } >>"$SUMMARY"
fi

# Targets (from the performance issue), when 1000 and 10000 were both measured.
result() { cat "$WORK/n$1-$2.result" 2>/dev/null || true; }
if [ -n "$(result 10000 run)" ]; then
  read -r fl _ <<<"$(result 10000 floor)"
  read -r ch _ <<<"$(result 10000 check)"
  read -r ru rss10 <<<"$(result 10000 run)"
  read -r t1 _ <<<"$(result 10000 run-1thread)"
  read -r t2 _ <<<"$(result 10000 run-2threads)"
  ok() { awk -v v="$1" -v lim="$2" 'BEGIN{ print (v <= lim) ? "pass" : "FAIL" }'; }
  atleast() { awk -v v="$1" -v lim="$2" 'BEGIN{ print (v >= lim) ? "pass" : "FAIL" }'; }
  {
    echo "- targets at N=10000:"
    r=$(awk -v a="$ru" -v b="$fl" 'BEGIN{printf "%.2f", a / b}')
    echo "  - run ≤ 1.3 × floor: ${r}× — $(ok "$r" 1.3)"
    r=$(awk -v a="$ch" -v b="$fl" 'BEGIN{printf "%.2f", a / b}')
    echo "  - check ≤ 1.2 × floor: ${r}× — $(ok "$r" 1.2)"
    if [ "$rss10" != "n/a" ]; then
      echo "  - run peak RSS ≤ 300 MB: ${rss10} MB — $(ok "$rss10" 300)"
      # With --year: the same bound for the quarter where run's memory
      # peaks (the target as written does not name a quarter).
      read -r _ rssq4 <<<"$(result 10000 run-q4)"
      if [ -n "${rssq4:-}" ] && [ "$rssq4" != "n/a" ]; then
        echo "    (fourth quarter, reading Q1–Q4: ${rssq4} MB — $(ok "$rssq4" 300))"
      fi
    fi
    r=$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.2f", a / b}')
    echo "  - run speed-up 1 → 2 threads ≥ 1.7×: ${r}× — $(atleast "$r" 1.7)"
    if [ -n "$(result 1000 run)" ]; then
      read -r ru1 rss1 <<<"$(result 1000 run)"
      if [ "$rss10" != "n/a" ] && [ "$rss1" != "n/a" ]; then
        r=$(awk -v a="$rss10" -v b="$rss1" 'BEGIN{printf "%.2f", a / b}')
        echo "  - run peak RSS at 10000 ≤ 1.5 × at 1000: ${r}× — $(ok "$r" 1.5)"
        # Not a target: what each unit more costs, for comparing entries.
        r=$(awk -v a="$rss10" -v b="$rss1" 'BEGIN{printf "%.1f", (a - b) * 1024 / 9000}')
        echo "    (peak RSS grows ${r} KB a unit from 1000 to 10000)"
      fi
      r=$(awk -v a="$ru" -v b="$ru1" 'BEGIN{printf "%.2f", (a / 10000) / (b / 1000)}')
      echo "  - run time per file at 10000 ≤ 1.2 × at 1000: ${r}× — $(ok "$r" 1.2)"
    fi
  } >>"$SUMMARY"
fi

{
  echo
  echo "### $(date '+%Y-%m-%d %H:%M %Z') — commit $COMMIT, nproc $CORES, N = ${SIZES[*]}"
  echo
  echo "$(uname -sr); $(rustc --version 2>/dev/null || echo rustc ?); $FLAGS_NOTE; load average at start: $LOAD_START. Median of the repetitions (interleaved); CPU is the median user+sys; peak RSS is the highest seen."
  echo
  cat "$TABLE"
  echo
  cat "$SUMMARY"
} >"$WORK/entry.md"
cat "$WORK/entry.md"
if [ "$RECORD" != 0 ]; then
  cat "$WORK/entry.md" >>"$ROOT/bench/RESULTS.md"
  echo "(appended to bench/RESULTS.md)" >&2
fi
