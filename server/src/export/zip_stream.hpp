#pragma once
// A ZIP archive produced as a stream (core::ByteSource), for downloads too large to build in
// memory or on disk, like the organizer's summary pack with every unit's video:
// - entries are stored, not compressed: photos, videos and xlsx are compressed already, and a
//   stored entry's size is known in advance, so the archive's exact length is too;
// - each file is read only while the reader pulls, its CRC-32 computed on the way and written
//   in a data descriptor after it (general-purpose flag bit 3);
// - names are UTF-8 and say so (flag bit 11), which 7-Zip, Bandizip, WinRAR, Windows
//   Explorer, macOS and Info-ZIP honour;
// - ZIP64 records appear where an offset, a size or the entry count needs them (beyond 4 GiB
//   or 65,535 entries), and everywhere when `force_zip64` is set (for tests of that path).
// Entry names are checked here (relative, no "..", no backslash, no empty part): the
// archive can never write outside the folder it is extracted into.
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "core/byte_source.hpp"

namespace sciweek::exporting {

struct ZipEntry {
  std::string name;  // "海淀区/总结报告.pdf": '/' separates folders
  std::string path;  // the file whose bytes it holds
  std::uint64_t size = 0;
  std::time_t modified = 0;  // shown in Beijing time (ZIP keeps local times)
};

class ZipStream : public core::ByteSource {
 public:
  // Throws std::invalid_argument on an unsafe or repeated name. `remove_after`: files to
  // delete when the stream is destroyed (temp exports that exist only for this archive).
  ZipStream(std::vector<ZipEntry> entries, std::vector<std::string> remove_after = {}, bool force_zip64 = false);
  ~ZipStream() override;
  ZipStream(const ZipStream&) = delete;
  ZipStream& operator=(const ZipStream&) = delete;

  std::uint64_t Size() const override { return size_; }
  // Throws std::runtime_error when a file cannot be opened or is not its announced size.
  std::size_t Read(char* out, std::size_t capacity) override;

 private:
  struct Layout {
    std::uint64_t offset = 0;  // of the local header
    bool zip64_sizes = false;
    bool zip64_offset = false;
    std::uint32_t crc = 0;
  };
  enum class Phase { kLocalHeader, kData, kDescriptor, kCentral, kDone };

  void Produce();  // refills pending_ with the next header or record
  std::size_t ReadData(char* out, std::size_t capacity);
  std::string LocalHeader(std::size_t i) const;
  std::string Descriptor(std::size_t i) const;
  std::string CentralDirectoryAndEnd() const;

  std::vector<ZipEntry> entries_;
  std::vector<Layout> layout_;
  std::vector<std::string> remove_after_;
  bool force_zip64_;
  std::uint64_t central_offset_ = 0, central_size_ = 0, size_ = 0;

  Phase phase_ = Phase::kLocalHeader;
  std::size_t index_ = 0;
  std::string pending_;
  std::size_t pending_at_ = 0;
  std::FILE* file_ = nullptr;
  std::uint64_t file_left_ = 0;
};

// One file name or folder name made safe for every system that may unpack the archive:
// separators, Windows' reserved characters and control characters become '_', leading and
// trailing dots and spaces go, and an empty result becomes "_".
std::string SafeZipName(std::string_view part);

// Gives repeated names a numbered suffix before the extension: "照片.jpg", "照片 (2).jpg".
class UniqueZipNames {
 public:
  std::string Take(const std::string& name);

 private:
  std::map<std::string, int> used_;
};

}  // namespace sciweek::exporting
