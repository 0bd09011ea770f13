#!/usr/bin/env bash
# Reads the same synthetic Annex A workbook with liiatools 0.2.0 `cleanfile` (Python 3.9,
# numpy<2, from PyPI) and with `sightline annex-a check`, one core each, and prints the rows/s
# of both and their ratio. Usage: scripts/compare-liiatools.sh [CHILDREN]   (default 2000)
# Nothing from liiatools is committed: it is installed into a temporary virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
children=${1:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=${PYTHON39:-$(ls -d "$HOME"/.pyenv/versions/3.9*/bin/python 2>/dev/null | head -n 1)}
[ -x "$py" ] || { echo "needs Python 3.9 (set PYTHON39=/path/to/python3.9)" >&2; exit 1; }
"$py" -m venv "$work/venv"
"$work/venv/bin/pip" install -q "liiatools==0.2.0" "numpy<2"
cargo build -q --release -p sightline
bin=target/release/sightline
# liiatools cannot find tables under Ofsted's title row, so the file is written clean.
"$bin" synth annex-a --children "$children" --seed 1 --as-at 2024-01-15 --messy none --out "$work/extract.xlsx" >/dev/null
rows=$("$bin" annex-a check "$work/extract.xlsx" --format json | "$py" -c 'import json,sys; print(sum(l["rows_read"] for l in json.load(sys.stdin)["lists"]))')
mkdir -p "$work/out" "$work/log"
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
t_liia=$(secs taskset -c 0 "$work/venv/bin/python" -m liiatools annex-a cleanfile --i "$work/extract.xlsx" --la_code BAR --la_log_dir "$work/log" --o "$work/out")
t_sl=$(secs taskset -c 0 "$bin" annex-a check "$work/extract.xlsx" --format json)
printf 'rows: %s\n' "$rows"
printf 'liiatools 0.2.0 cleanfile: %.2f s, %.0f rows/s\n' "$t_liia" "$(echo "$rows / $t_liia" | bc -l)"
printf 'sightline annex-a check:   %.2f s, %.0f rows/s\n' "$t_sl" "$(echo "$rows / $t_sl" | bc -l)"
printf 'ratio: %.0fx\n' "$(echo "$t_liia / $t_sl" | bc -l)"
