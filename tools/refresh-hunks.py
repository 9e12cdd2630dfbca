#!/usr/bin/env python3
# Recompute the line counts of every @@ hunk header of patch files in place,
# after editing a patch by hand:  tools/refresh-hunks.py patches/NNNN-*.patch
import re, sys
for p in sys.argv[1:]:
    lines = open(p).read().split('\n')
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r'^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$', lines[i])
        if not m:
            out.append(lines[i]); i += 1; continue
        j = i + 1; old = new = 0
        while j < len(lines) and not re.match(r'^(@@ |diff --git |-- $)', lines[j]) and lines[j][:1] in (' ', '-', '+', '\\'):
            c = lines[j][:1]
            if c == ' ': old += 1; new += 1
            elif c == '-': old += 1
            elif c == '+': new += 1
            j += 1
        out.append('@@ -%s,%d +%s,%d @@%s' % (m.group(1), old, m.group(2), new, m.group(3)))
        out.extend(lines[i + 1:j]); i = j
    open(p, 'w').write('\n'.join(out))
