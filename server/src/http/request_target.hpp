#pragma once
// The path a request target names, as handlers see it (Request::path). Apart from
// server.cpp so that code without Beast (fuzz/) resolves targets exactly as the server does.
#include <string>
#include <string_view>

namespace sciweek::http {

// "/a%20b?x=1" → "/a b": percent-decoded, always starting with '/', "/" when an escape is
// malformed.
std::string PathOfTarget(std::string_view target);

}  // namespace sciweek::http
