# Build/boot/test harness for the kallsyms line-info patch series.
# Variables (all optional, also read from the environment):
#   FRAGMENTS=configs/base.config ...  config fragments (default: configs/*.config)
#   PATCHES=dir OVERLAY=dir            series inputs (default: patches/ overlay/)
#   KSRC=dir                           tree for `make apply` (required there)
#   ACTIONS="warning sysrq_l"          boot actions for `make boot`
#   MIN_ANNOTATED=N                    check_frames threshold in `make check`
#   SERIES_AUTHOR="Name <email>"       From:, Signed-off-by: and MAINTAINERS
#                                      of the series (default: git's user.name
#                                      and user.email)
SHELL := /bin/bash
ACTIONS ?= warning
export FRAGMENTS PATCHES OVERLAY MIN_ANNOTATED BOOT_TIMEOUT BOOT_ACTIONS SERIES_AUTHOR

.PHONY: all demo check apply series bench tool deps unpack kernel kunit boot selftest fuzz-long repro clang-check debug-check distro-check arch-check series-bisect clean distclean help
all: help

help:
	@echo "make demo | check | apply KSRC=dir | series | bench | tool | deps | kernel | kunit | boot ACTIONS='...' | clean"
	@echo "long runs: make fuzz-long | repro | clang-check | debug-check | series-bisect | distro-check [DISTROS='bookworm trixie'] | arch-check ARCH=arm64"

deps:
	@harness/deps.sh

unpack: deps
	@harness/unpack.sh

kernel: deps
	@harness/build-kernel.sh

kunit: deps
	@tests/kunit/run.sh

boot:
	@harness/boot.sh $(ACTIONS)

demo: kernel
	@harness/boot.sh --name demo warning
	@echo "================ WARNING from lkdtm (build/boot/demo.log) ================"
	@awk '/WARNING: CPU/{p=1} p && !/HARNESS:/{print} /---\[ end trace/{if(p) exit}' build/boot/demo.log

check: deps
	@harness/check.sh

apply:
	@test -n "$(KSRC)" || { echo "usage: make apply KSRC=<kernel tree>"; exit 2; }
	@tools/apply.sh "$(KSRC)"

series: deps
	@unset KSRC; tools/export-series.sh

bench: deps
	@bash bench/run.sh

# the offline decoder, tools/lineinfo, built from the applied tree: build/tools/lineinfo
tool: deps
	@harness/apply-tree.sh
	@mkdir -p build/tools && $(MAKE) -s -C build/linux-source-6.12/tools/lineinfo O=$(CURDIR)/build/tools
	@echo "built build/tools/lineinfo (try: build/tools/lineinfo --help)"

# Long runs, not part of `make check`:
# >= 10 million executions of the blob fuzzer, 5000 generator mutants
fuzz-long: deps
	@tests/fuzz/run.sh --long

# build every prefix of the exported series with `git am` (~1 hour)
series-bisect: deps
	@unset KSRC; tools/series-bisect.sh

# reproducible builds and CONFIG_KALLSYMS_LINEINFO toggling (~20 minutes)
repro: deps
	@tests/repro/run.sh

# the debug kernel of make check's debug-kernel step, with generic KASAN
# as well (~15 minutes cold)
debug-check: deps
	@tests/debug/run.sh

# the test kernel built with clang/LLVM=1, booted and checked
clang-check: deps
	@tests/toolchains/clang.sh

# make check in fresh Debian 12 and 13 roots (mmdebstrap + chroot; ~40 minutes each)
distro-check:
	@tests/distro/run.sh

# the series on arm64: cross-built, booted on qemu-system-aarch64, checked
# against llvm-symbolizer, KUnit, DWARF 4 and clang builds (~60 minutes cold)
arch-check: deps
	@test -n "$(ARCH)" || { echo "usage: make arch-check ARCH=arm64"; exit 2; }
	@ARCH=$(ARCH) tests/arch/run.sh

selftest:
	@python3 tests/boot/check_frames.py --selftest
	@python3 tests/boot/check_tap.py --selftest
	@python3 tests/offline/compare.py --selftest

clean:
	rm -rf build/obj build/kconfig build/boot build/modules build/extmod build/kselftest build/kselftest.log build/series build/build.log out

distclean:
	rm -rf build out
