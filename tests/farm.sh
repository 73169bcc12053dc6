# SPDX-License-Identifier: MIT
# tests/farm.sh - README's capture-farm recipe: the xargs -P block, run on
# tests/data/ with -P 2, gives the JSON Lines of one run over the same
# files (order aside) and that run's exit status.
#
#   bash tests/farm.sh path/to/sipstatus
#
# The block is read from README.md (the ```sh block after the comment
# "tests/farm.sh runs the next block"), so the test runs what the README
# says: /captures becomes tests/data, "$(nproc)" becomes 2, and it runs once
# as written (16 files a batch) and once with one file a batch, so that
# many batches run at once.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/farm.sh path/to/sipstatus" >&2
    exit 2
fi
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if [ ! -x "$BIN" ]; then
    echo "tests/farm.sh: $BIN is not an executable" >&2
    exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-farm.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null
cd "$T" || exit 2

. "$HERE/tap.sh"
DATA=$HERE/data
mkdir bin && ln -s "$BIN" bin/sipstatus
PATH=$T/bin:$PATH

awk '/tests\/farm.sh runs the next block/ { on = 1; next }
     on && /^```sh$/ { body = 1; next }
     body && /^```$/ { exit }
     body { print }' "$HERE/../README.md" >block.sh
report "README has the xargs block" \
    "$(grep -q 'xargs -0 -P "$(nproc)"' block.sh || echo "no xargs -P block found: $(head -3 block.sh)")"

# The files of the recipe's find, and one run over all of them.
find "$DATA" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.gz' \) -print0 >files
xargs -0 sipstatus check --json <files >single.jsonl 2>/dev/null
xargs -0 sh -c 'sipstatus check --json "$@" >/dev/null 2>&1; echo $?' sh <files >single.status
nfiles=$(tr -cd '\0' <files | wc -c)
report "the recipe has files to check ($nfiles)" "$([ "$nfiles" -ge 4 ] || echo too few)"

for per in 16 1; do
    rm -rf farm && mkdir farm
    sed -e "s|/captures|$DATA|" -e 's|"$(nproc)"|2|' -e "s|-n 16|-n $per|" block.sh >farm/run.sh
    (cd farm && sh ./run.sh >status.out 2>run.err)
    report "-n $per: the block runs" "$(cat farm/run.err)"
    sort single.jsonl >want
    sort farm/findings.jsonl >got
    report "-n $per: the batches' JSON Lines are one run's" \
        "$([ -s want ] || echo 'the single run printed nothing'
           cmp -s want got || diff -u want got | head -20)"
    report "-n $per: $(ls farm/out/*.status | wc -l) batches" \
        "$([ "$per" = 16 ] || [ "$(ls farm/out/*.status | wc -l)" = "$nfiles" ] || echo 'not one per file')"
    report "-n $per: the combined exit status is the single run's ($(cat single.status))" \
        "$([ "$(cat farm/status.out)" = "$(cat single.status)" ] ||
           echo "combined $(cat farm/status.out), single $(cat single.status)")"
done

# An unreadable file makes the farm's status 2 whatever else it found.
rm -rf farm && mkdir farm d
cp "$DATA/sipp-udp.pcap" d/a.pcap
head -c 100 "$DATA/sipp-udp.pcap" >d/b.pcap # cut inside a frame
sed -e "s|/captures|$T/d|" -e 's|"$(nproc)"|2|' -e 's|-n 16|-n 1|' block.sh >farm/run.sh
(cd farm && sh ./run.sh >status.out 2>run.err)
report "a damaged file: the combined exit status is 2" \
    "$([ "$(cat farm/status.out)" = 2 ] || echo "got $(cat farm/status.out)")"

tap_end
