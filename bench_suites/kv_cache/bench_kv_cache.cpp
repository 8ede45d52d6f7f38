// Benchmarks for the kv_cache suite. perfwarden starts this binary ~25 times per gate run, so
// fixtures are built lazily (function-local statics, first use only) and shared: KIVI quantises
// and the paged benchmark copies the data BM_DecodeAttention_F16 reads, and BM_ReadBandwidth
// reads the very buffers BM_DecodeAttention_F16/32768 reads.
// Every benchmark reports its fixture's one-off build time as the `setup_ms` counter.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "decode_attention.h"
#include "fill.h"
#include "kivi.h"
#include "mla.h"
#include "paged_cache.h"

namespace kvc = perfwarden::kv_cache;

namespace {

const kvc::GqaShape kShape{};  // 32 query heads, 8 KV heads, head_dim 128

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

struct F16Fixture {
  std::int64_t tokens;
  kvc::AlignedArray<kvc::f16_bits> k, v;
  std::vector<float> q, out;
  double setup_ms;
  kvc::F16KvView view() const { return {k.get(), v.get(), tokens, tokens * kShape.head_dim}; }
  std::size_t bytes() const { return static_cast<std::size_t>(kvc::f16_kv_bytes(kShape, tokens)); }
};

const F16Fixture& f16_fixture(std::int64_t tokens) {
  static std::map<std::int64_t, std::unique_ptr<F16Fixture>> cache;
  auto& slot = cache[tokens];
  if (!slot) {
    const auto t0 = std::chrono::steady_clock::now();
    auto f = std::make_unique<F16Fixture>();
    f->tokens = tokens;
    const std::size_t n = static_cast<std::size_t>(kShape.kv_heads) * tokens * kShape.head_dim;
    f->k = kvc::allocate_aligned<kvc::f16_bits>(n);
    f->v = kvc::allocate_aligned<kvc::f16_bits>(n);
    kvc::fill_f16_random(f->k.get(), n, 0x6b + tokens);
    kvc::fill_f16_random(f->v.get(), n, 0x76 + tokens);
    f->q.resize(static_cast<std::size_t>(kShape.q_heads) * kShape.head_dim);
    f->out.resize(f->q.size());
    kvc::fill_f32_uniform(f->q.data(), f->q.size(), 0x71, 2.0f);
    f->setup_ms = ms_since(t0);
    slot = std::move(f);
  }
  return *slot;
}

struct KiviFixture {
  std::unique_ptr<kvc::KiviCache> cache;
  double setup_ms;
};

const KiviFixture& kivi_fixture(std::int64_t tokens) {
  static std::map<std::int64_t, KiviFixture> cache;
  auto& slot = cache[tokens];
  if (!slot.cache) {
    const F16Fixture& f = f16_fixture(tokens);  // quantise the same data the F16 benchmark reads
    const auto t0 = std::chrono::steady_clock::now();
    slot.cache = std::make_unique<kvc::KiviCache>(kShape.kv_heads, kShape.head_dim, tokens);
    slot.cache->append(f.k.get(), f.v.get(), tokens, tokens * kShape.head_dim);
    slot.setup_ms = ms_since(t0);
  }
  return slot;
}

__attribute__((target("avx2"))) std::uint64_t sum_bytes_avx2(const void* p, std::size_t bytes) {
  const __m256i* v = static_cast<const __m256i*>(p);
  __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
  for (std::size_t i = 0; i + 4 <= bytes / 32; i += 4) {  // 4 independent chains: load-bound
    a0 = _mm256_add_epi64(a0, _mm256_load_si256(v + i));
    a1 = _mm256_add_epi64(a1, _mm256_load_si256(v + i + 1));
    a2 = _mm256_add_epi64(a2, _mm256_load_si256(v + i + 2));
    a3 = _mm256_add_epi64(a3, _mm256_load_si256(v + i + 3));
  }
  const __m256i s = _mm256_add_epi64(_mm256_add_epi64(a0, a1), _mm256_add_epi64(a2, a3));
  return static_cast<std::uint64_t>(_mm256_extract_epi64(s, 0) + _mm256_extract_epi64(s, 1) +
                                    _mm256_extract_epi64(s, 2) + _mm256_extract_epi64(s, 3));
}

// Single-thread read bandwidth over the 128 MiB K+V of the T=32768 fixture (4x the 32 MiB L3):
// the same bytes, in the same pages, that the decode kernels are measured against.
void BM_ReadBandwidth(benchmark::State& state) {
  const F16Fixture& f = f16_fixture(32768);
  if (!kvc::cpu_has_avx2_f16c_fma()) return state.SkipWithError("CPU lacks AVX2");
  const std::size_t half = f.bytes() / 2;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sum_bytes_avx2(f.k.get(), half));
    benchmark::DoNotOptimize(sum_bytes_avx2(f.v.get(), half));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(f.bytes()));
  state.counters["setup_ms"] = f.setup_ms;
}
BENCHMARK(BM_ReadBandwidth)->Unit(benchmark::kMicrosecond);

