#!/usr/bin/env bash
# KUnit suites of the series (lib/tests/.kunitconfig: lineinfo, lineinfo_init;
# kernel/bpf/.kunitconfig: bpf_bprintf, which also checks that BPF programs get
# %pB without locations; all built in) with the stock kunit.py runner: UML is
# not used, x86_64 under QEMU (ARCH=arm64: kunit.py --arch=arm64, cross-built
# with CROSS_COMPILE, on qemu-system-aarch64).
#   tests/kunit/run.sh
# Env: KUNIT_BUILD (build dir, kept between runs; default build/kunit),
#      KSRC (patched tree; default build/linux-source-6.12), NOAPPLY=1,
#      CCACHE=0, KUNIT_TIMEOUT (s, default 600).
set -euo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
KUNIT_DEFAULT=$BUILD/kunit
[ "$ARCH" = x86_64 ] || KUNIT_DEFAULT=$BUILD/$ARCH/kunit
KUNIT_BUILD=$(abspath "${KUNIT_BUILD:-$KUNIT_DEFAULT}")
[ "${NOAPPLY:-0}" = 1 ] || "$ROOT/harness/apply-tree.sh" >/dev/null
for k in lib/tests kernel/bpf; do
	[ -f "$KSRC/$k/.kunitconfig" ] || die "$KSRC/$k/.kunitconfig missing (series not applied?)"
done

# kunit.py builds with O=: the source tree itself must be clean
if [ -f "$KSRC/.config" ] || [ -d "$KSRC/include/config" ]; then
	case $KSRC/ in
	"$BUILD"/*) log "$KSRC has in-tree build products: make mrproper"
	            make -s -C "$KSRC" ARCH="$ARCH" mrproper ;;
	*) die "$KSRC is not clean (in-tree .config); run 'make mrproper' there or use a clean tree" ;;
	esac
fi

mk=()
if [ "${CCACHE:-1}" != 0 ] && command -v ccache >/dev/null; then mk=(--make_options "CC=ccache ${CROSS_COMPILE}gcc"); fi
[ -z "$CROSS_COMPILE" ] || mk+=(--cross_compile="$CROSS_COMPILE")
# lib/tests/.kunitconfig asks for the Arguments block, which only x86-64 has
[ "$ARCH" = x86_64 ] || mk+=(--kconfig_add CONFIG_KALLSYMS_PARAMINFO=n)
mkdir -p "$KUNIT_BUILD"
log "kunit.py run --arch=$ARCH --kunitconfig=lib/tests --kunitconfig=kernel/bpf in $KSRC, build dir $KUNIT_BUILD"
t0=$SECONDS
rc=0
# lineinfo_kunit.init_warn=1: the built-in test also WARNs from init text
# during boot, and the frames of that trace are checked below (init text
# has its own table, freed after boot).
(cd "$KSRC" && ./tools/testing/kunit/kunit.py run --arch="$ARCH" \
	--kunitconfig=lib/tests --kunitconfig=kernel/bpf \
	--build_dir="$KUNIT_BUILD" --jobs="$(nproc)" --timeout="${KUNIT_TIMEOUT:-600}" \
	--kernel_args lineinfo_kunit.init_warn=1 "${mk[@]}") \
	> "$KUNIT_BUILD/kunit.out" 2>&1 || rc=$?
# the parsed results; the full build/run output is in kunit.out, the kernel log in test.log
grep -E '^\[[0-9:]+\] (=|\[|Testing complete|Elapsed|Error|Building|Configuring|Starting)' "$KUNIT_BUILD/kunit.out" |
	sed -E 's/^\[[0-9:]+\] //' || true
if [ -f "$KUNIT_BUILD/test.log" ]; then
	grep -hE 'in-kernel lookup:|garbage stream:' "$KUNIT_BUILD/test.log" | sed -E 's/^\[ *[0-9.]+\] *//; s/^/  /' || true
	grep -q 'in-kernel lookup:' "$KUNIT_BUILD/test.log" || { log "no 'in-kernel lookup' line in $KUNIT_BUILD/test.log"; [ $rc != 0 ] || rc=1; }
fi
if [ $rc != 0 ]; then
	tail -40 "$KUNIT_BUILD/kunit.out" >&2
	die "kunit.py failed (rc=$rc) after $((SECONDS - t0)) s (output: $KUNIT_BUILD/kunit.out)"
fi
grep -q 'Testing complete' "$KUNIT_BUILD/kunit.out" || die "kunit.py did not complete (see $KUNIT_BUILD/kunit.out)"
# the bug-table oracle's figures (kunit.py only shows the logs of failing cases)
grep -h 'bug sites:' "$KUNIT_BUILD/test.log" 2> /dev/null | sed 's/^ *#/#/' || true

# The WARN from built-in __init code during boot: its frames, the one in
# init text included, must carry the location eu-addr2line gives.
LOG=$KUNIT_BUILD/test.log
grep -q 'lineinfo_kunit: test warning from init text' "$LOG" ||
	die "no init-text WARNING in $LOG (lineinfo_kunit.init_warn=1)"
frame=$(grep -m1 -E ' li_init_warn\+0x[0-9a-f]+/0x[0-9a-f]+ ' "$LOG" || true)
case $frame in
*"(lib/tests/lineinfo_kunit.c:"[0-9]*")") log "init-text frame: ${frame#*] }" ;;
*) die "the li_init_warn frame (init text) is not annotated: '${frame:-missing}'" ;;
esac
python3 "$ROOT/tests/boot/check_frames.py" "$KUNIT_BUILD/vmlinux" "$LOG" \
	--srctree "$KSRC" --objtree "$KUNIT_BUILD" --min-annotated 3 > "$KUNIT_BUILD/frames.out" 2>&1 || {
	cat "$KUNIT_BUILD/frames.out" >&2; die "init-text WARNING frames disagree with eu-addr2line"; }
grep -E '^check_frames: annotated' "$KUNIT_BUILD/frames.out" | sed 's/^/  init-text WARNING: /'
echo "kunit: OK in $((SECONDS - t0)) s (output $KUNIT_BUILD/kunit.out)"
