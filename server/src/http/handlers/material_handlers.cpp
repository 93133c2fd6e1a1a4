#include "http/content_disposition.hpp"
#include "http/handlers/report_handlers.hpp"
#include "http/handlers/respond.hpp"
#include "http/json/json_input.hpp"
#include "http/json/report_json.hpp"
#include "http/print_page.hpp"

namespace sciweek::http {
namespace {

constexpr const char* kReport = "/api/v1/campaigns/{year}/reports/{org}";

}  // namespace

void AddMaterialRoutes(Router& router, Services& s) {
  router.Add({"POST", std::string(kReport) + "/materials",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto kind = req.Query("kind");
                auto filename = req.Query("filename");
                if (!kind) return ErrorResponse(core::Error::Invalid("缺少参数 kind", "kind"));
                if (!filename) return ErrorResponse(core::Error::Invalid("缺少参数 filename", "filename"));
                auto m = s.materials.Upload(ctx, year, req.Param("org"), *kind, *filename, req.body_file);
                return Respond(m, 201, MaterialJson);
              }),
              s.config.max_upload_bytes, true,
              UploadCheckWithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                return s.materials.MayUpload(ctx, year, req.Param("org"), req.Query("kind").value_or(""),
                                             req.Query("filename").value_or(""));
              })});
  router.Add({"GET", std::string(kReport) + "/materials/{id}",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto id = PathId(req);
                if (!id) return ErrorResponse(core::Error::NotFound("材料不存在"));
                auto f = s.materials.Open(ctx, year, req.Param("org"), *id);
                if (!f) return ErrorResponse(f.error());
                Response r;
                r.file_path = f->path;
                r.SetHeader("Content-Type", f->row.mime);
                r.SetHeader("Content-Disposition", ContentDisposition(f->row.filename, req.Query("inline") == "1"));
                r.SetHeader("Cache-Control", "private, max-age=3600");
                return r;
              })});
  router.Add({"DELETE", std::string(kReport) + "/materials/{id}",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto id = PathId(req);
                if (!id) return ErrorResponse(core::Error::NotFound("材料不存在"));
                return Respond(s.materials.Delete(ctx, year, req.Param("org"), *id));
              })});
  router.Add({"POST", std::string(kReport) + "/media-reports",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto in = JsonInput::Parse(req.body);
                if (!in) return ErrorResponse(in.error());
                service::MediaReportInput m;
                m.outlet = in->String("outlet", true, 400).value_or("");
                m.title = in->String("title", true, 800).value_or("");
                m.url = in->String("url", false, 2000).value_or("");
                m.date = in->String("date", false, 10).value_or("");
                if (auto st = in->Finish(); !st) return ErrorResponse(st.error());
                return Respond(s.materials.AddMediaReport(ctx, year, req.Param("org"), m), 201, MediaReportJson);
              })});
  router.Add({"DELETE", std::string(kReport) + "/media-reports/{id}",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto id = PathId(req);
                if (!id) return ErrorResponse(core::Error::NotFound("媒体报道不存在"));
                return Respond(s.materials.DeleteMediaReport(ctx, year, req.Param("org"), *id));
              })});
  // A unit's campaign documents: implementation plan, and a district's leading group.
  const std::string docs = "/api/v1/campaigns/{year}/orgs/{org}/documents";
  router.Add({"POST", docs, WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto kind = req.Query("kind");
                auto filename = req.Query("filename");
                if (!kind) return ErrorResponse(core::Error::Invalid("缺少参数 kind", "kind"));
                if (!filename) return ErrorResponse(core::Error::Invalid("缺少参数 filename", "filename"));
                return Respond(s.documents.Upload(ctx, year, req.Param("org"), *kind, *filename, req.body_file), 201,
                               OrgDocumentJson);
              }),
              s.config.max_upload_bytes, true,
              UploadCheckWithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                return s.documents.MayUpload(ctx, year, req.Param("org"), req.Query("kind").value_or(""),
                                             req.Query("filename").value_or(""));
              })});
  router.Add({"GET", docs, WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto list = s.documents.List(ctx, year, req.Param("org"));
                if (!list) return ErrorResponse(list.error());
                return Response::Json(200, ListJson(*list, static_cast<long long>(list->size()), OrgDocumentJson));
              })});
  router.Add({"GET", docs + "/{id}", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto id = PathId(req);
                if (!id) return ErrorResponse(core::Error::NotFound("文件不存在"));
                auto f = s.documents.Open(ctx, year, req.Param("org"), *id);
                if (!f) return ErrorResponse(f.error());
                Response r;
                r.file_path = f->path;
                r.SetHeader("Content-Type", f->row.mime);
                r.SetHeader("Content-Disposition", ContentDisposition(f->row.filename, req.Query("inline") == "1"));
                return r;
              })});
  router.Add({"DELETE", docs + "/{id}", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto id = PathId(req);
                if (!id) return ErrorResponse(core::Error::NotFound("文件不存在"));
                return Respond(s.documents.Delete(ctx, year, req.Param("org"), *id));
              })});
  // Exports and the print page.
  router.Add(
      {"GET", "/api/v1/campaigns/{year}/export.xlsx", WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
         return SendExport(s.exports.SummaryXlsx(ctx, year));
       })});
  router.Add(
      {"GET", "/api/v1/campaigns/{year}/export.csv", WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
         return SendExport(s.exports.SummaryCsv(ctx, year));
       })});
  router.Add({"GET", "/api/v1/campaigns/{year}/media-reports.xlsx",
              WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
                return SendExport(s.exports.MediaReportsXlsx(ctx, year));
              })});
  router.Add({"GET", "/api/v1/campaigns/{year}/summary-pack.zip",
              WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
                return SendStreamedExport(s.exports.SummaryPack(ctx, year));
              })});
  router.Add({"GET", "/api/v1/campaigns/{year}/completeness.xlsx",
              WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
                return SendExport(s.exports.CompletenessXlsx(ctx, year));
              })});
  router.Add({"GET", std::string(kReport) + "/export.xlsx",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                return SendExport(s.exports.UnitXlsx(ctx, year, req.Param("org")));
              })});
  router.Add(
      {"GET", std::string(kReport) + "/print", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
         auto page = s.reports.Printable(ctx, year, req.Param("org"));
         if (!page) return ErrorResponse(page.error());
         return Response::Text(200, "text/html; charset=utf-8", PrintPage(*page));
       })});
}

}  // namespace sciweek::http
