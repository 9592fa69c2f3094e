#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# checks: spec-schema spec-header spec-mutant-*
"""Check that the sctp_ootb netlink spec, the uapi header and the module agree.

    spec_check.py --spec YAML --header H [--schema S] [--policy FILE] [--mutants]

The spec (kmod/ootb/sctp_ootb.yaml) is compared with:
  - the uapi header (include/uapi/linux/sctp_ootb.h): family name, version,
    multicast group, constants, and every value of the policy, attribute and
    command enums, both ways;
  - with --schema, the kernel's netlink spec schema (genetlink-legacy.yaml);
  - with --policy, what the running module reports (the output of `ootbnl
    policy`: CTRL_CMD_GETFAMILY and CTRL_CMD_GETPOLICY): the version, the
    highest attribute, the groups, which commands have a do and a dump,
    which need uns-admin-perm, and for each the attributes the kernel's
    policy accepts, with their types and min/max checks, nests included.
--mutants then checks the checker: each of a set of deliberate errors in
the spec (and one in the header) must be found.

One line per check, "ok NAME" or "not ok NAME: ...", then the findings;
exit status 1 when a check failed, 2 on a usage error.
"""

import argparse
import copy
import re
import sys

import yaml

# Unsigned limits of the kernel's integer attributes (NLA_POLICY_* default).
TYPE_MAX = {'u8': 255, 'u16': 65535, 'u32': 4294967295,
            'u64': 18446744073709551615}
# Spec attribute type -> the kernel's NL_ATTR_TYPE_* name (ootbnl's words).
KERNEL_TYPE = {'u8': 'u8', 'u16': 'u16', 'u32': 'u32', 'u64': 'u64',
               'flag': 'flag', 'nest': 'nested'}


def c_name(*parts):
    return '_'.join(p.replace('-', '_') for p in parts).upper()


# ---- the header ---------------------------------------------------------------

def parse_header(path):
    """#defines and enums of a uapi header: (defines, {enum: [(NAME, value)]})."""
    text = open(path).read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    defines = {}
    for m in re.finditer(r'^#define[ \t]+(\w+)[ \t]+(.+?)[ \t]*$', text, flags=re.M):
        val = m.group(2)
        if val.startswith('"'):
            defines[m.group(1)] = val.strip('"')
        elif re.fullmatch(r'\d+', val):
            defines[m.group(1)] = int(val)
    enums = {}
    for m in re.finditer(r'enum\s+(\w+)\s*\{(.*?)\}', text, flags=re.S):
        known, items, nxt = {}, [], 0
        for item in m.group(2).split(','):
            item = item.strip()
            if not item:
                continue
            name, _, expr = (x.strip() for x in item.partition('='))
            expr = expr.strip('()').strip()
            if expr:
                e = re.fullmatch(r'(\w+)\s*([-+])\s*(\d+)', expr)
                if re.fullmatch(r'\d+', expr):
                    nxt = int(expr)
                elif e and e.group(1) in known:
                    off = int(e.group(3))
                    nxt = known[e.group(1)] + (off if e.group(2) == '+' else -off)
                elif expr in known:
                    nxt = known[expr]
                else:
                    raise ValueError(f'{path}: cannot evaluate {item!r}')
            known[name] = nxt
            items.append((name, nxt))
            nxt += 1
        enums[m.group(1)] = items
    return defines, enums


# ---- the spec -------------------------------------------------------------------

class Spec:
    def __init__(self, y):
        self.y = y
        self.name = y['name']
        self.consts = {d['name']: d for d in y.get('definitions', [])}
        self.sets = {s['name']: s for s in y['attribute-sets']}
        self.ops = y['operations']['list']

    def const_value(self, v):
        if isinstance(v, int):
            return v
        if v in self.consts and self.consts[v]['type'] == 'const':
            return self.consts[v]['value']
        raise ValueError(f'unknown constant {v!r}')

    def attrs(self, set_name):
        """[(name, value, attr spec)] of a set, subsets resolved."""
        s = self.sets[set_name]
        if 'subset-of' in s:
            parent = {a[0]: a for a in self.attrs(s['subset-of'])}
            return [parent[a['name']] for a in s['attributes']]
        out, val = [], 1
        for a in s['attributes']:
            val = a.get('value', val)
            out.append((a['name'], val, a))
            val += 1
        return out

    def op_values(self):
        """[(name, value, op)] in the unified model."""
        out, val = [], 1
        for op in self.ops:
            val = op.get('value', val)
            out.append((op['name'], val, op))
            val += 1
        return out


class Findings(list):
    def check(self, cond, text):
        if not cond:
            self.append(text)


