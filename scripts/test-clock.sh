#!/usr/bin/env bash
# The unit, integration and web tests with the machine's clock moved far from today, by Debian's faketime:
# one date after the other. (Side by side, one per core, was slower: stop 27's CI ran out of time in it.)
# Fails when a run fails.
# Usage: scripts/test-clock.sh PYTEST "DATE TIME" ["DATE TIME" ...]
set -uo pipefail
pytest=$1
shift
command -v faketime >/dev/null || { echo "test-clock needs Debian's faketime: apt-get install faketime"; exit 1; }
failed=0
for when in "$@"; do
  echo "== unit, integration and web tests with the clock at $when UTC ($(date -u +%H:%M:%S) real time)"
  if TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$when" "$pytest" -q -p no:cacheprovider \
    -m "not postgres" tests/unit tests/integration tests/web; then
    echo "== the clock at $when UTC: passed"
  else
    echo "== the clock at $when UTC: FAILED"
    failed=1
  fi
done
exit $failed
