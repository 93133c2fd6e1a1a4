#pragma once
// A Beast body that sends bytes it shares instead of owning a copy: an answer kept in memory
// (a public calendar page of tens of KB) goes out to every client from the one string, so a
// response costs no allocation or copy of its body however many connections ask at once.
#include <boost/beast/http.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace sciweek::http {

struct SharedBody {
  using value_type = std::shared_ptr<const std::string>;

  static std::uint64_t size(const value_type& bytes) { return bytes ? bytes->size() : 0; }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& bytes) : bytes_(bytes) {}

    void init(boost::beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      ec = {};
      if (!bytes_ || bytes_->empty()) return boost::none;
      return std::make_pair(const_buffers_type(bytes_->data(), bytes_->size()), false);
    }

   private:
    const value_type& bytes_;  // the message's own pointer, alive while it is written
  };
};

}  // namespace sciweek::http
