#include "http/handlers/respond.hpp"

#include <charconv>

#include "http/content_disposition.hpp"

namespace sciweek::http {
namespace {

std::optional<long long> ToInt(const std::string& s) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<int> PathYear(const Request& req) {
  const std::string y = req.Param("year");
  if (y.size() != 4) return std::nullopt;
  auto v = ToInt(y);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<long long> PathId(const Request& req, const std::string& name) {
  auto v = ToInt(req.Param(name));
  if (!v || *v <= 0) return std::nullopt;
  return v;
}

Response SendExport(const core::Result<service::ExportFile>& f) {
  if (!f) return ErrorResponse(f.error());
  Response r;
  r.status = 200;
  r.file_path = f->path;
  r.delete_file_after = true;
  r.SetHeader("Content-Type", f->content_type);
  r.SetHeader("Content-Disposition", ContentDisposition(f->filename));
  return r;
}

Response SendStreamedExport(const core::Result<service::StreamedExport>& f) {
  if (!f) return ErrorResponse(f.error());
  Response r;
  r.status = 200;
  r.source = f->source;
  r.SetHeader("Content-Type", f->content_type);
  r.SetHeader("Content-Disposition", ContentDisposition(f->filename));
  return r;
}

core::Result<Paging> ReadPaging(const Request& req, int default_limit) {
  Paging p{default_limit, 0};
  if (auto l = req.Query("limit")) {
    auto v = ToInt(*l);
    if (!v || *v < 1 || *v > 500) return core::Error::Invalid("limit 须为 1 至 500 的整数", "limit");
    p.limit = static_cast<int>(*v);
  }
  if (auto o = req.Query("offset")) {
    auto v = ToInt(*o);
    if (!v || *v < 0 || *v > 100000000) return core::Error::Invalid("offset 须为非负整数", "offset");
    p.offset = static_cast<int>(*v);
  }
  return p;
}

}  // namespace sciweek::http
