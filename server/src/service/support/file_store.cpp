#include "service/support/file_store.hpp"

#include <filesystem>
#include <fstream>

#include "core/crypto.hpp"
#include "store/file_blob_store.hpp"

namespace sciweek::service {
namespace {

namespace fs = std::filesystem;

// An upload renews its file's row; only files nobody uploaded for this long may be swept,
// which covers the moment between storing the bytes and committing the row that uses them.
constexpr long long kSweepGraceSeconds = 3600;

}  // namespace

core::Result<FileHome> ChooseFileHome(const std::string& setting, store::Dialect dialect) {
  if (setting == "folder") return FileHome::kDirectory;
  if (setting == "auto") return dialect == store::Dialect::kPostgres ? FileHome::kDatabase : FileHome::kDirectory;
  if (setting == "database") {
    if (dialect != store::Dialect::kPostgres) return core::Error::Invalid("文件存入数据库需要 PostgreSQL", "files");
    return FileHome::kDatabase;
  }
  return core::Error::Invalid("--files 须为 auto、database 或 folder", "files");
}

FileStore::FileStore(store::Db& db, const std::string& root, FileHome home) : db_(db), local_(root), home_(home) {}

core::Result<media::StoredFile> FileStore::Commit(const std::string& temp_path) {
  auto stored = local_.Commit(temp_path);
  if (!stored || home_ != FileHome::kDatabase) return stored;
  if (auto put = PutInDatabase(stored->sha256, stored->path); !put) return put.error();
  return stored;
}

core::Result<std::string> FileStore::LocalPath(store::Tx& tx, const std::string& sha256) {
  const std::string path = local_.PathFor(sha256);
  if (path.empty()) return core::Error::Internal("not a file digest: " + sha256);
  std::error_code ec;
  if (fs::exists(path, ec)) return path;
  if (home_ != FileHome::kDatabase) return core::Error::Internal("file missing from the folder: " + sha256);
  return FetchFromDatabase(tx, sha256);
}

void FileStore::RemoveLocal(const std::string& sha256) {
  const std::string path = local_.PathFor(sha256);
  std::error_code ec;
  if (!path.empty()) fs::remove(path, ec);
}

core::Result<std::vector<std::string>> FileStore::SweepDatabase(core::UnixTime now) {
  if (home_ != FileHome::kDatabase) return std::vector<std::string>{};
  return db_.Write<std::vector<std::string>>([&](store::Tx& tx) -> core::Result<std::vector<std::string>> {
    return store::FileBlobStore::SweepUnreferenced(tx, now - kSweepGraceSeconds);
  });
}

core::Result<bool> FileStore::PutInDatabase(const std::string& sha256, const std::string& path) {
  // A retried transaction starts over from the first byte.
  return db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    const long long now = core::Now();
    if (store::FileBlobStore::Touch(tx, sha256, now)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Error::Internal("cannot open " + path);
    core::Sha256Stream hash;
    std::string buf(store::FileBlobStore::kChunkBytes, '\0');
    store::FileBlob blob{sha256, 0, 0};
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      const auto n = static_cast<size_t>(in.gcount());
      if (n == 0) break;
      hash.Update(buf.data(), n);
      store::FileBlobStore::PutChunk(tx, sha256, blob.chunk_count++, std::string_view(buf.data(), n));
      blob.size += static_cast<long long>(n);
    }
    if (in.bad()) return core::Error::Internal("cannot read " + path);
    // A damaged file on disk must not enter the database under a digest it does not have.
    if (hash.Hex() != sha256) return core::Error::Internal(path + " does not match its digest");
    store::FileBlobStore::Finish(tx, blob, now);
    return true;
  });
}

core::Result<std::string> FileStore::FetchFromDatabase(store::Tx& tx, const std::string& sha256) {
  auto blob = store::FileBlobStore::Find(tx, sha256);
  if (!blob) return core::Error::Internal("file neither on this node nor in the database: " + sha256);
  const std::string temp = local_.NewTempPath();
  auto fail = [&](const std::string& why) -> core::Result<std::string> {
    std::error_code ec;
    fs::remove(temp, ec);
    return core::Error::Internal("fetching " + sha256 + " from the database: " + why);
  };
  core::Sha256Stream hash;
  long long size = 0;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    for (int seq = 0; seq < blob->chunk_count && out; ++seq) {
      auto chunk = store::FileBlobStore::Chunk(tx, sha256, seq);
      if (!chunk) return fail("chunk " + std::to_string(seq) + " missing");
      hash.Update(chunk->data(), chunk->size());
      out.write(chunk->data(), static_cast<std::streamsize>(chunk->size()));
      size += static_cast<long long>(chunk->size());
    }
    out.flush();
    if (!out) return fail("cannot write " + temp);
  }
  if (size != blob->size || hash.Hex() != sha256) return fail("the stored bytes do not match their digest");
  auto stored = local_.Commit(temp);  // fsync and rename, as an upload
  if (!stored) return fail(stored.error().internal);
  return stored->path;
}

core::Result<FileCopyReport> FileStore::CopyFolderToDatabase() {
  FileCopyReport report;
  std::error_code ec;
  for (const auto& shard : fs::directory_iterator(local_.root(), ec)) {
    if (!shard.is_directory() || shard.path().filename() == "tmp") continue;
    for (const auto& file : fs::directory_iterator(shard.path(), ec)) {
      const std::string sha256 = file.path().filename().string();
      if (!file.is_regular_file() || local_.PathFor(sha256).empty()) continue;  // not a digest
      auto put = PutInDatabase(sha256, file.path().string());
      if (!put) {
        report.failed.push_back(sha256 + ": " + put.error().internal);
      } else if (*put) {
        ++report.copied;
        report.bytes += static_cast<long long>(file.file_size(ec));
      } else {
        ++report.already;
      }
    }
  }
  if (ec) return core::Error::Internal("reading " + local_.root() + ": " + ec.message());
  return report;
}

core::Result<FileCopyReport> FileStore::CopyDatabaseToFolder() {
  auto blobs = db_.Read<std::vector<store::FileBlob>>(
      [&](store::Tx& tx) -> core::Result<std::vector<store::FileBlob>> { return store::FileBlobStore::All(tx); });
  if (!blobs) return blobs.error();
  FileCopyReport report;
  for (const auto& b : *blobs) {
    std::error_code ec;
    if (fs::exists(local_.PathFor(b.sha256), ec)) {
      ++report.already;
      continue;
    }
    auto fetched = db_.Read<std::string>([&](store::Tx& tx) { return FetchFromDatabase(tx, b.sha256); });
    if (!fetched) {
      report.failed.push_back(b.sha256 + ": " + fetched.error().internal);
      continue;
    }
    ++report.copied;
    report.bytes += b.size;
  }
  return report;
}

}  // namespace sciweek::service
