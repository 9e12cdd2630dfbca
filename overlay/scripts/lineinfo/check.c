// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo, stage "verify": the kernel's decoder of the file:line
 * tables (lib/lineinfo/), built into gen_lineinfo against tools/include,
 * so that every blob it writes first passes the check that the kernel
 * runs on a module's table at load (see write_blob()).
 */
#include "../../lib/lineinfo/lines.c"
#include "../../lib/lineinfo/inline.c"
#include "../../lib/lineinfo/params.c"
#include "../../lib/lineinfo/check.c"
