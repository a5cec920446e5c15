#!/usr/bin/env bash
# One command for the whole bench: data, PostGraphile, same-rows check, plans, flame graph,
# and the side-by-side load runs. Results land in bench/results/ (see bench/README.md).
#   bash bench/run.sh [label]        # label defaults to "after"
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
LABEL="${1:-after}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
[ -x bench/postgraphile/node_modules/node/bin/node ] || (cd bench/postgraphile && npm ci --no-audit --no-fund)
mkdir -p bench/results/tmp bench/results/plans

if [ -z "${CUIC_DATABASE_URL:-}" ] && [ ! -f bench/.data/url ]; then
  uv run python bench/pg.py hold > bench/results/tmp/pg-hold.log 2>&1 &
  HOLDER=$!
  trap 'kill $HOLDER 2>/dev/null || true' EXIT
  for _ in $(seq 60); do [ -f bench/.data/url ] && break; sleep 1; done
fi
URL="$(uv run python bench/pg.py url)"
CUIC_DATABASE_URL="$URL" uv run cuic migrate
if [ "$(uv run python bench/pg.py tickets)" = 0 ]; then
  uv run python -m bench.make_data | tee bench/results/make_data.txt
fi
[ -s bench/.data/token ] || CUIC_DATABASE_URL="$URL" uv run cuic token create support | tail -1 > bench/.data/token
uv run python bench/pg.py pgl
uv run python -m bench.compare | tee bench/results/compare.txt
uv run python -m bench.explain  # plans and bench/results/plans/index.txt
uv run python -m bench.run --label "$LABEL" | tee "bench/results/$LABEL.log"
uv run python -m bench.profile
