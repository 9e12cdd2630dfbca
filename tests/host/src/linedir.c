#include "util.h"

int from_line_directive(int x)
{
#line 500 "generated/fake_source.y"
	if (x > 3)
		x = x * x;
#line 20 "linedir.c"
	return scale(x) + 1;
}
