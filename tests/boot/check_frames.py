#!/usr/bin/env python3
"""Check file:line annotations of kernel stack-trace frames against addr2line.

usage: check_frames.py VMLINUX SERIAL_LOG [--modules-dir DIR] [--srctree DIR]
                       [--objtree DIR] [--min-annotated N]
                       [--require-module MOD]... [-v]
       check_frames.py --selftest

A frame line looks like (timestamp and '? ' optional, module and annotation optional):
    [    1.234567]  ? func+0x82/0x190 [mod] (arch/x86/entry/common.c:52)
also 'RIP: 0010:func+0x1a/0x30 (file:line)' and '[<0>] func+0x9/0x20 (file:line)'
(/proc/PID/stack), and arm64's 'pc : func+0x8/0x18 (file:line)' (exact) and
'lr : func+0x1c/0x38 (file:line)' (a return address, one innermost line).

For each annotated frame the expected location is computed from the symbol
(nm -S on vmlinux or the module .ko; duplicates of a static name are narrowed
by the printed size) plus the offset, minus 1 for backtrace frames (the kernel
prints them with %pB, which looks up return_address - 1), not for RIP: lines
(%pSL, the exact address), 'WARNING: ... at' lines (%pS) and the first frame
of a KFENCE access stack (the faulting instruction).  On arm64, the first
entry of a 'Call trace:' that repeats the register dump's pc is the pc, and
an entry after an exception entry stub (el1h_64_sync and its siblings,
__bad_stack) is the pc that the stub saved in pt_regs: both exact; this
replays the frame-record layout of arch/arm64/kernel/entry.S, not the
kernel's own rule.  Then addr2line (without -i: innermost
line-table row) gives file:line; paths are normalised relative to the source
tree / build tree.  Since frames are printed as symbol+offset, the KASLR slide
cancels out; it is still derived from the guest's 'HARNESS: kallsyms' lines
and reported, and module section bases ('HARNESS: modsect') are reported.

Counts are reported per boot action ('HARNESS: begin/end NAME' markers) and
per module.  --require-module MOD fails the check when a backtrace frame of
MOD carries no annotation (the '... at file:line func+off/size' part of
WARNING lines is printed with %pS and never annotated), or when no
frame of MOD was checked at all.  --extmod-dir DIR: an external module's
paths are relative to its M= directory.
"""
import argparse
import atexit
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import kolink  # noqa: E402

TS_RE = re.compile(r'^\s*\[\s*\d+\.\d+\]\s?(?:\[\s*[TC]\d+\]\s?)?')
FRAME_RE = re.compile(
    r'^(?P<pre>.*?)'
    r'(?P<q>\?\s+)?'
    r'(?P<func>[A-Za-z_.$][\w.$]*)\+0x(?P<off>[0-9a-fA-F]+)/0x(?P<size>[0-9a-fA-F]+)'
    r'(?:\s+\[(?P<mod>[\w-]+)(?:\s+[0-9a-fA-F]+)?\])?'
    r'(?:\s+\((?P<file>[^()\s]+?):(?P<line>\d+)\))?'
    r'\s*$')
KALLSYMS_RE = re.compile(r'^HARNESS: kallsyms ([0-9a-fA-F]+) \w (\w+)')
MODSECT_RE = re.compile(r'^HARNESS: modsect (\S+) (\S+) (0x[0-9a-fA-F]+)')
EXACT_PRE_RE = re.compile(r'(?:RIP: [0-9a-fA-F]{4}:|^WARNING: .* at \S+:\d+ |^pc : )$')
# arm64's register dump: lr is a return address, printed with one line
LR_PRE_RE = re.compile(r'^lr : $')
# arm64: the entry stubs whose frame record in pt_regs holds the pc
ARM64_ENTRY_RE = re.compile(r'^(?:el[01][th]_(?:64|32)_(?:sync|irq|fiq|error)|__bad_stack)$')
ACTION_RE = re.compile(r'^HARNESS: (begin|end) (\S+)')
TRACE_PRE_RE = re.compile(r'^(?:\s*|\s*\[<[0-9a-fA-Fx]+>\]\s+)$')
# A KFENCE report of a bad access comes from the page fault: its access
# stack, right after this line, starts with the faulting instruction.
KFENCE_ACCESS_RE = re.compile(r'^(?:Use-after-free|Out-of-bounds) (?:read|write) at ')