def check_header(spec, defines, enums, f):
    y = spec.y
    for key, want in (('c-family-name', spec.name),
                      ('c-version-name', y.get('version', 1))):
        macro = c_name(y[key]) if key in y else None
        f.check(macro in defines, f'header has no #define for {key}')
        if macro in defines:
            f.check(defines[macro] == want,
                    f'{macro} is {defines[macro]!r} in the header, {want!r} in the spec')
    groups = y.get('mcast-groups', {}).get('list', [])
    for g in groups:
        macro = c_name(g.get('c-define-name', f"{spec.name}-mcgrp-{g['name']}"))
        f.check(defines.get(macro) == g['name'],
                f"group {g['name']}: {macro} is {defines.get(macro)!r} in the header")
    for d in y.get('definitions', []):
        if d['type'] == 'const':
            macro = c_name(spec.name, d['name'])
            f.check(defines.get(macro) == d['value'],
                    f"const {d['name']}: {macro} is {defines.get(macro)!r} in the header, {d['value']} in the spec")
        elif d['type'] == 'enum':
            prefix = d.get('name-prefix', f"{spec.name}-{d['name']}-")
            want = [(c_name(prefix + (e if isinstance(e, str) else e['name'])), i)
                    for i, e in enumerate(d['entries'], d.get('value-start', 0))]
            enum = c_name(d.get('enum-name', f"{spec.name}-{d['name']}")).lower()
            compare_enum(f, f"enum {d['name']}", want, enums.get(enum))

    want = [(c_name(spec.sets['ootb']['name-prefix'] + n), v)
            for n, v, _ in spec.attrs('ootb')]
    enum = c_name(spec.sets['ootb'].get('enum-name', 'x')).lower()
    compare_enum(f, 'attribute set ootb', want, enums.get(enum))

    prefix = y['operations'].get('name-prefix', f'{spec.name}-cmd-')
    async_prefix = y['operations'].get('async-prefix')
    by_name = {n: v for n, v, _ in spec.op_values()}
    want, want_ntf = [], []
    for n, v, op in spec.op_values():
        if 'event' in op or 'notify' in op:
            base = n[:-4] if n.endswith('-ntf') else None
            f.check(base in by_name and by_name[base] == v,
                    f'{n}: value {v}, but the module announces with the command of the request ({base}: {by_name.get(base)})')
            f.check(op.get('mcgrp') in [g['name'] for g in groups],
                    f'{n}: no such group {op.get("mcgrp")!r}')
            if async_prefix:
                want_ntf.append((c_name(async_prefix + n), v))
            continue
        want.append((c_name(prefix + n), v))
    enum = c_name(y['operations'].get('enum-name', 'x')).lower()
    compare_enum(f, 'operations', want, enums.get(enum))
    if async_prefix:
        enum = c_name(y['operations'].get('async-enum', 'x')).lower()
        compare_enum(f, 'notifications', want_ntf, enums.get(enum))

    # An enum attribute's max check is the enum's last value, so that a new
    # entry cannot be added without the policy letting it through.
    for n, v, a in spec.attrs('ootb'):
        d = spec.consts.get(a.get('enum'))
        if d and d['type'] == 'enum' and 'max' in a.get('checks', {}):
            last = d.get('value-start', 0) + len(d['entries']) - 1
            f.check(spec.const_value(a['checks']['max']) == last,
                    f"attribute {n}: checks max {a['checks']['max']}, but enum {d['name']} ends at {last}")

    for s in y['attribute-sets']:
        if 'subset-of' in s:
            names = [a[0] for a in spec.attrs(s['subset-of'])]
            for a in s['attributes']:
                f.check(a['name'] in names,
                        f"set {s['name']}: {a['name']} not in {s['subset-of']}")


def compare_enum(f, what, want, got):
    """@want [(NAME, value)] from the spec against a header enum, both ways."""
    if got is None:
        f.append(f'{what}: no such enum in the header')
        return
    got = [(n, v) for n, v in got if not re.search(r'(^__|_MAX$)', n)]
    gd, wd = dict(got), dict(want)
    for n, v in want:
        f.check(n in gd, f'{what}: {n} missing from the header')
        if n in gd:
            f.check(gd[n] == v, f'{what}: {n} is {gd[n]} in the header, {v} in the spec')
    for n, v in got:
        f.check(n in wd, f'{what}: {n} = {v} of the header missing from the spec')


# ---- the running module -----------------------------------------------------------

def parse_policy(text):
    k = {'opflags': {}, 'mcgrp': set(), 'family': {}, 'op': {}, 'policy': {}}
    for line in text.splitlines():
        w = line.split()
        if not w:
            continue
        kv = dict(x.split('=', 1) for x in w if '=' in x)
        if w[0] == 'opflags':
            k['opflags'][int(w[1])] = set(kv.get('flags', '').split(',')) - {''}
        elif w[0] == 'mcgrp':
            k['mcgrp'].add(w[1])
        elif w[0] == 'family':
            k['family'] = kv
        elif w[0] == 'op':
            k['op'][int(w[1])] = {m: int(x) for m, x in kv.items()}
        elif w[0] == 'policy':
            k['policy'].setdefault(int(w[1]), {})[int(w[3])] = kv
    return k


