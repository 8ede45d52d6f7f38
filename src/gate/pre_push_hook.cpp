#include "gate/pre_push_hook.h"

#include <system_error>

#include "git/hooks.h"
#include "util/error.h"
#include "util/files.h"

namespace perfwarden::gate {
namespace {

constexpr std::string_view kMarker = "\n# perfwarden pre-push hook";

// 'text' for sh, with each ' written as '\'' (the only character single quotes cannot hold).
std::string single_quoted(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

std::string pre_push_hook_script(const std::filesystem::path& perfwarden_binary) {
  std::string script = "#!/bin/sh";
  script += kMarker;
  script += R"(, written by `perfwarden hook install`.
# For each pushed ref, compares the pushed commit with what the remote has (for a new branch: its
# upstream, else the remote's default branch) from their merge-base, with a short budget, prints
# the table and stops the push on a regression. Push anyway: git push --no-verify
# Ref names from git are data: only ever expanded inside double quotes, never evaluated.

perfwarden=)" +
            single_quoted(perfwarden_binary.string()) + R"(
[ -x "$perfwarden" ] || perfwarden=perfwarden
remote=$1
repo=$(pwd)
status=0

is_zero() {
  case $1 in
    *[!0]*) return 1 ;;
    *) return 0 ;;
  esac
}

while read -r local_ref local_sha remote_ref remote_sha; do
  if is_zero "$local_sha"; then continue; fi  # a deleted ref: nothing to measure
  base=
  if ! is_zero "$remote_sha" && git cat-file -e "$remote_sha^{commit}" 2>/dev/null; then
    base=$remote_sha
  else
    case $local_ref in
      refs/heads/*) base=$(git rev-parse --verify --quiet "${local_ref#refs/heads/}@{upstream}" 2>/dev/null) || base= ;;
    esac
    if [ -z "$base" ]; then
      base=$(git rev-parse --verify --quiet "refs/remotes/$remote/HEAD" 2>/dev/null) || base=
    fi
  fi
  if [ -z "$base" ]; then
    printf 'perfwarden: %s is new, with no upstream or remote default branch to compare against: not compared\n' "$remote_ref" >&2
    continue
  fi
  printf 'perfwarden: comparing %s with %s before the push\n' "$local_sha" "$base" >&2
  "$perfwarden" compare --repo "$repo" --base "$base" --head "$local_sha" --merge-base --budget 2m </dev/null
  rc=$?
  case $rc in
    0) ;;
    1) status=1 ;;
    130) exit 130 ;;
    *) printf 'perfwarden: the comparison could not run (exit %s): not blocking the push\n' "$rc" >&2 ;;
  esac
done

if [ "$status" -ne 0 ]; then
  printf 'perfwarden: push stopped by a performance regression (above); to push anyway: git push --no-verify\n' >&2
fi
exit "$status"
)";
  return script;
}

bool is_perfwarden_hook(std::string_view content) {
  return content.starts_with("#!/bin/sh") && content.find(kMarker) != std::string_view::npos;
}

HookInstall install_pre_push_hook(const git::Repository& repo,
                                  const std::filesystem::path& perfwarden_binary, bool force) {
  namespace fs = std::filesystem;
  HookInstall result;
  fs::path directory = git::hooks_directory(repo);
  result.path = directory / "pre-push";
  std::string script = pre_push_hook_script(perfwarden_binary);

  std::error_code ec;
  auto status = fs::symlink_status(result.path, ec);
  if (fs::exists(status) || fs::is_symlink(status)) {
    bool ours =
        fs::is_regular_file(status) && is_perfwarden_hook(util::read_text_file(result.path));
    if (ours) {
      if (util::read_text_file(result.path) == script &&
          (fs::status(result.path).permissions() & fs::perms::owner_exec) != fs::perms::none) {
        result.outcome = HookInstallOutcome::kAlreadyInstalled;
        return result;
      }
      result.outcome = HookInstallOutcome::kUpdated;
    } else if (!force) {
      throw usage_error(result.path.string() + " already exists and is not perfwarden's hook",
                        "look at it first; `perfwarden hook install --force` replaces it (or call "
                        "`perfwarden compare` from it yourself)");
    } else {
      result.outcome = HookInstallOutcome::kReplaced;
    }
  }
  fs::create_directories(directory, ec);
  if (ec) {
    throw infrastructure_error("cannot create the hooks directory " + directory.string() + ": " +
                               ec.message());
  }
  util::write_file_atomically(result.path, script, 0755);
  return result;
}

std::filesystem::path running_executable() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : path;
}

}  // namespace perfwarden::gate
