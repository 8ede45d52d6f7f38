// perfwarden_accuracy: how often the gate is right. Builds one synthetic repository whose head
// branches inject a known slowdown (0%, 2%, 5%, 10%) into four benchmarks of known noise, or one
// scenario (placement, a memory-bound slowdown, comment-only and docs-only heads), runs `compare`
// on them many times in-process, and renders the false-positive rate, the power and the
// inconclusive rate next to the naive rule (Mann–Whitney U at 0.05) on the same samples.
// Not a unit test: a full run takes tens of minutes on a real machine (README, "Accuracy").

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "accuracy_table.h"
#include "gate/compare_pipeline.h"
#include "git/repo_writer.h"
#include "naive_rule.h"
#include "synthetic_project.h"
#include "util/error.h"
#include "util/exit_code.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::accuracy {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kSlowdowns[] = {0.0, 0.02, 0.05, 0.10};
constexpr int kMaxConsecutiveFailures = 3;

struct Arguments {
  int trials_aa = 100;
  int trials = 30;
  int instruction_trials = 5;
  int trials_placement = 50;
  int trials_memory = 30;
  int trials_no_code = 3;  // each of the comment-only and docs-only heads
  std::optional<fs::path> out;
  std::optional<fs::path> work_dir;
  std::optional<std::uint64_t> seed;
  std::string time_field = "cpu_time";  // the config default
  bool help = false;
};

constexpr const char* kUsage =
    "usage: perfwarden_accuracy [--trials-aa N] [--trials N] [--instruction-trials N]\n"
    "                           [--trials-placement N] [--trials-memory N] [--trials-no-code N]\n"
    "                           [--out FILE.md] [--work-dir DIR] [--seed N]\n"
    "                           [--time-field real_time|cpu_time]\n"
    "  --trials-aa N          time compares of the same code (A/A: the head changes a data\n"
    "                         file, so it is measured), default 100\n"
    "  --trials N             time compares per injected slowdown (2%, 5%, 10%), default 30\n"
    "  --instruction-trials N instructions compares per level (deterministic), default 5\n"
    "  --trials-placement N   compares of a head that changes only code no benchmark runs, 50\n"
    "  --trials-memory N      compares of a head whose BM_Walk misses L1 (same instructions), 30\n"
    "  --trials-no-code N     compares of a comment-only and of a docs-only head, 3 each\n"
    "  --out FILE.md          also write the Markdown table there (updated after every compare)\n"
    "  --work-dir DIR         keep the build cache in DIR/cache so a rerun reuses the builds\n"
    "  --seed N               master seed; compare i uses a seed derived from it (default "
    "random)\n";

int parse_count(const std::string& option, const std::string& value) {
  try {
    std::size_t used = 0;
    int count = std::stoi(value, &used);
    if (used == value.size() && count >= 0) return count;
  } catch (const std::exception&) {
  }
  throw usage_error(option + " expects a count, got '" + value + "'", "e.g. " + option + " 30");
}

Arguments parse_arguments(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    std::string option = argv[i];
    if (option == "--help" || option == "-h") {
      args.help = true;
      continue;
    }
    if (i + 1 >= argc) throw usage_error("unknown option or missing value: " + option, kUsage);
    std::string value = argv[++i];
    if (option == "--trials-aa") {
      args.trials_aa = parse_count(option, value);
    } else if (option == "--trials") {
      args.trials = parse_count(option, value);
    } else if (option == "--instruction-trials") {
      args.instruction_trials = parse_count(option, value);
    } else if (option == "--trials-placement") {
      args.trials_placement = parse_count(option, value);
    } else if (option == "--trials-memory") {
      args.trials_memory = parse_count(option, value);
    } else if (option == "--trials-no-code") {
      args.trials_no_code = parse_count(option, value);
    } else if (option == "--out") {
      args.out = value;
    } else if (option == "--work-dir") {
      args.work_dir = value;
    } else if (option == "--time-field") {
      if (value != "real_time" && value != "cpu_time") {
        throw usage_error("--time-field expects real_time or cpu_time, got '" + value + "'");
      }
      args.time_field = value;
    } else if (option == "--seed") {
      try {
        args.seed = std::stoull(value);
      } catch (const std::exception&) {
        throw usage_error("--seed expects a number, got '" + value + "'", "e.g. --seed 42");
      }
    } else {
      throw usage_error("unknown option: " + option, kUsage);
    }
  }
  return args;
}

std::string level_name(double slowdown) {
  return std::to_string(static_cast<int>(slowdown * 100.0 + 0.5));
}

std::string head_branch(double slowdown) { return "slow-" + level_name(slowdown); }

// The scenarios beside the slowdown levels, each a branch of that name on top of the base.
constexpr const char* kPlacement = "placement";  // only unused.cpp changes: code moves
constexpr const char* kMemory = "memory";        // BM_Walk misses L1: same instructions, slower
constexpr const char* kComment = "comment";      // a comment in bench.cpp: identical code
constexpr const char* kDocs = "docs";            // a README.md added

