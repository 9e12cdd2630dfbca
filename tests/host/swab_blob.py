#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Rewrite a lineinfo blob in the other byte order.

Written from the format description in include/linux/kallsyms_lineinfo.h,
independently of gen_lineinfo: the byte-order test uses it to bring a blob
that gen_lineinfo wrote for a big-endian target into host order, where the
kernel decoder (built in userspace) must read it like a native one.

    swab_blob.py IN OUT [--from big|little] [--ranges N]

--ranges N repeats the first range N times (all copies share its tables),
to make blobs just at and just over the format's range limit.
"""
import argparse, struct, sys

HDR = 'IHHII' + 'II' * 3          # struct lineinfo_header, as first written
HDR_INLINES = 48                  # ... and with the inlines span
HDR_PARAMS = 56                   # ... and with the params span
RANGE = 'IIII' + 'II' * 4 + '8B'  # struct lineinfo_range
INLINES = 'II' + 'II' * 7 + '8B'  # struct lineinfo_inlines
IRANGE = 'II' + 'II' * 3 + '8B'   # struct lineinfo_inline_range
PARAMS = 'II' + 'II' * 3 + '8B'   # struct lineinfo_params
PRANGE = 'II' + 'II' * 3 + '8B'   # struct lineinfo_param_range


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('inp'); ap.add_argument('out')
    ap.add_argument('--from', dest='frm', choices=['big', 'little'], default='big')
    ap.add_argument('--to', choices=['big', 'little'], default=sys.byteorder)
    ap.add_argument('--ranges', type=int, default=0)
    a = ap.parse_args()
    i = '>' if a.frm == 'big' else '<'
    o = '>' if a.to == 'big' else '<'
    b = bytearray(open(a.inp, 'rb').read())

    def conv(fmt, off, count=1):
        n = struct.calcsize(i + fmt)
        for k in range(count):
            p = off + k * n
            vals = struct.unpack_from(i + fmt, b, p)
            struct.pack_into(o + fmt, b, p, *vals)
        return [struct.unpack_from(o + fmt, b, off + k * n) for k in range(count)]

    h = conv(HDR, 0)[0]
    magic, _, hdr_size, blob_size, nr_files, r_off, r_size, f_off, f_size, s_off, s_size = h
    if magic != 0x464e494c:
        sys.exit('%s: not a lineinfo blob in %s-endian order' % (a.inp, a.frm))

    def span(name, sp):
        # every span the header reaches must lie inside the blob: a span
        # left in the other byte order by the writer does not
        off, size = sp
        if off > len(b) or size > len(b) - off:
            sys.exit('%s: span %s [%#x, +%#x) outside the %d-byte blob (not in %s-endian order?)'
                     % (a.inp, name, off, size, len(b), a.frm))
        return sp

    span('ranges', (r_off, r_size)); span('files', (f_off, f_size)); span('strings', (s_off, s_size))
    rsz = struct.calcsize(RANGE)
    ranges = conv(RANGE, r_off, r_size // rsz)
    conv('I', f_off, f_size // 4)
    for r in ranges:
        g_off, g_size, bl_off, bl_size, fa_off, fa_size = r[4:10]
        fast_wide = r[15]
        conv('II', g_off, g_size // 8)
        conv('HH', bl_off, bl_size // 4)
        conv('I' if fast_wide else 'H', fa_off, fa_size // (4 if fast_wide else 2))
    in_off, in_size = span('inlines', conv('II', 40)[0]) if hdr_size >= HDR_INLINES else (0, 0)
    p_off, p_size = span('params', conv('II', 48)[0]) if hdr_size >= HDR_PARAMS else (0, 0)
    if in_size:
        inl = conv(INLINES, in_off)[0]
        spans = [inl[k:k + 2] for k in range(2, 16, 2)]
        names, name_index, iranges, calls, call_index, tokens, token_index = spans
        conv('I', name_index[0], name_index[1] // 4)
        conv('I', call_index[0], call_index[1] // 4)
        conv('H', token_index[0], token_index[1] // 2)
        isz = struct.calcsize(IRANGE)
        for ir in conv(IRANGE, iranges[0], iranges[1] // isz):
            g_off, g_size, bl_off, bl_size = ir[2:6]
            conv('II', g_off, g_size // 8)
            conv('HH', bl_off, bl_size // 4)
    if p_size:
        par = conv(PARAMS, p_off)[0]
        sigs, sig_index, pranges = [span('params.' + n, par[k:k + 2])
                                    for n, k in (('sigs', 2), ('sig_index', 4), ('ranges', 6))]
        conv('I', sig_index[0], sig_index[1] // 4)
        psz = struct.calcsize(PRANGE)
        for pr in conv(PRANGE, pranges[0], pranges[1] // psz):
            funcs, iblocks = span('param_range.funcs', pr[2:4]), span('param_range.iblocks', pr[4:6])
            span('param_range.bits', pr[6:8])
            conv('II', funcs[0], funcs[1] // 8)
            conv('I', iblocks[0], iblocks[1] // 4)
    if a.ranges:
        # append N copies of range 0 at the end, 8-byte aligned
        while len(b) % 8:
            b.append(0)
        new_off = len(b)
        b += b[r_off:r_off + rsz] * a.ranges
        struct.pack_into(o + 'II', b, 16, new_off, rsz * a.ranges)
        struct.pack_into(o + 'I', b, 8, len(b))
    open(a.out, 'wb').write(b)


if __name__ == '__main__':
    main()
