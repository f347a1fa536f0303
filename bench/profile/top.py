# bench/profile/top.py TRACE.speedscope.json [FRAME-REGEX] [N] — the top items of a dotnet-trace
# thread-time profile (dotnet-sampled-thread-time, converted with `dotnet-trace convert --format
# Speedscope`): only the stacks through a frame matching FRAME-REGEX (e.g. 'TokenEndpoint', or
# 'HttpProtocol\+<ProcessRequests>' for every request), cut at that frame; prints the share of
# running (CPU_TIME) and native (UNMANAGED_CODE_TIME, which includes SQLite's busy waits) samples, the
# last managed frame of each sample (exclusive) and every frame's inclusive share.
import json, sys, collections, re
d = json.load(open(sys.argv[1]))
root = sys.argv[2] if len(sys.argv) > 2 else None   # only stacks containing a frame matching this regex
N = int(sys.argv[3]) if len(sys.argv) > 3 else 40
frames = [f['name'] for f in d['shared']['frames']]
stacks = collections.Counter()
for p in d['profiles']:
    st = []; last = None
    for e in p['events']:
        t = e['at']
        if st and last is not None: stacks[tuple(st)] += t - last
        last = t
        if e['type'] == 'O': st.append(e['frame'])
        else:
            if st and st[-1] == e['frame']: st.pop()
            elif e['frame'] in st: st = st[:len(st)-1-st[::-1].index(e['frame'])]
def short(n):
    n = re.sub(r'\(.*', '', n); n = re.sub(r'^[^!]*!', '', n); return n[-100:]
sel = {}
for s, v in stacks.items():
    names = [frames[f] for f in s]
    if root:
        idx = [i for i, n in enumerate(names) if re.search(root, n)]
        if not idx: continue
        names = names[idx[0]:]
    sel[tuple(names)] = sel.get(tuple(names), 0) + v
total = sum(sel.values()); allt = sum(stacks.values())
print(f"selected {total:.0f} ms of {allt:.0f} ms thread time")
excl = collections.Counter(); incl = collections.Counter(); state = collections.Counter()
for s, v in sel.items():
    st = s[-1] if s[-1] in ('CPU_TIME', 'UNMANAGED_CODE_TIME') else '?'
    real = [n for n in s if n not in ('CPU_TIME', 'UNMANAGED_CODE_TIME')]
    state[st] += v
    excl[short(real[-1]) + ('  [native]' if st == 'UNMANAGED_CODE_TIME' else '')] += v
    for n in set(short(f) for f in real): incl[n] += v
print("states:", {k: f"{100*v/total:.1f}%" for k, v in state.items()})
print("== exclusive (last managed frame)")
for n, v in excl.most_common(N): print(f"{100*v/total:6.2f}%  {n}")
print("== inclusive")
skip = re.compile(r'MoveNext$|\.Start$|ExecutionContext|ThreadPool|AsyncMethodBuilder|Kestrel|Middleware|^Thread|Process64|^$|Threads')
k = 0
for n, v in incl.most_common(400):
    if skip.search(n): continue
    print(f"{100*v/total:6.2f}%  {n}"); k += 1
    if k >= N: break
