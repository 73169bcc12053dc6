#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# licence.sh - every source file carries the MIT SPDX line (scripts/spdx),
# LICENSE is the MIT text, and the check itself fails on a file without one.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "not ok: $*"; exit 1; }

scripts/spdx --check || fail "source files without a licence line (run scripts/spdx --add)"
echo "ok: every source file names its licence"
grep -qx 'MIT License' LICENSE || fail "LICENSE is not the MIT licence"
grep -q 'SPDX-License-Identifier: MIT' include/sipstatus.h || fail "the public header has no SPDX line"
echo "ok: LICENSE is MIT"

# The checker must fail on a file without the line, and --add must fix it.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '/* x.c - nothing */\nint x;\n' > "$tmp/x.c"
printf '#!/bin/sh\necho hi\n' > "$tmp/x.sh"
if scripts/spdx --check "$tmp/x.c" 2>"$tmp/err"; then fail "spdx --check passed a file without a licence line"; fi
grep -qF "$tmp/x.c" "$tmp/err" || fail "spdx --check did not name the file"
scripts/spdx --add "$tmp/x.c" "$tmp/x.sh"
scripts/spdx --check "$tmp/x.c" "$tmp/x.sh" || fail "spdx --add did not add the line"
[ "$(head -n 1 "$tmp/x.sh")" = '#!/bin/sh' ] || fail "spdx --add moved the shebang"
echo "ok: the check fails on a file without one"