# boot actions that print traces with the annotations switched off
SWITCHED_OFF = {'offline_live'}
Frame = collections.namedtuple(
    'Frame', 'lineno text func off size mod file line exact unreliable action warnline inl single',
    defaults=(None, False, (), False))
# An inlined call printed before its frame (CONFIG_KALLSYMS_LINEINFO_INLINE):
#   [ts]  ? name (file:line) [inline]
INLINE_RE = re.compile(
    r'^\s*(?:RIP: [0-9a-fA-F]{4}:)?\s*(?P<q>\?\s+)?(?P<func>[A-Za-z_.$][\w.$]*|\.\.\.)'
    r'(?:\s+\((?P<file>[^()\s]+?):(?P<line>\d+)\))?\s+\[inline\]\s*$')


def strip_ts(line):
    return TS_RE.sub('', line.rstrip('\r\n'), count=1)


def parse_frame(line, lineno=0):
    """Return a Frame for a stack-trace frame line, else None."""
    s = strip_ts(line)
    m = FRAME_RE.match(s)
    if not m:
        return None
    pre = m.group('pre')
    single = False
    if EXACT_PRE_RE.search(pre):
        exact = True
    elif TRACE_PRE_RE.match(pre):
        exact = False
    elif LR_PRE_RE.match(pre):
        exact, single = False, True
    else:
        return None
    return Frame(lineno, s.strip(), m.group('func'), int(m.group('off'), 16),
                 int(m.group('size'), 16), m.group('mod'), m.group('file'),
                 int(m.group('line')) if m.group('line') else None,
                 exact, bool(m.group('q')), None, pre.startswith('WARNING: '), (), single)


def parse_log(path):
    frames, kallsyms, modsect = [], {}, collections.defaultdict(dict)
    action = None
    fault_next = False
    pending = []
    # arm64: the register dump's pc, and the previous Call trace entry
    regs_pc, trace_first, prev_func = None, False, None
    with open(path, errors='replace') as f:
        for i, raw in enumerate(f, 1):
            s = strip_ts(raw)
            after_fault, fault_next = fault_next, bool(KFENCE_ACCESS_RE.match(s))
            # a trace is a run of frame lines ([inline] lines included)
            last_func, prev_func = prev_func, None
            m = ACTION_RE.match(s)
            if m:
                action = m.group(2) if m.group(1) == 'begin' else None
                continue
            m = KALLSYMS_RE.match(s)
            if m:
                kallsyms[m.group(2)] = int(m.group(1), 16)
                continue
            m = MODSECT_RE.match(s)
            if m:
                modsect[m.group(1)][m.group(2)] = int(m.group(3), 16)
                continue
            if s.startswith('HARNESS:'):
                continue
            if s.strip() == 'Call trace:':
                trace_first, prev_func = True, None
                continue
            m = INLINE_RE.match(s)
            if m:
                prev_func = last_func
                pending.append((m.group('func'), m.group('file'),
                                int(m.group('line')) if m.group('line') else None))
                continue
            fr = parse_frame(raw, i)
            if fr:
                if after_fault:
                    fr = fr._replace(exact=True)
                if fr.text.startswith('pc : '):
                    regs_pc = (fr.func, fr.off, fr.mod)
                elif not fr.exact and not fr.single and not fr.warnline:
                    if trace_first and regs_pc == (fr.func, fr.off, fr.mod):
                        fr = fr._replace(exact=True)
                    elif last_func and ARM64_ENTRY_RE.match(last_func):
                        fr = fr._replace(exact=True)
                    if trace_first:
                        regs_pc = None     # a dump's pc serves its own trace only
                    trace_first, prev_func = False, fr.func
                frames.append(fr._replace(action=action or '(boot)', inl=tuple(pending)))
            pending = []
    return frames, kallsyms, modsect


