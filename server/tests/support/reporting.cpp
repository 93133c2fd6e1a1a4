#include "support/reporting.hpp"

#include "support/fixtures.hpp"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <fcntl.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sciweek::test {
namespace fs = std::filesystem;

ProcessResult RunProgram(const std::vector<std::string>& argv_in, int timeout_seconds) {
  TempDir dir;
  const std::string out_path = dir.File("stdout"), err_path = dir.File("stderr");
  std::vector<std::string> argv_s = argv_in;
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot open redirection files");
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(in_fd);
  close(out_fd);
  close(err_fd);
  ProcessResult r;
  if (pid < 0) {
    r.err = "fork failed: " + std::string(std::strerror(errno));
    return r;
  }
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  for (;;) {
    int status = 0;
    const pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) {
      r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (w < 0) break;
    if (std::chrono::steady_clock::now() > until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      r.err = "[killed after " + std::to_string(timeout_seconds) + " s]\n";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.out = ReadBytes(out_path);
  r.err += ReadBytes(err_path);
  return r;
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "sciweek-rep-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path);
}

size_t CountFiles(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) ++n;
  return n;
}

std::string Sha256OfFile(const std::string& path) {
  auto r = RunProgram({"sha256sum", path});
  if (r.exit_code != 0 || r.out.size() < 64) return "";
  return r.out.substr(0, 64);
}

std::string UrlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

namespace {
std::string FormatShanghai(std::time_t t, const char* fmt) {
  const std::time_t local = t + 8 * 3600;
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}
}  // namespace

std::string ShanghaiDate(std::time_t t) { return FormatShanghai(t, "%Y-%m-%d"); }
std::string ShanghaiDateTime(std::time_t t) { return FormatShanghai(t, "%Y-%m-%dT%H:%M:%S+08:00"); }

OpenCampaign CreateOpenCampaign(HttpClient& admin) {
  const std::time_t now = std::time(nullptr);
  const std::string day = ShanghaiDate(now - 86400);
  const int year = std::stoi(day.substr(0, 4));
  const nlohmann::json body = {{"year", year},
                               {"edition", year - 1994},
                               {"name", std::to_string(year) + "年北京科技周"},
                               {"theme", "科技创新 引领未来"},
                               {"start_date", day},
                               {"end_date", day},
                               {"report_deadline", ShanghaiDateTime(now + 30 * 86400)},
                               {"contacts", {{{"name", "栗英轩"}, {"phone", "55577988"}}}},
                               {"contact_email", "kjz@example.cn"},
                               {"mailing_address", "海淀区阜成路73号"}};
  auto r = admin.Post("/api/v1/campaigns", body);
  if (r.status != 201) {
    ADD_FAILURE() << "POST /api/v1/campaigns " << body.dump() << ": " << r;
    return {};
  }
  auto c = admin.Get("/api/v1/campaigns/" + std::to_string(year)).json();
  c.erase("year");
  c["status"] = "open";
  r = admin.Put("/api/v1/campaigns/" + std::to_string(year), c);
  if (r.status != 200) {
    ADD_FAILURE() << "opening campaign " << year << ": " << r;
    return {};
  }
  return {year, ShanghaiDate(now) + "T00:00:00+08:00"};
}

HttpResponse SetCampaignDeadline(HttpClient& admin, int year, const std::string& deadline) {
  const std::string path = "/api/v1/campaigns/" + std::to_string(year);
  auto c = admin.Get(path).json();
  c.erase("year");
  c["report_deadline"] = deadline;
  return admin.Put(path, c);
}

::testing::AssertionResult AddUnitWithReporter(HttpClient& admin, const std::string& code, const std::string& name,
                                               const std::string& type, const std::string& parent) {
  auto r = admin.Post("/api/v1/orgs", OrgBody(code, name, type, parent));
  if (r.status != 201) return ::testing::AssertionFailure() << "POST /api/v1/orgs " << code << ": " << r;
  r = admin.Post("/api/v1/users", {{"login", code},
                                   {"name", name + "填报员"},
                                   {"role", "reporter"},
                                   {"org_code", code},
                                   {"password", kDemoPassword}});
  if (r.status != 201) return ::testing::AssertionFailure() << "POST /api/v1/users " << code << ": " << r;
  return ::testing::AssertionSuccess();
}

std::string ReportPath(int year, const std::string& org, const std::string& suffix) {
  return "/api/v1/campaigns/" + std::to_string(year) + "/reports/" + org + suffix;
}

std::vector<FormFieldInfo> FormFields(HttpClient& c, int year) {
  std::vector<FormFieldInfo> out;
  auto r = c.Get("/api/v1/campaigns/" + std::to_string(year) + "/form");
  if (r.status != 200) {
    ADD_FAILURE() << "GET form " << year << ": " << r;
    return out;
  }
  const auto form = r.json();
  for (const auto& s : form["sections"])
    for (const auto& f : s["fields"])
      out.push_back(
          {f["code"].get<std::string>(), f["label"].get<std::string>(), f.value("unit", ""), f["type"] == "decimal"});
  return out;
}

std::optional<long long> Hundredths(const nlohmann::json& v) {
  std::string text;
  if (v.is_number_integer()) return v.get<long long>() * 100;
  if (v.is_number_float()) text = v.dump();  // shortest round-trip text of the double
  else if (v.is_string()) text = v.get<std::string>();
  else return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') negative = true, ++i;
  long long whole = 0;
  size_t digits = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits)
    whole = whole * 10 + (text[i] - '0');
  if (digits == 0 || digits > 15) return std::nullopt;
  long long frac = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::string f;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) f += text[i];
    while (f.size() > 2 && f.back() == '0') f.pop_back();
    if (f.empty() || f.size() > 2) return std::nullopt;
    if (f.size() == 1) f += '0';
    frac = std::stoll(f);
  }
  if (i != text.size()) return std::nullopt;  // an exponent or trailing text
  const long long h = whole * 100 + frac;
  return negative ? -h : h;
}

