#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the stack budget of the annotations in a boot log.

usage: check_stack.py LOG
       check_stack.py --selftest

The stack_depth boot action (tests/boot/actions/stack_depth.sh, module
tests/modules/lineinfo_stack) measures in the running kernel how deep into
the task stack each print goes, with the runtime switch on and off (least
of three runs each), and logs

  HARNESS: stack dump_stack on=2904 off=2200 added=704 budget=512

This prints the figures as a table and fails if a path adds more than its
budget, if a path's line is missing, or if a line contradicts itself.  The
runs behind each least figure ("lineinfo_stack: PATH depth N", three on,
then three off) are shown too.
"""
import collections
import re
import sys

# path -> (budget in bytes, what it is)
BUDGETS = collections.OrderedDict([
    ('dump_stack', (512, 'Call Trace frame print, [inline] lines (dump_stack)')),
    ('warn', (1024, 'show_regs() with the Arguments block (WARN)')),
    ('stack_trace', (512, 'stack_trace_save() + stack_trace_print()')),
])

TS = re.compile(r'^\[ *\d+\.\d+\] ')
LINE = re.compile(r'^HARNESS: stack (\w+) on=(\d+) off=(\d+) added=(-?\d+) budget=(\d+)$')
RUN = re.compile(r'^lineinfo_stack: (\w+) depth (\d+)$')


def check(lines):
    """Return (report lines, failures)."""
    figures, runs, bad = {}, collections.defaultdict(list), []
    for ln in lines:
        ln = TS.sub('', ln.rstrip('\n'))
        m = LINE.match(ln)
        if m:
            path = m.group(1)
            on, off, added, budget = (int(x) for x in m.group(2, 3, 4, 5))
            if path in figures:
                bad.append('%s: logged twice' % path)
            figures[path] = (on, off, added, budget)
            continue
        m = RUN.match(ln)
        if m:
            runs[m.group(1)].append(int(m.group(2)))
    out = ['stack budget (bytes of task stack used below the caller; least of 3 runs):',
           '  %-12s %6s %6s %6s %6s  %-7s %s' % ('path', 'on', 'off', 'added', 'budget',
                                                 'result', 'runs on / off')]
    for path, (budget, what) in BUDGETS.items():
        if path not in figures:
            bad.append('%s (%s): no "HARNESS: stack %s ..." line' % (path, what, path))
            out.append('  %-12s %6s %6s %6s %6d  MISSING' % (path, '-', '-', '-', budget))
            continue
        on, off, added, logged = figures[path]
        result = 'ok'
        if added != on - off:
            bad.append('%s: added=%d but on - off = %d' % (path, added, on - off))
            result = 'BAD'
        if logged != budget:
            bad.append('%s: the action says budget=%d, the checker %d' % (path, logged, budget))
            result = 'BAD'
        if on - off > budget:
            bad.append('%s (%s): adds %d bytes, over the budget of %d by %d'
                       % (path, what, on - off, budget, on - off - budget))
            result = 'OVER'
        r = runs.get(path, [])
        shown = ' '.join(map(str, r[:3])) + ' / ' + ' '.join(map(str, r[3:])) if r else ''
        out.append('  %-12s %6d %6d %+6d %6d  %-7s %s' % (path, on, off, on - off, budget,
                                                          result, shown))
    for path in sorted(set(figures) - set(BUDGETS)):
        bad.append('%s: a path without a budget' % path)
    return out, bad


def selftest():
    good = ['[    1.000000] HARNESS: stack dump_stack on=2500 off=2100 added=400 budget=512',
            'HARNESS: stack warn on=3000 off=2100 added=900 budget=1024',
            'HARNESS: stack stack_trace on=1500 off=1200 added=300 budget=512']
    cases = [
        ('within budget', good, True),
        ('a path over budget', [good[0].replace('on=2500', 'on=2700').replace('=400', '=600')]
         + good[1:], False),
        ('a missing line', good[:2], False),
        ('no lines at all', [], False),
        ('added contradicts on - off', [good[0].replace('=400', '=300')] + good[1:], False),
        ('another budget in the action', [good[0].replace('=512', '=4096')] + good[1:], False),
    ]
    failed = 0
    for name, lines, want in cases:
        _, bad = check(lines)
        if (not bad) != want:
            print('check_stack: selftest FAIL: %s: %s' % (name, bad or 'passed'))
            failed += 1
    print('check_stack: selftest %s (%d cases)' % ('FAIL' if failed else 'PASS', len(cases)))
    return 1 if failed else 0


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
        return 2
    if sys.argv[1] == '--selftest':
        return selftest()
    with open(sys.argv[1], errors='replace') as f:
        out, bad = check(f)
    print('\n'.join(out))
    for b in bad:
        print('check_stack: FAIL: %s' % b)
    if bad:
        return 1
    print('check_stack: PASS')
    return 0


if __name__ == '__main__':
    sys.exit(main())
