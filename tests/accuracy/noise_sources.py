#!/usr/bin/env python3
"""Where does the between-process noise of short benchmarks come from? (issue: fewer inconclusive)

Runs a Google Benchmark binary as N fresh processes under each launch condition, interleaved in a
random order per index so machine drift hits all conditions alike, and prints each benchmark's
between-process CV (and a robust CV from the MAD) per condition:

  base    as perfwarden launches it
  noaslr  setarch -R: no address-space randomisation (stack, heap, mmap, vdso at fixed places)
  pin     taskset -c 1: no CPU migration
  envpad  a random 0-4 KiB environment variable: the stack starts at another alignment
  reps3   --benchmark_repetitions=3, median of the three: repetitions inside one process

usage: noise_sources.py BINARY FILTER N base,noaslr,pin,envpad,reps3
The README's accuracy section records what it measured and what was kept (nothing).
"""
binary, filt, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
conds = sys.argv[4].split(",")
def run(cond, i):
    out = tempfile.mktemp(suffix=".json")
    argv = [binary, f"--benchmark_out={out}", "--benchmark_out_format=json",
            "--benchmark_min_time=0.05", f"--benchmark_filter={filt}"]
    env = dict(os.environ)
    if cond == "reps3": argv.append("--benchmark_repetitions=3")
    if cond == "envpad": env["PERFWARDEN_PAD"] = "x" * random.randrange(0, 4096)
    if cond == "noaslr": argv = ["setarch", "-R"] + argv
    if cond == "pin": argv = ["taskset", "-c", "1"] + argv
    subprocess.run(argv, stdout=subprocess.DEVNULL, env=env, check=True)
    rows = json.load(open(out))["benchmarks"]; os.unlink(out)
    vals = {}
    for r in rows:
        if r.get("run_type") == "iteration": vals.setdefault(r["run_name"], []).append(r["real_time"])
    return {k: statistics.median(v) for k, v in vals.items()}
series = {c: [] for c in conds}
order = []
for i in range(n):
    cs = list(conds); random.shuffle(cs)
    for c in cs: series[c].append(run(c, i))
for c in conds:
    names = series[c][0].keys()
    for name in names:
        v = [s[name] for s in series[c]]
        med = statistics.median(v)
        mad = statistics.median([abs(x - med) for x in v]) * 1.4826
        print(f"{c:8s} {name:40s} median {med:9.2f}  cv {statistics.stdev(v)/statistics.mean(v)*100:5.2f}%  robust-cv {mad/med*100:5.2f}%  first3 {[round(x/med,2) for x in v[:3]]}")
import itertools
if os.environ.get("DUMP"):
    for name in series[conds[0]][0].keys():
        mat = [[series[c][i][name] for c in conds] for i in range(n)]
        json.dump({"name": name, "conds": conds, "mat": mat}, open(f"noise-{name.replace('/', '_')}.json", "w"))
        a = [r[0] for r in mat]; b = [r[1] for r in mat]
        print(name, "corr(cond0,cond1) at same index:", round(statistics.correlation(a, b), 2))
