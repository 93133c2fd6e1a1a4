#pragma once
// Content-Disposition for downloads with Chinese names (RFC 6266 + RFC 5987): an ASCII
// fallback for old clients and filename*=UTF-8''… that browsers, Excel and WPS use.
#include <string>

namespace sciweek::http {

std::string ContentDisposition(const std::string& filename, bool inline_display = false);

}  // namespace sciweek::http
