#include "export/xlsx_writer.hpp"

#include <sys/stat.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace sciweek::exporting {
namespace {

using domain::Cell;
using domain::CellStyle;
using domain::Merge;
using domain::Row;
using domain::Sheet;

constexpr int kStyleCount = static_cast<int>(CellStyle::kNote) + 1;
constexpr double kDefaultWidth = 8.43;  // Excel's default column width

// Drops what a failed export left behind — only a regular file: the path might name a
// device or a pipe (/dev/stdout), which must never be unlinked.
void RemovePartial(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) std::remove(path.c_str());
}

core::Error Failure(std::string internal) {
  core::Error e = core::Error::Internal(std::move(internal));
  e.message = "生成Excel文件失败，请稍后重试";
  return e;
}

// Text as Excel accepts it: invalid UTF-8 becomes U+FFFD and characters XML 1.0 forbids are
// dropped (either would make Excel offer to "repair" the file), capped at Excel's 32,767
// characters per cell.
std::string XmlSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t chars = 0;
  for (size_t i = 0; i < s.size() && chars < 32767;) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid UTF-8 as well.
    static constexpr char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && (cp < kMin[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)) ok = false;
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      const bool allowed = cp >= 0x20 ? (cp != 0xFFFE && cp != 0xFFFF) : (cp == '\t' || cp == '\n' || cp == '\r');
      if (allowed) out.append(s.substr(i, len));
      i += len;
    }
    ++chars;
  }
  return out;
}

// Columns a piece of text needs: CJK and other wide characters take about two.
double DisplayWidth(std::string_view s) {
  double w = 0;
  for (unsigned char c : s)
    if (c < 0x80) w += 1;
    else if ((c & 0xC0) != 0x80) w += 2.2;
  return w;
}

std::optional<std::string> SheetNameProblem(const std::string& name, std::set<std::string>& used) {
  if (name.empty()) return "empty sheet name";
  size_t chars = 0;
  for (unsigned char c : name) chars += (c & 0xC0) != 0x80;
  if (chars > 31) return "sheet name longer than 31 characters: " + name;
  if (name.find_first_of("[]:*?/\\") != std::string::npos) return "sheet name contains []:*?/\\: " + name;
  if (name.front() == '\'' || name.back() == '\'') return "sheet name starts or ends with ': " + name;
  if (XmlSafe(name) != name) return "sheet name is not clean UTF-8";
  std::string folded = name;  // Excel compares sheet names case-insensitively
  std::transform(folded.begin(), folded.end(), folded.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!used.insert(folded).second) return "duplicate sheet name: " + name;
  return std::nullopt;
}

// Overlapping or single-cell merges are what makes Excel "repair" a file: refuse them here.
std::optional<std::string> MergeProblem(const std::vector<Merge>& merges) {
  for (size_t i = 0; i < merges.size(); ++i) {
    const Merge& m = merges[i];
    if (m.first_row < 0 || m.first_col < 0 || m.first_row > m.last_row || m.first_col > m.last_col ||
        m.last_row >= LXW_ROW_MAX || m.last_col >= LXW_COL_MAX)
      return "merge " + std::to_string(i) + " is not a valid range";
    if (m.first_row == m.last_row && m.first_col == m.last_col) return "merge " + std::to_string(i) + " is one cell";
    for (size_t j = 0; j < i; ++j) {
      const Merge& o = merges[j];
      if (m.first_row <= o.last_row && o.first_row <= m.last_row && m.first_col <= o.last_col &&
          o.first_col <= m.last_col)
        return "merges " + std::to_string(j) + " and " + std::to_string(i) + " overlap";
    }
  }
  return std::nullopt;
}

