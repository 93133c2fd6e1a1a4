#include "export/zip_stream.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <stdexcept>

#include "core/text.hpp"

namespace sciweek::exporting {
namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50, kDescriptorSig = 0x08074b50, kCentralSig = 0x02014b50,
                        kZip64EndSig = 0x06064b50, kZip64LocatorSig = 0x07064b50, kEndSig = 0x06054b50;
constexpr std::uint16_t kFlags = 0x0808;                   // bit 3: sizes and CRC follow the data; bit 11: UTF-8 names
constexpr std::uint16_t kVersion20 = 20, kVersion45 = 45;  // 4.5: ZIP64
constexpr std::uint64_t kMax32 = 0xFFFFFFFFu;
constexpr std::uint64_t kMax16 = 0xFFFFu;
constexpr std::size_t kLocalFixed = 30, kCentralFixed = 46, kZip64EndSize = 56, kZip64LocatorSize = 20, kEndSize = 22;
constexpr std::size_t kMaxNameBytes = 100;  // per part: Windows paths stay under MAX_PATH

void Put16(std::string& out, std::uint64_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
void Put32(std::string& out, std::uint64_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, (v >> 16) & 0xFFFF);
}
void Put64(std::string& out, std::uint64_t v) {
  Put32(out, v & kMax32);
  Put32(out, v >> 32);
}

// MS-DOS date and time fields, in Beijing time (UTC+8, no daylight saving); 1980 at the earliest.
std::pair<std::uint16_t, std::uint16_t> DosDateTime(std::time_t t) {
  const std::time_t beijing = std::max<std::time_t>(t, 315532800) + 8 * 3600;  // 1980-01-01
  std::tm tm{};
  gmtime_r(&beijing, &tm);
  const int year = std::min(tm.tm_year + 1900, 2107);
  const auto time = static_cast<std::uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  const auto date = static_cast<std::uint16_t>(((year - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  return {date, time};
}

void CheckName(const std::string& name, std::set<std::string>& seen) {
  if (name.empty() || name.size() > 1000 || !core::IsCleanUtf8(name) || name.find('\\') != std::string::npos ||
      name.front() == '/')
    throw std::invalid_argument("unsafe zip entry name: " + name);
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") throw std::invalid_argument("unsafe zip entry name: " + name);
    start = end + 1;
  }
  if (!seen.insert(name).second) throw std::invalid_argument("repeated zip entry name: " + name);
}

// Cuts at a code point boundary so at most `max` bytes remain.
std::string CutUtf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

ZipStream::ZipStream(std::vector<ZipEntry> entries, std::vector<std::string> remove_after, bool force_zip64)
    : entries_(std::move(entries)), remove_after_(std::move(remove_after)), force_zip64_(force_zip64) {
  std::set<std::string> seen;
  std::uint64_t at = 0;
  for (const auto& e : entries_) {
    CheckName(e.name, seen);
    Layout l;
    l.offset = at;
    l.zip64_sizes = force_zip64_ || e.size >= kMax32;
    l.zip64_offset = force_zip64_ || at >= kMax32;
    layout_.push_back(l);
    at += kLocalFixed + e.name.size() + (l.zip64_sizes ? 20 : 0) + e.size + (l.zip64_sizes ? 24 : 16);
  }
  central_offset_ = at;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& l = layout_[i];
    const std::size_t extra = (l.zip64_sizes ? 16 : 0) + (l.zip64_offset ? 8 : 0);
    central_size_ += kCentralFixed + entries_[i].name.size() + (extra ? 4 + extra : 0);
  }
  const bool zip64_end =
      force_zip64_ || entries_.size() >= kMax16 || central_size_ >= kMax32 || central_offset_ >= kMax32;
  size_ = central_offset_ + central_size_ + (zip64_end ? kZip64EndSize + kZip64LocatorSize : 0) + kEndSize;
}

ZipStream::~ZipStream() {
  if (file_) std::fclose(file_);
  for (const auto& p : remove_after_) std::remove(p.c_str());
}

std::size_t ZipStream::Read(char* out, std::size_t capacity) {
  std::size_t done = 0;
  while (done < capacity && phase_ != Phase::kDone) {
    if (pending_at_ < pending_.size()) {
      const std::size_t n = std::min(capacity - done, pending_.size() - pending_at_);
      std::memcpy(out + done, pending_.data() + pending_at_, n);
      pending_at_ += n;
      done += n;
      continue;
    }
    if (phase_ == Phase::kData) {
      done += ReadData(out + done, capacity - done);
      continue;
    }
    Produce();
  }
  return done;
}

void ZipStream::Produce() {
  pending_.clear();
  pending_at_ = 0;
  switch (phase_) {
    case Phase::kLocalHeader:
      if (index_ == entries_.size()) {
        pending_ = CentralDirectoryAndEnd();
        phase_ = Phase::kCentral;
        return;
      }
      pending_ = LocalHeader(index_);
      file_ = std::fopen(entries_[index_].path.c_str(), "rb");
      if (!file_) throw std::runtime_error("cannot open " + entries_[index_].path + " for the zip");
      file_left_ = entries_[index_].size;
      layout_[index_].crc = 0;
      phase_ = Phase::kData;
      return;
    case Phase::kDescriptor:
      pending_ = Descriptor(index_);
      ++index_;
      phase_ = Phase::kLocalHeader;
      return;
    case Phase::kCentral:
      phase_ = Phase::kDone;  // its bytes were the last pending ones
      return;
    case Phase::kData:
    case Phase::kDone: return;
  }
}

std::size_t ZipStream::ReadData(char* out, std::size_t capacity) {
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(capacity, file_left_));
  std::size_t got = 0;
  if (want > 0) {
    got = std::fread(out, 1, want, file_);
    if (got == 0) throw std::runtime_error(entries_[index_].path + " is shorter than announced in the zip");
    auto& crc = layout_[index_].crc;
    crc = static_cast<std::uint32_t>(crc32(crc, reinterpret_cast<const Bytef*>(out), static_cast<uInt>(got)));
    file_left_ -= got;
  }
  if (file_left_ == 0) {
    const bool longer = std::fgetc(file_) != EOF;
    std::fclose(file_);
    file_ = nullptr;
    if (longer) throw std::runtime_error(entries_[index_].path + " is longer than announced in the zip");
    phase_ = Phase::kDescriptor;
  }
  return got;
}

std::string ZipStream::LocalHeader(std::size_t i) const {
  const auto& e = entries_[i];
  const auto& l = layout_[i];
  const auto [date, time] = DosDateTime(e.modified);
  std::string h;
  Put32(h, kLocalSig);
  Put16(h, l.zip64_sizes ? kVersion45 : kVersion20);
  Put16(h, kFlags);
  Put16(h, 0);  // stored
  Put16(h, time);
  Put16(h, date);
  Put32(h, 0);  // CRC and sizes: in the descriptor (bit 3)
  Put32(h, l.zip64_sizes ? kMax32 : 0);
  Put32(h, l.zip64_sizes ? kMax32 : 0);
  Put16(h, e.name.size());
  Put16(h, l.zip64_sizes ? 20 : 0);
  h += e.name;
  if (l.zip64_sizes) {
    Put16(h, 0x0001);  // ZIP64 extended information; its sizes are in the descriptor
    Put16(h, 16);
    Put64(h, 0);
    Put64(h, 0);
  }
  return h;
}

std::string ZipStream::Descriptor(std::size_t i) const {
  const auto& l = layout_[i];
  std::string d;
  Put32(d, kDescriptorSig);
  Put32(d, l.crc);
  if (l.zip64_sizes) {
    Put64(d, entries_[i].size);
    Put64(d, entries_[i].size);
  } else {
    Put32(d, entries_[i].size);
    Put32(d, entries_[i].size);
  }
  return d;
}

std::string ZipStream::CentralDirectoryAndEnd() const {
  std::string c;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    const auto& l = layout_[i];
    const auto [date, time] = DosDateTime(e.modified);
    const std::size_t extra = (l.zip64_sizes ? 16 : 0) + (l.zip64_offset ? 8 : 0);
    const bool zip64 = extra > 0;
    Put32(c, kCentralSig);
    Put16(c, zip64 ? kVersion45 : kVersion20);  // made by: MS-DOS host, so no Unix modes apply
    Put16(c, zip64 ? kVersion45 : kVersion20);
    Put16(c, kFlags);
    Put16(c, 0);
    Put16(c, time);
    Put16(c, date);
    Put32(c, l.crc);
    Put32(c, l.zip64_sizes ? kMax32 : e.size);
    Put32(c, l.zip64_sizes ? kMax32 : e.size);
    Put16(c, e.name.size());
    Put16(c, extra ? 4 + extra : 0);
    Put16(c, 0);  // comment
    Put16(c, 0);  // disk
    Put16(c, 0);  // internal attributes
    Put32(c, 0);  // external attributes
    Put32(c, l.zip64_offset ? kMax32 : l.offset);
    c += e.name;
    if (zip64) {
      Put16(c, 0x0001);
      Put16(c, extra);
      if (l.zip64_sizes) {
        Put64(c, e.size);  // uncompressed first, then compressed (APPNOTE 4.5.3)
        Put64(c, e.size);
      }
      if (l.zip64_offset) Put64(c, l.offset);
    }
  }
  const std::uint64_t count = entries_.size();
  const bool zip64_end = size_ > central_offset_ + central_size_ + kEndSize;
  if (zip64_end) {
    const std::uint64_t end64_at = central_offset_ + central_size_;
    Put32(c, kZip64EndSig);
    Put64(c, kZip64EndSize - 12);  // the record's size after this field
    Put16(c, kVersion45);
    Put16(c, kVersion45);
    Put32(c, 0);
    Put32(c, 0);
    Put64(c, count);
    Put64(c, count);
    Put64(c, central_size_);
    Put64(c, central_offset_);
    Put32(c, kZip64LocatorSig);
    Put32(c, 0);
    Put64(c, end64_at);
    Put32(c, 1);
  }
  // With ZIP64 records, a field that does not fit (or every field, when forced) says "see ZIP64".
  auto fit16 = [&](std::uint64_t v) { return (force_zip64_ || v >= kMax16) ? kMax16 : v; };
  auto fit32 = [&](std::uint64_t v) { return (force_zip64_ || v >= kMax32) ? kMax32 : v; };
  Put32(c, kEndSig);
  Put16(c, 0);
  Put16(c, 0);
  Put16(c, fit16(count));
  Put16(c, fit16(count));
  Put32(c, fit32(central_size_));
  Put32(c, fit32(central_offset_));
  Put16(c, 0);  // comment
  return c;
}

