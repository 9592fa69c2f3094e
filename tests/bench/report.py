#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench's figures from the boots' "# bench ..." lines.

    tests/bench/report.py BENCH_DIR CONFIG...

BENCH_DIR is $OUT/bench of tests/bench/vm.sh: env.txt, and CONFIG/run.log
for each configuration, every line stamped with the host's clock.  Writes
report.txt (what it prints), report.md (the same tables in Markdown),
bench.png and method.txt next to them, each naming the commit measured
(env.txt's commit=, from scripts/commit.sh).  Exits 1 when a figure the
report needs is missing.
"""

import collections
import os
import shlex
import statistics
import subprocess
import sys

# P1's cases: the report's name, bench.png's and its colour there.
CASES = {
    'a': ('(a) no sctp.ko: the ceiling', '(a) no sctp.ko', '#808080'),
    'b': ('(b) ours: sctp_ootb, discard ranges', '(b) ours', '#1a9641'),
    'c': ('(c) global hack, its own sctp.ko', '(c) global hack', '#fdae61'),
    "c'": ("(c') global hack, on the hook's late path", "(c') global, late hook", '#fee08b'),
    'd': ('(d) stock sctp.ko + nftables', '(d) stock + nft', '#d7191c'),
    "d'": ("(d') patched, no hook + nftables", "(d') patched + nft", '#f4a582'),
}
CASE_NAMES = {c: v[0] for c, v in CASES.items()}
# P4's cases in the report's order.
P4_NAMES = {
    'stock': 'no hook: stock 8.4, ABORT sent',
    'nft': 'no hook + nftables: ABORT built, dropped',
    'pass': 'sctp_ootb, 1 range, port in none',
    'discard': 'sctp_ootb, port in a discard range',
    'r1024-discard': '1024 ranges, port in a discard one',
    'r1024-pass': '1024 ranges, port in none',
}


def parse(bdir, configs):
    """Every "# bench" line as a dict, with 'cfg' and 'host_t'; the failed
    checks as "CONFIG: LINE"."""
    recs, bad = [], []
    for cfg in configs:
        path = os.path.join(bdir, cfg, 'run.log')
        if not os.path.exists(path):
            continue
        for line in open(path, errors='replace'):
            t, _, rest = line.rstrip('\n').partition(' ')
            if rest.startswith('not ok '):
                bad.append(f'{cfg}: {rest}')
            if not rest.startswith('# bench '):
                continue
            words = shlex.split(rest[len('# bench '):])
            r = {'kind': words[0], 'cfg': cfg, 'host_t': float(t)}
            for w in words[1:]:
                k, _, v = w.partition('=')
                if k not in r:
                    r[k] = v
            recs.append(r)
    return recs, bad


def commit_line(env):
    """The commit the run measured, as every output names it."""
    c = env.get('commit', '').split()
    if not c:
        return 'commit: not recorded (a run from before vm.sh recorded it)'
    if c[0] == 'unknown':
        return 'commit: unknown (the tree was not a git checkout)'
    if len(c) > 1 and c[1] == 'dirty':
        return f'commit: {c[0]} dirty (the tree differed from it)'
    return f'commit: {c[0]}'


def med(xs):
    return statistics.median(xs) if xs else float('nan')


def spread(xs):
    """(max - min) / median, in per cent."""
    if len(xs) < 2:
        return 0.0
    return 100.0 * (max(xs) - min(xs)) / med(xs)


def p1_case(r):
    """The P1 case of a record: c and d of the patched boot are c', d'."""
    c = r['case']
    return c + "'" if r['cfg'] == 'patched' and c in ('c', 'd') else c


def wall_times(recs, start_kind, end_kind, key):
    """Host seconds from each START line to the next END line, by key."""
    out, start = {}, {}
    for r in recs:
        if r['kind'] == start_kind:
            start[r['cfg']] = r['host_t']
        elif r['kind'] == end_kind and r['cfg'] in start:
            out.setdefault(key(r), []).append(r['host_t'] - start.pop(r['cfg']))
    return out


def group(recs, kind, key):
    """The records of KIND in lists, by key(record)."""
    out = {}
    for r in recs:
        if r['kind'] == kind:
            out.setdefault(key(r), []).append(r)
    return out


class Report:
    """report.txt's lines (also printed) and report.md's."""

    def __init__(self):
        self.lines, self.md = [], []

    def say(self, *lines):
        for s in lines or ('',):
            self.lines.append(s)
            print(s)

    def table(self, *head):
        """A Markdown table begins: a blank line, its header row."""
        self.md.append('')
        self.row(*head)
        self.md.append('|---' * len(head) + '|')

    def row(self, *cells):
        self.md.append('| ' + ' | '.join(str(c) for c in cells) + ' |')


def cols(widths, cells):
    """A line of a text table: each cell padded to its width, on the left
    when the width is negative."""
    return '    ' + ' '.join(c.ljust(-w) if w < 0 else c.rjust(w)
                             for w, c in zip(widths, cells))


def p1(rep, recs, data):
    runs = [r for r in recs if r.get('run', '').isdigit()]
    key = lambda r: (p1_case(r), r['size'], r['sched'])
    wall = wall_times(runs, 'p1-start', 'p1', key)
    groups = group(runs, 'p1', key)
    combos = sorted({(s, sc) for (_, s, sc) in groups},
                    key=lambda x: (-int(x[0]), x[1]))
    rep.say('P1  usrsctp bulk, peer -> host over veth (tests/prog/usctp source/sink)',
            '    bytes/s in guest time (1 ns = 1 guest instruction), median of the runs;',
            '    spread = (max - min) / median; ctxt/msg = context switches per message',
            "    (a range when the runs differ: the scheduler's two regimes under cfs);",
            '    +insn/pkt = guest instructions per packet the kernels received, above (a);',
            '    wall = host seconds per run (median, spread): what -icount keeps out')
    rep.table('P1 usrsctp bulk', 'msg', 'sched', 'bytes/s (guest)', 'ratio to (a)', 'spread',
              'runs', 'ctxt/msg', '+insn/pkt', 'wall s (spread)')
    widths = (-42, 11, 6, 7, 4, 8, 9, 7, 7)
    for size, sched in combos:
        a = groups.get(('a', size, sched))
        a_bps = med([float(r['bps']) for r in a]) if a else None
        # Guest seconds per message: runs of different lengths compare.
        a_spm = med([float(r['secs']) / int(r['msgs']) for r in a]) if a else None
        rep.say('', f'  {size}-byte messages, {sched}:',
                cols(widths, ('case', 'bytes/s', 'ratio', 'spread', 'runs', 'ctxt/msg',
                              '+insn/pkt', 'wall s', 'spread')))
        for c in CASES:
            g = groups.get((c, size, sched))
            if not g:
                continue
            bps = [float(r['bps']) for r in g]
            spm = med([float(r['secs']) / int(r['msgs']) for r in g])
            ppm = med([(int(r['rx_host']) + int(r['rx_peer'])) / int(r['msgs']) for r in g])
            ctxts = [int(r['ctxt']) / int(r['msgs']) for r in g]
            ctxt = med(ctxts)
            regimes = f'{min(ctxts):.1f}-{max(ctxts):.1f}' if max(ctxts) - min(ctxts) > 0.5 else f'{ctxt:.2f}'
            ratio = med(bps) / a_bps if a_bps else float('nan')
            extra = (spm - a_spm) * 1e9 / ppm if a_spm and c != 'a' else 0.0
            w = wall.get((c, size, sched), [])
            busy = min(int(r['busy']) for r in g)
            cells = (f'{med(bps):.0f}', f'{ratio:.3f}', f'{spread(bps):.2f}%', str(len(g)),
                     regimes, f'{extra:.0f}', f'{med(w):.1f}')
            rep.say(cols(widths, (CASE_NAMES[c],) + cells + (f'{spread(w):.1f}%',))
                    + ('' if busy >= 99 else f'  (cpu busy {busy}%: timer-bound)'))
            rep.row(CASE_NAMES[c], size, sched, *cells[:5], '-' if c == 'a' else cells[5],
                    f'{cells[6]} ({spread(w):.0f}%)')
            data.setdefault('p1', []).append((f'{size}B {sched}', c, ratio,
                                              min(bps) / a_bps if a_bps else 0,
                                              max(bps) / a_bps if a_bps else 0))
        if not a:
            rep.say('    (no (a) in this run: no ratios)')
    if not groups:
        rep.say('  no P1 figures')
    return bool(groups)


def p2(rep, recs):
    groups = group(recs, 'p2', lambda r: (r['case'], r['where'], r['sched']))
    if not groups:
        return
    rep.say('', 'P2  kernel SCTP bulk, iperf3 --sctp peer -> host, bits/s in guest time (median)',
            '    free: ports 5060/5061, in no range; in: 4900/4902, kernel sockets inside',
            '    discard ranges (the early path checks their bind bucket on every packet)')
    rep.table('P2 kernel SCTP (iperf3)', 'ports', 'sched', 'bits/s (guest)', 'ratio to stock',
              'spread', 'runs')
    names = {'stock': 'stock sctp.ko', 'nohook': 'ours, no sctp_ootb',
             'r1024': 'ours, sctp_ootb with 1024 ranges'}
    for (c, where, sched) in sorted(groups, key=lambda k: (k[1], k[2], list(names).index(k[0]))):
        v = [float(r['bits_per_second']) for r in groups[(c, where, sched)]]
        ref = [float(r['bits_per_second']) for r in groups.get(('stock', where, sched), [])]
        ratio = med(v) / med(ref) if ref else float('nan')
        rep.say(f'    {names[c]:34} {where:4} {sched:4} {med(v):12.0f} ratio {ratio:6.3f}'
                f' spread {spread(v):5.2f}% runs {len(v)}')
        rep.row(names[c], where, sched, f'{med(v):.0f}', f'{ratio:.3f}', f'{spread(v):.2f}%', len(v))


def p4(rep, recs):
    by = group(recs, 'p4', lambda r: r['case'])
    if not by:
        return
    null = med([float(r['sirq_cyc']) for r in by.get('null', [])])
    mhz = next((float(r['tsc_mhz']) for r in recs if r['kind'] == 'p4-cpu'), 1000.0)
    widths = (-42, 8, 6, 8, 6, 6, 6, 6, 6, 8)
    rep.say('', 'P4  out-of-the-blue INIT flood, host cost per INIT in guest instructions',
            f'    (TSC cycles at {mhz:.0f} MHz under -icount), median over the rounds:',
            '    sctp_rcv() (kprobes, their cost included) and the NET_RX softirq minus',
            f'    the null case (NIC drop, {null:.0f}); counters per flood of {next(iter(by.values()))[0]["sent"]}',
            cols(widths, ('case', 'sctp_rcv', 'ratio', 'softirq', 'ratio', 'spread', 'ABORTs',
                          'tx', 'OOTB', 'discards')),
            '    (ABORTs: built, SctpOutCtrlChunks; tx: veth0 tx, what left the host)')
    rep.table('P4 OOTB INIT flood', 'sctp_rcv insn', 'ratio', 'softirq insn', 'ratio',
              'ABORTs built', 'sent', 'SctpOutOfBlues')
    ref_r = med([float(r['rcv_cyc']) for r in by.get('stock', [])])
    ref_s = med([float(r['sirq_cyc']) for r in by.get('stock', [])]) - null
    for c in P4_NAMES:
        g = by.get(c)
        if not g:
            continue
        rcv = [float(r['rcv_cyc']) for r in g]
        sirq = [float(r['sirq_cyc']) - null for r in g]
        cells = (f'{med(rcv):.0f}', f'{med(rcv) / ref_r:.2f}', f'{med(sirq):.0f}',
                 f'{med(sirq) / ref_s:.2f}', f'{spread(rcv):.1f}%') + tuple(
                     str(int(med([int(r[k]) for r in g]))) for k in ('abort', 'tx', 'ootb', 'discards'))
        rep.say(cols(widths, (P4_NAMES[c],) + cells))
        rep.row(P4_NAMES[c], *cells[:4], *cells[5:8])


def p5(rep, recs, data):
    runs = [r for r in recs if r['kind'] == 'p5']
    if not runs:
        return
    t = {(r['op'], int(r['size'])): float(r['median_us']) for r in runs}
    sizes = sorted({s for (_, s) in t})
    ops = ['restore', 'dump', 'add', 'stats']
    rep.say('', 'P5  control plane, sctpctl end to end (start-up and netlink included), guest us',
            '    (median of the runs); xN: against the smallest table',
            cols((8,) + (16,) * len(ops), ('ranges',) + tuple(ops)))
    rep.table('P5 sctpctl, guest us', *ops)
    for s in sizes:
        cells = []
        for op in ops:
            v, v0 = t.get((op, s)), t.get((op, sizes[0]))
            cells.append(f'{v:9.0f} x{v / v0:5.2f}' if v and v0 else '-')
        rep.say(cols((8,) + (16,) * len(ops), [str(s)] + cells))
        rep.row(f'{s} ranges', *(c.strip() for c in cells))
        data.setdefault('p5', []).append((s, [t.get((op, s), 0) for op in ops]))
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        slopes = [(t[(op, hi)] - t[(op, lo)]) / (hi - lo) if (op, hi) in t and (op, lo) in t
                  else float('nan') for op in ops]
        # How far the sizes in between are from the straight line.
        dev = max((abs(t[(op, n)] - (t[(op, lo)] + k * (n - lo))) / t[(op, n)]
                   for op, k in zip(ops, slopes) for n in sizes[1:-1] if (op, n) in t),
                  default=0.0)
        rep.say('    growth, us per range from ' + f'{lo} to {hi}:' +
                ''.join(f' {op} {v:.2f}' for op, v in zip(ops, slopes)) +
                f'; the sizes in between within {100 * dev:.1f}% of that straight line')
        rep.row(f'us per range, {lo} to {hi}', *(f'{v:.2f}' for v in slopes))


def prof(rep, recs):
    prs = [r for r in recs if r['kind'] == 'prof']
    if not prs:
        return
    runs = {(r['case'], r['run']): r for r in recs if r['kind'] == 'p1'
            and r['run'].startswith('prof')}
    rep.say('', 'Profile of P1 (1000-byte messages, fifo, patched boot), per case:')
    for c in ('b', 'c', 'd'):
        mine = [r for r in prs if r['case'] == c]
        if not mine:
            continue
        name = CASE_NAMES[c + "'" if c != 'b' else c]
        rep.say(f'  {name}')
        for r in mine:
            if r['what'] == 'rcv':
                rep.say(f'    sctp_rcv() per call (kprobes included): median {r["median_cyc"]},'
                        f' mean {r["mean_cyc"]} instructions over {r["calls"]} calls')
        tot = next((r for r in mine if r['what'] == 'total'), None)
        run = runs.get((c, 'prof-perf'))
        if tot and run:
            ev = float(tot['event_count'])
            pk = int(run['rx_host']) + int(run['rx_peer'])
            idle = sum(float(r['pct']) for r in mine if r['what'] == 'self'
                       and r['sym'] in ('native_safe_halt', 'default_idle', 'pv_native_safe_halt'))
            rep.say(f'    perf over the source\'s run: {tot["samples"]} samples of'
                    f' {ev / 1e6:.0f} M guest ns, {idle:.0f}% idle (start-up, shutdown),'
                    f' {pk} packets received by the two kernels;')
            rep.say('    per step of the SCTP input, inclusive (perf\'s own interrupts inflate it):')
            for r in mine:
                if r['what'] == 'incl':
                    p = float(r['pct'])
                    rep.say(f'      {r["sym"]:34} {p:6.2f}%  ~{p / 100 * ev / pk:6.0f} insn/pkt')
        tops = [r for r in mine if r['what'] == 'self']
        if tops:
            rep.say('    top kernel symbols (self): ' + ', '.join(f'{r["sym"]} {r["pct"]}%' for r in tops[:8]))


def plot(bdir, data, env):
    """bench.png: P1 ratios with their spread, and P5's growth."""
    p1d = os.path.join(bdir, 'p1.dat')
    p5d = os.path.join(bdir, 'p5.dat')
    combos = list(dict.fromkeys(d[0] for d in data.get('p1', [])))
    with open(p1d, 'w') as f:
        f.write('# combo case ratio min max\n')
        for combo, c, ratio, lo, hi in data.get('p1', []):
            f.write(f'{combos.index(combo)} "{c}" {ratio:.4f} {lo:.4f} {hi:.4f}\n')
    with open(p5d, 'w') as f:
        f.write('# ranges restore dump add stats (us)\n')
        for s, v in data.get('p5', []):
            f.write(f'{s} ' + ' '.join(f'{x:.0f}' for x in v) + '\n')
    cases = [c for c in CASES if any(d[1] == c for d in data.get('p1', []))]
    w = 0.8 / max(len(cases), 1)
    plots = []
    for i, c in enumerate(cases):
        plots.append(f'"{p1d}" using ($1 - 0.4 + {w:.3f} * ({i} + 0.5)):(strcol(2) eq "{c}" ? $3 : 1/0)'
                     f':({w:.3f}) with boxes lc rgb "{CASES[c][2]}" title "{CASES[c][1]}", '
                     f'"" using ($1 - 0.4 + {w:.3f} * ({i} + 0.5)):(strcol(2) eq "{c}" ? $3 : 1/0):4:5'
                     f' with yerrorbars lc black pt -1 notitle')
    xt = ', '.join(f'"{c}" {i}' for i, c in enumerate(combos))
    p5_panel = 'set title "P5: no figures"\nplot 1/0 notitle'
    if data.get('p5'):
        p5_panel = f'''set title "P5 sctpctl, end to end (guest us)"
set logscale xy
set xrange [*:*]
set yrange [*:*]
set xtics auto
set ytics auto
set xlabel "ranges in the table"
set key inside top left vertical
plot "{p5d}" using 1:2 with linespoints title "restore", "" using 1:3 with linespoints title "dump", \\
     "" using 1:4 with linespoints title "add one", "" using 1:5 with linespoints title "stats (fixed cost)"'''
    title = f'{env.get("kver", "?")}, QEMU TCG -cpu max -icount {env.get("icount", "?")}'
    script = f'''
set terminal pngcairo size 1400,600 font ",10"
set output "{os.path.join(bdir, 'bench.png')}"
set multiplot layout 1,2 title "make bench: {title}"
set title "P1 usrsctp bulk: throughput / (a) no sctp.ko (bars: median, whiskers: min-max)"
set style fill solid 0.6 border -1
set yrange [0.5:1.1]
set xtics ({xt})
set xrange [-0.6:{len(combos) - 0.4}]
set ytics 0.05
set grid ytics
set key outside bottom center horizontal
set arrow from -0.6,0.98 to {len(combos) - 0.4},0.98 nohead dt 2 lc rgb "red"
plot {", ".join(plots) if plots else "1/0 notitle"}
unset arrow
{p5_panel}
unset multiplot
'''
    try:
        subprocess.run(['gnuplot'], input=script, text=True, check=True,
                       capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError) as e:
        print(f'report.py: gnuplot failed: {getattr(e, "stderr", e)}', file=sys.stderr)
        return False


# The conditions of the run; the method itself is docs/benchmark.md.
METHOD = '''make bench: the run behind report.txt and bench.png

{commit}

Kernel {kver}, QEMU {qemu}, TCG, -cpu max ({guest_cpu}; sse4_2 {sse4_2},
kernel crc32c: {crc32c}), one vCPU, -icount {icount}.  Host: {host_cpu},
{host_cpus} CPUs, load average {loadavg_start} at the start, {loadavg_end} at the end,
{load} busy loops added by make bench; {total_s} s in all.  P1: {BENCH_P1_MSGS}
messages of each size a transfer; P2: {BENCH_P2_BYTES} bytes a run.

The method (what each case measures, and how): docs/benchmark.md at that
commit.
'''


def main():
    if len(sys.argv) < 3:
        print('usage: report.py BENCH_DIR CONFIG...', file=sys.stderr)
        return 2
    bdir, configs = sys.argv[1], sys.argv[2:]
    env = {}
    for line in open(os.path.join(bdir, 'env.txt')):
        k, _, v = line.rstrip('\n').partition('=')
        env[k] = v.strip('"')
    recs, bad = parse(bdir, configs)
    rep, data = Report(), {}
    # The guest CPU as a boot with sctp.ko saw it (the none boot has no crc32c).
    cpus = [r for r in recs if r['kind'] == 'cpu']
    cpu = next((r for r in cpus if r.get('crc32c') != 'none'), cpus[0] if cpus else {})
    rep.say(commit_line(env))
    rep.md.append(commit_line(env).replace('commit: ', 'Commit measured: ', 1))
    rep.say(f'make bench, {env.get("kver")}: QEMU TCG -cpu max ({cpu.get("model", "?")},'
            f' sse4_2 {cpu.get("sse4_2", "?")}, crc32c {cpu.get("crc32c", "?")}),'
            f' -smp 1, -icount {env.get("icount")}')
    rep.say(f'host: {env.get("host_cpu")}, {env.get("host_cpus")} CPUs, load average'
            f' {env.get("loadavg_start")} -> {env.get("loadavg_end")},'
            f' {env.get("load")} added busy loops, {env.get("total_s")} s')
    for b in bad:
        rep.say(f'FAILED {b}')
    rep.say('')
    ok = p1(rep, recs, data)
    p2(rep, recs)
    p4(rep, recs)
    p5(rep, recs, data)
    prof(rep, recs)
    for name, lines in (('report.txt', rep.lines), ('report.md', rep.md)):
        with open(os.path.join(bdir, name), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    with open(os.path.join(bdir, 'method.txt'), 'w') as f:
        # A key env.txt lacks reads None, as env.get() does.
        f.write(METHOD.format_map(collections.defaultdict(
            lambda: None, env, commit=commit_line(env), guest_cpu=cpu.get('model', '?'),
            sse4_2=cpu.get('sse4_2', '?'), crc32c=cpu.get('crc32c', '?'))))
    if plot(bdir, data, env):
        print(f'\n{os.path.join(bdir, "report.txt")}, report.md, bench.png, method.txt')
    else:
        ok = False
    return 0 if ok and not bad else 1


if __name__ == '__main__':
    sys.exit(main())
