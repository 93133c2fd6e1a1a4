#pragma once
// The public calendar's answers, remembered whole on each I/O thread: status, header lines
// rendered once, body shared. A request for the same target, with the same choice of gzip,
// is answered from here without parsing its query, routing, calling the handler or
// rendering a header, for as long as the public catalog's epoch is the one the answer was
// rendered at (service::PublicCatalog::Epoch). Every thread keeps a table of its own, so the
// hot path shares no lock and no reference count with the other I/O thread (perf: those
// steps were a third of a cached page's server time, bench/RESULTS.md).
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/memory_file.hpp"
#include "http/message.hpp"

namespace sciweek::http {

class InlineMemo {
 public:
  // Past these a table starts again empty: the visitor chooses the targets (every distinct
  // `q=` is one), so what a thread holds stays bounded whatever is asked.
  static constexpr size_t kTableBytes = size_t{4} << 20;
  static constexpr size_t kTableEntries = 512;
  static constexpr size_t kTargetBytes = 1024;  // longer targets are never remembered
  // From this size a body is also kept in a MemoryFile and sent with sendfile: the copy into
  // the socket it saves outweighs the second system call (nginx's own split, bench/RESULTS.md).
  static constexpr size_t kSendfileFrom = size_t{16} << 10;
  // Files a table keeps open at most (each is a descriptor; the server's connection cap
  // leaves room for them); past it a large body is sent from memory.
  static constexpr size_t kTableFiles = 64;

  struct Answer {
    std::uint64_t epoch = 0;
    int status = 200;
    std::shared_ptr<const std::string> head_lines;
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const MemoryFile> file;  // the body again, from kSendfileFrom on (or none)
    std::string route;                       // the route's pattern, the label its metrics count under
  };

  InlineMemo();

  // Only such a request is remembered or answered from here: a signed-in visitor's goes the
  // whole way (the session is resolved and logged), and a revalidation may be a 304.
  static bool Eligible(std::string_view cookie, std::string_view if_none_match) {
    return cookie.empty() && if_none_match.empty();
  }

  // This thread's answer for the target when it was rendered at `epoch`; nullptr otherwise.
  const Answer* Find(std::string_view target, bool gzip, std::uint64_t epoch);
  // Remembers a finished answer on this thread (Response::catalog_epoch set, its body in
  // memory, no request id yet): its headers are rendered here, once.
  void Remember(std::string_view target, bool gzip, const Response& r, const std::string& route);

  // The bytes and the files this thread's table holds (for tests).
  size_t ThreadBytes();
  size_t ThreadFiles();

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Table {
    std::uint64_t owner = 0;  // the memo it belongs to (a thread may serve more than one)
    std::array<std::unordered_map<std::string, Answer, Hash, std::equal_to<>>, 2> by_target;  // [gzip]
    size_t bytes = 0;
    size_t files = 0;
  };
  Table& Mine();

  const std::uint64_t id_;
};

}  // namespace sciweek::http
