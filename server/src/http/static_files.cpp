#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

#include "core/crypto.hpp"
#include "core/logging.hpp"
#include "http/error_response.hpp"

namespace sciweek::http {

namespace fs = std::filesystem;

std::string ContentTypeFor(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
  };
  const auto ext = fs::path(path).extension().string();
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
  if (!enabled()) return;
  files_ = Scan();
  std::error_code ec;
  index_mtime_ = fs::last_write_time(fs::path(root_) / "index.html", ec);
}

StaticFiles::Listing StaticFiles::Scan() const {
  Listing out;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(root_, ec);
  if (ec || !fs::is_directory(root, ec)) return out;
  // Symlinks are neither followed into folders nor served: a release folder holds plain files.
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (ec || !fs::is_regular_file(status)) continue;
    if (it->file_size(ec) > kMaxFileBytes || ec) continue;
    const auto rel = it->path().lexically_relative(root).generic_string();
    if (rel.empty() || rel.rfind("..", 0) == 0) continue;
    auto f = std::make_shared<File>();
    f->full = it->path();
    out.emplace(rel, std::move(f));
    if (out.size() >= kMaxFiles) {
      spdlog::warn("web root {} has more than {} files; serving the first ones only", root_, kMaxFiles);
      break;
    }
  }
  return out;
}

// A deploy rewrites index.html (its asset names change with every build): at most once a
// second, one stat notices that and lists the root again.
void StaticFiles::RescanIfDeployed() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (now < next_check_) return;
    next_check_ = now + std::chrono::seconds(1);
  }
  std::error_code ec;
  const auto mtime = fs::last_write_time(fs::path(root_) / "index.html", ec);
  {
    std::lock_guard lock(mu_);
    if (mtime == index_mtime_) return;
  }
  auto listing = Scan();
  std::lock_guard lock(mu_);
  files_ = std::move(listing);
  index_mtime_ = mtime;
}

std::shared_ptr<const StaticFiles::File> StaticFiles::Find(const std::string& relative) {
  std::shared_ptr<File> f;
  {
    std::lock_guard lock(mu_);
    auto it = files_.find(relative);
    if (it == files_.end()) return nullptr;
    f = it->second;
    if (f->loaded) return f;
  }
  std::ifstream in(f->full, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buf;
  buf << in.rdbuf();
  auto loaded = std::make_shared<File>();
  loaded->full = f->full;
  loaded->body = buf.str();
  loaded->etag = "\"" + core::Sha256Hex(loaded->body).substr(0, 32) + "\"";
  loaded->loaded = true;
  std::lock_guard lock(mu_);
  // Only the listed entry is replaced, so the cache never holds more than the listing.
  if (auto it = files_.find(relative); it != files_.end() && it->second == f) it->second = loaded;
  return loaded;
}

Response StaticFiles::Serve(const Request& req, const IndexRewrite& rewrite_index) {
  if (req.method != "GET" && req.method != "HEAD")
    return ErrorResponse(core::Error::MethodNotAllowed("不支持该请求方法"));
  RescanIfDeployed();
  std::string rel = req.path.substr(1);
  if (rel.empty()) rel = "index.html";
  auto file = Find(rel);
  bool is_index = rel == "index.html";
  if (!file) {
    // A client route gets the app; a missing asset (a known static type, or anything under
    // assets/) is a real 404. Routes may contain dots: ticket codes do (/tickets/T1.7.…).
    if (rel.rfind("assets/", 0) == 0 || ContentTypeFor(rel) != "application/octet-stream")
      return ErrorResponse(core::Error::NotFound("文件不存在"));
    file = Find("index.html");
    is_index = true;
    if (!file) return Response::Text(503, "text/plain; charset=utf-8", "前端尚未构建：请运行 make build");
  }
  // The file's bytes are shared with every response that sends them, not copied; only a
  // rewritten index.html is a body of its own.
  std::shared_ptr<const std::string> body(file, &file->body);
  std::string etag = file->etag;
  if (is_index && rewrite_index) {
    body = std::make_shared<const std::string>(rewrite_index(file->body));
    etag = "\"" + core::Sha256Hex(*body).substr(0, 32) + "\"";
  }
  Response r;
  if (req.Header("if-none-match") == etag) {
    r.status = 304;
  } else {
    r.status = 200;
    r.shared_body = std::move(body);
  }
  r.SetHeader("Content-Type", ContentTypeFor(is_index ? "index.html" : rel));
  r.SetHeader("ETag", etag);
  r.SetHeader("Cache-Control", rel.rfind("assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace sciweek::http
