#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write, or check, what is generated from the sctp_ootb netlink spec.

    gen.py [--ynl DIR]                      write every file below
    gen.py --check [--mutants] [--ynl DIR]  compare them with the spec

kmod/ootb/sctp_ootb.yaml is the source of:
  include/uapi/linux/sctp_ootb.h    the kernel's own generator,
                                    tools/net/ynl/ynl-gen-c.py --mode uapi,
                                    from the kernel source that `make ynl`
                                    extracts into build/ynl (DIR);
  tools/lib/sctp_ootb_policy.[ch]   this script: the attribute policies
                                    (libnl's struct nla_policy) that sctpctl
                                    and the host tests' stand-in share.
kmod/ootb/sctp_ootb.gen records the digests of the spec and of each file,
and which generator wrote them (the source package and the digest of
ynl-gen-c.py and nlspec.py).

--check prints one "ok NAME" or "not ok NAME: ..." line per file: a file
is as generated when neither it nor the spec changed since the record was
written, and, regenerated now, it is the same byte for byte.  A file of
ynl-gen-c.py can be regenerated to compare only by the recorded generator:
with another one (a newer kernel source) the digests alone decide, and a
"#" line says so, so that a new kernel source cannot fail the check by
itself.  --mutants then checks the check: hand edits of the spec and of
each file, made in a scratch copy, must each be caught.

Exit status 1 when a check failed, 2 on a usage error.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SPEC = 'kmod/ootb/sctp_ootb.yaml'
RECORD = 'kmod/ootb/sctp_ootb.gen'
UAPI = 'include/uapi/linux/sctp_ootb.h'
POLICY_H = 'tools/lib/sctp_ootb_policy.h'
POLICY_C = 'tools/lib/sctp_ootb_policy.c'
ME = 'tools/spec/gen.py'

# The kernel's generator and its spec library, as the source tree has
# them: up to 6.13, then from 6.14 in pyynl/.
YNL_LAYOUTS = [('tools/net/ynl/ynl-gen-c.py', 'tools/net/ynl/lib/nlspec.py'),
               ('tools/net/ynl/pyynl/ynl_gen_c.py',
                'tools/net/ynl/pyynl/lib/nlspec.py')]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read(root, rel):
    with open(os.path.join(root, rel), 'rb') as f:
        return f.read()


def c_upper(*parts):
    return '_'.join(p.replace('-', '_') for p in parts).upper()


# ---- the kernel's generator -------------------------------------------------

class Ynl:
    """ynl-gen-c.py of an extracted kernel source (make ynl)."""

    def __init__(self, ynl_dir):
        self.dir = ynl_dir
        for gen, lib in YNL_LAYOUTS:
            if os.path.isfile(os.path.join(ynl_dir, gen)) and \
               os.path.isfile(os.path.join(ynl_dir, lib)):
                break
        else:
            raise FileNotFoundError(
                f'no {YNL_LAYOUTS[0][0]} under {ynl_dir}: run "make ynl" at the top')
        self.gen = gen
        self.digest = sha256(read(ynl_dir, gen) + read(ynl_dir, lib))
        try:
            with open(os.path.join(ynl_dir, 'SOURCE')) as f:
                self.source = f.read().strip() or 'unknown'
        except OSError:
            self.source = 'unknown'

    def uapi(self, spec_text):
        """The uapi header the spec makes, as bytes."""
        proto = yaml.safe_load(spec_text).get('protocol', 'genetlink')
        schema = os.path.join(self.dir, 'Documentation', 'netlink',
                              f'{proto}.yaml')
        with tempfile.TemporaryDirectory() as d:
            # The generator names its input relative to the kernel tree it
            # finds by a MAINTAINERS file above it (and loops forever when
            # there is none), and validates the spec with the schema two
            # directories above it: lay the spec out as in our tree.
            open(os.path.join(d, 'MAINTAINERS'), 'w').close()
            os.makedirs(os.path.join(d, os.path.dirname(SPEC)))
            shutil.copy(schema, os.path.join(d, 'kmod', f'{proto}.yaml'))
            with open(os.path.join(d, SPEC), 'wb') as f:
                f.write(spec_text)
            out = os.path.join(d, 'out.h')
            r = subprocess.run([sys.executable, os.path.join(self.dir, self.gen),
                                '--mode', 'uapi', '--header', '--spec', SPEC,
                                '-o', out], cwd=d, capture_output=True,
                               text=True, timeout=300)
            if r.returncode or not os.path.isfile(out):
                raise RuntimeError(f'{self.gen} failed: '
                                   f'{(r.stdout + r.stderr).strip()[-500:]}')
            with open(out, 'rb') as f:
                return f.read()


# ---- the userspace policies -------------------------------------------------

NLA = {'u8': ('NLA_U8', 1), 'u16': ('NLA_U16', 2), 'u32': ('NLA_U32', 4),
       'u64': ('NLA_U64', 8), 'flag': ('NLA_FLAG', 0),
       'nest': ('NLA_NESTED', 0), 'string': ('NLA_STRING', 0)}
TYPE_MAX = {'u8': 0xff, 'u16': 0xffff, 'u32': 0xffffffff,
            'u64': 0xffffffffffffffff}


class Family:
    def __init__(self, y):
        self.y = y
        self.name = y['name']
        self.consts = {d['name']: d for d in y.get('definitions', [])}
        self.sets = {s['name']: s for s in y['attribute-sets']}
        base = [s for s in y['attribute-sets'] if 'subset-of' not in s]
        if len(base) != 1:
            raise ValueError('the policies assume one attribute space')
        self.base = base[0]
        self.attrs = {}
        val = 1
        for a in self.base['attributes']:
            val = a.get('value', val)
            self.attrs[a['name']] = (val, a)
            val += 1
        self.op_prefix = y['operations'].get('name-prefix',
                                             f'{self.name}-cmd-')

    def enum(self, attr):
        return c_upper(self.base.get('name-prefix',
                                     f'{self.name}-a-') + attr)

    def limit(self, v):
        if isinstance(v, int):
            return v
        if v in self.consts:
            return self.consts[v]['value']
        m = re.fullmatch(r'([us])(8|16|32|64)-(min|max)', v)
        if m and m.group(1) == 'u':
            return 0 if m.group(3) == 'min' else (1 << int(m.group(2))) - 1
        raise ValueError(f'unknown limit {v!r}')

    def ops(self):
        """[(value, op)] of the operations a request can name."""
        out, val = [], 1
        for op in self.y['operations']['list']:
            val = op.get('value', val)
            if 'do' in op or 'dump' in op:
                out.append((val, op))
            val += 1
        return out


def policy_entry(fam, name):
    a = fam.attrs[name][1]
    if a['type'] not in NLA:
        return None
    t, size = NLA[a['type']]
    if size:
        return f'{{ .type = {t}, .maxlen = {size} }}'
    return f'{{ .type = {t} }}'


def policy_array(fam, cname, names, static):
    lines = [f'{"static " if static else ""}const struct nla_policy '
             f'{cname}[{c_upper(fam.name, "a-max")} + 1] = {{']
    for n in sorted(names, key=lambda n: fam.attrs[n][0]):
        e = policy_entry(fam, n)
        if e:
            lines.append(f'\t[{fam.enum(n)}] = {e},')
    lines.append('};')
    return lines


def banner(comment):
    return [comment, '/* Do not edit directly: generated from */',
            f'/*\t{SPEC} by {ME} */']


def policy_h(fam):
    ident = c_upper(fam.name, 'policy-h')
    out = banner('/* SPDX-License-Identifier: GPL-2.0 */') + [
        '/*',
        ' * The attributes of the sctp_ootb family as libnl policies, for the',
        ' * programs that speak it from userspace: sctpctl, and the host tests\'',
        ' * stand-in of the module.  Needs libnl-3 and the uapi header only.',
        ' */',
        f'#ifndef {ident}',
        f'#define {ident}',
        '',
        '#include <stdbool.h>',
        '#include <stdint.h>',
        '',
        '#include <netlink/attr.h>',
        '',
        '#include <uapi/linux/sctp_ootb.h>',
        '',
        '/* Every attribute by its type: to parse any message of the family. */',
        f'extern const struct nla_policy {fam.name}_policy[SCTP_OOTB_A_MAX + 1];',
        '',
    ]
    for s in fam.y['attribute-sets']:
        if 'subset-of' in s:
            out += [f'/* The attributes of a {s["name"]} nest. */',
                    f'extern const struct nla_policy '
                    f'{fam.name}_{s["name"].replace("-", "_")}_policy'
                    f'[SCTP_OOTB_A_MAX + 1];', '']
    out += [
        '/* The bounds the module puts on an integer attribute (checks:); */',
        '/* { 0, 0 }: none but its type\'s. */',
        f'struct {fam.name}_bounds {{',
        '\tuint64_t min, max;',
        '};',
        '',
        f'extern const struct {fam.name}_bounds '
        f'{fam.name}_bounds[SCTP_OOTB_A_MAX + 1];',
        '',
        '/* An operation a request can name, as the module implements it. */',
        f'struct {fam.name}_op {{',
        '\tconst char *name;\t\t/* as in the spec: "add-range"... */',
        '\tbool has_do, has_dump;',
        '\tbool admin;\t\t\t/* needs CAP_NET_ADMIN (uns-admin-perm) */',
        '\t/* The attributes its do takes (the dump shares it); NULL: none. */',
        '\tconst struct nla_policy *request;',
        '};',
        '',
        f'extern const struct {fam.name}_op {fam.name}_ops[SCTP_OOTB_CMD_MAX + 1];',
        '',
        f'#endif /* {ident} */',
    ]
    return ('\n'.join(out) + '\n').encode()


def policy_c(fam):
    out = banner('// SPDX-License-Identifier: GPL-2.0') + [
        f'#include "{os.path.basename(POLICY_H)}"',
        '',
    ]
    out += policy_array(fam, f'{fam.name}_policy', list(fam.attrs), False)
    for s in fam.y['attribute-sets']:
        if 'subset-of' in s:
            out += [''] + policy_array(
                fam, f'{fam.name}_{s["name"].replace("-", "_")}_policy',
                [a['name'] for a in s['attributes']], False)
    out += ['', f'const struct {fam.name}_bounds '
            f'{fam.name}_bounds[SCTP_OOTB_A_MAX + 1] = {{']
    for n, (v, a) in sorted(fam.attrs.items(), key=lambda x: x[1][0]):
        c = a.get('checks', {})
        if a['type'] not in TYPE_MAX or not c:
            continue
        lo = fam.limit(c.get('min', 0))
        hi = fam.limit(c.get('max', TYPE_MAX[a['type']]))
        out.append(f'\t[{fam.enum(n)}] = {{ {lo}, {hi}U{"LL" if hi > 0xffffffff else ""} }},')
    out.append('};')
    table = []
    for val, op in fam.ops():
        req = op.get('do', {}).get('request', {}).get('attributes')
        cname = f'{op["name"].replace("-", "_")}_request'
        if req:
            out += [''] + policy_array(fam, cname, req, True)
        table.append((val, op, cname if req else None))
    out += ['', f'const struct {fam.name}_op {fam.name}_ops[SCTP_OOTB_CMD_MAX + 1] = {{']
    for val, op, cname in table:
        out.append(f'\t[{c_upper(fam.op_prefix + op["name"])}] = {{')
        out.append(f'\t\t.name = "{op["name"]}",')
        if 'do' in op:
            out.append('\t\t.has_do = true,')
        if 'dump' in op:
            out.append('\t\t.has_dump = true,')
        if 'uns-admin-perm' in op.get('flags', []) or \
           'admin-perm' in op.get('flags', []):
            out.append('\t\t.admin = true,')
        if cname:
            out.append(f'\t\t.request = {cname},')
        out.append('\t},')
    out.append('};')
    return ('\n'.join(out) + '\n').encode()


# ---- generate, record, check ------------------------------------------------

def generate(spec_text, ynl):
    """{path: bytes} of every generated file."""
    fam = Family(yaml.safe_load(spec_text))
    return {UAPI: ynl.uapi(spec_text),
            POLICY_H: policy_h(fam),
            POLICY_C: policy_c(fam)}


def record_text(spec_text, files, ynl):
    lines = [
        '# SPDX-License-Identifier: GPL-2.0',
        f'# Written by {ME}: what it generated from {os.path.basename(SPEC)},',
        '# and with which generator.  make unit (spec-generated) checks that',
        '# neither the spec nor a generated file changed since, and compares',
        '# each file with what the spec generates now.',
        f'generator ynl-gen-c.py sha256:{ynl.digest} {ynl.source}',
        f'source {SPEC} sha256:{sha256(spec_text)}',
    ]
    for path in sorted(files):
        by = 'ynl-gen-c.py --mode uapi --header' if path == UAPI else ME
        lines.append(f'output {path} sha256:{sha256(files[path])} {by}')
    return ('\n'.join(lines) + '\n').encode()


def parse_record(text):
    rec = {'outputs': {}}
    for line in text.decode().splitlines():
        w = line.split()
        if not w or w[0].startswith('#'):
            continue
        if w[0] == 'generator' and len(w) >= 3:
            rec['generator'] = w[2].removeprefix('sha256:')
            rec['generator_source'] = ' '.join(w[3:])
        elif w[0] == 'source' and len(w) >= 3:
            rec['source'] = (w[1], w[2].removeprefix('sha256:'))
        elif w[0] == 'output' and len(w) >= 3:
            rec['outputs'][w[1]] = w[2].removeprefix('sha256:')
    return rec


def write(root, ynl):
    spec_text = read(root, SPEC)
    files = generate(spec_text, ynl)
    for path, data in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full + '.tmp', 'wb') as f:
            f.write(data)
        os.replace(full + '.tmp', full)
        print(f'  GEN     {path}')
    with open(os.path.join(root, RECORD), 'wb') as f:
        f.write(record_text(spec_text, files, ynl))
    print(f'  GEN     {RECORD} (generator {ynl.source})')


