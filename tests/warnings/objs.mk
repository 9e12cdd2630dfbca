# SPDX-License-Identifier: GPL-2.0
# Print the objects kbuild builds in one directory for the current .config:
#   make -s -C $O -f objs.mk srctree=$KSRC obj=kernel/debug
# prints "y kernel/debug/foo.o ..." (built-in), "m ..." (modules) and
# "d kernel/debug/kdb" (subdirectories descended into), as Makefile.build
# computes them (composite objects expanded to their parts).
src := $(srctree)/$(obj)
SRCARCH := x86
obj-y :=
obj-m :=
lib-y :=
lib-m :=
subdir-y :=
subdir-m :=
always-y :=
ccflags-y :=
-include include/config/auto.conf
include $(srctree)/scripts/Kbuild.include
include $(srctree)/scripts/Makefile.compiler
include $(kbuild-file)
include $(srctree)/scripts/Makefile.lib
print-objs:
	@echo y $(filter %.o, $(real-obj-y) $(lib-y))
	@echo m $(filter %.o, $(real-obj-m))
	@echo d $(subdir-ym)
