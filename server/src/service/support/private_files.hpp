#pragma once
// Secret files of the data folder (<data-dir>/keys: the ticket keys, the data key): written
// whole under a private name and linked or renamed into place, only ever mode 0600 in a 0700
// folder, and refused when anyone but the owner could read them or when they are a link.
#include <string>

#include "core/result.hpp"

namespace sciweek::service {

// An error naming the file (Chinese, for the operator), with errno's text in `internal`.
core::Error PrivateFileError(const std::string& message, const std::string& path);

// Creates the folder (mode 0700) when it does not exist.
core::Status EnsurePrivateDir(const std::string& dir);

// The whole content of a secret file; an error naming the path when it is not a regular file
// or its mode lets anyone but its owner in (with the chmod that fixes it).
core::Result<std::string> ReadPrivateFile(const std::string& path);

// Makes `path` (in `dir`) with `text`, once: when several processes race, exactly one file
// wins (link() fails on an existing name) and nobody reads half a file; a conflict when the
// file exists already.
core::Status CreatePrivateFileOnce(const std::string& dir, const std::string& path, const std::string& text);

// Replaces `path` (in `dir`) whole: written aside, then renamed over it.
core::Status ReplacePrivateFile(const std::string& dir, const std::string& path, const std::string& text);

}  // namespace sciweek::service