def run(cmd, inp=None):
    return subprocess.run(cmd, input=inp, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, check=True).stdout


class Symbols:
    """name -> [(value, size, section)] from a vmlinux or a .ko."""

    def __init__(self, path, relocatable=False):
        self.path = path
        self.syms = collections.defaultdict(list)
        if relocatable:
            secnames = {}
            for ln in run(['readelf', '-SW', path]).splitlines():
                m = re.match(r'\s*\[\s*(\d+)\]\s+(\S+)', ln)
                if m:
                    secnames[m.group(1)] = m.group(2)
            for ln in run(['readelf', '-sW', path]).splitlines():
                p = ln.split()
                if len(p) >= 8 and p[0].endswith(':') and p[3] in ('FUNC', 'NOTYPE', 'OBJECT') \
                        and p[6].isdigit():
                    self.syms[p[7]].append((int(p[1], 16), int(p[2], 0), secnames.get(p[6])))
        else:
            for ln in run(['nm', '-S', '--defined-only', path]).splitlines():
                p = ln.split()
                if len(p) == 4:
                    self.syms[p[3]].append((int(p[0], 16), int(p[1], 16), None))
                elif len(p) == 3:
                    self.syms[p[2]].append((int(p[0], 16), 0, None))

    def lookup(self, name, size):
        c = self.syms.get(name, [])
        sized = [x for x in c if x[1] == size]
        return sized or c


def normpath(p, prefixes):
    p = re.sub(r'\s*\(discriminator \d+\)$', '', p.strip())
    for pre in prefixes:
        if pre and p.startswith(pre.rstrip('/') + '/'):
            p = p[len(pre.rstrip('/')) + 1:]
            break
    return os.path.normpath(p)


ORACLE = 'eu'


def symbolizer():
    """Debian's llvm-symbolizer, or the newest versioned one."""
    return shutil.which('llvm-symbolizer') or sorted(glob.glob('/usr/bin/llvm-symbolizer-*'))[-1]


def addr2line_clang(binary, addrs, section=None):
    """The oracle for clang builds, whose DWARF 5 eu-addr2line 0.188 cannot
    place (it answers ??), and for arm64: llvm-symbolizer, on vmlinux or on
    a .ko linked with the section at an address of its own."""
    sym = symbolizer()
    # a .ko section: on an image that ld linked with the section at an
    # address of its own (binutils addr2line misreads DWARF 5 file indexes)
    image, base = link_section(binary, section) if section else (binary, 0)
    cmd = [sym, '--obj=' + image, '--output-style=GNU', '--no-inlines']
    out = run(cmd, ''.join('0x%x\n' % (base + a) for a in addrs)).splitlines()
    out = out[1::2]              # function name, location
    if len(out) != len(addrs):
        raise RuntimeError('%s %s: %d answers for %d addresses'
                           % (cmd[0], binary, len(out), len(addrs)))
    return {a: l.strip() for a, l in zip(addrs, out)}


def addr2line(binary, addrs, section=None):
    """Return {addr: 'file:line'} using one eu-addr2line process."""
    if not addrs:
        return {}
    addrs = sorted(set(addrs))
    if ORACLE == 'llvm':
        return addr2line_clang(binary, addrs, section)
    # elfutils, not binutils: binutils 2.40 misreads DWARF 5 file indexes
    # and names the .c file for code inlined from headers.
    cmd = ['eu-addr2line', '-a', '-e', binary]
    if section:
        cmd += ['-j', section]
    out = run(cmd, ''.join('0x%x\n' % a for a in addrs)).splitlines()
    # One '0x...' line and one location line per input address, in input
    # order.  Key the answers by the input address: with -j the printed
    # address is not the section offset asked for (libdwfl lays out the
    # sections of a relocatable .ko at its own addresses).
    res, it, cur = {}, iter(addrs), None
    for ln in out:
        if ln.startswith('0x') and cur is None:
            cur = next(it)
        elif cur is not None:
            res[cur] = ln.strip()
            cur = None
    if len(res) != len(addrs):
        raise RuntimeError('eu-addr2line %s: %d answers for %d addresses'
                           % (binary, len(res), len(addrs)))
    return res


