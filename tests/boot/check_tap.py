#!/usr/bin/env python3
"""Check TAP/KTAP results of a boot action in a serial log.

usage: check_tap.py kselftest SERIAL_LOG [--action NAME] [--fail-on-skip]
       check_tap.py kunit SERIAL_LOG [--action NAME] [--suites a,b]
       check_tap.py --selftest

The part of the log between 'HARNESS: begin NAME' and 'HARNESS: end NAME' is
parsed as (K)TAP, nested documents included: kselftest's runner prefixes the
output of each test program with '# ', KUnit indents subtests by 4 spaces.
Every document must have a plan, as many results as planned, and no 'not ok'
(nor 'Bail out!').  Skips are reported with their reasons; a skip without a
reason fails in kunit mode, and every skip fails with --fail-on-skip.
kunit mode also requires each of --suites to be present as a suite with all
cases run, and prints the suites' 'in-kernel lookup' timing lines.
"""
import argparse
import re
import sys

TS_RE = re.compile(r'^\[\s*\d+\.\d+\] ?(?:\[\s*[TC]\d+\] ?)?')
HEADER_RE = re.compile(r'^K?TAP version \d+\s*$')
PLAN_RE = re.compile(r'^1\.\.(\d+)\s*(?:#\s*(.*))?$')
RESULT_RE = re.compile(r'^(not ok|ok)\s+(\d+)\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$')
RUNNER_RE = re.compile(r'^selftests: (\S+: \S+)$')
SUBTEST_RE = re.compile(r'^#\s*Subtest:\s*(\S+)')


class Doc:
    def __init__(self, depth, header):
        self.depth, self.header = depth, header
        self.name = None
        self.plan = None
        self.plan_directive = None
        self.results = []       # (ok, number, name, directive)
        self.bail = None

    def label(self):
        return self.name or '(level %d document)' % self.depth


def section(path, action):
    out, inside = [], False
    with open(path, errors='replace') as f:
        for raw in f:
            s = TS_RE.sub('', raw.rstrip('\r\n'), count=1)
            if s == 'HARNESS: begin %s' % action:
                inside = True
                continue
            if inside and s.startswith('HARNESS: end %s ' % action):
                return out, s
            if inside:
                out.append(s)
    return out, None


def parse(lines, child, depth=0):
    """Documents of this level (and, recursively, of the child lines)."""
    docs, cur, kids, pending = [], None, [], None
    for ln in lines:
        if ln.startswith(child):
            kids.append(ln[len(child):])
            continue
        s = ln.strip()
        if HEADER_RE.match(s):
            cur = Doc(depth, s)
            cur.name, pending = pending, None
            docs.append(cur)
            continue
        m = RUNNER_RE.match(s)      # kselftest runner: '# selftests: coll: prog'
        if m:
            pending = m.group(1)
            continue
        m = SUBTEST_RE.match(s)
        if m and cur is not None and cur.name is None:
            cur.name = m.group(1)
            continue
        m = PLAN_RE.match(s)
        if m:
            if cur is None or cur.plan is not None:
                cur = Doc(depth, None)
                docs.append(cur)
            cur.plan, cur.plan_directive = int(m.group(1)), m.group(2)
            continue
        m = RESULT_RE.match(s)
        if m:
            if cur is None:
                cur = Doc(depth, None)
                docs.append(cur)
            cur.results.append((m.group(1) == 'ok', int(m.group(2)), m.group(3), m.group(4)))
            continue
        if s.startswith('Bail out!'):
            if cur is None:
                cur = Doc(depth, None)
                docs.append(cur)
            cur.bail = s
    if kids:
        docs += parse(kids, child, depth + 1)
    return docs


def skip_reason(directive):
    m = re.match(r'(?i)^skip\b\s*(.*)$', directive or '')
    return None if m is None else m.group(1).strip()


def check_docs(docs, fail_on_skip=False, skip_needs_reason=False, implicit_top=False):
    """Print a report; return the list of problems."""
    problems, skips = [], []
    for d in docs:
        where = d.label()
        if d.bail:
            problems.append('%s: %s' % (where, d.bail))
        if d.header is None and not (implicit_top and d.depth == 0):
            problems.append('%s: results without a (K)TAP version header' % where)
        if d.plan is None and not (implicit_top and d.depth == 0 and d.header is None):
            problems.append('%s: no plan (1..N)' % where)
        if d.plan == 0:
            r = skip_reason(d.plan_directive)
            skips.append((where, '(all)', r))
        if d.plan is not None and len(d.results) != d.plan:
            problems.append('%s: %d result(s), plan 1..%d' % (where, len(d.results), d.plan))
        nums = [r[1] for r in d.results]
        if nums != list(range(1, len(nums) + 1)):
            problems.append('%s: result numbers %s are not 1..%d in order' % (where, nums, len(nums)))
        n_ok = n_skip = 0
        for ok, num, name, directive in d.results:
            r = skip_reason(directive)
            if not ok:
                problems.append('%s: not ok %d %s%s' % (where, num, name,
                                                          ' # ' + directive if directive else ''))
            elif r is not None:
                n_skip += 1
                skips.append((where, '%d %s' % (num, name), r))
            else:
                n_ok += 1
        print('  %s%-40s plan %-5s results %d: ok %d, skip %d, not ok %d'
              % ('  ' * d.depth, where, '-' if d.plan is None else '1..%d' % d.plan,
                 len(d.results), n_ok, n_skip, len(d.results) - n_ok - n_skip))
    for where, what, reason in skips:
        print('  SKIP %s: %s: %s' % (where, what, reason or '(no reason given)'))
        if fail_on_skip:
            problems.append('%s: %s skipped (%s)' % (where, what, reason or 'no reason'))
        elif skip_needs_reason and not reason:
            problems.append('%s: %s skipped without a reason' % (where, what))
    return problems


