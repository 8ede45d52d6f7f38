#!/usr/bin/env bash
# Regenerates the README's tables of the bundled suites' figures on this machine:
#   bash bench_suites/figures.sh [build-dir]
# Builds the suites standalone (Release), runs each benchmark binary with 5 repetitions and
# prints Markdown tables of medians (needs python3 to format the JSON). The KV-cache suite runs
# once per vector ISA the CPU has (KV_CACHE_MAX_ISA=avx2 forces the AVX2 path on an AVX-512
# CPU), and each ISA's column is set against its own process's machine limits: single-thread
# read bandwidth (BM_ReadBandwidth) for the memory-bound decode kernels, fp32 FMA throughput at
# that ISA's vector width (BM_FmaThroughput) for the compute-bound MLA kernel. Figures from one
# process are side by side on the same machine, so those ratios are what to quote; absolute
# numbers move with the machine, its load, and from one process to the next with placement.
set -euo pipefail
cd "$(dirname "$0")"
build="${1:-/tmp/perfwarden-suite-figures}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERFWARDEN_SUITE_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run() {  # run NAME BINARY [ENV=VALUE...]
  local name="$1" binary="$2"
  shift 2
  # Repetitions interleaved at random across the binary's benchmarks: a shared machine's load
  # changes over seconds, and one benchmark's five repetitions in a row would each see a
  # different machine (paged/contiguous on a loaded Xeon: 0.85-1.39 in a row, 1.14-1.15 mixed).
  if ! env "$@" "$binary" --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true \
    --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/$name.json" --benchmark_out_format=json >/dev/null 2>"$out/$name.log"; then
    cat "$out/$name.log" >&2
    echo "figures.sh: $binary failed (output above)" >&2
    exit 1
  fi
}
run kv_auto "$build/kv_cache/bench_kv_cache"
if grep -q '"kv_cache_isa": "avx512"' "$out/kv_auto.json"; then
  run kv_avx2 "$build/kv_cache/bench_kv_cache" KV_CACHE_MAX_ISA=avx2
fi
run pk_lookup "$build/pk_lookup/bench_pk_lookup"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
python3 - "$out" "$cpu" <<'PY'
import json, os, sys
out, cpu = sys.argv[1], sys.argv[2]
def load(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return None
    doc = json.load(open(path))
    rows = {r["run_name"]: r for r in doc["benchmarks"] if r.get("aggregate_name") == "median"}
    return doc["context"].get("kv_cache_isa", "?"), rows
runs = [r for r in (load("kv_auto"), load("kv_avx2")) if r]
def us(r): return r["cpu_time"] * {"ns": 1e-3, "us": 1, "ms": 1e3, "s": 1e6}[r["time_unit"]]
isas = [isa for isa, _ in runs]
print(f"CPU: {cpu}; KV-cache columns per ISA: {', '.join(isas)}\n")
print("| machine limit | " + " | ".join(isas) + " |")
print("|---|" + "---:|" * len(runs))
print("| read bandwidth (`BM_ReadBandwidth`) | " +
      " | ".join(f"{kv['BM_ReadBandwidth']['bytes_per_second']/1e9:.1f} GB/s" for _, kv in runs) + " |")
print("| fp32 FMA throughput (`BM_FmaThroughput`) | " +
      " | ".join(f"{kv['BM_FmaThroughput']['flops']/1e9:.0f} GFLOP/s" for _, kv in runs) + " |")
print()
def cell(kv, name):
    r, bw, fma = kv[name], kv["BM_ReadBandwidth"]["bytes_per_second"], kv["BM_FmaThroughput"]["flops"]
    if name.startswith("BM_MLA"):
        return f"{us(r):,.0f} µs, {100*r['flops']/fma:.0f}% of FMA"
    text = f"{us(r):,.0f} µs, {100*r['bytes_per_second']/bw:.0f}% of bandwidth"
    t = name.split("/")[1]
    f16 = kv[f"BM_DecodeAttention_F16/{t}"]
    if "Paged" in name: text += f", {100*(us(r)/us(f16)-1):+.0f}% vs contiguous"
    if "KIVI2" in name: text += f", {us(f16)/us(r):.2f}x fp16"
    return text
names = [f"BM_DecodeAttention_{k}/{t}" for t in (4096, 32768) for k in ("F16", "Paged_F16", "KIVI2")]
names.append("BM_MLADecodeAbsorbed/4096")
print("(`/4096` fits in L3, so it can exceed the memory read bandwidth.)\n")
print("| KV-cache benchmark (median CPU time) | " + " | ".join(isas) + " |")
print("|---|" + "---|" * len(runs))
for name in names:
    print(f"| `{name}` | " + " | ".join(cell(kv, name) for _, kv in runs) + " |")
_, pk = load("pk_lookup")
ours, lite, scan = (pk[f"{n}/1000000"] for n in ("BM_PkLookup", "BM_SqlitePkLookup", "BM_FullScanLookup"))
print("\n| PK lookup, 1,000,000 rows | median CPU time per lookup | vs SQLite |")
print("|---|---:|---:|")
for name, r in (("`BM_PkLookup` (ours, rowid seek)", ours), ("`BM_SqlitePkLookup` (libsqlite3, prepared, in-memory)", lite), ("`BM_FullScanLookup` (the clone's plan)", scan)):
    print(f"| {name} | {us(r)*1e3:,.0f} ns | {us(r)/us(lite):.2f}x |")
PY
