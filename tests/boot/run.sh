#!/usr/bin/env bash
# Boot tests: one QEMU boot running the actions below, sanity checks on the
# serial log, check_tap.py on the KUnit (kunit_module) and kselftest
# (kselftest) results, then check_frames.py on all stack traces: every frame
# of lkdtm and of the external module lineinfo_test must be annotated, and
# every annotation must match eu-addr2line on vmlinux or the .ko.
# Env: MIN_ANNOTATED (default 20), BOOT_ACTIONS (default below), KSRC, O.
set -euo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
ACTIONS=${BOOT_ACTIONS:-tables sysfs_tables warning exception sysrq_l proc_stack module_warns kfence crafted_modules kunit_module kselftest stack_depth offline_live}
MIN_ANNOTATED=${MIN_ANNOTATED:-20}
LOG=$WORKDIR/boot/check.log
pass=0 fail=0
ok()   { echo "boot-test PASS: $*"; pass=$((pass + 1)); }
bad()  { echo "boot-test FAIL: $*"; fail=$((fail + 1)); }
# section NAME: log lines between HARNESS: begin NAME and HARNESS: end NAME
# (timestamps stripped; harness lines go through /dev/kmsg and carry them too)
section() { sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$LOG" | sed -n "/^HARNESS: begin $1\$/,/^HARNESS: end $1 /p"; }
expect() { # expect ACTION DESCRIPTION REGEX
	if section "$1" | grep -E -- "$3" >/dev/null; then ok "$1: $2"; else bad "$1: $2 (no /$3/ in its part of $LOG)"; fi
}

# shellcheck disable=SC2086
if "$ROOT/harness/boot.sh" --name check $ACTIONS; then ok "boot reached 'HARNESS: done'"; else
	bad "boot"; echo "boot-tests: $pass passed, $fail failed"; exit 1; fi

for a in $ACTIONS; do
	case $a in
	warning)    expect warning "WARNING with Call Trace" 'WARNING: CPU' ; expect warning "Call Trace" 'Call [Tt]race:'
	            expect warning "end trace" '---\[ end trace' ;;
	exception)  expect exception "oops" 'Oops|BUG: kernel NULL pointer'
	            expect exception "system continued after oops" '^HARNESS: exception action survived' ;;
	sysrq_l)    expect sysrq_l "NMI backtrace of CPU 0" 'NMI backtrace for cpu 0$'
	            expect sysrq_l "NMI backtrace of CPU 1" 'NMI backtrace for cpu 1$' ;;
	tables)     expect tables "tables report: a .text table" '^HARNESS: tables: \.text [1-9][0-9]*$'
	            expect tables "tables report: init table freed after boot" '^HARNESS: tables: \.init\.text freed$'
	            expect tables "tables report: modules carry tables" '^HARNESS: tables: modules y$'
	            expect tables "switch on by default" '^HARNESS: enable: Y$'
	            if grep -q 'still a parameter' <<< "$(section tables)"; then bad "tables: the report is still a parameter"
	            else ok "tables: the report is no parameter"; fi
	            # the size reported is the blob linked into vmlinux
	            a=$(nm "$O/vmlinux" | awk '$3 == "kallsyms_lineinfo" {print $1}')
	            b=$(nm "$O/vmlinux" | awk '$3 == "kallsyms_lineinfo_end" {print $1}')
	            want=$((16#${b:-0} - 16#${a:-0}))
	            expect tables "tables report: .text size is the linked blob's ($want bytes)" "^HARNESS: tables: \.text $want\$" ;;
	sysfs_tables)
		# /sys/kernel/lineinfo (mode 0400): vmlinux is the blob linked
		# between kallsyms_lineinfo and kallsyms_lineinfo_end, a module's
		# file its .ko's .mod_lineinfo, byte for byte
		a=$(nm "$O/vmlinux" | awk '$3 == "kallsyms_lineinfo" {print $1}')
		b=$(nm "$O/vmlinux" | awk '$3 == "kallsyms_lineinfo_end" {print $1}')
		read -r n sum < <(python3 "$ROOT/tests/boot/elf_span.py" "$O/vmlinux" "${a:-0}" "${b:-0}" || echo "? ?")
		expect sysfs_tables "vmlinux is the linked .text blob ($n bytes, sha256 ${sum:0:16}...), mode 0400" \
			"^HARNESS: sysfs_tables: vmlinux mode 400 i_size $n size $n sha256 $sum\$"
		"${CROSS_COMPILE:-}objcopy" -O binary --only-section=.mod_lineinfo "$MODDIR/lineinfo_test.ko" "$WORKDIR/boot/lineinfo_test.mod_lineinfo"
		n=$(stat -c %s "$WORKDIR/boot/lineinfo_test.mod_lineinfo")
		sum=$(sha256sum < "$WORKDIR/boot/lineinfo_test.mod_lineinfo" | cut -d' ' -f1)
		expect sysfs_tables "lineinfo_test is the .ko's .mod_lineinfo ($n bytes, sha256 ${sum:0:16}...), mode 0400" \
			"^HARNESS: sysfs_tables: lineinfo_test mode 400 i_size $n size $n sha256 $sum\$"
		if section sysfs_tables | grep 'reads of 1000 bytes'; then
			bad "sysfs_tables: reads of 1000 bytes give other bytes"
		else ok "sysfs_tables: reads of 1000 bytes give the same bytes"; fi
		expect sysfs_tables "vmlinux.init gone after boot" '^HARNESS: sysfs_tables: vmlinux.init gone$'
		expect sysfs_tables "module file gone after rmmod" '^HARNESS: sysfs_tables: lineinfo_test gone after rmmod$'
		if section sysfs_tables | grep 'non-root check skipped' > /dev/null; then
			echo "boot-test note: sysfs_tables: non-root read not checked (su cannot switch to nobody)"
		else
			for f in vmlinux lineinfo_test; do
				expect sysfs_tables "$f not readable by nobody" "^HARNESS: sysfs_tables: $f not readable by nobody\$"
			done
		fi
		if [ -f "$MODDIR/lineinfo_test_swab.ko" ]; then
			expect sysfs_tables "a refused table gets no file" '^HARNESS: sysfs_tables: refused table has no file$'
		fi
		expect sysfs_tables "action rc=0" '^HARNESS: end sysfs_tables rc=0' ;;
	proc_stack) expect proc_stack "/proc/PID/stack frames" '^\[<[0-9a-fx]+>\] [A-Za-z_][A-Za-z0-9_.]*\+0x' ;;
	module_warns)
		for w in "init text" "module text \(parameter\)" "module text \(debugfs\)" "exit text"; do
			expect module_warns "lineinfo_test WARN from $w" "lineinfo_test: WARN from $w"
		done
		expect module_warns "lineinfo_test WARN in an inline chain" "lineinfo_test: WARN in an inline chain"
		# the RIP: frame of that WARN, two inline levels deep: both printed
		# before it (check_frames compares them with the oracle's chain)
		if section module_warns | grep -A1 -E '^ lineinfo_test_inner \(\S+:[0-9]+\) \[inline\]$' |
			grep -qE '^ lineinfo_test_outer \(\S+:[0-9]+\) \[inline\]$'; then
			ok "module_warns: [inline] lines of lineinfo_test_inner and lineinfo_test_outer"
		else bad "module_warns: no [inline] lines of the inline chain"; fi
		n=$(section module_warns | grep -c -e '---\[ end trace' || true)
		if [ "$n" = 6 ]; then ok "module_warns: 6 end-trace markers"; else bad "module_warns: $n end-trace markers, want 6"; fi
		expect module_warns "rmmod lineinfo_test" '^HARNESS: lineinfo_test unloaded'
		expect module_warns "action rc=0" '^HARNESS: end module_warns rc=0' ;;
	kfence)
		expect kfence "KFENCE report of the use-after-free" 'BUG: KFENCE: use-after-free read in lineinfo_test_kfence_read\+'
		# each stack of the report: its frame in the module, annotated
		# (check_frames compares every annotation with the oracle)
		for f in read alloc free; do
			expect kfence "KFENCE stack through lineinfo_test_kfence_$f annotated" \
				"^ lineinfo_test_kfence_$f\+0x[0-9a-f]+/0x[0-9a-f]+ \[lineinfo_test\] \(\S+:[0-9]+\)\$"
		done
		expect kfence "allocation stack" '^allocated by task [0-9]+'
		expect kfence "free stack" '^freed by task'
		expect kfence "the module carried on after the report" '^lineinfo_test: KFENCE use-after-free done'
		expect kfence "action rc=0" '^HARNESS: end kfence rc=0' ;;
	crafted_modules)
		expect crafted_modules "relocated table refused" \
			'lineinfo_test: \.mod_lineinfo has relocations, backtraces will lack file:line$'
		expect crafted_modules "table naming an ambiguous section refused" \
			'lineinfo_test: \.mod_lineinfo does not match an ambiguous section \.text, backtraces will lack file:line$'
		expect crafted_modules "table of the other byte order refused" \
			'lineinfo_test: \.mod_lineinfo of the wrong byte order, backtraces will lack file:line$'
		for v in reloc swab; do
			expect crafted_modules "crafted $v: the module itself loads" "^HARNESS: crafted $v loaded$"
		done
		if grep -q '^CONFIG_KALLSYMS_PARAMINFO=y' "$O/.config"; then
			expect crafted_modules "table with a cut parameter table refused" \
				'lineinfo_test: \.mod_lineinfo invalid, backtraces will lack file:line$'
			expect crafted_modules "crafted params: the module itself loads" "^HARNESS: crafted params loaded$"
		fi
		if section crafted_modules | grep -E 'insmod crafted (reloc|swab|params)|rmmod after crafted|BUG:|WARNING:|Oops'; then
			bad "crafted_modules: a crafted module failed to load or unload, or the kernel complained"
		else ok "crafted_modules: no load failure, no kernel complaint"; fi ;;
	kunit_module)
		if python3 "$ROOT/tests/boot/check_tap.py" kunit "$LOG" --suites lineinfo,lineinfo_init; then
			ok "kunit_module: KTAP of suites lineinfo, lineinfo_init all ok"
		else bad "kunit_module: KTAP results (check_tap.py kunit)"; fi
		# given init_text_addr, the freed-init-text case must run, not skip
		expect kunit_module "freed init text gets no annotation (KUnit case ran)" \
			'^ *ok [0-9]+ lineinfo_freed_init_text$' ;;
	stack_depth)
		if python3 "$ROOT/tests/boot/check_stack.py" "$LOG"; then
			ok "stack_depth: stack budget of the annotations (see table above)"
		else bad "stack_depth: stack budget of the annotations (check_stack.py)"; fi ;;
	kselftest)
		if python3 "$ROOT/tests/boot/check_tap.py" kselftest "$LOG" --fail-on-skip; then
			ok "kselftest: TAP of tools/testing/selftests/lineinfo all ok"
		else bad "kselftest: TAP results (check_tap.py kselftest)"; fi ;;
	esac