CHECK_NAME = {UAPI: 'spec-gen-uapi-header', POLICY_H: 'spec-gen-policy-h',
              POLICY_C: 'spec-gen-policy-c'}


def check(root, ynl):
    """[(name, problem or None)], and '#' notes."""
    results, notes = [], []
    try:
        rec = parse_record(read(root, RECORD))
    except OSError as e:
        return [('spec-gen-record', f'cannot read {RECORD}: {e.strerror}')], notes
    spec_text = read(root, SPEC)
    missing = [k for k in ('generator', 'source') if k not in rec]
    missing += [p for p in CHECK_NAME if p not in rec['outputs']]
    results.append(('spec-gen-record',
                    f'{RECORD} lacks {", ".join(missing)}' if missing else None))
    if 'source' in rec:
        got = sha256(spec_text)
        results.append(('spec-gen-source', None if got == rec['source'][1] else
                        f'{SPEC} changed after the files were generated '
                        f'(sha256 {got[:12]}, recorded {rec["source"][1][:12]}): '
                        f'run {ME} and commit what it writes'))
    try:
        files = generate(spec_text, ynl)
    except (RuntimeError, ValueError, KeyError, subprocess.TimeoutExpired) as e:
        return results + [('spec-gen-run', f'cannot generate: {e}')], notes
    same_gen = rec.get('generator') == ynl.digest
    for path, name in CHECK_NAME.items():
        try:
            have = read(root, path)
        except OSError as e:
            results.append((name, f'cannot read {path}: {e.strerror}'))
            continue
        want = rec['outputs'].get(path)
        if want and sha256(have) != want:
            results.append((name, f'{path} was edited after it was generated '
                            f'(sha256 {sha256(have)[:12]}, recorded {want[:12]}): '
                            f'edit {SPEC} instead and run {ME}'))
            continue
        if files[path] == have:
            results.append((name, None))
        elif path == UAPI and not same_gen:
            results.append((name, None))
            notes.append(f'# {name}: the generator at hand ({ynl.source}, '
                         f'sha256 {ynl.digest[:12]}) is not the recorded one '
                         f'({rec.get("generator_source")}, sha256 '
                         f'{rec.get("generator", "?")[:12]}) and writes '
                         f'{path} otherwise: compared by the recorded digests '
                         f'only (run {ME} to move to it)')
        else:
            diff = first_diff(have, files[path])
            results.append((name, f'{path} is not what {SPEC} generates '
                            f'({diff}): run {ME}'))
    return results, notes


