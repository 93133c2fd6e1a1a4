#include "core/csv.hpp"

namespace sciweek::core {

CsvParse ParseCsv(std::string_view text) {
  CsvParse out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool end_of_record = false;
    while (!end_of_record) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        ++i;
        const int quote_line = line;
        for (;;) {
          if (i >= text.size()) {
            out.error = "第" + std::to_string(quote_line) + "行：引号未闭合";
            return out;
          }
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field += '"';
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            field += c;
          }
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          out.error = "第" + std::to_string(line) + "行：引号后存在多余字符";
          return out;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      rec.fields.push_back(field);
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        end_of_record = true;
      }
    }
    const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) out.records.push_back(std::move(rec));
  }
  return out;
}

}  // namespace sciweek::core
