#pragma once
// Helpers of the reporting suites (issue 3: statistics table, materials, exports): exact
// fixed-point figures, a campaign open for on-time filing now, uploads, and readers we did
// not write for what the server exports (Debian's /usr/bin/python3 with openpyxl for xlsx,
// ffmpeg for test videos).
#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace sciweek::test {

// Runs argv (argv[0] searched on PATH) to completion with stdout and stderr captured
// (killed after timeout_seconds).
ProcessResult RunProgram(const std::vector<std::string>& argv, int timeout_seconds = 120);

// A private temp folder, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, const std::string& bytes);
// Regular files anywhere under dir (0 when it does not exist).
size_t CountFiles(const std::string& dir);
// Lower-case hex SHA-256 of a file (sha256sum), empty on failure.
std::string Sha256OfFile(const std::string& path);

// RFC 3986 percent-encoding of everything but unreserved characters (upper-case hex).
std::string UrlEncode(const std::string& s);

// Asia/Shanghai civil time of a Unix time: "2023-06-12" and "2023-06-12T18:00:00+08:00".
std::string ShanghaiDate(std::time_t t);
std::string ShanghaiDateTime(std::time_t t);

// A campaign where filing now is on time: created by the admin for the Shanghai year of
// yesterday (start = end = yesterday, so it works on 1 January too), deadline 30 days ahead,
// then opened. `past_deadline` is the earliest deadline the server accepts for it (the day
// after its end, 00:00 Shanghai), which is already past: PUT it to make later filing late.
struct OpenCampaign {
  int year = 0;
  std::string past_deadline;
};
// Adds a gtest failure and returns year 0 when the server refuses.
OpenCampaign CreateOpenCampaign(HttpClient& admin);
// PUT /api/v1/campaigns/{year} with report_deadline changed (everything else as stored).
HttpResponse SetCampaignDeadline(HttpClient& admin, int year, const std::string& deadline);

// A new unit (POST /api/v1/orgs) and its reporter, whose login is the unit's code and whose
// password is kDemoPassword; a failure names the refused call.
::testing::AssertionResult AddUnitWithReporter(HttpClient& admin, const std::string& code, const std::string& name,
                                               const std::string& type, const std::string& parent);

// "/api/v1/campaigns/{year}/reports/{org}{suffix}".
std::string ReportPath(int year, const std::string& org, const std::string& suffix = "");

// One field of the campaign's form, from GET /api/v1/campaigns/{year}/form.
struct FormFieldInfo {
  std::string code, label, unit;
  bool decimal = false;
};
std::vector<FormFieldInfo> FormFields(HttpClient& c, int year);

// Figures in hundredths (exact fixed point): 12 → 1200, 12.34 → 1234.
using Figures = std::map<std::string, long long>;
// The exact hundredths of a JSON number or decimal string as written (its shortest
// round-trip text); nullopt for anything else or more than two decimal places, so a sum
// that drifted in binary floating point (0.30000000000000004) is caught.
std::optional<long long> Hundredths(const nlohmann::json& v);
// A JSON number for hundredths: an integer for integer fields, else a 2-decimal number.
nlohmann::json FigureJson(long long hundredths, bool decimal);
nlohmann::json FiguresJson(const Figures& f, const std::vector<FormFieldInfo>& fields);
// The report's values as hundredths; a gtest failure for a null or malformed value.
Figures FiguresOf(const nlohmann::json& values);
std::string FormatHundredths(long long h);

// GET the report (for its version), then PUT {"values","version"}.
HttpResponse SaveDraft(HttpClient& c, int year, const std::string& org, const nlohmann::json& values);
// POST …/submit with optional explanations.
HttpResponse Submit(HttpClient& c, int year, const std::string& org, const nlohmann::json& explanations = nullptr);
// POST …/materials?kind=&filename= with the raw bytes as body.
HttpResponse Upload(HttpClient& c, int year, const std::string& org, const std::string& kind,
                    const std::string& filename, const std::string& bytes);
std::string UploadTarget(int year, const std::string& org, const std::string& kind, const std::string& filename);

// A small well-formed PDF whose page shows `text` (ASCII).
std::string MinimalPdf(const std::string& text);
// An H.264 MP4 test pattern of `seconds` (ffmpeg lavfi testsrc 64x48 at 5 fps); the error
// text, empty on success.
std::string MakeVideo(const std::string& path, int seconds);

// The workbook as read by openpyxl under Debian's /usr/bin/python3:
// [{"title","rows":[[cell…]…],"merged":["A1:X1",…]}] (cells: null, number, string).
// Throws std::runtime_error with python's stderr when it cannot be read.
nlohmann::json ReadXlsx(const std::string& path);
// The sheet of that title ("rows"), or a gtest failure and an empty array.
nlohmann::json SheetRows(const nlohmann::json& workbook, const std::string& title);

// The zip as Python's zipfile reads it, after testzip() checked every CRC-32:
// {"bad": null or the first damaged entry, "entries": [{"name","size","sha256","utf8"}…]}, and
// its files extracted under `extract_to` when that is not empty. Throws std::runtime_error
// with python's stderr when it is not a zip at all.
nlohmann::json ReadZip(const std::string& path, const std::string& extract_to = "");

// RFC 4180 rows (quoted fields, "" escapes, CRLF or LF line ends); no BOM handling.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

}  // namespace sciweek::test
