// Static files: a fuzzed request target resolved against a temp web root. The property
// holds whatever the resolution code looks like: no answer ever carries a file that lies
// outside the root (a marker beside the root, and in a sibling whose name extends the
// root's, the classic prefix-check slip), and nothing throws.
#include <filesystem>
#include <fstream>

#include "http/request_target.hpp"
#include "http/static_files.hpp"
#include "support/fuzz_support.hpp"

namespace {

constexpr const char* kMarker = "SCIWEEK-FUZZ-OUTSIDE-THE-WEB-ROOT";

void Write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

sciweek::http::StaticFiles& Files() {
  static sciweek::http::StaticFiles* files = [] {
    const std::filesystem::path scratch = sciweek::fuzz::ScratchDir();
    const auto root = scratch / "web";
    Write(root / "index.html", "<!doctype html><title>app</title>");
    Write(root / "assets" / "app-1a2b.js", "console.log(1)");
    Write(root / "favicon.ico", "ico");
    Write(scratch / "secret.txt", kMarker);
    Write(scratch / "web-private" / "secret.txt", kMarker);
    Write(scratch / "secret.html", kMarker);
    return new sciweek::http::StaticFiles(root.string());
  }();
  return *files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  std::string target = fuzz::AsString(data, size);
  const unsigned char selector = fuzz::TakeSelector(target);
  http::Request req;
  req.method = selector & 1 ? "HEAD" : "GET";
  req.target = target;
  req.path = http::PathOfTarget(target);
  const http::Response resp = Files().Serve(req);
  FUZZ_CHECK(resp.body.find(kMarker) == std::string::npos, "a file outside the web root was served");
  FUZZ_CHECK(resp.file_path.empty() || resp.file_path.find("secret") == std::string::npos,
             "a file outside the web root was streamed");
  return 0;
}
