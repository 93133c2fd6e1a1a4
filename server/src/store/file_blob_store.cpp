#include "store/file_blob_store.hpp"

#include <soci/soci.h>

#include <iterator>

#include "core/crypto.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {
namespace {

// Every table whose rows point at stored content by sha256.
constexpr const char* kReferencingTables[] = {"materials", "activity_files", "org_documents"};

// "<prefix>EXISTS (SELECT 1 FROM t r WHERE r.sha256 = <outer>)" for each table, joined. A
// parameter as `outer` gets a number per table (":s0", ":s1", …): one use each.
std::string ReferenceTest(const std::string& prefix, const std::string& joiner, const std::string& outer) {
  std::string sql;
  int n = 0;
  for (const char* t : kReferencingTables) {
    if (!sql.empty()) sql += joiner;
    const std::string value = outer[0] == ':' ? outer + std::to_string(n++) : outer;
    sql += prefix + "EXISTS (SELECT 1 FROM " + t + " r WHERE r.sha256 = " + value + ")";
  }
  return sql;
}

}  // namespace

bool FileBlobStore::Touch(Tx& tx, const std::string& sha256, long long now) {
  soci::statement st = (tx.sql().prepare << "UPDATE file_blobs SET touched_at = :t WHERE sha256 = :s", soci::use(now),
                        soci::use(sha256));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool FileBlobStore::ContentInUse(Tx& tx, const std::string& sha256) {
  static const std::string sql = "SELECT CASE WHEN " + ReferenceTest("", " OR ", ":s") + " THEN 1 ELSE 0 END";
  static_assert(std::size(kReferencingTables) == 3, "one soci::use per referencing table");
  int used = 0;
  tx.sql() << sql, soci::use(sha256), soci::use(sha256), soci::use(sha256), soci::into(used);
  return used != 0;
}

// Bytes cross SOCI as hex text: its PostgreSQL backend sends parameters as C strings, so a
// NUL inside raw bytes would cut them short.
void FileBlobStore::PutChunk(Tx& tx, const std::string& sha256, int seq, std::string_view bytes) {
  const std::string hex = core::HexEncode(bytes);
  tx.sql() << "INSERT INTO file_chunks (sha256, seq, data) VALUES (:s, :q, decode(:h, 'hex')) "
              "ON CONFLICT (sha256, seq) DO NOTHING",
      soci::use(sha256), soci::use(seq), soci::use(hex);
}

void FileBlobStore::Finish(Tx& tx, const FileBlob& blob, long long now) {
  tx.sql() << "INSERT INTO file_blobs (sha256, size, chunk_count, touched_at) VALUES (:s, :z, :n, :t) "
              "ON CONFLICT (sha256) DO UPDATE SET touched_at = excluded.touched_at",
      soci::use(blob.sha256), soci::use(blob.size), soci::use(blob.chunk_count), soci::use(now);
}

std::optional<FileBlob> FileBlobStore::Find(Tx& tx, const std::string& sha256) {
  FileBlob b;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT size, chunk_count FROM file_blobs WHERE sha256 = :s", soci::use(sha256), soci::into(b.size, ind),
      soci::into(b.chunk_count);
  if (!tx.sql().got_data() || ind == soci::i_null) return std::nullopt;
  b.sha256 = sha256;
  return b;
}

std::optional<std::string> FileBlobStore::Chunk(Tx& tx, const std::string& sha256, int seq) {
  std::string hex;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT encode(data, 'hex') FROM file_chunks WHERE sha256 = :s AND seq = :q", soci::use(sha256),
      soci::use(seq), soci::into(hex, ind);
  if (!tx.sql().got_data() || ind == soci::i_null) return std::nullopt;
  return core::HexDecode(hex);
}

std::vector<FileBlob> FileBlobStore::All(Tx& tx) {
  std::vector<FileBlob> out;
  soci::rowset<soci::row> rs = tx.sql().prepare << "SELECT sha256, size, chunk_count FROM file_blobs ORDER BY sha256";
  for (const auto& r : rs) out.push_back({GetText(r, 0), GetInt(r, 1), static_cast<int>(GetInt(r, 2))});
  return out;
}

std::vector<std::string> FileBlobStore::SweepUnreferenced(Tx& tx, long long touched_before) {
  // The rows first, RETURNING what went: an upload renewing one of them meanwhile holds its
  // row (Touch), so PostgreSQL re-checks touched_at and leaves it; its chunks then go with it.
  static const std::string sql = "DELETE FROM file_blobs WHERE touched_at < :t AND " +
                                 ReferenceTest("NOT ", " AND ", "file_blobs.sha256") + " RETURNING sha256";
  std::vector<std::string> gone;
  soci::rowset<soci::row> rs = (tx.sql().prepare << sql, soci::use(touched_before));
  for (const auto& r : rs) gone.push_back(GetText(r, 0));
  for (const auto& sha : gone) tx.sql() << "DELETE FROM file_chunks WHERE sha256 = :s", soci::use(sha);
  return gone;
}

}  // namespace sciweek::store
