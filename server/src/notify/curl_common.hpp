#pragma once
// What the libcurl transports of notify/ share (SMTP for mail, HTTP for SMS gateways).
#include <curl/curl.h>

#include <string>

namespace sciweek::notify {

// CURLOPT_XFERINFOFUNCTION whose CURLOPT_XFERINFODATA is a const std::atomic<bool>* "stop":
// called about once a second while a transfer runs, a non-zero answer aborts it.
int StopWhenAsked(void* stop_flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

// Server replies may carry any bytes: printable ASCII on one line, at most `max` characters.
std::string PrintableExcerpt(const std::string& s, size_t max = 300);

}  // namespace sciweek::notify