// The base on branch "base" and, for every level, a branch "slow-<percent>" with one commit on top
// of it. The 0% head changes only a data file: the same code built twice and measured (a
// comment-only head would not be: identical code is not measured), like a no-op PR.
void write_repository(const fs::path& dir, const std::string& time_field) {
  auto writer = git::RepoWriter::init(dir);
  SyntheticProject base_project;
  base_project.note = "Synthetic accuracy benchmarks.";
  base_project.time_field = time_field;
  base_project.data = "base";
  std::string base = writer.commit(base_project.files(),
                                   "Synthetic benchmarks: BM_Quiet, BM_Noise3, BM_Noise5, BM_Walk");
  writer.create_branch("base", base);
  auto branch = [&](const std::string& name, const SyntheticProject& head,
                    const std::string& message) {
    writer.create_branch(name, base);
    writer.checkout_branch(name);
    writer.commit(head.files(), message);
  };
  for (double slowdown : kSlowdowns) {
    SyntheticProject head = base_project;
    head.slowdown = slowdown;
    if (slowdown == 0.0) {
      head.data = "a/a";
    } else {
      head.note = "Synthetic accuracy benchmarks, " + level_name(slowdown) + "% more work.";
    }
    branch(head_branch(slowdown), head,
           slowdown == 0.0 ? "Change a data file only"
                           : "Every benchmark does " + level_name(slowdown) + "% more work");
  }
  SyntheticProject placement = base_project;
  placement.unused_variant = 1;
  branch(kPlacement, placement, "Grow a function no benchmark runs");
  SyntheticProject memory = base_project;
  memory.walk_buffer_bytes = 256 * 1024;
  branch(kMemory, memory, "BM_Walk walks a buffer 16x larger: the same instructions");
  SyntheticProject comment = base_project;
  comment.note = "Synthetic accuracy benchmarks (reworded comment).";
  branch(kComment, comment, "Reword a comment");
  SyntheticProject docs = base_project;
  docs.readme = true;
  branch(kDocs, docs, "Add a README");
}

struct Job {
  std::string metric;
  double slowdown = 0.0;
  std::string scenario;  // "" for a slowdown level; else the branch
};

// Instructions first (few, and they build every tree), then the time compares shuffled so that
// every level sees the same stretches of machine load.
std::vector<Job> plan_jobs(const Arguments& args, std::uint64_t seed) {
  std::vector<Job> jobs;
  for (int i = 0; i < args.instruction_trials; ++i) {
    for (double slowdown : kSlowdowns) jobs.push_back({"instructions", slowdown, ""});
  }
  std::vector<Job> timed;
  for (double slowdown : kSlowdowns) {
    int trials = slowdown == 0.0 ? args.trials_aa : args.trials;
    for (int i = 0; i < trials; ++i) timed.push_back({"time", slowdown, ""});
  }
  for (int i = 0; i < args.trials_placement; ++i) timed.push_back({"time", 0.0, kPlacement});
  for (int i = 0; i < args.trials_memory; ++i) timed.push_back({"time", 0.0, kMemory});
  for (int i = 0; i < args.trials_no_code; ++i) {
    timed.push_back({"time", 0.0, kComment});
    timed.push_back({"time", 0.0, kDocs});
  }
  std::mt19937_64 shuffle(seed);
  std::shuffle(timed.begin(), timed.end(), shuffle);
  jobs.insert(jobs.end(), timed.begin(), timed.end());
  return jobs;
}

std::uint64_t compare_seed(std::uint64_t master, std::size_t index) {
  std::uint64_t z = master + 0x9e3779b97f4a7c15ULL * (index + 1);  // splitmix64
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string machine_description() {
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  std::string load;
  std::ifstream loadavg("/proc/loadavg");
  std::getline(loadavg, load);
  return model + ", " + std::to_string(std::thread::hardware_concurrency()) +
         " logical CPUs, load average at start " + load.substr(0, load.find(' '));
}

std::string command_line(int argc, char** argv) {
  std::string command = fs::path(argv[0]).filename().string();
  for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
  return command;
}

std::string minutes(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%dm%02ds", static_cast<int>(seconds) / 60,
                static_cast<int>(seconds) % 60);
  return text;
}

