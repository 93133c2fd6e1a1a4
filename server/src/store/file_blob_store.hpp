#pragma once
// Uploaded files kept in PostgreSQL (migration 0015, docs/decisions/0023): content-addressed
// like the folder store, in chunks of kChunkBytes, so a file of any size streams through in
// constant memory. PostgreSQL only: SQLite keeps its files in the data folder.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"

namespace sciweek::store {

struct FileBlob {
  std::string sha256;
  long long size = 0;
  int chunk_count = 0;
};

class FileBlobStore {
 public:
  static constexpr size_t kChunkBytes = 256 * 1024;

  // Whether any material, activity file or unit document points at this content (before
  // removing a file). On every database: the folder store asks it too.
  static bool ContentInUse(Tx& tx, const std::string& sha256);
  // Renews a stored file's touched_at (an upload of the same bytes); false when the
  // database does not hold it. Locks the row, so a sweep running meanwhile cannot take it.
  static bool Touch(Tx& tx, const std::string& sha256, long long now);
  // One chunk (seq from 0); a chunk already there (the same bytes sent by another node at
  // the same moment) is left as it is.
  static void PutChunk(Tx& tx, const std::string& sha256, int seq, std::string_view bytes);
  // The file's row, written after its chunks: from then on the file is in the database.
  static void Finish(Tx& tx, const FileBlob& blob, long long now);
  static std::optional<FileBlob> Find(Tx& tx, const std::string& sha256);
  // The bytes of one chunk; nullopt when it is missing.
  static std::optional<std::string> Chunk(Tx& tx, const std::string& sha256, int seq);
  // Every stored file, by digest (the copy command).
  static std::vector<FileBlob> All(Tx& tx);
  // Deletes the files no material, activity file or unit document points at and nobody
  // uploaded since `touched_before`; returns their digests.
  static std::vector<std::string> SweepUnreferenced(Tx& tx, long long touched_before);
};

}  // namespace sciweek::store
