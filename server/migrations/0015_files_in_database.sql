-- Uploaded files kept in PostgreSQL (issue 12, docs/decisions/0023): with several nodes any
-- node serves any upload, without a shared folder. A file is content-addressed as on disk
-- (its SHA-256) and stored in chunks, so it streams in and out in constant memory. The
-- file_blobs row is written last, in the same transaction as the chunks: a file is in the
-- database once its row is. touched_at is renewed by every upload of the same bytes, and
-- only a file unreferenced and untouched for an hour is swept, so an upload in flight (bytes
-- stored, its row not yet written) never loses them.
-- SQLite keeps its files in the data folder; the tables exist there too but stay empty.
CREATE TABLE file_blobs (
  sha256 TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  chunk_count INTEGER NOT NULL,
  touched_at BIGINT NOT NULL
);
--sqlite: CREATE TABLE file_chunks (sha256 TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (sha256, seq));
--postgresql: CREATE TABLE file_chunks (sha256 TEXT NOT NULL, seq INTEGER NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (sha256, seq));
-- Photos and videos are compressed already: storing them EXTERNAL (out of line, no pglz)
-- saves PostgreSQL a compression attempt per chunk that would not shrink it.
--postgresql: ALTER TABLE file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
