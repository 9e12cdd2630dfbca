#include "util.h"

int helper(int x)
{
	int y = scale(x);

	switch (y & 3) {
	case 0:
		return clamp(y, 0, 50);
	case 1:
		return y << 2;
	default:
		return scale(y + 1) - x;
	}
}
