#pragma once
// The part of the upload check that parses the upload's bytes: libmagic sniffs the type,
// libavformat reads a video's container. It runs only inside the probe child
// (probe_sandbox.hpp), never in the server, so a crafted file that makes either library
// loop, balloon or crash takes down a throwaway process under rlimits.
#include <string>

#include "media/probe_report.hpp"

namespace sciweek::media {

// false (with `why`) only when the file cannot be read or libmagic cannot start; a file
// that is merely odd still gets a report (mime application/octet-stream, video unreadable).
bool ProbeContent(const std::string& path, ProbeReport& report, std::string& why);

}  // namespace sciweek::media