// One lxw_format per CellStyle, shared by every sheet of the workbook.
class Formats {
 public:
  explicit Formats(lxw_workbook* wb) {
    for (int i = 0; i < kStyleCount; ++i) {
      lxw_format* f = workbook_add_format(wb);
      const auto style = static_cast<CellStyle>(i);
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      switch (style) {
        case CellStyle::kTitle:
          format_set_bold(f);
          format_set_font_size(f, 16);
          format_set_align(f, LXW_ALIGN_CENTER);
          break;
        case CellStyle::kNote: break;
        case CellStyle::kHeader:
          format_set_bold(f);
          format_set_text_wrap(f);
          format_set_align(f, LXW_ALIGN_CENTER);
          format_set_pattern(f, LXW_PATTERN_SOLID);
          format_set_bg_color(f, 0xDDEBF7);
          format_set_border(f, LXW_BORDER_THIN);
          break;
        default:  // table cells: bordered; totals bold
          format_set_border(f, LXW_BORDER_THIN);
          if (style == CellStyle::kTotalText || style == CellStyle::kTotalInteger || style == CellStyle::kTotalDecimal2)
            format_set_bold(f);
          if (style == CellStyle::kInteger || style == CellStyle::kTotalInteger) format_set_num_format(f, "#,##0");
          if (style == CellStyle::kDecimal2 || style == CellStyle::kTotalDecimal2) format_set_num_format(f, "0.00");
      }
      formats_[i] = f;
    }
  }
  lxw_format* operator()(CellStyle s) const { return formats_[static_cast<int>(s)]; }

 private:
  lxw_format* formats_[kStyleCount] = {};
};

// Writes one sheet strictly row by row, as constant-memory mode demands. libxlsxwriter's
// merge_range writes the first cell and pads the rest of the range, which would move past
// rows not yet written; so each merge is registered once its *last* row has been written
// (writes into earlier rows are then ignored by the library and the range is recorded),
// while this class fills the covered cells itself with the first cell's format.
class SheetWriter {
 public:
  SheetWriter(lxw_worksheet* ws, const Formats& formats, const Sheet& sheet)
      : ws_(ws), formats_(formats), sheet_(sheet) {
    for (const Merge& m : sheet.merges) merges_.push_back({m, formats(CellStyle::kText), Cell::Empty()});
    std::stable_sort(merges_.begin(), merges_.end(),
                     [](const Pending& a, const Pending& b) { return a.m.first_row < b.m.first_row; });
  }