def compare_policy(spec, set_name, names, kernel, idx, where, f, seen=()):
    """The kernel's policy @idx against attributes @names of @set_name."""
    pol = kernel['policy'].get(idx, {}) if idx is not None else {}
    # Attributes the kernel rejects outright are not dumped: absent == refused.
    accepted = {a for a, kv in pol.items() if kv.get('type') not in (None, 'invalid')}
    attrs = {n: (v, a) for n, v, a in spec.attrs(set_name)}
    want = {attrs[n][0]: n for n in names if n in attrs}
    for n in names:
        f.check(n in attrs, f'{where}: attribute {n} not in set {set_name}')
    for v in sorted(accepted - set(want)):
        f.append(f'{where}: the kernel accepts attribute {v}, the spec does not list it')
    for v, n in sorted(want.items()):
        if v not in accepted:
            f.append(f'{where}: {n} ({v}) listed by the spec, refused by the kernel')
            continue
        a = attrs[n][1]
        kv = pol[v]
        t = KERNEL_TYPE.get(a['type'], a['type'])
        f.check(kv.get('type') == t,
                f"{where}: {n} is {kv.get('type')} in the kernel, {a['type']} in the spec")
        if a['type'] in TYPE_MAX:
            checks = a.get('checks', {})
            lo = spec.const_value(checks.get('min', 0))
            hi = spec.const_value(checks.get('max', TYPE_MAX[a['type']]))
            f.check(int(kv.get('min', -1)) == lo and int(kv.get('max', -1)) == hi,
                    f"{where}: {n} is {kv.get('min')}..{kv.get('max')} in the kernel, {lo}..{hi} in the spec")
        if a['type'] == 'nest' and 'policy' in kv and (set_name, n) not in seen:
            sub = a['nested-attributes']
            compare_policy(spec, sub, [x[0] for x in spec.attrs(sub)], kernel,
                           int(kv['policy']), f'{where} > {n}', f,
                           seen + ((set_name, n),))


def check_kernel(spec, kernel, f):
    y = spec.y
    fam = kernel['family']
    f.check(fam.get('name') == spec.name, f"family {fam.get('name')!r}, spec {spec.name!r}")
    f.check(int(fam.get('version', 0)) == y.get('version', 1),
            f"version {fam.get('version')} in the kernel, {y.get('version', 1)} in the spec")
    maxattr = max(v for _, v, _ in spec.attrs('ootb'))
    f.check(int(fam.get('maxattr', -1)) == maxattr,
            f"maxattr {fam.get('maxattr')} in the kernel, {maxattr} in the spec")
    groups = {g['name'] for g in y.get('mcast-groups', {}).get('list', [])}
    f.check(kernel['mcgrp'] == groups,
            f"groups {sorted(kernel['mcgrp'])} in the kernel, {sorted(groups)} in the spec")

    calls = [(n, v, op) for n, v, op in spec.op_values()
             if ('do' in op or 'dump' in op)]
    for v in sorted(set(kernel['opflags']) - {v for _, v, _ in calls}):
        f.append(f'the kernel has command {v}, the spec does not')
    for n, v, op in calls:
        flags = kernel['opflags'].get(v)
        if flags is None:
            f.append(f'{n} ({v}): no such command in the kernel')
            continue
        for mode in ('do', 'dump'):
            f.check((mode in op) == (mode in flags),
                    f"{n}: {mode} {'in' if mode in flags else 'not in'} the kernel, "
                    f"{'in' if mode in op else 'not in'} the spec")
        for perm in ('admin-perm', 'uns-admin-perm'):
            f.check((perm in op.get('flags', [])) == (perm in flags),
                    f"{n}: {perm} {'set' if perm in flags else 'not set'} in the kernel, "
                    f"{'set' if perm in op.get('flags', []) else 'not set'} in the spec")
        pol = kernel['op'].get(v, {})
        sets = op.get('attribute-set', 'ootb')
        do_req = op.get('do', {}).get('request', {}).get('attributes', [])
        dump_req = op.get('dump', {}).get('request', {}).get('attributes', [])
        if 'do' in op:
            compare_policy(spec, sets, do_req, kernel, pol.get('do'), f'{n} do', f)
        if 'dump' in op:
            if 'do' in op and pol.get('dump') == pol.get('do'):
                # One struct genl_ops serves both: the kernel's dump policy
                # is the do's, and the module refuses the rest itself.
                for a in dump_req:
                    f.check(a in do_req, f'{n} dump: {a} not in the shared policy')
            else:
                compare_policy(spec, sets, dump_req, kernel, pol.get('dump'),
                               f'{n} dump', f)


