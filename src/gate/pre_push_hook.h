#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "git/repository.h"

namespace perfwarden::gate {

// The pre-push hook `perfwarden hook install` writes: a POSIX sh script that, for each pushed
// ref "<local ref> <local sha> <remote ref> <remote sha>" on stdin, runs
//   perfwarden compare --repo "$repo" --base <remote sha> --head <local sha> --merge-base --budget
//   2m
// (for a new ref, the base is its upstream or the remote's default branch; with neither it is
// not compared), skips deleted refs, and exits 1 when any comparison exits 1, which stops the
// push. Other failures (exit 2, 3) are reported and do not block. Ref names are data: they are
// only ever expanded inside double quotes, never evaluated. `perfwarden_binary` is recorded
// (single-quoted); when it is empty or no longer executable the hook uses `perfwarden` on PATH.
std::string pre_push_hook_script(const std::filesystem::path& perfwarden_binary);

// Whether a hook file's content was written by perfwarden (any version).
bool is_perfwarden_hook(std::string_view content);

enum class HookInstallOutcome {
  kInstalled,         // there was none
  kAlreadyInstalled,  // ours, identical: nothing written
  kUpdated,           // ours from another binary or version: rewritten
  kReplaced,          // someone else's, replaced because of --force
};

struct HookInstall {
  std::filesystem::path path;
  HookInstallOutcome outcome = HookInstallOutcome::kInstalled;
};

// Writes the hook into git's hooks directory (git::hooks_directory: core.hooksPath respected),
// mode 0755, atomically. Throws Error(kUsage) when a pre-push hook that is not perfwarden's
// exists and `force` is false.
HookInstall install_pre_push_hook(const git::Repository& repo,
                                  const std::filesystem::path& perfwarden_binary, bool force);

// The absolute path of the running executable (/proc/self/exe), or empty when unknown.
std::filesystem::path running_executable();

}  // namespace perfwarden::gate