  core::Status Write() {
    for (size_t c = 0; c < sheet_.column_widths.size(); ++c)
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), sheet_.column_widths[c], nullptr);
    if (sheet_.freeze_rows > 0 || sheet_.freeze_cols > 0)
      worksheet_freeze_panes(ws_, static_cast<lxw_row_t>(sheet_.freeze_rows),
                             static_cast<lxw_col_t>(sheet_.freeze_cols));
    if (sheet_.freeze_rows > 0)
      worksheet_repeat_rows(ws_, 0, static_cast<lxw_row_t>(sheet_.freeze_rows - 1));  // on every printed page
    if (sheet_.landscape) worksheet_set_landscape(ws_);
    worksheet_set_paper(ws_, 9);  // A4

    for (const Row& r : sheet_.head)
      if (auto st = WriteRow(r); !st) return st;
    if (sheet_.next_row) {
      Row r;
      while (sheet_.next_row(r))
        if (auto st = WriteRow(r); !st) return st;
    }
    if (sheet_.tail)
      for (const Row& r : sheet_.tail())
        if (auto st = WriteRow(r); !st) return st;
    // Merges reaching past the last row written (a layout quirk, not an error) still count;
    // those that ended on a written row were registered there and must not be repeated.
    for (size_t i = next_; i < merges_.size(); ++i) active_.push_back(i);
    for (size_t i : active_)
      if (merges_[i].m.last_row >= static_cast<int>(row_))
        if (auto st = Register(merges_[i]); !st) return st;
    return {};
  }

 private:
  struct Pending {
    Merge m;
    lxw_format* format;
    Cell first;
  };

  core::Status WriteRow(const Row& cells) {
    if (row_ >= LXW_ROW_MAX) return Failure("sheet " + sheet_.name + " exceeds Excel's row limit");
    if (cells.size() > LXW_COL_MAX) return Failure("sheet " + sheet_.name + " exceeds Excel's column limit");
    const int r = static_cast<int>(row_);
    std::erase_if(active_, [&](size_t i) { return merges_[i].m.last_row < r; });
    while (next_ < merges_.size() && merges_[next_].m.first_row <= r) active_.push_back(next_++);

    if (double h = RowHeight(cells, r); h > 0) worksheet_set_row(ws_, row_, h, nullptr);
    int width = static_cast<int>(cells.size());
    for (size_t i : active_) width = std::max(width, merges_[i].m.last_col + 1);
    for (int c = 0; c < width; ++c) {
      Pending* in = nullptr;
      for (size_t i : active_)
        if (merges_[i].m.first_col <= c && c <= merges_[i].m.last_col) in = &merges_[i];
      const bool first = in && in->m.first_row == r && in->m.first_col == c;
      if (first && c < static_cast<int>(cells.size())) {
        in->first = cells[c];
        in->format = formats_(cells[c].style);
      }
      lxw_error err = LXW_NO_ERROR;
      if (in && !first) err = worksheet_write_blank(ws_, row_, static_cast<lxw_col_t>(c), in->format);
      else if (c < static_cast<int>(cells.size())) err = WriteCell(row_, c, cells[c]);
      if (err != LXW_NO_ERROR)
        return Failure("writing " + sheet_.name + " row " + std::to_string(r) + ": " + lxw_strerror(err));
    }
    for (size_t i : active_)
      if (merges_[i].m.last_row == r)
        if (auto st = Register(merges_[i]); !st) return st;
    ++row_;
    return {};
  }

  core::Status Register(const Pending& p) {
    const Merge& m = p.m;
    lxw_error err = worksheet_merge_range(ws_, m.first_row, static_cast<lxw_col_t>(m.first_col), m.last_row,
                                          static_cast<lxw_col_t>(m.last_col), "", p.format);
    // A one-row merge is still current, so the library just blanked its first cell: restore it.
    if (err == LXW_NO_ERROR && m.first_row == m.last_row) err = WriteCell(m.first_row, m.first_col, p.first);
    if (err != LXW_NO_ERROR) return Failure("merging in " + sheet_.name + ": " + lxw_strerror(err));
    return {};
  }

  lxw_error WriteCell(lxw_row_t r, int c, const Cell& cell) {
    const auto col = static_cast<lxw_col_t>(c);
    lxw_format* f = formats_(cell.style);
    if (const auto* text = std::get_if<std::string>(&cell.value)) {
      const std::string safe = XmlSafe(*text);
      return worksheet_write_string(ws_, r, col, safe.c_str(), f);
    }
    if (const auto* v = std::get_if<domain::Hundredths>(&cell.value))
      return worksheet_write_number(ws_, r, col, static_cast<double>(*v) / 100.0, f);  // a number, not text
    return worksheet_write_blank(ws_, r, col, f);
  }

  // Excel does not grow a row for wrapped text in a file it did not lay out itself, so
  // titles and headers get a height from their text and the width they span.
  double RowHeight(const Row& cells, int r) const {
    double lines = 0;
    for (size_t c = 0; c < cells.size(); ++c) {
      const auto* text = std::get_if<std::string>(&cells[c].value);
      if (cells[c].style == CellStyle::kTitle) return 30;
      if (!text || cells[c].style != CellStyle::kHeader) continue;
      int last_col = static_cast<int>(c), rows = 1;
      for (size_t i : active_)
        if (merges_[i].m.first_row == r && merges_[i].m.first_col == static_cast<int>(c)) {
          last_col = merges_[i].m.last_col;
          rows = merges_[i].m.last_row - r + 1;
        }
      double width = 0;
      for (int k = static_cast<int>(c); k <= last_col; ++k)
        width += k < static_cast<int>(sheet_.column_widths.size()) ? sheet_.column_widths[k] : kDefaultWidth;
      lines = std::max(lines, std::ceil(std::ceil(DisplayWidth(*text) / std::max(1.0, width - 1)) / rows));
    }
    return lines > 1 ? 15 * lines + 3 : 0;
  }

  lxw_worksheet* ws_;
  const Formats& formats_;
  const Sheet& sheet_;
  std::vector<Pending> merges_;  // by first row
  size_t next_ = 0;              // the first merge not yet reached
  std::vector<size_t> active_;   // merges covering the current row
  lxw_row_t row_ = 0;
};