def report(tool, problems):
    for p in problems:
        print('%s: FAIL: %s' % (tool, p))
    print('%s: %s' % (tool, 'FAIL (%d problems)' % len(problems) if problems else 'PASS'))
    return 1 if problems else 0


def cmd_kselftest(args):
    lines, end = section(args.log, args.action)
    tool = 'check_tap kselftest'
    if end is None:
        return report(tool, ['no complete "HARNESS: begin/end %s" section in %s' % (args.action, args.log)])
    docs = parse(lines, '# ')
    print('%s: %s (%s)' % (tool, args.log, end))
    problems = check_docs(docs, fail_on_skip=args.fail_on_skip)
    top = [d for d in docs if d.depth == 0]
    if not top:
        problems.append('no top-level TAP output of run_kselftest.sh')
    return report(tool, problems)


def cmd_kunit(args):
    lines, end = section(args.log, args.action)
    tool = 'check_tap kunit'
    if end is None:
        return report(tool, ['no complete "HARNESS: begin/end %s" section in %s' % (args.action, args.log)])
    docs = parse(lines, '    ')
    print('%s: %s (%s)' % (tool, args.log, end))
    problems = check_docs(docs, skip_needs_reason=True, implicit_top=True)
    suites = {d.name: d for d in docs if d.name}
    top_results = {r[2]: r for d in docs if d.depth == 0 for r in d.results}
    for s in [x for x in args.suites.split(',') if x]:
        if s not in suites:
            problems.append('suite %s not found (suites: %s)' % (s, ' '.join(sorted(suites)) or 'none'))
        elif s not in top_results:
            problems.append('suite %s has no result line' % s)
    for ln in lines:
        if 'in-kernel lookup:' in ln or 'garbage stream:' in ln:
            print('  ' + ln.strip())
    if not any('in-kernel lookup:' in ln for ln in lines):
        problems.append('no "in-kernel lookup: N ns per lookup" line')
    if re.search(r'rc=[1-9]', end):
        problems.append('action failed: %s' % end)
    return report(tool, problems)


def selftest():
    ks = ['TAP version 13', '1..2', '# timeout set to 45', '# selftests: lineinfo: a.sh',
          '# TAP version 13', '# 1..2', '# ok 1 x', '# ok 2 y # SKIP why not',
          'ok 1 selftests: lineinfo: a.sh', '# selftests: lineinfo: b.sh', '# TAP version 13', '# 1..3', '# ok 1 x',
          '# not ok 2 z', 'not ok 2 selftests: lineinfo: b.sh # exit=1']
    ku = ['KTAP version 1', '1..1', '    KTAP version 1', '    # Subtest: lineinfo',
          '    # module: lineinfo_kunit', '    1..2', '    ok 1 a', '    ok 2 b # SKIP',
          '# lineinfo: pass:1 fail:0 skip:1 total:2', 'ok 1 lineinfo']
    fails = 0
    p = check_docs(parse(ks, '# '))
    want = ['lineinfo: b.sh: 2 result(s), plan 1..3', 'lineinfo: b.sh: not ok 2 z',
            '(level 0 document): not ok 2 selftests: lineinfo: b.sh # exit=1']
    if sorted(p) != sorted(want):
        fails += 1
        print('selftest FAIL kselftest: %r' % p)
    p = check_docs(parse(ku, '    '), skip_needs_reason=True, implicit_top=True)
    if p != ['lineinfo: 2 b skipped without a reason']:
        fails += 1
        print('selftest FAIL kunit: %r' % p)
    p = check_docs(parse(ks[:9], '# '), fail_on_skip=True)
    if len(p) != 2:
        fails += 1
        print('selftest FAIL fail-on-skip: %r' % p)
    print('check_tap selftest: %d passed, %d failed' % (3 - fails, fails))
    return 1 if fails else 0


def main():
    if sys.argv[1:] == ['--selftest']:
        return selftest()
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='mode', required=True)
    k = sub.add_parser('kselftest')
    k.add_argument('log')
    k.add_argument('--action', default='kselftest')
    k.add_argument('--fail-on-skip', action='store_true')
    u = sub.add_parser('kunit')
    u.add_argument('log')
    u.add_argument('--action', default='kunit_module')
    u.add_argument('--suites', default='lineinfo,lineinfo_init')
    args = ap.parse_args()
    return cmd_kselftest(args) if args.mode == 'kselftest' else cmd_kunit(args)


if __name__ == '__main__':
    sys.exit(main())