# ---- mutants --------------------------------------------------------------------

def op_named(y, name):
    return next(op for op in y['operations']['list'] if op['name'] == name)


def attr_named(y, name):
    return next(a for a in y['attribute-sets'][0]['attributes'] if a['name'] == name)


def definition(y, name):
    return next(d for d in y['definitions'] if d['name'] == name)


def swap_2_3(a):
    a[2], a[3] = a[3], a[2]


# Deliberate errors in the spec, each checked as spec-mutant-NAME.
SPEC_MUTANTS = {
    'perm': lambda y: op_named(y, 'add-range').update(flags=['admin-perm']),
    'no-perm': lambda y: op_named(y, 'reset-counters').pop('flags'),
    'max': lambda y: attr_named(y, 'policy')['checks'].update(max=3),
    'min': lambda y: attr_named(y, 'port').pop('checks'),
    'type': lambda y: attr_named(y, 'start').update(type='u32'),
    'request': lambda y: op_named(y, 'add-range')['do']['request']['attributes'].remove('reserve'),
    'extra': lambda y: op_named(y, 'del-range')['do']['request']['attributes'].append('policy'),
    'nest': lambda y: y['attribute-sets'][1]['attributes'].pop(),
    'order': lambda y: swap_2_3(y['attribute-sets'][0]['attributes']),
    'dump': lambda y: op_named(y, 'get-range').update(do=op_named(y, 'get-range').pop('dump')),
    'no-dump': lambda y: op_named(y, 'reset-counters').pop('dump'),
    'group': lambda y: y['mcast-groups']['list'][0].update(name='events'),
    'version': lambda y: y.update(version=1),
    'ntf-value': lambda y: op_named(y, 'flush-ntf').update(value=9),
    'const': lambda y: definition(y, 'max-ranges').update(value=512),
    'enum-entry': lambda y: definition(y, 'policy')['entries'].append({'name': 'reject'}),
}
# Those a spec-to-header comparison alone can see (no module to ask).
HEADER_MUTANTS = ['order', 'group', 'version', 'ntf-value', 'const', 'enum-entry']


def findings(y, defines, enums, kernel, part=None):
    """What the checks find: of the header, the kernel or (None) both."""
    f = Findings()
    if part in (None, 'header'):
        check_header(Spec(y), defines, enums, f)
    if part in (None, 'kernel') and kernel is not None:
        check_kernel(Spec(y), kernel, f)
    return f


# ---- main -------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--spec', required=True)
    ap.add_argument('--header', required=True)
    ap.add_argument('--schema')
    ap.add_argument('--policy')
    ap.add_argument('--mutants', action='store_true')
    args = ap.parse_args()

    failed = 0

    def result(name, problems):
        nonlocal failed
        if problems:
            failed += 1
            print(f'not ok {name}: {len(problems)} problem(s)')
            for p in problems:
                print(f'#   {p}')
        else:
            print(f'ok {name}')

    y = yaml.safe_load(open(args.spec))
    defines, enums = parse_header(args.header)
    kernel = None
    if args.policy:
        kernel = parse_policy(open(args.policy).read())
        if not kernel['family']:
            print(f'not ok spec-policy-input: no "family" line in {args.policy}')
            return 1

    if args.schema:
        import jsonschema
        schema = yaml.safe_load(open(args.schema))
        try:
            jsonschema.validate(y, schema)
            result('spec-schema', [])
        except jsonschema.ValidationError as e:
            result('spec-schema', [f'{"/".join(map(str, e.path))}: {e.message}'])

    result('spec-header', findings(y, defines, enums, kernel, 'header'))
    if kernel is not None:
        result('spec-kernel', findings(y, defines, enums, kernel, 'kernel'))

    if args.mutants:
        # And one in the header: a command value moved.
        enums2 = copy.deepcopy(enums)
        cmds = enums2['sctp_ootb_cmd']
        cmds[1] = (cmds[1][0], 9)
        mutants = [(n, SPEC_MUTANTS[n], enums) for n in
                   (SPEC_MUTANTS if kernel is not None else HEADER_MUTANTS)]
        for name, mutate, e in mutants + [('header-cmd', lambda y: None, enums2)]:
            y2 = copy.deepcopy(y)
            mutate(y2)
            found = findings(y2, defines, e, kernel)
            if found:
                print(f'ok spec-mutant-{name} # found: {found[0]}')
            else:
                result(f'spec-mutant-{name}', ['the deliberate error went unnoticed'])

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