// Owns a workbook until workbook_close takes it. Abandoning one (a sheet failed, a row
// source threw) must close the sheets' temporary files by hand: lxw_workbook_free does not,
// and a server that failed exports now and then would run out of descriptors.
class OpenBook {
 public:
  explicit OpenBook(lxw_workbook* wb) : wb_(wb) {}
  OpenBook(const OpenBook&) = delete;
  OpenBook& operator=(const OpenBook&) = delete;
  ~OpenBook() {
    if (!wb_) return;
    for (lxw_worksheet* ws : sheets_)
      if (ws->optimize_tmpfile) {
        std::fclose(ws->optimize_tmpfile);
        ws->optimize_tmpfile = nullptr;
        ws->file = nullptr;
      }
    lxw_workbook_free(wb_);
  }
  lxw_workbook* get() const { return wb_; }
  lxw_worksheet* AddSheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (ws) sheets_.push_back(ws);
    return ws;
  }
  // Writes the file and frees the workbook (libxlsxwriter closes the temporary files as it
  // copies them into the zip).
  lxw_error Close() { return workbook_close(std::exchange(wb_, nullptr)); }

 private:
  lxw_workbook* wb_;
  std::vector<lxw_worksheet*> sheets_;
};

}  // namespace

core::Status WriteXlsx(const domain::Workbook& book, const std::string& path) {
  return WriteXlsx(book, path, XlsxOptions{});
}

core::Status WriteXlsx(const domain::Workbook& book, const std::string& path, const XlsxOptions& options) {
  std::set<std::string> used;
  for (const Sheet& s : book.sheets) {
    if (auto problem = SheetNameProblem(s.name, used)) return Failure(*problem);
    if (auto problem = MergeProblem(s.merges)) return Failure("sheet " + s.name + ": " + *problem);
  }
  if (book.sheets.empty()) return Failure("workbook has no sheets");

  lxw_workbook_options opts{};
  opts.constant_memory = LXW_TRUE;
  opts.tmpdir = options.tmpdir.empty() ? nullptr : const_cast<char*>(options.tmpdir.c_str());
  // Creating the file first reports an unwritable path before any work, and keeps
  // workbook_close from failing in the one way that would leak the sheets' temporary files
  // (libxlsxwriter 1.1.4 leaves them open when it cannot create the zip; a disk filling up
  // midway through the zip can still do so, with no handle left for us to close).
  if (FILE* probe = std::fopen(path.c_str(), "wb")) std::fclose(probe);
  else return Failure("cannot create " + path + ": " + std::strerror(errno));
  OpenBook wb(workbook_new_opt(path.c_str(), &opts));
  if (!wb.get()) {
    RemovePartial(path);
    return Failure("workbook_new_opt failed for " + path);
  }

  const std::string title = XmlSafe(book.title);
  lxw_doc_properties props{};
  props.title = const_cast<char*>(title.c_str());
  workbook_set_properties(wb.get(), &props);

  Formats formats(wb.get());
  auto fail = [&](core::Status st) {
    RemovePartial(path);
    return st;
  };
  try {
    for (const Sheet& s : book.sheets) {
      lxw_worksheet* ws = wb.AddSheet(s.name);
      if (!ws) return fail(Failure("cannot add sheet " + s.name + " (temporary file?)"));
      if (auto st = SheetWriter(ws, formats, s).Write(); !st) return fail(st);
      // libxlsxwriter does not check its writes to the sheet's temporary file: a full disk
      // there would yield a truncated sheet inside a zip that closes "successfully".
      if (FILE* tmp = ws->optimize_tmpfile; tmp && (std::fflush(tmp) != 0 || std::ferror(tmp)))
        return fail(Failure("temporary file of sheet " + s.name + " could not be written: " + std::strerror(errno)));
    }
  } catch (...) {  // a row source failed (database gone): no half file; the request ends
    RemovePartial(path);
    throw;
  }
  // Assembling the zip happens here: a full disk surfaces now.
  if (const lxw_error err = wb.Close(); err != LXW_NO_ERROR)
    return fail(Failure("workbook_close(" + path + "): " + lxw_strerror(err)));
  return {};
}

}  // namespace sciweek::exporting
