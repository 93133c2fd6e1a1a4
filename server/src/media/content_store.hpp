#pragma once
// Content-addressed file store under the data directory: a file lives at
// <root>/<sha256[0:2]>/<sha256>, so the same upload twice is stored once, and a name
// can never escape the folder. Files are moved in atomically (write to a temp file in the
// same folder, fsync, rename) so an acknowledged upload survives a crash.
#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace sciweek::media {

struct StoredFile {
  std::string sha256;
  std::uint64_t size = 0;
  std::string path;  // absolute path of the stored file
};

class ContentStore {
 public:
  explicit ContentStore(const std::string& root);
  // A fresh temp path inside the store (same filesystem) for streaming an upload into.
  std::string NewTempPath() const;
  // Hashes the temp file, fsyncs it and moves it to its content address (removing the
  // temp file when the content is already stored).
  core::Result<StoredFile> Commit(const std::string& temp_path) const;
  std::string PathFor(const std::string& sha256) const;  // empty for a malformed digest
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

}  // namespace sciweek::media
