#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"
#include "http/error_response.hpp"

namespace sciweek::http {

std::string ContentTypeFor(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
      {".gif", "image/gif"}, {".ico", "image/x-icon"}, {".webp", "image/webp"},
      {".woff", "font/woff"}, {".woff2", "font/woff2"}, {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"}, {".map", "application/json; charset=utf-8"},
  };
  const auto ext = std::filesystem::path(path).extension().string();
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::shared_ptr<const StaticFiles::File> StaticFiles::Load(const std::string& relative) {
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(relative); it != cache_.end()) return it->second;
  }
  const auto full = std::filesystem::path(root_) / relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(full, ec)) return nullptr;
  std::ifstream in(full, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buf;
  buf << in.rdbuf();
  auto file = std::make_shared<File>();
  file->body = buf.str();
  file->etag = "\"" + core::Sha256Hex(file->body).substr(0, 32) + "\"";
  std::lock_guard lock(mu_);
  // index.html changes on every deploy and is tiny: only hashed assets are cached forever.
  if (relative != "index.html") cache_[relative] = file;
  return file;
}

Response StaticFiles::Serve(const Request& req) {
  if (req.method != "GET" && req.method != "HEAD")
    return ErrorResponse({core::ErrorCode::kMethodNotAllowed, "不支持该请求方法", {}, {}, {}, 0});
  std::string rel = req.path.substr(1);
  // Refuse any path that could step outside the web root.
  if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos ||
      rel.find('\0') != std::string::npos)
    return ErrorResponse(core::Error::NotFound("页面不存在"));
  if (rel.empty()) rel = "index.html";
  auto file = Load(rel);
  bool is_index = rel == "index.html";
  if (!file) {
    // A client route gets the app; a missing asset (a known static type, or anything under
    // assets/) is a real 404. Routes may contain dots: ticket codes do (/tickets/T1.7.…).
    if (rel.rfind("assets/", 0) == 0 || ContentTypeFor(rel) != "application/octet-stream")
      return ErrorResponse(core::Error::NotFound("文件不存在"));
    file = Load("index.html");
    is_index = true;
    if (!file) return Response::Text(503, "text/plain; charset=utf-8", "前端尚未构建：请运行 make build");
  }
  Response r;
  if (req.Header("if-none-match") == file->etag) {
    r.status = 304;
  } else {
    r.status = 200;
    r.body = file->body;
  }
  r.SetHeader("Content-Type", ContentTypeFor(is_index ? "index.html" : rel));
  r.SetHeader("ETag", file->etag);
  r.SetHeader("Cache-Control", rel.rfind("assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace sciweek::http