std::string SafeZipName(std::string_view part) {
  std::string out;
  for (unsigned char c : part) {
    if (c < 0x20 || c == 0x7F || std::strchr("/\\:*?\"<>|", c)) out += '_';
    else out += static_cast<char>(c);
  }
  if (!core::IsCleanUtf8(out)) {
    // Not UTF-8 (a name from a legacy system): keep its ASCII only.
    std::string ascii;
    for (unsigned char c : out)
      if (c < 0x80) ascii += static_cast<char>(c);
    out = ascii;
  }
  auto strip = [](char c) { return c == ' ' || c == '.'; };
  while (!out.empty() && strip(out.front())) out.erase(0, 1);
  while (!out.empty() && strip(out.back())) out.pop_back();
  if (out.size() > kMaxNameBytes) {
    const auto dot = out.rfind('.');
    const std::string ext = dot != std::string::npos && out.size() - dot <= 10 ? out.substr(dot) : "";
    out = CutUtf8(out.substr(0, out.size() - ext.size()), kMaxNameBytes - ext.size()) + ext;
  }
  return out.empty() ? "_" : out;
}

std::string UniqueZipNames::Take(const std::string& name) {
  int& n = used_[name];
  ++n;
  if (n == 1) return name;
  const auto slash = name.rfind('/');
  const auto dot = name.rfind('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  const std::string stem = has_ext ? name.substr(0, dot) : name;
  const std::string ext = has_ext ? name.substr(dot) : "";
  std::string candidate = stem + " (" + std::to_string(n) + ")" + ext;
  // "a (2).jpg" may itself be a name taken earlier: count on.
  while (used_.contains(candidate)) candidate = stem + " (" + std::to_string(++n) + ")" + ext;
  used_[candidate] = 1;
  return candidate;
}

}  // namespace sciweek::exporting