def link_section(ko, section):
    """@ko linked with @section at an address of its own (tests/lib/kolink.py):
    the image and that address."""
    tmp = tempfile.mkdtemp(prefix='check_frames.')
    atexit.register(shutil.rmtree, tmp, True)
    image, addr = kolink.link(ko, [section], tmp)
    return image, addr[section]


def addr2line_chains(binary, addrs, section=None):
    """Return {addr: [(name, 'file:line'), ...]}, innermost first, from one
    eu-addr2line -i -f (llvm-symbolizer --inlining with --oracle llvm; for a
    .ko section on an image that ld linked with the section at an address
    of its own)."""
    if not addrs:
        return {}
    addrs = sorted(set(addrs))
    if ORACLE == 'llvm':
        sym = symbolizer()
        image, base = link_section(binary, section) if section else (binary, 0)
        out = run([sym, '--obj=' + image, '--inlining'],
                  ''.join('0x%x\n' % (base + a) for a in addrs))
        res = {}
        for a, blk in zip(addrs, out.split('\n\n')):
            ln = [x for x in blk.split('\n') if x]
            res[a] = list(zip(ln[0::2], ln[1::2]))
        return res
    tool = 'addr2line' if ORACLE == 'llvm' else 'eu-addr2line'
    cmd = [tool, '-i', '-f', '-a', '-e', binary] + (['-j', section] if section else [])
    out = run(cmd, ''.join('0x%x\n' % a for a in addrs)).splitlines()
    res, it, cur = {}, iter(addrs), None
    i = 0
    while i < len(out):
        if re.match(r'^0x[0-9a-f]+$', out[i]):
            cur = res[next(it)] = []
            i += 1
            continue
        name, loc = out[i], out[i + 1] if i + 1 < len(out) else '??:0'
        m = re.match(r'^(\S+) inlined at (\S+) in (\S+)$', name)
        outer = None
        if m:
            name, outer = m.group(1), (m.group(3), m.group(2))
        cur.append((name, loc))
        # eu-addr2line 0.188 sometimes prints the caller of a partially
        # inlined function only in 'inlined at LOC in CALLER'
        if outer and len(cur) == 1 and (i + 2 >= len(out) or out[i + 2].startswith('0x')):
            cur.append(outer)
        i += 2
    if len(res) != len(addrs):
        raise RuntimeError('%s %s: %d answers for %d addresses' % (tool, binary, len(res), len(addrs)))
    return res


def split_loc(loc, prefixes):
    if not loc or loc.startswith('??'):
        return None, None
    loc = re.sub(r'\s*\(discriminator \d+\)$', '', loc)
    loc = re.sub(r'(:\d+):\d+$', r'\1', loc)     # eu-addr2line adds a column
    f, _, ln = loc.rpartition(':')
    try:
        return normpath(f, prefixes), int(ln)
    except ValueError:
        return normpath(f, prefixes), None