done

# module frames that must all be annotated (and checked against the .ko)
req=()
for a in $ACTIONS; do
	case $a in
	warning|exception|kselftest) req+=(--require-module lkdtm) ;;
	module_warns|kfence) req+=(--require-module lineinfo_test) ;;
	esac
done
# shellcheck disable=SC2207
req=($(printf '%s\n' "${req[@]}" | paste - - | sort -u))
for d in "$WORKDIR"/extmod/*/; do [ -d "$d" ] && req+=(--extmod-dir "${d%/}"); done
if python3 "$ROOT/tests/boot/check_frames.py" "$O/vmlinux" "$LOG" --modules-dir "$MODDIR" \
	--srctree "$KSRC" --objtree "$O" --min-annotated "$MIN_ANNOTATED" "${req[@]}"; then
	ok "check_frames (min annotated $MIN_ANNOTATED)"
else
	bad "check_frames (min annotated $MIN_ANNOTATED)"
fi

# "Arguments of" blocks (CONFIG_KALLSYMS_PARAMINFO): each value is the
# register the dump printed, and gdb agrees at the RIP address on which
# parameter is in which register; a report without a block is at a
# function without parameters.  lineinfo_test_args must show a value,
# and some parameter must be "<unknown here>".  Then the check must fail
# on a wrong register.
if grep -q '^CONFIG_KALLSYMS_PARAMINFO=y' "$O/.config"; then
	kos=()
	for ko in "$MODDIR"/*.ko $(find "$O" -name lkdtm.ko); do
		# lineinfo_stack also WARNs with the switch off (stack_depth):
		# no block there by design
		case $ko in */lineinfo_stack.ko) continue ;; esac
		kos+=(--ko "$(basename "$ko" .ko)=$ko")
	done
	if python3 "$ROOT/tests/boot/check_args.py" "$LOG" "$O/vmlinux" "$O/scripts/gen_lineinfo" \
		"${kos[@]}" > "$WORKDIR/boot/check_args.out"; then
		ok "check_args: $(sed 's/^check_args: //' "$WORKDIR/boot/check_args.out")"
	else
		cat "$WORKDIR/boot/check_args.out"; bad "check_args"
	fi
	case " $ACTIONS " in *" module_warns "*)
		expect module_warns "arguments of lineinfo_test_args: magic's value" \
			'^ magic \((long unsigned int|unsigned long)\) = 0x1234abcd5678 \[r[a-z0-9]+\]$'
		# tag's register is free after the printk call: gcc's DWARF gives
		# its entry value there, which is unknown here
		expect module_warns "arguments of lineinfo_test_args: tag" \
			'^ tag \(const char \*\) = (<unknown here>|0x[0-9a-f]+ \[r[a-z0-9]+\])$'
		expect module_warns "an argument unknown here" '^ [a-z_]+ \(.*\) = <unknown here>$'
		# (gcc spells the type "long unsigned int", clang "unsigned long")
		sed -E 's/^(\[ *[0-9.]+\]  magic \([a-z ]+\) = 0x[0-9a-f]+ \[)r[a-z0-9]+\]/\1r15]/' \
			"$LOG" > "$WORKDIR/boot/args-wrong.log"
		if cmp -s "$LOG" "$WORKDIR/boot/args-wrong.log"; then
			bad "check_args: could not make a log with a wrong register"
		elif python3 "$ROOT/tests/boot/check_args.py" "$WORKDIR/boot/args-wrong.log" "$O/vmlinux" \
			"$O/scripts/gen_lineinfo" "${kos[@]}" > /dev/null; then
			bad "check_args: a log with a wrong register passes"
		else ok "check_args: a log with a wrong register fails"; fi ;;
	esac