// Fused multiply-adds in kChains independent chains (more than latency x pipes on current x86
// cores: 4 x 2), so the loop runs at the FMA units' throughput.
constexpr int kChains = 12;
constexpr std::int64_t kFmaSteps = 1 << 16;

__attribute__((target("avx2,fma"))) float fma_chains_avx2(float seed) {
  __m256 a[kChains];
  for (int k = 0; k < kChains; ++k) a[k] = _mm256_set1_ps(seed + static_cast<float>(k));
  const __m256 m = _mm256_set1_ps(0.9999999f), c = _mm256_set1_ps(1e-7f);
  for (std::int64_t i = 0; i < kFmaSteps; ++i)
    for (auto& x : a) x = _mm256_fmadd_ps(x, m, c);
  __m256 s = a[0];
  for (int k = 1; k < kChains; ++k) s = _mm256_add_ps(s, a[k]);
  return _mm256_cvtss_f32(s);  // one lane keeps every chain live (the sum depends on all)
}

__attribute__((target("avx512f"))) float fma_chains_avx512(float seed) {
  __m512 a[kChains];
  for (int k = 0; k < kChains; ++k) a[k] = _mm512_set1_ps(seed + static_cast<float>(k));
  const __m512 m = _mm512_set1_ps(0.9999999f), c = _mm512_set1_ps(1e-7f);
  for (std::int64_t i = 0; i < kFmaSteps; ++i)
    for (auto& x : a) x = _mm512_fmadd_ps(x, m, c);
  __m512 s = a[0];
  for (int k = 1; k < kChains; ++k) s = _mm512_add_ps(s, a[k]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, s);
  return lanes[0];
}

