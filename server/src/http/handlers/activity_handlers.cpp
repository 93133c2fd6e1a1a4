// Activities for logged-in staff: plans, review, files, sessions (walk-ins, counters,
// lotteries, attendee lists), check-in, and the report form's suggested figures.
#include "http/handlers/activity_handlers.hpp"
#include "http/content_disposition.hpp"
#include "http/handlers/respond.hpp"
#include "http/json/activity_change_json.hpp"
#include "http/json/activity_json.hpp"
#include "http/json/desk_json.hpp"
#include "http/json/import_json.hpp"
#include "http/json/json_input.hpp"

namespace sciweek::http {
namespace {

// Wraps a handler of one activity or session: 401 when anonymous, 404 for a malformed id.
template <typename F>
auto WithId(F f, const char* missing = "活动不存在") {
  return [f, missing](const Request& req, const service::Ctx& ctx) {
    if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
    auto id = PathId(req);
    if (!id) return ErrorResponse(core::Error::NotFound(missing));
    return f(req, ctx, *id);
  };
}

}  // namespace

void AddActivityRoutes(Router& router, Services& s) {
  router.Add({"GET", "/api/v1/campaigns/{year}/activities",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto paging = ReadPaging(req);
                if (!paging) return ErrorResponse(paging.error());
                service::ActivityQuery q;
                q.status = req.Query("status").value_or("");
                q.org = req.Query("org").value_or("");
                q.q = req.Query("q").value_or("");
                const auto change = req.Query("change").value_or("");
                if (!change.empty() && change != "pending")
                  return ErrorResponse(core::Error::Invalid("change 只能为 pending（有待审核变更的活动）", "change"));
                q.pending_change = change == "pending";
                if (q.q.size() > 200) return ErrorResponse(core::Error::Invalid("q 过长", "q"));
                q.limit = paging->limit;
                q.offset = paging->offset;
                auto page = s.activities.List(ctx, year, q);
                if (!page) return ErrorResponse(page.error());
                return Response::Json(200, ListJson(page->items, page->total, ActivityJson));
              })});
  router.Add({"POST", "/api/v1/campaigns/{year}/activities",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto in = ParseActivityBody(req.body, false);
                if (!in) return ErrorResponse(in.error());
                return Respond(s.activities.Create(ctx, year, in->plan, in->lead_org), 201, ActivityJson);
              })});
  // Activities from the import template (docs/api.md, importing activities).
  router.Add({"GET", "/api/v1/campaigns/{year}/activity-template.xlsx",
              WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
                return SendExport(s.exports.ActivityTemplateXlsx(ctx, year));
              })});
  router.Add({"POST", "/api/v1/campaigns/{year}/activity-import",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                auto apply = ImportApplies(req.Query("mode"));
                if (!apply) return ErrorResponse(apply.error());
                auto grid = ParseImportGrid(req.body);
                if (!grid) return ErrorResponse(grid.error());
                auto r = s.activities.Import(ctx, year, *grid, *apply);
                if (r && *apply && !r->applied) return ErrorResponse(ImportRefused(r->problems));
                return Respond(r, 200, ActivityImportOutcomeJson);
              }),
              16u << 20});
  router.Add({"GET", "/api/v1/campaigns/{year}/activities.xlsx",
              WithYear([&s](const Request&, const service::Ctx& ctx, int year) {
                return SendExport(s.exports.ActivitiesXlsx(ctx, year));
              })});
  router.Add({"GET", "/api/v1/campaigns/{year}/reports/{org}/suggestions",
              WithYear([&s](const Request& req, const service::Ctx& ctx, int year) {
                return Respond(s.activities.Suggest(ctx, year, req.Param("org")), 200, SuggestionsJson);
              })});
  router.Add({"GET", "/api/v1/activities/{id}", WithId([&s](const Request&, const service::Ctx& ctx, long long id) {
                return Respond(s.activities.Get(ctx, id), 200, ActivityJson);
              })});
  router.Add({"PUT", "/api/v1/activities/{id}", WithId([&s](const Request& req, const service::Ctx& ctx, long long id) {
                auto in = ParseActivityBody(req.body, true);
                if (!in) return ErrorResponse(in.error());
                return Respond(s.activities.Update(ctx, id, in->plan, in->version, in->change), 200, ActivityJson);
              })});
  router.Add(
      {"GET", "/api/v1/activities/{id}/changes", WithId([&s](const Request&, const service::Ctx& ctx, long long id) {
         auto list = s.activities.Changes(ctx, id);
         if (!list) return ErrorResponse(list.error());
         nlohmann::json items = nlohmann::json::array();
         for (const auto& c : *list) items.push_back(ActivityChangeJson(c));
         return Response::Json(200, {{"items", items}});
       })});
  // approve | reject | withdraw one change: {"reason"} with reject.
  for (const char* verb : {"approve", "reject", "withdraw"}) {
    const std::string action(verb);
    router.Add({"POST", "/api/v1/activities/{id}/changes/{change_id}/" + action,
                WithId([&s, action](const Request& req, const service::Ctx& ctx, long long id) {
                  auto change_id = PathId(req, "change_id");
                  if (!change_id) return ErrorResponse(core::Error::NotFound("变更申请不存在"));
                  if (action == "withdraw")
                    return Respond(s.activities.WithdrawChange(ctx, id, *change_id), 200, ActivityJson);
                  std::string reason;
                  if (action == "reject") {
                    auto r = ParseReasonBody(req.body);
                    if (!r) return ErrorResponse(r.error());
                    reason = *r;
                  }
                  const auto decision =
                      action == "approve" ? domain::ReviewAction::kApprove : domain::ReviewAction::kReturn;
                  return Respond(s.activities.DecideChange(ctx, id, *change_id, decision, reason), 200, ActivityJson);
                })});
  }
  router.Add(
      {"POST", "/api/v1/activities/{id}/submit", WithId([&s](const Request&, const service::Ctx& ctx, long long id) {
         return Respond(s.activities.Submit(ctx, id), 200, ActivityJson);
       })});
  router.Add(
      {"POST", "/api/v1/activities/{id}/approve", WithId([&s](const Request&, const service::Ctx& ctx, long long id) {
         return Respond(s.activities.Approve(ctx, id), 200, ActivityJson);
       })});
  router.Add({"POST", "/api/v1/activities/{id}/reject",
              WithId([&s](const Request& req, const service::Ctx& ctx, long long id) {
                auto reason = ParseReasonBody(req.body);
                if (!reason) return ErrorResponse(reason.error());
                return Respond(s.activities.Reject(ctx, id, *reason), 200, ActivityJson);
              })});
  router.Add({"POST", "/api/v1/activities/{id}/cancel",
              WithId([&s](const Request& req, const service::Ctx& ctx, long long id) {
                auto reason = ParseReasonBody(req.body);
                if (!reason) return ErrorResponse(reason.error());
                return Respond(s.activities.Cancel(ctx, id, *reason), 200, ActivityJson);
              })});
  router.Add(
      {"POST", "/api/v1/activities/{id}/files", WithId([&s](const Request& req, const service::Ctx& ctx, long long id) {
         auto kind = req.Query("kind");
         auto filename = req.Query("filename");
         if (!kind) return ErrorResponse(core::Error::Invalid("缺少参数 kind", "kind"));
         if (!filename) return ErrorResponse(core::Error::Invalid("缺少参数 filename", "filename"));
         return Respond(s.activities.UploadFile(ctx, id, *kind, *filename, req.body_file), 201, ActivityFileJson);
       }),
       s.config.max_upload_bytes, true, [&s](const Request& req, const service::Ctx& ctx) -> core::Status {
         auto id = PathId(req);
         if (!id) return core::Error::NotFound("活动不存在");
         return s.activities.MayUploadFile(ctx, *id, req.Query("kind").value_or(""),
                                           req.Query("filename").value_or(""));
       }});
  router.Add({"GET", "/api/v1/activities/{id}/files/{file_id}",
              WithId([&s](const Request& req, const service::Ctx& ctx, long long id) {
                auto file_id = PathId(req, "file_id");
                if (!file_id) return ErrorResponse(core::Error::NotFound("文件不存在"));
                auto f = s.activities.OpenFile(ctx, id, *file_id);
                if (!f) return ErrorResponse(f.error());
                Response r;
                r.file_path = f->path;
                r.SetHeader("Content-Type", f->row.mime);
                r.SetHeader("Content-Disposition", ContentDisposition(f->row.filename, req.Query("inline") == "1"));
                r.SetHeader("Cache-Control", "private, max-age=3600");
                return r;
              })});
  router.Add({"DELETE", "/api/v1/activities/{id}/files/{file_id}",
              WithId([&s](const Request& req, const service::Ctx& ctx, long long id) {
                auto file_id = PathId(req, "file_id");
                if (!file_id) return ErrorResponse(core::Error::NotFound("文件不存在"));
                return Respond(s.activities.DeleteFile(ctx, id, *file_id));
              })});
  router.Add({"PUT", "/api/v1/sessions/{id}/walk-ins",
              WithId(
                  [&s](const Request& req, const service::Ctx& ctx, long long id) {
                    auto in = JsonInput::Parse(req.body);
                    if (!in) return ErrorResponse(in.error());
                    auto count = in->Int("count", true, -1, 10000000);
                    if (auto st = in->Finish(); !st) return ErrorResponse(st.error());
                    auto session = s.activities.SetWalkIns(ctx, id, static_cast<int>(*count));
                    if (!session) return ErrorResponse(session.error());
                    return Response::Json(200, SessionJson(*session, 0));
                  },
                  "场次不存在")});
  router.Add({"GET", "/api/v1/sessions/{id}/counter",
              WithId([&s](const Request&, const service::Ctx& ctx,
                          long long id) { return Respond(s.activities.Counter(ctx, id), 200, CounterJson); },
                     "场次不存在")});
  router.Add(
      {"POST", "/api/v1/sessions/{id}/lottery",
       WithId(
           [&s](const Request&, const service::Ctx& ctx, long long id) {
             return Respond(s.reservations.DrawLottery(ctx, id), 200, [](const service::LotteryResult& r) {
               return nlohmann::json{{"applicants", r.applicants}, {"winners", r.winners}, {"waiting", r.waiting}};
             });
           },
           "场次不存在")});
  router.Add({"GET", "/api/v1/sessions/{id}/attendees.xlsx",
              WithId([&s](const Request&, const service::Ctx& ctx,
                          long long id) { return SendExport(s.exports.AttendeesXlsx(ctx, id)); },
                     "场次不存在")});
  router.Add({"POST", "/api/v1/checkin", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto in = ParseCheckinBody(req.body);
                if (!in) return ErrorResponse(in.error());
                return Respond(s.checkins.Scan(ctx, *in), 200, CheckinJson);
              }});
  // The offline desk (decision 0022): the list it admits from, its scans sent later, conflicts.
  router.Add({"GET", "/api/v1/sessions/{id}/desk-list",
              WithId([&s](const Request&, const service::Ctx& ctx,
                          long long id) { return Respond(s.checkins.DeskTickets(ctx, id), 200, DeskListJson); },
                     "场次不存在")});
  router.Add({"GET", "/api/v1/sessions/{id}/desk-conflicts",
              WithId([&s](const Request&, const service::Ctx& ctx,
                          long long id) { return Respond(s.checkins.Conflicts(ctx, id), 200, DeskConflictsJson); },
                     "场次不存在")});
  router.Add({"POST", "/api/v1/checkin/sync", [&s](const Request& req, const service::Ctx& ctx) {
                if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
                auto in = ParseDeskSyncBody(req.body);
                if (!in) return ErrorResponse(in.error());
                return Respond(s.checkins.Sync(ctx, in->device, in->scans), 200, DeskSyncJson);
              }});
}

}  // namespace sciweek::http