def first_diff(a, b):
    la, lb = a.decode(errors='replace').splitlines(), \
        b.decode(errors='replace').splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f'line {i + 1}: {x.strip()!r}, generated {y.strip()!r}'
    return f'{len(la)} lines, generated {len(lb)}'


# Hand edits the check must catch, each made in a scratch copy of the tree.
def sub(path, old, new):
    def edit(root):
        full = os.path.join(root, path)
        with open(full) as f:
            text = f.read()
        if old not in text:
            raise ValueError(f'{path}: {old!r} not found')
        with open(full, 'w') as f:
            f.write(text.replace(old, new, 1))
    return edit


def refresh(root):
    """Make the record agree with the files as they are (a hand edit of it)."""
    full = os.path.join(root, RECORD)
    with open(full) as f:
        text = f.read()
    for path in [SPEC] + list(CHECK_NAME):
        digest = sha256(read(root, path))
        text = re.sub(rf'(\s{re.escape(path)} sha256:)[0-9a-f]+',
                      rf'\g<1>{digest}', text)
    with open(full, 'w') as f:
        f.write(text)


def other_generator(root):
    """Record another generator, as if a newer kernel source wrote the files."""
    sub(RECORD, 'generator ynl-gen-c.py sha256:',
        'generator ynl-gen-c.py sha256:0000')(root)


