#!/usr/bin/env bash
# The unit, integration and web tests with the machine's clock moved far from today, by Debian's faketime:
# one pytest per date, side by side (each is one process on one core), each with its own log, shown in full
# once both are done. Fails when either fails.
# Usage: scripts/test-clock.sh PYTEST "DATE TIME" ["DATE TIME" ...]
set -uo pipefail
pytest=$1
shift
command -v faketime >/dev/null || { echo "test-clock needs Debian's faketime: apt-get install faketime"; exit 1; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
pids=()
for when in "$@"; do
  echo "== unit, integration and web tests with the clock at $when UTC (started)"
  TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$when" "$pytest" -q -p no:cacheprovider \
    -m "not postgres" tests/unit tests/integration tests/web >"$logs/${#pids[@]}.log" 2>&1 &
  pids+=($!)
done
failed=0
i=0
for when in "$@"; do
  if wait "${pids[$i]}"; then status=passed; else status=FAILED; failed=1; fi
  echo "== the clock at $when UTC: $status"
  cat "$logs/$i.log"
  i=$((i + 1))
done
exit $failed