int run(int argc, char** argv) {
  Arguments args = parse_arguments(argc, argv);
  if (args.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  util::install_interrupt_handler();
  auto started = Clock::now();
  std::uint64_t master_seed = args.seed.value_or(std::random_device{}());

  util::TempDir temp("perfwarden-accuracy");
  fs::path work = args.work_dir.value_or(temp.path());
  fs::create_directories(work);
  fs::path repo = temp.path() / "repo";
  write_repository(repo, args.time_field);

  RunDescription run;
  run.command = command_line(argc, argv);
  run.machine = machine_description();
  run.settings =
      "perfwarden defaults: looks 10/15/20 rounds (alpha 0.05 split over 3 looks), 10 "
      "confirmation rounds, 3% threshold, 1 warm-up round; changed: `min_time` 0.02 s per "
      "benchmark process (default 0.05 s) in the synthetic repository's perfwarden.json, to keep "
      "one process short. Gated time: " +
      args.time_field + (args.time_field == "cpu_time" ? " (default)" : " (NOT the default)") +
      ". Master seed " + std::to_string(master_seed) + ".";
  std::vector<Job> jobs = plan_jobs(args, master_seed);
  run.compares_planned = static_cast<int>(jobs.size());

  util::Progress status(util::is_terminal(stderr));
  status.note("perfwarden_accuracy: " + std::to_string(jobs.size()) + " compares on " +
              repo.string() + ", build cache " + (work / "cache").string());
  std::vector<Observation> observations;
  int consecutive_failures = 0;
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
  auto render = [&] {
    run.elapsed_seconds = elapsed();
    return render_accuracy_markdown(observations, run);
  };

  for (std::size_t i = 0; i < jobs.size() && !util::interrupted(); ++i) {
    const Job& job = jobs[i];
    gate::CompareOptions options;
    options.repository = repo;
    options.base_spec = "base";
    options.head_spec = job.scenario.empty() ? head_branch(job.slowdown) : job.scenario;
    options.cache_dir = work / "cache";
    options.seed = compare_seed(master_seed, i);
    options.metrics = {job.metric};
    std::string label = job.scenario.empty() ? job.metric + " +" + level_name(job.slowdown) + "%"
                                             : job.metric + " " + job.scenario;
    std::string summary;
    try {
      util::PosixProcessRunner runner;
      util::Progress progress(util::is_terminal(stderr));
      auto compare_started = Clock::now();
      report::Report report = gate::run_compare(options, runner, progress);
      double wall = std::chrono::duration<double>(Clock::now() - compare_started).count();
      if (!report.failures.empty()) {
        throw infrastructure_error(report.failures.front().title + ": " +
                                   report.failures.front().detail);
      }
      for (const auto& b : report.benchmarks) {
        Observation o;
        o.metric = job.metric;
        o.benchmark = b.name;
        o.slowdown = job.slowdown;
        o.verdict = b.verdict;
        o.naive_applicable = b.base_values.size() >= 2 && b.head_values.size() >= 2;
        o.naive_regression = naive_regression(b.base_values, b.head_values);
        o.paired_cv = b.paired_cv;
        o.estimate = b.ratio;
        o.rounds = b.rounds;
        o.wall_seconds = wall;
        o.scenario = job.scenario;
        o.rounds_run = report.settings.rounds_run;
        o.benchmark_process_seconds = report.timing.inside_benchmarks_seconds;
        o.build_seconds = report.timing.build_seconds;
        o.measure_seconds = report.timing.measure_seconds;
        o.deterministic_seconds = report.timing.deterministic_seconds;
        observations.push_back(o);
        char cell[96];
        std::snprintf(cell, sizeof cell, " %s %s (%+.1f%%, cv %.1f%%)", b.name.c_str(),
                      std::string(policy::to_string(b.verdict)).c_str(), (b.ratio - 1.0) * 100.0,
                      b.paired_cv * 100.0);
        summary += cell;
      }
      ++run.compares_done;
      consecutive_failures = 0;
    } catch (const Error& error) {
      if (util::interrupted()) break;
      run.failed_compares.push_back(label + " (seed " + std::to_string(*options.seed) +
                                    "): " + error.what());
      summary = std::string(" FAILED: ") + error.what();
      if (++consecutive_failures >= kMaxConsecutiveFailures) {
        status.note(summary);
        throw;
      }
    }
    double done = static_cast<double>(i + 1);
    double left = elapsed() / done * (static_cast<double>(jobs.size()) - done);
    status.note("[" + std::to_string(i + 1) + "/" + std::to_string(jobs.size()) + "] " + label +
                ":" + summary + "; elapsed " + minutes(elapsed()) + ", ~" + minutes(left) +
                " left");
    if (args.out) util::write_file_atomically(*args.out, render());
  }

  std::string markdown = render();
  if (args.out) util::write_file_atomically(*args.out, markdown);
  std::fputs(markdown.c_str(), stdout);
  std::printf("\nTotal run time: %s\n", minutes(elapsed()).c_str());
  return static_cast<int>(util::interrupted() ? ExitCode::kInterrupted : ExitCode::kPass);
}

}  // namespace
}  // namespace perfwarden::accuracy

int main(int argc, char** argv) {
  try {
    return perfwarden::accuracy::run(argc, argv);
  } catch (const perfwarden::Error& error) {
    std::fprintf(stderr, "perfwarden_accuracy: error: %s\n", error.what());
    if (!error.fix().empty()) std::fprintf(stderr, "  fix: %s\n", error.fix().c_str());
    return static_cast<int>(error.exit_code());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "perfwarden_accuracy: error: %s\n", error.what());
    return static_cast<int>(perfwarden::ExitCode::kInfrastructure);
  }
}
