#!/usr/bin/env python3
"""Where a Go wasm binary's bytes go: code bytes per Go package (from the
name section of an unstripped build) plus the size of each section.

    GOOS=js GOARCH=wasm go build -trimpath -o /tmp/full.wasm ./wasm
    python3 bench/wasm-size.py /tmp/full.wasm [top]
"""
import sys, re, collections

def uleb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i

def main():
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

if __name__ == '__main__':
    main()
