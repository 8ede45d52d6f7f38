#!/usr/bin/env bash
# Regenerates the README's table of the bundled suites' figures on this machine:
#   bash bench_suites/figures.sh [build-dir]
# Builds the suites standalone (Release), runs each benchmark binary with 5 repetitions and
# prints a Markdown table of medians (needs python3 to format the JSON). Figures from one run are
# side by side on the same machine, so the ratios (ours vs SQLite, decode vs read bandwidth) are
# what to quote; absolute numbers move with the machine and its load.
set -euo pipefail
cd "$(dirname "$0")"
build="${1:-/tmp/perfwarden-suite-figures}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERFWARDEN_SUITE_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for suite in kv_cache pk_lookup; do
  "$build/$suite/bench_$suite" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/$suite.json" --benchmark_out_format=json >/dev/null
done
python3 - "$out/kv_cache.json" "$out/pk_lookup.json" <<'PY'
import json, sys
def medians(path):
    rows = json.load(open(path))["benchmarks"]
    return {r["run_name"]: r for r in rows if r.get("aggregate_name") == "median"}
kv, pk = medians(sys.argv[1]), medians(sys.argv[2])
def us(r): return r["cpu_time"] * {"ns": 1e-3, "us": 1, "ms": 1e3, "s": 1e6}[r["time_unit"]]
bw = kv["BM_ReadBandwidth"]["bytes_per_second"]
print(f"Single-thread read bandwidth (`BM_ReadBandwidth`): **{bw/1e9:.1f} GB/s**\n")
print("| KV-cache benchmark | median CPU time | KV read GB/s | vs read bandwidth | note |")
print("|---|---:|---:|---:|---|")
for t in (4096, 32768):
    f16 = kv[f"BM_DecodeAttention_F16/{t}"]
    for name in (f"BM_DecodeAttention_F16/{t}", f"BM_DecodeAttention_Paged_F16/{t}", f"BM_DecodeAttention_KIVI2/{t}"):
        r = kv[name]
        note = ""
        if "Paged" in name: note = f"overhead vs contiguous {100*(us(r)/us(f16)-1):+.0f}%"
        if "KIVI2" in name: note = f"{us(f16)/us(r):.2f}x faster than fp16, {r.get('bytes_per_element', 0):.3f} B/element"
        print(f"| `{name}` | {us(r):,.0f} µs | {r['bytes_per_second']/1e9:.1f} | {100*r['bytes_per_second']/bw:.0f}% | {note} |")
m = kv["BM_MLADecodeAbsorbed/4096"]
print(f"| `BM_MLADecodeAbsorbed/4096` | {us(m):,.0f} µs | {m['bytes_per_second']/1e9:.1f} | | latent 512 + RoPE 64, 16 heads |")
ours, lite, scan = (pk[f"{n}/1000000"] for n in ("BM_PkLookup", "BM_SqlitePkLookup", "BM_FullScanLookup"))
print("\n| PK lookup, 1,000,000 rows | median CPU time per lookup | vs SQLite |")
print("|---|---:|---:|")
for name, r in (("`BM_PkLookup` (ours, rowid seek)", ours), ("`BM_SqlitePkLookup` (libsqlite3, prepared, in-memory)", lite), ("`BM_FullScanLookup` (the clone's plan)", scan)):
    print(f"| {name} | {us(r)*1e3:,.0f} ns | {us(r)/us(lite):.2f}x |")
PY
