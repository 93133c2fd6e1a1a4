#include "http/handlers/report_handlers.hpp"

#include "http/handlers/respond.hpp"
#include "http/json/import_json.hpp"
#include "http/json/json_input.hpp"
#include "http/json/report_json.hpp"
#include "service/campaigns/form_json.hpp"

namespace sciweek::http {
namespace {

constexpr const char* kReport = "/api/v1/campaigns/{year}/reports/{org}";

Response View(const core::Result<service::ReportView>& r) {
  return Respond(r, 200, [](const service::ReportView& v) { return ReportJson(v); });
}

}  // namespace

void AddReportRoutes(Router& router, Services& s) {
  // The statistics table from a spreadsheet (docs/api.md, importing): a dry run answers what
  // would happen; ?mode=apply writes the drafts, or 422 listing each problem by sheet!cell.
  router.Add({"POST", "/api/v1/campaigns/{year}/report-import",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto apply = ImportApplies(req.Query("mode"));
                if (!apply) return ErrorResponse(apply.error());
                auto grid = ParseImportGrid(req.body);
                if (!grid) return ErrorResponse(grid.error());
                auto r = s.report_import.Import(ctx, year, *grid, req.Query("org").value_or(""), *apply);
                if (r && *apply && !r->applied) return ErrorResponse(ImportRefused(r->problems));
                return Respond(r, 200, ImportOutcomeJson);
              }),
              16u << 20});
  router.Add({"GET", "/api/v1/campaigns/{year}/form", WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
                return Respond(s.reports.Form(ctx, year), 200, service::FormJson);
              })});
  router.Add(
      {"PUT", "/api/v1/campaigns/{year}/form", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
         if (ctx.principal->role != domain::Role::kAdmin) return ErrorResponse(core::Error::Forbidden());
         auto j = ParseRequestJson(req.body);
         if (!j) return ErrorResponse(j.error());
         auto form = service::ParseFormJson(*j);
         if (!form) return ErrorResponse(form.error());
         return Respond(s.reports.UpdateForm(ctx, year, *form), 200, service::FormJson);
       })});
  router.Add({"GET", kReport, WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                return View(s.reports.Get(ctx, year, req.Param("org")));
              })});
  router.Add({"PUT", kReport, WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto in = ParseDraftBody(req.body);
                if (!in) return ErrorResponse(in.error());
                auto r = s.reports.SaveDraft(ctx, year, req.Param("org"), in->values, in->version);
                if (!r && r.error().code == core::ErrorCode::kConflict && r.error().field == "version") {
                  // Offer what the other person saved, so the form can show their values.
                  Response resp = ErrorResponse(r.error());
                  auto current = s.reports.Get(ctx, year, req.Param("org"));
                  if (current) {
                    auto body = nlohmann::json::parse(resp.body);
                    body["error"]["current"] = ReportJson(*current);
                    resp.body = body.dump();
                  }
                  return resp;
                }
                return View(r);
              })});
  router.Add(
      {"POST", std::string(kReport) + "/submit", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
         auto in = ParseSubmitBody(req.body);
         if (!in) return ErrorResponse(in.error());
         return View(s.reports.Submit(ctx, year, req.Param("org"), in->explanations, in->version));
       })});
  router.Add(
      {"POST", std::string(kReport) + "/return", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
         auto in = ParseReviewBody(req.body, true);
         if (!in) return ErrorResponse(in.error());
         return View(s.reports.Return(ctx, year, req.Param("org"), in->comment, in->fields));
       })});
  router.Add(
      {"POST", std::string(kReport) + "/approve", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
         auto in = ParseReviewBody(req.body, false);
         if (!in) return ErrorResponse(in.error());
         return View(s.reports.Approve(ctx, year, req.Param("org"), in->comment));
       })});
  router.Add(
      {"POST", std::string(kReport) + "/reopen", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
         auto in = ParseReviewBody(req.body, false);
         if (!in) return ErrorResponse(in.error());
         return View(s.reports.Reopen(ctx, year, req.Param("org"), in->comment));
       })});
  router.Add(
      {"GET", std::string(kReport) + "/history", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
         auto h = s.reports.History(ctx, year, req.Param("org"));
         if (!h) return ErrorResponse(h.error());
         auto form = s.reports.Form(ctx, year);
         if (!form) return ErrorResponse(form.error());
         return Response::Json(200, HistoryJson(*h, *form));
       })});
  router.Add({"PUT", std::string(kReport) + "/extension",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto in = JsonInput::Parse(req.body);
                if (!in) return ErrorResponse(in.error());
                std::optional<core::UnixTime> deadline;
                if (auto d = in->String("deadline", false, 40)) {
                  deadline = core::ParseDateTime(*d);
                  if (!deadline) in->AddProblem("deadline", "invalid", "截止时间格式须为 2023-06-19T18:00:00+08:00");
                }
                if (auto st = in->Finish(); !st) return ErrorResponse(st.error());
                return Respond(s.reports.SetExtension(ctx, year, req.Param("org"), deadline));
              })});
  router.Add({"GET", "/api/v1/campaigns/{year}/completeness",
              WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
                return Respond(s.oversight.GetCompleteness(ctx, year), 200, CompletenessJson);
              })});
  router.Add({"POST", "/api/v1/campaigns/{year}/reminders",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                std::string message;
                std::vector<std::string> only;
                if (req.body.find_first_not_of(" \t\r\n") != std::string::npos) {
                  auto in = JsonInput::Parse(req.body);
                  if (!in) return ErrorResponse(in.error());
                  message = in->String("message", false, 2000).value_or("");
                  if (auto codes = in->Raw("org_codes", false)) {
                    if (!codes->is_array()) in->AddProblem("org_codes", "type", "org_codes 须为数组");
                    else
                      for (const auto& c : *codes)
                        if (c.is_string()) only.push_back(c.get<std::string>());
                        else in->AddProblem("org_codes", "type", "org_codes 须为字符串数组");
                  }
                  if (auto st = in->Finish(); !st) return ErrorResponse(st.error());
                }
                return Respond(s.oversight.SendReminders(ctx, year, message, only), 201, [](int sent) {
                  return nlohmann::json{{"sent", sent}};
                });
              })});
  router.Add({"GET", "/api/v1/campaigns/{year}/reminders",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                return Respond(
                    s.oversight.Reminders(ctx, year, req.Query("org_code").value_or("")), 200,
                    [](const std::vector<store::ReminderRow>& rows) {
                      return ListJson(rows, static_cast<long long>(rows.size()), [](const store::ReminderRow& r) {
                        return nlohmann::json{{"id", r.id},           {"org_code", r.org_code},
                                              {"message", r.message}, {"sent_at", core::FormatShanghai(r.sent_at)},
                                              {"sent_by", r.sent_by}, {"email", ReminderEmailJson(r)}};
                      });
                    });
              })});
  router.Add(
      {"GET", "/api/v1/campaigns/{year}/totals", WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
         auto compare = service::OversightService::ParseCompare(req.Query("compare").value_or(""));
         if (!compare) return ErrorResponse(compare.error());
         auto t = s.oversight.GetTotals(ctx, year, req.Query("status").value_or("approved"),
                                        req.Query("group_by").value_or("none"), *compare);
         if (!t) return ErrorResponse(t.error());
         auto form = s.reports.Form(ctx, year);
         if (!form) return ErrorResponse(form.error());
         return Response::Json(200, TotalsJson(*t, *form));
       })});
}

}  // namespace sciweek::http
