#pragma once
// Where uploaded files live (docs/decisions/0023). Every node keeps a content-addressed copy
// in its data folder (media::ContentStore), and downloads are served from that copy. With
// FileHome::kDatabase (PostgreSQL, the default there) the database holds every file as well:
// an upload is in the database before it is acknowledged, and a node that lacks a file
// fetches it from the database on first use, so any node serves any upload. With
// kDirectory the folder is the only copy: one node, or several sharing a volume.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "media/content_store.hpp"
#include "store/db.hpp"

namespace sciweek::service {

enum class FileHome { kDirectory, kDatabase };

// Parses the --files setting: "database", "folder", or "auto" (the database on PostgreSQL,
// the folder on SQLite). The database needs PostgreSQL.
core::Result<FileHome> ChooseFileHome(const std::string& setting, store::Dialect dialect);

struct FileCopyReport {
  long long copied = 0;
  long long bytes = 0;
  long long already = 0;            // there already
  std::vector<std::string> failed;  // digest: why
};

class FileStore {
 public:
  // `root` is the node's folder of files (<data-dir>/files).
  FileStore(store::Db& db, const std::string& root, FileHome home);
  FileHome home() const { return home_; }
  // A fresh temp path to stream an upload into (the node's disk).
  std::string NewTempPath() const { return local_.NewTempPath(); }
  // Moves an upload to its content address; with kDatabase, also into the database (in its
  // own transaction) before returning, so the caller's row never points at bytes only one
  // node holds.
  core::Result<media::StoredFile> Commit(const std::string& temp_path);
  // The path of this node's copy; with kDatabase a missing copy is first fetched from the
  // database through `tx`. An error when the file is nowhere.
  core::Result<std::string> LocalPath(store::Tx& tx, const std::string& sha256);
  // Once no row points at a file any more (committed): removes this node's copy. The
  // database's copy goes with the sweep, after an hour nobody uploaded the same bytes.
  void RemoveLocal(const std::string& sha256);
  // kDatabase: deletes the files no row points at, untouched for an hour; their digests.
  core::Result<std::vector<std::string>> SweepDatabase(core::UnixTime now);

  // `sciweek files to-database` / `to-folder`: copy every file from one home to the other,
  // checking each digest, skipping what is there already. Idempotent; safe while serving.
  // For a store whose home is kDatabase (ChooseFileHome made sure of PostgreSQL).
  core::Result<FileCopyReport> CopyFolderToDatabase();
  core::Result<FileCopyReport> CopyDatabaseToFolder();

 private:
  // Streams the file at `path` into the database under `sha256`, verifying the digest as it
  // goes; true when it was stored now, false when the database had it already.
  core::Result<bool> PutInDatabase(const std::string& sha256, const std::string& path);
  core::Result<std::string> FetchFromDatabase(store::Tx& tx, const std::string& sha256);

  store::Db& db_;
  media::ContentStore local_;
  FileHome home_;
};

}  // namespace sciweek::service