// The machine's fp32 FMA throughput at the vector width the kernels run (zmm on the AVX-512
// path, ymm on AVX2): the limit of the compute-bound MLA kernel, as BM_ReadBandwidth is of the
// memory-bound ones. `flops` counts 2 per multiply-add lane, as BM_MLADecodeAbsorbed's does.
void BM_FmaThroughput(benchmark::State& state) {
  const kvc::Isa isa = kvc::active_isa();
  if (!kvc::is_vector(isa)) return state.SkipWithError("CPU lacks AVX2/FMA");
  const int lanes = isa == kvc::Isa::kAvx512 ? 16 : 8;
  float seed = 1.0f;
  for (auto _ : state) {
    seed = isa == kvc::Isa::kAvx512 ? fma_chains_avx512(seed) : fma_chains_avx2(seed);
    benchmark::DoNotOptimize(seed);
  }
  state.counters["flops"] =
      benchmark::Counter(2.0 * lanes * kChains * static_cast<double>(kFmaSteps) *
                             static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FmaThroughput)->Unit(benchmark::kMicrosecond);

void BM_DecodeAttention_F16(benchmark::State& state) {
  const F16Fixture& f = f16_fixture(state.range(0));
  std::vector<float> out(f.q.size());
  for (auto _ : state) {
    kvc::decode_attention_f16(kShape, f.view(), f.q.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(f.bytes()));
  state.counters["setup_ms"] = f.setup_ms;
}
BENCHMARK(BM_DecodeAttention_F16)->Arg(4096)->Arg(32768)->Unit(benchmark::kMicrosecond);

void BM_DecodeAttention_KIVI2(benchmark::State& state) {
  const KiviFixture& kf = kivi_fixture(state.range(0));
  const F16Fixture& f = f16_fixture(state.range(0));
  std::vector<float> out(f.q.size());
  for (auto _ : state) {
    kvc::decode_attention_kivi2(kShape, *kf.cache, f.q.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          kf.cache->bytes_read_per_decode());
  state.counters["bytes_per_element"] = kf.cache->bytes_per_element();
  state.counters["setup_ms"] = kf.setup_ms;
}
BENCHMARK(BM_DecodeAttention_KIVI2)->Arg(4096)->Arg(32768)->Unit(benchmark::kMicrosecond);

struct PagedFixture {
  kvc::PagedKvCache cache;
  double setup_ms;
};

// The F16 fixture's K/V copied into a block pool (vLLM layout, see paged_cache.h) with shuffled
// physical blocks: the same bytes and arithmetic as BM_DecodeAttention_F16, in paged order.
const PagedFixture& paged_fixture(std::int64_t tokens) {
  static std::map<std::int64_t, PagedFixture> cache;
  auto& slot = cache[tokens];
  if (slot.cache.tokens == 0) {
    const F16Fixture& f = f16_fixture(tokens);
    const auto t0 = std::chrono::steady_clock::now();
    slot.cache = kvc::make_shuffled_paged_copy(kShape, f.view(), 0xb10c);
    slot.setup_ms = ms_since(t0);
  }
  return slot;
}

void BM_DecodeAttention_Paged_F16(benchmark::State& state) {
  const PagedFixture& pf = paged_fixture(state.range(0));
  const F16Fixture& f = f16_fixture(state.range(0));
  const kvc::PagedKvView view = pf.cache.view();
  std::vector<float> out(f.q.size());
  for (auto _ : state) {
    kvc::decode_attention_paged_f16(kShape, view, f.q.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(f.bytes()));
  state.counters["setup_ms"] = pf.setup_ms;
}
BENCHMARK(BM_DecodeAttention_Paged_F16)->Arg(4096)->Arg(32768)->Unit(benchmark::kMicrosecond);

void BM_MLADecodeAbsorbed(benchmark::State& state) {
  static const kvc::MlaShape sh{};
  struct Fixture {
    kvc::MlaWeights w;
    std::vector<float> cache, q_nope, q_rope;
    double setup_ms;
  };
  static const Fixture fx = [&] {
    const auto t0 = std::chrono::steady_clock::now();
    Fixture x;
    x.w = kvc::make_random_mla_weights(sh, 0x3a);
    x.cache.resize(static_cast<std::size_t>(state.range(0)) * sh.row());
    kvc::fill_f32_uniform(x.cache.data(), x.cache.size(), 0x3b);
    x.q_nope.resize(static_cast<std::size_t>(sh.heads) * sh.head_dim);
    x.q_rope.resize(static_cast<std::size_t>(sh.heads) * sh.rope);
    kvc::fill_f32_uniform(x.q_nope.data(), x.q_nope.size(), 0x3c);
    kvc::fill_f32_uniform(x.q_rope.data(), x.q_rope.size(), 0x3d);
    x.setup_ms = ms_since(t0);
    return x;
  }();
  const std::int64_t tokens = static_cast<std::int64_t>(fx.cache.size() / sh.row());
  std::vector<float> out(static_cast<std::size_t>(sh.heads) * sh.head_dim);
  for (auto _ : state) {
    kvc::mla_decode_absorbed(sh, fx.w, fx.cache.data(), tokens, fx.q_nope.data(), fx.q_rope.data(),
                             out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * tokens * sh.row() * 4);
  state.counters["flops"] =
      benchmark::Counter(static_cast<double>(kvc::mla_absorbed_flops(sh, tokens)) *
                             static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["setup_ms"] = fx.setup_ms;
}
BENCHMARK(BM_MLADecodeAbsorbed)->Arg(4096)->Unit(benchmark::kMicrosecond);

}  // namespace

// BENCHMARK_MAIN plus the ISA the kernels run, in the JSON's context (figures.sh reports it).
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("kv_cache_isa", kvc::isa_name(kvc::active_isa()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
