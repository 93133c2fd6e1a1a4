#pragma once
// Plain request and response types: what handlers see. Only http/server*.cpp know Beast; the
// rest of http/ works on these so that handlers compile fast and test without sockets.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/byte_source.hpp"
#include "core/error.hpp"

namespace sciweek::http {

class MemoryFile;  // http/memory_file.hpp

struct Request {
  std::string method;                                        // "GET"
  std::string target;                                        // "/api/v1/orgs?type=district"
  std::string path;                                          // "/api/v1/orgs" (percent-decoded)
  std::map<std::string, std::string> query;                  // decoded; the last value wins
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string body_file;  // streamed uploads: the temp file holding the body (removed after the request)
  std::string remote_ip;
  std::string request_id;
  std::map<std::string, std::string> params;  // from the route pattern, e.g. {code}

  std::string Header(std::string_view name) const;  // name lower-case; "" when absent
  std::string Cookie(std::string_view name) const;
  std::optional<std::string> Query(const std::string& name) const;
  std::string Param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Bytes kept in memory and sent instead of `body` without a copy (the public calendar's
  // rendered pages and their gzip): many connections send the one string at once.
  std::shared_ptr<const std::string> shared_body;
  // A file to send instead of `body` (downloads, exports), streamed from disk.
  std::string file_path;
  bool delete_file_after = false;  // exports write a temp file that goes once sent
  // Or bytes produced while they are sent (an archive of many files), at constant memory.
  std::shared_ptr<core::ByteSource> source;
  std::string log_user;  // who made the request, for the access log
  // Header lines rendered once (AppendHeaderLine) and sent before `headers`: a remembered
  // calendar answer's (http/inline_memo.hpp), which would otherwise be rebuilt per request.
  // Only with a body from memory (`body` or `shared_body`).
  std::shared_ptr<const std::string> head_lines;
  // The same bytes as `shared_body`, in a file the connection sends with sendfile (no copy
  // into the socket); a remembered large calendar page's.
  std::shared_ptr<const MemoryFile> sendfile_body;
  // Nonzero: the answer depends only on the request target, whether gzip was accepted and this
  // epoch of the public catalog (service::PublicCatalog::Epoch), so it may be remembered.
  std::uint64_t catalog_epoch = 0;

  void SetHeader(std::string name, std::string value);
  static Response Json(int status, const nlohmann::json& body);
  // JSON text written already (http/json/json_writer.hpp), with Json's Content-Type.
  static Response JsonText(int status, std::string body);
  static Response NoContent();
  static Response Text(int status, std::string content_type, std::string body);
};

// Appends `name: value` and CRLF as HTTP/1.1 sends it. A line break in the value becomes a
// space: it would end the head early and let the rest pose as headers.
void AppendHeaderLine(std::string& out, std::string_view name, std::string_view value);

// Splits "a=1&b=%E4%B8%AD" into decoded pairs; '+' means space.
std::map<std::string, std::string> ParseQuery(std::string_view query);
// Percent-decodes; nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace sciweek::http
