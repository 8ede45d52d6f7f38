#pragma once

// Owning smart pointers for libgit2 objects. Each alias frees with the matching git_*_free, so
// early returns and exceptions never leak a handle. Adopt a handle on the line right after the
// call that produced it, before anything can throw:
//   git_commit* raw = nullptr;
//   check(git_commit_lookup(&raw, repo, &id), "cannot read commit");
//   CommitPtr commit(raw);
// (libgit2 leaves the out-parameter NULL on failure, so check() throwing first leaks nothing.)

#include <git2.h>

#include <memory>

namespace perfwarden::git {

// Calls a libgit2 free function; a stateless deleter keeps the unique_ptr pointer-sized.
template <auto FreeFunction>
struct Libgit2Deleter {
  template <typename T>
  void operator()(T* handle) const noexcept {
    FreeFunction(handle);
  }
};

template <typename T, auto FreeFunction>
using Libgit2Ptr = std::unique_ptr<T, Libgit2Deleter<FreeFunction>>;

using RepositoryPtr = Libgit2Ptr<git_repository, git_repository_free>;
using ObjectPtr = Libgit2Ptr<git_object, git_object_free>;
using CommitPtr = Libgit2Ptr<git_commit, git_commit_free>;
using TreePtr = Libgit2Ptr<git_tree, git_tree_free>;
using TreeEntryPtr = Libgit2Ptr<git_tree_entry, git_tree_entry_free>;
using BlobPtr = Libgit2Ptr<git_blob, git_blob_free>;
using TagPtr = Libgit2Ptr<git_tag, git_tag_free>;
using ReferencePtr = Libgit2Ptr<git_reference, git_reference_free>;
using IndexPtr = Libgit2Ptr<git_index, git_index_free>;
using DiffPtr = Libgit2Ptr<git_diff, git_diff_free>;
using SignaturePtr = Libgit2Ptr<git_signature, git_signature_free>;
using RevwalkPtr = Libgit2Ptr<git_revwalk, git_revwalk_free>;
using ConfigPtr = Libgit2Ptr<git_config, git_config_free>;

// Value-type results that libgit2 fills in place and must be disposed of, not freed.
struct MessageTrailers {
  git_message_trailer_array array{};
  MessageTrailers() = default;
  MessageTrailers(const MessageTrailers&) = delete;
  MessageTrailers& operator=(const MessageTrailers&) = delete;
  ~MessageTrailers() { git_message_trailer_array_free(&array); }
};

struct Buffer {
  git_buf buf{};
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { git_buf_dispose(&buf); }
};

}  // namespace perfwarden::git
