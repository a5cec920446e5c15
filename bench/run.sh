#!/usr/bin/env bash
# One command for the whole bench: data, PostGraphile, same-rows check, plans, flame graph,
# and the side-by-side load runs. Results land in bench/results/ (see bench/README.md).
#   bash bench/run.sh [label]          # label defaults to "after"
#   bash bench/run.sh --side [label]   # issue 12: cuic planned, cuic graphql-core and
#                                      # PostGraphile side by side (bench/side.py), with the
#                                      # issue's targets; label defaults to "issue12"
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
SIDE=""
if [ "${1:-}" = "--side" ]; then SIDE=1; shift; fi
LABEL="${1:-${SIDE:+issue12}}"
LABEL="${LABEL:-after}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
[ -x bench/postgraphile/node_modules/node/bin/node ] || (cd bench/postgraphile && npm ci --no-audit --no-fund)
mkdir -p bench/results/tmp bench/results/plans "bench/results/$LABEL"
START=$(date +%s)

HOLDER=""
hold() {
  uv run python bench/pg.py hold > bench/results/tmp/pg-hold.log 2>&1 &
  HOLDER=$!
  for _ in $(seq 60); do [ -f bench/.data/url ] && return; sleep 1; done
  echo "the bench PostgreSQL did not start: bench/results/tmp/pg-hold.log" >&2; exit 1
}
if [ -z "${CUIC_DATABASE_URL:-}" ] && [ ! -f bench/.data/url ]; then
  trap '[ -n "$HOLDER" ] && kill $HOLDER 2>/dev/null || true' EXIT
  hold
  # A new cluster gets shared_buffers from bench/pg.py only at its next start.
  if [ "$(uv run python bench/pg.py pending)" = restart ]; then
    kill "$HOLDER"; wait "$HOLDER" || true
    for _ in $(seq 30); do [ -f bench/.data/url ] || break; sleep 1; done
    hold
  fi
fi
URL="$(uv run python bench/pg.py url)"
CUIC_DATABASE_URL="$URL" uv run cuic migrate
if [ "$(uv run python bench/pg.py tickets)" = 0 ]; then
  uv run python -m bench.make_data | tee "bench/results/${SIDE:+$LABEL/}make_data.txt"
fi
[ -s bench/.data/token ] || CUIC_DATABASE_URL="$URL" uv run cuic token create support | tail -1 > bench/.data/token
uv run python bench/pg.py pgl
uv run python -m bench.compare | tee "bench/results/${SIDE:+$LABEL/}compare.txt"
if [ -n "$SIDE" ]; then
  uv run python -m bench.side --label "$LABEL" | tee "bench/results/$LABEL/side.log"
  uv run python -m bench.table --side "$LABEL" | tee "bench/results/$LABEL/table.md"
  echo "bench/run.sh --side: $(( $(date +%s) - START )) s"
  exit 0
fi
uv run python -m bench.explain  # plans and bench/results/plans/index.txt
uv run python -m bench.run --label "$LABEL" | tee "bench/results/$LABEL.log"
uv run python -m bench.profile