def both(*edits):
    def edit(root):
        for e in edits:
            e(root)
    return edit


HEADER_VALUE = sub(UAPI, 'SCTP_OOTB_MAX_RANGES\t1024', 'SCTP_OOTB_MAX_RANGES\t2048')
HEADER_NOTE = sub(UAPI, '#endif /* _UAPI', '/* a note */\n#endif /* _UAPI')
SPEC_VALUE = sub(SPEC, '\nversion: 3\n', '\nversion: 4\n')

MUTANTS = [
    ('header-value', HEADER_VALUE),
    ('header-enum', sub(UAPI, '\tSCTP_OOTB_CMD_GET_PORT,\n',
                        '\tSCTP_OOTB_CMD_GET_PORT,\n\tSCTP_OOTB_CMD_RUN,\n')),
    ('header-comment', HEADER_NOTE),
    ('spec-value', SPEC_VALUE),
    ('spec-doc', sub(SPEC, 'Capacity of the table.', 'Size of the table.')),
    ('policy-c', sub(POLICY_C, '.type = NLA_U16, .maxlen = 2',
                     '.type = NLA_U32, .maxlen = 4')),
    ('policy-h', sub(POLICY_H, 'bool admin;', 'bool admin, owned;')),
    # The record edited to match: regenerating tells.
    ('header-and-record', both(HEADER_VALUE, refresh)),
    ('spec-and-record', both(SPEC_VALUE, refresh)),
    # Another generator recorded: the digests still tell a hand edit.
    ('other-generator-header', both(other_generator, HEADER_VALUE)),
    ('other-generator-spec', both(other_generator, SPEC_VALUE)),
]