nlohmann::json FigureJson(long long hundredths, bool decimal) {
  if (!decimal) return hundredths / 100;
  return static_cast<double>(hundredths) / 100.0;
}

nlohmann::json FiguresJson(const Figures& f, const std::vector<FormFieldInfo>& fields) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& field : fields) {
    auto it = f.find(field.code);
    if (it != f.end()) out[field.code] = FigureJson(it->second, field.decimal);
  }
  return out;
}

Figures FiguresOf(const nlohmann::json& values) {
  Figures out;
  for (const auto& [code, v] : values.items()) {
    auto h = Hundredths(v);
    if (!h) {
      ADD_FAILURE() << "value of " << code << " is not an exact figure: " << v.dump();
      continue;
    }
    out[code] = *h;
  }
  return out;
}

std::string FormatHundredths(long long h) {
  const bool neg = h < 0;
  const long long a = neg ? -h : h;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", neg ? "-" : "", a / 100, a % 100);
  return buf;
}

HttpResponse SaveDraft(HttpClient& c, int year, const std::string& org, const nlohmann::json& values) {
  auto g = c.Get(ReportPath(year, org));
  if (g.status != 200) return g;
  return c.Put(ReportPath(year, org), {{"values", values}, {"version", g.json()["version"]}});
}

HttpResponse Submit(HttpClient& c, int year, const std::string& org, const nlohmann::json& explanations) {
  nlohmann::json body = nlohmann::json::object();
  if (!explanations.is_null()) body["explanations"] = explanations;
  return c.Post(ReportPath(year, org, "/submit"), body);
}

std::string UploadTarget(int year, const std::string& org, const std::string& kind, const std::string& filename) {
  return ReportPath(year, org, "/materials") + "?kind=" + UrlEncode(kind) + "&filename=" + UrlEncode(filename);
}

HttpResponse Upload(HttpClient& c, int year, const std::string& org, const std::string& kind,
                    const std::string& filename, const std::string& bytes) {
  return c.PostRaw(UploadTarget(year, org, kind, filename), bytes, "application/octet-stream");
}

std::string MinimalPdf(const std::string& text) {
  // Objects first, then an xref table with their exact byte offsets.
  std::vector<std::string> objs = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      // One object written on two lines: the literals join on purpose.
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };
  const std::string stream = "BT /F1 18 Tf 72 760 Td (" + text + ") Tj ET";
  objs[3] = "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream";
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string MakeVideo(const std::string& path, int seconds) {
  auto r = RunProgram({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                       "testsrc=size=64x48:rate=5", "-t", std::to_string(seconds), "-c:v", "libx264", "-preset",
                       "ultrafast", "-pix_fmt", "yuv420p", path});
  if (r.exit_code != 0) return "ffmpeg exited " + std::to_string(r.exit_code) + ": " + r.err;
  return "";
}

nlohmann::json ReadXlsx(const std::string& path) {
  static const char* kScript = R"PY(
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    out.append({"title": ws.title, "rows": rows, "merged": sorted(str(m) for m in ws.merged_cells.ranges)})
json.dump(out, sys.stdout, ensure_ascii=False, default=str)
)PY";
  // Debian's interpreter on purpose: the first python3 on PATH may lack openpyxl.
  auto r = RunProgram({"/usr/bin/python3", "-c", kScript, path});
  if (r.exit_code != 0)
    throw std::runtime_error("openpyxl could not read " + path + " (exit " + std::to_string(r.exit_code) +
                             "): " + r.err);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("reader printed no JSON: " + r.out.substr(0, 300));
  return j;
}

nlohmann::json ReadZip(const std::string& path, const std::string& extract_to) {
  static const char* kScript = R"PY(
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
out = {"bad": z.testzip(), "entries": []}
for i in z.infolist():
    out["entries"].append({"name": i.filename, "size": i.file_size,
                           "sha256": hashlib.sha256(z.read(i)).hexdigest(), "utf8": bool(i.flag_bits & 0x800)})
if len(sys.argv) > 2 and sys.argv[2]:
    z.extractall(sys.argv[2])
json.dump(out, sys.stdout, ensure_ascii=False)
)PY";
  auto r = RunProgram({"/usr/bin/python3", "-c", kScript, path, extract_to});
  if (r.exit_code != 0)
    throw std::runtime_error("zipfile could not read " + path + " (exit " + std::to_string(r.exit_code) +
                             "): " + r.err);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("reader printed no JSON: " + r.out.substr(0, 300));
  return j;
}

nlohmann::json SheetRows(const nlohmann::json& workbook, const std::string& title) {
  for (const auto& s : workbook)
    if (s["title"] == title) return s["rows"];
  std::string titles;
  for (const auto& s : workbook) titles += s["title"].get<std::string>() + " ";
  ADD_FAILURE() << "no sheet '" << title << "' in the workbook (sheets: " << titles << ")";
  return nlohmann::json::array();
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
      continue;
    }
    if (c == '"') quoted = true, any = true;
    else if (c == ',') row.push_back(field), field.clear(), any = true;
    else if (c == '\r') continue;
    else if (c == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      any = false;
    } else field += c, any = true;
  }
  if (any || !field.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace sciweek::test
