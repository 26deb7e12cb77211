#!/usr/bin/env python3
"""Where a Go wasm binary's bytes go: code bytes per Go package (from the
name section of an unstripped build) plus the size of each section.

    GOOS=js GOARCH=wasm go build -trimpath -o /tmp/full.wasm ./wasm
    python3 bench/wasm-size.py /tmp/full.wasm [top]

And why something is in it: the chain of references by which the linker
first reached a symbol (from the linker's -dumpdep), for each symbol prefix,
plus the edges by which other packages enter that symbol's package.

    python3 bench/wasm-size.py --why 'crypto/tls.(*Conn).clientHandshake' 'net/http.(*Transport).roundTrip'
"""
import sys, re, collections, subprocess, os, tempfile

def uleb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i

def main():
    if sys.argv[1:2] == ['--why']:
        return why(sys.argv[2:])
    data = open(sys.argv[1], 'rb').read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    i, sections, bodies, names, nimports = 8, [], [], {}, 0
    while i < len(data):
        sid = data[i]; i += 1
        size, i = uleb(data, i)
        end = i + size
        name = {0: 'custom', 1: 'type', 2: 'import', 3: 'function', 6: 'global', 7: 'export', 10: 'code', 11: 'data'}.get(sid, str(sid))
        if sid == 0:
            nl, j = uleb(data, i); cname = data[j:j+nl].decode(); name = 'custom:' + cname
            if cname == 'name':
                j += nl
                while j < end:
                    sub = data[j]; j += 1
                    ssz, j = uleb(data, j); send = j + ssz
                    if sub == 1:
                        cnt, j = uleb(data, j)
                        for _ in range(cnt):
                            idx, j = uleb(data, j); l, j = uleb(data, j)
                            names[idx] = data[j:j+l].decode(errors='replace'); j += l
                    j = send
        elif sid == 2:
            cnt, j = uleb(data, i)
            for _ in range(cnt):
                l, j = uleb(data, j); j += l
                l, j = uleb(data, j); j += l
                kind = data[j]; j += 1
                if kind == 0: _, j = uleb(data, j); nimports += 1
                elif kind == 1: j += 1; fl = data[j]; j += 1; _, j = uleb(data, j); j = uleb(data, j)[1] if fl & 1 else j
                elif kind == 2: fl = data[j]; j += 1; _, j = uleb(data, j); j = uleb(data, j)[1] if fl & 1 else j
                elif kind == 3: j += 2
        elif sid == 10:
            cnt, j = uleb(data, i)
            for _ in range(cnt):
                sz, j2 = uleb(data, j); bodies.append(sz + (j2 - j)); j = j2 + sz
        sections.append((name, size))
        i = end
    print(f'file {len(data)} bytes')
    for n, s in sections: print(f'  section {n:20s} {s:10d}')
    per = collections.Counter()
    for k, sz in enumerate(bodies):
        fn = names.get(nimports + k, '?')
        per[package(fn)] += sz
    print(f'\ncode bytes per package (top {top}):')
    for p, s in per.most_common(top): print(f'  {s:9d}  {p}')

def package(fn):
    # The linker mangles "/" to "_": "github.com_x_y.(*T).M" -> "github.com_x_y",
    # "net_http.foo" -> "net_http".
    fn = fn.split('[')[0].replace('/', '_')
    m = re.match(r'((?:[a-z0-9-]+\.(?:com|org|net|io|in|dev|land)_)?[^.]+)', fn)
    return m.group(1) if m else fn

def why(prefixes, pkg='./wasm'):
    # -dumpdep prints "from -> to" for every edge the linker's dead-code pass
    # follows, in the order it marks symbols: the first edge into a symbol is
    # the reason it is kept.
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, GOOS='js', GOARCH='wasm')
        r = subprocess.run(['go', 'build', '-trimpath', '-ldflags=-dumpdep', '-o', os.path.join(d, 'm.wasm'), pkg],
                           env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(r.stderr[-2000:])
    parent, edges = {}, []
    for line in r.stderr.splitlines():
        a, sep, b = line.partition(' -> ')
        if sep:
            parent.setdefault(b, a)
            edges.append((a, b))
    for p in prefixes:
        hit = next((k for k in parent if k.startswith(p)), None)
        if hit is None:
            print(f'{p}: not reachable\n')
            continue
        chain, seen = [hit], {hit}
        while chain[-1] in parent and parent[chain[-1]] not in seen:
            chain.append(parent[chain[-1]]); seen.add(chain[-1])
        print('\n  <- '.join(chain))
        pk = symbol_package(hit)
        entries = collections.Counter(a for a, b in edges if symbol_package(b) == pk and symbol_package(a) != pk)
        print(f'  entries into {pk} from other packages (first 10):')
        for a, n in entries.most_common(10):
            print(f'    {n:4d}  {a}')
        print()

def symbol_package(sym):
    # "type:*net/http.Transport <UsedInIface>" -> "net/http"; "go:main.inittasks" -> "go:main"
    sym = sym.split(' ')[0]
    if sym.startswith('type:'):
        sym = sym[5:].lstrip('*[]')
    head, _, tail = sym.rpartition('/')
    return head + ('/' if head else '') + tail.split('.')[0]

if __name__ == '__main__':
    main()
