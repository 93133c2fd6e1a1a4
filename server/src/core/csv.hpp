#pragma once
// RFC 4180 CSV reading for imports: UTF-8 with or without BOM, CRLF or LF, quoted fields
// with doubled quotes and embedded newlines. Each record keeps the line it starts on so an
// import can name the line a person sees in their spreadsheet.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sciweek::core {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

struct CsvParse {
  std::vector<CsvRecord> records;
  std::optional<std::string> error;  // Chinese description, with the line
};

CsvParse ParseCsv(std::string_view text);

}  // namespace sciweek::core