def check(args):
    frames, kallsyms, modsect = parse_log(args.log)
    trees = [args.srctree, args.objtree] + args.extmod_dir
    prefixes = [os.path.realpath(p) for p in trees if p] + [p for p in trees if p]
    vm = Symbols(args.vmlinux)
    slide = None
    if '_text' in kallsyms and vm.syms.get('_text'):
        slide = kallsyms['_text'] - vm.syms['_text'][0][0]
    print('check_frames: %s: %d frame lines; KASLR slide %s; modules with sections: %s'
          % (args.log, len(frames), '0x%x' % slide if slide is not None else 'unknown',
             ' '.join('%s(.text=0x%x)' % (m, s.get('.text', 0)) for m, s in sorted(modsect.items()))
             or 'none'))
    if slide is not None and '_stext' in kallsyms and vm.syms.get('_stext'):
        if kallsyms['_stext'] - vm.syms['_stext'][0][0] != slide:
            print('check_frames: WARNING: _stext and _text give different slides; vmlinux mismatch?')

    ko_syms = {}

    def ko_for(mod):
        if mod not in ko_syms:
            ko_syms[mod] = None
            for n in (mod, mod.replace('_', '-'), mod.replace('-', '_')):
                p = os.path.join(args.modules_dir or '', n + '.ko')
                if args.modules_dir and os.path.exists(p):
                    ko_syms[mod] = Symbols(p, relocatable=True)
                    break
        return ko_syms[mod]

    # resolve every annotated frame to (binary, section, [candidate addrs])
    jobs = []
    queries = collections.defaultdict(set)
    wrong = set()       # lines of the frames whose rule --wrong-rule changed
    unannotated = 0
    unresolved = []
    for fr in frames:
        if fr.file is None:
            unannotated += 1
            continue
        exact = fr.exact
        if args.wrong_rule == 'return-exact' and not fr.exact:
            exact = True
            wrong.add(fr.lineno)
        elif args.wrong_rule == 'exact-minus-one' and fr.exact:
            exact = False
            wrong.add(fr.lineno)
        delta = fr.off - (0 if exact else 1)
        if fr.mod:
            ks = ko_for(fr.mod)
            if ks is None:
                unresolved.append((fr, 'no %s.ko in %s' % (fr.mod, args.modules_dir)))
                continue
            cands = ks.lookup(fr.func, fr.size)
            keys = [(ks.path, c[2], c[0] + delta) for c in cands]
        else:
            cands = vm.lookup(fr.func, fr.size)
            keys = [(args.vmlinux, None, c[0] + delta) for c in cands]
        if not keys:
            unresolved.append((fr, 'symbol %s not found' % fr.func))
            continue
        for b, sec, a in keys:
            queries[(b, sec)].add(a)
        jobs.append((fr, keys))

    # With CONFIG_KALLSYMS_LINEINFO_INLINE a frame names the line in its own
    # function, the outermost frame of the oracle's inline chain, and its
    # '[inline]' lines must be the chain's other frames, innermost first.
    answers, chains = {}, {}
    for (b, sec), addrs in queries.items():
        if args.inline:
            for a, ch in addr2line_chains(b, addrs, sec).items():
                chains[(b, sec, a)] = ch
                answers[(b, sec, a)] = ch[-1][1] if ch else '??:0'
        else:
            for a, loc in addr2line(b, addrs, sec).items():
                answers[(b, sec, a)] = loc
    inl_ok, inl_bad, inl_unprinted = 0, [], 0
    for fr, keys in jobs:
        if not args.inline:
            break
        ch = chains.get(keys[0], [])
        if fr.single:
            continue
        if not fr.inl:
            inl_unprinted += len(ch) > 1
            continue
        got = [(n, (os.path.normpath(f), ln) if f else (None, None)) for n, f, ln in fr.inl]
        want = [(n, split_loc(loc, prefixes)) for n, loc in ch[:-1]]
        cut = got and got[-1][0] == '...'
        if cut:
            good = len(want) > len(got) - 1 and got[:-1] == want[:len(got) - 1]
        else:
            good = got == want
        if good:
            inl_ok += 1
        else:
            inl_bad.append((fr, got, want))

    ok = 0
    mismatches = []
    ambiguous = 0
    # per (action, module-or-'vmlinux'): [ok, mismatch, unannotated]
    stats = collections.defaultdict(lambda: [0, 0, 0])

    def where(fr):
        return (fr.action, fr.mod or 'vmlinux')
    for fr in frames:
        if fr.file is None:
            stats[where(fr)][2] += 1
    for fr, _ in unresolved:
        stats[where(fr)][1] += 1
    for fr, keys in jobs:
        got = (os.path.normpath(fr.file), fr.line)
        if fr.single and args.inline:
            # a line that stands alone names the innermost location
            exp = [split_loc(chains[k][0][1] if chains.get(k) else None, prefixes) for k in keys]
        else:
            exp = [split_loc(answers.get(k), prefixes) for k in keys]
        if len(keys) > 1:
            ambiguous += 1
        if got in exp:
            ok += 1
            stats[where(fr)][0] += 1
            if args.verbose:
                print('  OK       %s' % fr.text)
        else:
            mismatches.append((fr, exp))
            stats[where(fr)][1] += 1
            if args.verbose:
                print('  MISMATCH %s  expected %s' % (fr.text, exp))
    for fr, why in unresolved:
        mismatches.append((fr, why))

    if args.inline:
        print('check_frames: inline chains: %d frames with [inline] lines agree, %d disagree, '
              '%d frames in inlined code printed without them (single-line output)'
              % (inl_ok, len(inl_bad), inl_unprinted))
        for fr, got, want in inl_bad[:5]:
            print('  INLINE MISMATCH line %d: %s\n    printed %s\n    oracle  %s'
                  % (fr.lineno, fr.text, got, want))
        for fr, got, want in inl_bad:
            mismatches.append((fr, 'inline chain %s' % (want,)))
    annotated = len(jobs) + len(unresolved)
    if args.wrong_rule:
        # the oracle asked by a wrong rule: the check must tell
        n_bad = len({fr.lineno for fr, exp in mismatches
                     if fr.lineno in wrong and not isinstance(exp, str)})
        print('check_frames: wrong rule %s: %d of %d frames looked up by it mismatch'
              % (args.wrong_rule, n_bad, len(wrong)))
        if n_bad:
            print('check_frames: PASS (the wrong rule is caught)')
            return 0
        print('check_frames: FAIL: the wrong rule %s is not caught' % args.wrong_rule)
        return 1
    if mismatches:
        print('check_frames: first %d of %d mismatches:' % (min(10, len(mismatches)), len(mismatches)))
        for fr, exp in mismatches[:10]:
            if isinstance(exp, str):
                e = exp
            else:
                e = ' or '.join('%s:%s' % x for x in exp)
            print('  MISMATCH line %d: %s\n           expected %s' % (fr.lineno, fr.text, e))
    uniq = len({(f.func, f.off, f.mod) for f in frames if f.file is not None})
    print('check_frames: annotated %d (%d unique), OK %d, MISMATCH %d, ambiguous-name %d, '
          'unannotated %d' % (annotated, uniq, ok, len(mismatches), ambiguous, unannotated))
    print('check_frames: per action and module: OK/MISMATCH/unannotated frames')
    for (act, mod), (n_ok, n_bad, n_un) in sorted(stats.items()):
        print('  %-14s %-14s OK %4d  MISMATCH %3d  unannotated %3d' % (act, mod, n_ok, n_bad, n_un))
    mod_tot = collections.defaultdict(lambda: [0, 0, 0])
    for (act, mod), v in stats.items():
        for i in range(3):
            mod_tot[mod][i] += v[i]
    print('check_frames: per module: ' + ', '.join(
        '%s OK %d/MISMATCH %d/unannotated %d' % (m, v[0], v[1], v[2])
        for m, v in sorted(mod_tot.items())))
    failed = False
    for mod in args.require_module:
        # RIP: lines are annotated too (%pSL); only the '... at file:line
        # func+off/size' part of a WARNING line never is
        # (offline_live prints its trace with the switch off, on purpose)
        unann = [fr for fr in frames if fr.mod == mod and fr.file is None and not fr.warnline
                 and fr.action not in SWITCHED_OFF]
        if unann:
            failed = True
            print('check_frames: FAIL: %d frame(s) of module %s without annotation, e.g.:' % (len(unann), mod))
            for fr in unann[:5]:
                print('  line %d [%s]: %s' % (fr.lineno, fr.action, fr.text))
        if mod_tot[mod][0] == 0:
            failed = True
            print('check_frames: FAIL: no checked (annotated, matching) frame of required module %s' % mod)
    if annotated < args.min_annotated:
        print('check_frames: FAIL: %d annotated frames < --min-annotated %d'
              % (annotated, args.min_annotated))
        return 1
    if mismatches:
        print('check_frames: FAIL: %d mismatching frames' % len(mismatches))
        return 1
    if failed:
        return 1
    print('check_frames: PASS')
    return 0