# What must still pass: files that another generator wrote differently
# from the one at hand (a newer kernel source) are not an error.
PASSING = [
    ('other-generator', both(other_generator, HEADER_NOTE, refresh)),
]


def scratch_check(root, ynl, edit):
    """The problems check() finds in a scratch copy that @edit changed."""
    with tempfile.TemporaryDirectory() as d:
        for rel in (SPEC, RECORD, UAPI, POLICY_H, POLICY_C):
            os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
            shutil.copy(os.path.join(root, rel), os.path.join(d, rel))
        edit(d)
        return [p for _, p in check(d, ynl)[0] if p]


def mutants(root, ynl):
    out = []
    for name, edit in MUTANTS:
        found = scratch_check(root, ynl, edit)
        out.append((f'spec-gen-mutant-{name}', found[0] if found else None,
                    'the hand edit went unnoticed'))
    for name, edit in PASSING:
        found = scratch_check(root, ynl, edit)
        out.append((f'spec-gen-{name}', None if found else 'passes',
                    f'refused: {found[0] if found else ""}'))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--mutants', action='store_true')
    ap.add_argument('--ynl', default=os.path.join(TOP, 'build', 'ynl'))
    ap.add_argument('--root', default=TOP, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mutants and not args.check:
        ap.error('--mutants goes with --check')
    try:
        ynl = Ynl(args.ynl)
    except FileNotFoundError as e:
        print(f'{ME}: {e}', file=sys.stderr)
        return 2
    if not args.check:
        write(args.root, ynl)
        return 0

    results, notes = check(args.root, ynl)
    failed = 0
    for name, problem in results:
        if problem:
            failed += 1
            print(f'not ok {name}: {problem}')
        else:
            print(f'ok {name}')
    for n in notes:
        print(n)
    if args.mutants:
        if failed:
            print('# mutants not run: the tree itself fails')
        else:
            for name, found, why in mutants(args.root, ynl):
                if found:
                    print(f'ok {name} # {"found: " if found != "passes" else ""}{found}')
                else:
                    failed += 1
                    print(f'not ok {name}: {why}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
