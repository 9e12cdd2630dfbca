// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo: the kernel's decoder of the file:line tables (lib/lineinfo/),
 * built unchanged against tools/include, as scripts/gen_lineinfo builds it
 * to check its output.
 */
#include "../../lib/lineinfo/lines.c"
#include "../../lib/lineinfo/inline.c"
#include "../../lib/lineinfo/params.c"
#include "../../lib/lineinfo/check.c"