def selftest():
    cases = [
        ('[    1.234567]  func+0x82/0x190 (arch/x86/entry/common.c:52)',
         ('func', 0x82, 0x190, None, 'arch/x86/entry/common.c', 52, False, False)),
        ('[    1.234567]  ? func+0x82/0x190 (arch/x86/entry/common.c:52)',
         ('func', 0x82, 0x190, None, 'arch/x86/entry/common.c', 52, False, True)),
        ('  lkdtm_do_action+0x30/0x100 [lkdtm] (drivers/misc/lkdtm/core.c:123)',
         ('lkdtm_do_action', 0x30, 0x100, 'lkdtm', 'drivers/misc/lkdtm/core.c', 123, False, False)),
        (' ? foo.isra.0+0x5/0x10 [my-mod abcdef0123]',
         ('foo.isra.0', 5, 0x10, 'my-mod', None, None, False, True)),
        ('[    2.000000] RIP: 0010:lkdtm_WARNING+0x1a/0x30 [lkdtm] (drivers/misc/lkdtm/bugs.c:99)',
         ('lkdtm_WARNING', 0x1a, 0x30, 'lkdtm', 'drivers/misc/lkdtm/bugs.c', 99, True, False)),
        ('[<0>] do_nanosleep+0x66/0x170 (kernel/time/hrtimer.c:2049)',
         ('do_nanosleep', 0x66, 0x170, None, 'kernel/time/hrtimer.c', 2049, False, False)),
        ('[    3.1] WARNING: CPU: 0 PID: 1 at drivers/misc/lkdtm/bugs.c:99 lkdtm_WARNING+0x1a/0x30 [lkdtm]',
         ('lkdtm_WARNING', 0x1a, 0x30, 'lkdtm', None, None, True, False)),
        ('  entry_SYSCALL_64_after_hwframe+0x76/0x7e', ('entry_SYSCALL_64_after_hwframe', 0x76, 0x7e,
                                                       None, None, None, False, False)),
        ('[    1.0] Modules linked in: lkdtm', None),
        ('[    1.0] Kernel panic - not syncing: foo+0x1/0x2 happened', None),
        ('[    1.0] Code: 48 89 e5 <0f> 0b', None),
        ('HARNESS: kallsyms ffffffff81000000 T _text', None),
    ]
    fails = 0
    for line, want in cases:
        fr = parse_frame(line)
        got = None if fr is None else (fr.func, fr.off, fr.size, fr.mod, fr.file, fr.line,
                                       fr.exact, fr.unreliable)
        if got != want:
            fails += 1
            print('selftest FAIL: %r\n   got  %r\n   want %r' % (line, got, want))
    norm = [
        (('/src/linux/kernel/fork.c', ['/src/linux', '/obj']), 'kernel/fork.c'),
        (('/obj/include/generated/x.h', ['/src/linux', '/obj']), 'include/generated/x.h'),
        (('/src/linux/arch/x86/include/asm/../../x.h (discriminator 3)', ['/src/linux']),
         'arch/x86/x.h'),
    ]
    for (p, pre), want in norm:
        if normpath(p, pre) != want:
            fails += 1
            print('selftest FAIL: normpath(%r) = %r, want %r' % (p, normpath(p, pre), want))
    wl = [parse_frame(line).warnline for line, want in cases if want is not None]
    if wl != [False] * 6 + [True] + [False]:
        fails += 1
        print('selftest FAIL: warnline flags %r' % wl)
    if split_loc('??:0', []) != (None, None):
        fails += 1
        print('selftest FAIL: split_loc ??:0')
    import tempfile
    with tempfile.NamedTemporaryFile('w', suffix='.log') as t:
        t.write('[    5.0] Use-after-free read at 0x00000000abcd (in kfence-#3):\n'
                '[    5.0]  rd+0x4/0x10 [m] (m.c:9)\n'
                '[    5.0]  caller+0x9/0x20 [m] (m.c:20)\n')
        t.flush()
        kinds = [fr.exact for fr in parse_log(t.name)[0]]
    with tempfile.NamedTemporaryFile('w', suffix='.log') as t:
        t.write('[    6.0]  ? inner (a.h:3) [inline]\n'
                '[    6.0]  ? outer [inline]\n'
                '[    6.0]  ? func+0x9/0x20 [m] (m.c:20)\n'
                '[    6.0]  other+0x1/0x2 (m.c:1)\n')
        t.flush()
        inl = [fr.inl for fr in parse_log(t.name)[0]]
    if inl != [(('inner', 'a.h', 3), ('outer', None, None)), ()]:
        fails += 1
        print('selftest FAIL: inline lines %r' % inl)
    if kinds != [True, False]:
        fails += 1
        print('selftest FAIL: KFENCE access stack kinds %r, want [True, False]' % kinds)
    n = len(cases) + len(norm) + 4
    print('check_frames selftest: %d passed, %d failed' % (n - fails, fails))
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('vmlinux', nargs='?')
    ap.add_argument('log', nargs='?')
    ap.add_argument('--modules-dir')
    ap.add_argument('--srctree')
    ap.add_argument('--objtree')
    ap.add_argument('--extmod-dir', action='append', default=[], metavar='DIR',
                    help='directory of an external (M=) module: its paths are relative to it')
    ap.add_argument('--min-annotated', type=int, default=0)
    ap.add_argument('--require-module', action='append', default=[], metavar='MOD',
                    help='every backtrace/RIP frame of MOD must be annotated (repeatable)')
    ap.add_argument('-v', '--verbose', action='store_true')
    ap.add_argument('--selftest', action='store_true')
    ap.add_argument('--inline', choices=['auto', 'on', 'off'], default='auto',
                    help='inline chains (auto: CONFIG_KALLSYMS_LINEINFO_INLINE of --objtree)')
    ap.add_argument('--oracle', choices=['eu', 'llvm'], default=os.environ.get('FRAMES_ORACLE', 'eu'),
                    help='eu-addr2line (default), or llvm-symbolizer/addr2line for clang builds')
    ap.add_argument('--wrong-rule', choices=['return-exact', 'exact-minus-one'],
                    help='look up return addresses exactly, or exact ones at -1: '
                    'passes only if that gives mismatches')
    args = ap.parse_args()
    global ORACLE
    ORACLE = args.oracle
    if args.selftest:
        return selftest()
    if not args.vmlinux or not args.log:
        ap.error('VMLINUX and SERIAL_LOG are required')
    if args.inline == 'auto':
        cfg = os.path.join(args.objtree or os.path.dirname(args.vmlinux), '.config')
        try:
            with open(cfg) as f:
                args.inline = 'CONFIG_KALLSYMS_LINEINFO_INLINE=y\n' in f.read()
        except OSError:
            args.inline = False
    else:
        args.inline = args.inline == 'on'
    return check(args)


if __name__ == '__main__':
    sys.exit(main())
