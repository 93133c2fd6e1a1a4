#include "export/csv_writer.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

namespace sciweek::exporting {
namespace {

using domain::Cell;
using domain::CellStyle;

// Drops what a failed export left behind — only a regular file: the path might name a
// device or a pipe (/dev/stdout), which must never be unlinked.
void RemovePartial(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) std::remove(path.c_str());
}

core::Error Failure(std::string internal) {
  core::Error e = core::Error::Internal(std::move(internal));
  e.message = "生成CSV文件失败，请稍后重试";
  return e;
}

bool IsDecimalStyle(CellStyle s) { return s == CellStyle::kDecimal2 || s == CellStyle::kTotalDecimal2; }

// One field, quoted per RFC 4180 when it holds a comma, quote or line break.
void AppendField(std::string& line, std::string_view text, bool guard) {
  std::string value;
  // A spreadsheet runs text opening with = + - @ (or a tab/CR that hides one) as a formula:
  // the apostrophe makes it plain text again. Numbers we format ourselves are never guarded,
  // so -0.05 stays a number.
  if (guard && !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) value = "'";
  value.append(text);
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    line += value;
    return;
  }
  line += '"';
  for (char c : value) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

std::string FormatRow(const domain::Row& row) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) line += ',';
    const Cell& cell = row[i];
    if (const auto* text = std::get_if<std::string>(&cell.value)) {
      AppendField(line, *text, true);
    } else if (const auto* v = std::get_if<domain::Hundredths>(&cell.value)) {
      // Same figures as the xlsx: two places for decimal fields, whole numbers otherwise.
      AppendField(line, IsDecimalStyle(cell.style) ? domain::FormatDecimal2(*v) : domain::FormatInteger(*v), false);
    }
  }
  line += "\r\n";
  return line;
}

struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

core::Status WriteCsv(const domain::Sheet& sheet, const std::string& path) {
  std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "wb"));
  if (!file) return Failure("fopen(" + path + "): " + std::strerror(errno));
  // Rows go out as they come; stdio's buffer batches the writes, so memory stays flat.
  auto put = [&](const std::string& bytes) {
    return std::fwrite(bytes.data(), 1, bytes.size(), file.get()) == bytes.size();
  };
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    file.reset();
    RemovePartial(path);  // never leave half a file that looks like a finished export
    return Failure(std::string(what) + "(" + path + "): " + reason);
  };

  bool ok = put("\xEF\xBB\xBF");  // the BOM is how Excel and WPS recognise UTF-8
  try {
    for (const domain::Row& row : sheet.head) ok = ok && put(FormatRow(row));
    if (ok && sheet.next_row) {
      domain::Row row;
      while (ok && sheet.next_row(row)) ok = put(FormatRow(row));
    }
    if (ok && sheet.tail)
      for (const domain::Row& row : sheet.tail()) ok = ok && put(FormatRow(row));
  } catch (...) {  // the row source failed (database gone): no half file, and let it end the request
    file.reset();
    RemovePartial(path);
    throw;
  }
  if (!ok) return fail("fwrite");
  // A full disk often shows only when the buffer is flushed or the file closed.
  if (std::fflush(file.get()) != 0) return fail("fflush");
  if (std::fclose(file.release()) != 0) {
    const std::string reason = std::strerror(errno);
    RemovePartial(path);
    return Failure("fclose(" + path + "): " + reason);
  }
  return {};
}

}  // namespace sciweek::exporting
