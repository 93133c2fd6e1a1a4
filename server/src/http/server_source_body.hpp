#pragma once
// A Beast body whose bytes come from a core::ByteSource as they are written: Beast asks for
// the next buffer, the source fills it (reading files on the way). Its length is announced in
// Content-Length; a source that throws or ends early fails the write, which closes the
// connection, so a client never takes a short body for a whole one.
#include <boost/beast/http.hpp>

#include <cstdint>
#include <memory>
#include <utility>

#include "core/byte_source.hpp"
#include "core/logging.hpp"

namespace sciweek::http {

struct SourceBody {
  using value_type = std::shared_ptr<core::ByteSource>;

  static std::uint64_t size(const value_type& source) { return source ? source->Size() : 0; }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& source)
        : source_(source), left_(size(source)) {}

    void init(boost::beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      ec = {};
      if (left_ == 0) return boost::none;
      std::size_t n = 0;
      try {
        n = source_->Read(buffer_.get(), kChunk);
      } catch (const std::exception& e) {
        spdlog::error("streamed download stopped: {}", e.what());
        ec = boost::asio::error::broken_pipe;  // any error: the connection is closed
        return boost::none;
      }
      if (n == 0 || n > left_) {
        spdlog::error("streamed download gave {} bytes with {} still announced", n, left_);
        ec = boost::asio::error::broken_pipe;
        return boost::none;
      }
      left_ -= n;
      return std::make_pair(const_buffers_type(buffer_.get(), n), left_ > 0);
    }

   private:
    static constexpr std::size_t kChunk = 64 * 1024;
    value_type source_;
    std::uint64_t left_;
    std::unique_ptr<char[]> buffer_ = std::make_unique<char[]>(kChunk);
  };
};

}  // namespace sciweek::http