fi
# Parameters with odd values: a boot with bad and odd values of every
# parameter of the series on the command line (each must be refused with
# the usual message, and boot must go on), then the params action writes
# bad values at run time.  "tables" once was a parameter without ->set,
# whose value on the command line crashed the boot.
LOG=$WORKDIR/boot/params.log
if APPEND_EXTRA="kallsyms_lineinfo.tables=1 kallsyms_lineinfo.tables kallsyms_lineinfo.enable=banana kallsyms_lineinfo.enable= kallsyms_lineinfo.nosuch=1" \
	"$ROOT/harness/boot.sh" --name params params > /dev/null; then
	ok "params: boot with odd kallsyms_lineinfo.* values reached 'HARNESS: done'"
	if grep -q "banana' invalid for parameter .kallsyms_lineinfo.enable'" "$LOG"; then
		ok "params: enable=banana refused at boot"
	else bad "params: no refusal of enable=banana in $LOG"; fi
	expect params "switch still on after the refused values" '^HARNESS: params: enable at boot Y$'
	for v in banana 2 -1 " " xxxxxxxx; do
		expect params "enable '$v' refused at run time" "^HARNESS: params: enable '$v[^']*' refused -> Y\$"
	done
	expect params "enable 'off' taken" "^HARNESS: params: enable 'off' taken -> N\$"
	expect params "enable 'on' taken" "^HARNESS: params: enable 'on' taken -> Y\$"
	expect params "enable is the only parameter" '^HARNESS: params: file enable$'
	if section params | grep -E '^HARNESS: params: file ' | grep -v ' enable$'; then
		bad "params: a parameter other than enable"
	else ok "params: no parameter other than enable"; fi
	expect params "annotated after the writes" '^HARNESS: params: after \[<0>\] .* \(\S+:[0-9]+\)$'
	if section params | grep -E 'BUG:|WARNING:|Oops|Call Trace'; then
		bad "params: the kernel complained"
	else ok "params: no kernel complaint"; fi
else
	bad "params: boot with odd kallsyms_lineinfo.* values"
fi
echo "boot-tests: $pass passed, $fail failed"
[ $fail = 0 ]
