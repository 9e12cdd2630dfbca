#!/usr/bin/env bash
# Unpack build/linux-source-6.12 if needed and apply the series to it in place
# (remembering state in build/applied-state so changed patches are re-applied).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$ROOT/harness/unpack.sh"
APPLY_STATE=$(dirname "$KSRC")/applied-state "$ROOT/tools/apply.sh" "$KSRC"
