// The public calendar and reservations (no login). Calendar answers come from the
// in-memory snapshot with ETags (304 when unchanged) and gzip when asked; reservation
// answers never echo a whole phone number, and the access log records paths only.
#include "http/content_disposition.hpp"
#include "http/gzip.hpp"
#include "http/handlers/activity_handlers.hpp"
#include "http/handlers/respond.hpp"
#include "http/json/activity_json.hpp"
#include "http/json/json_writer.hpp"
#include "http/json/visitor_json.hpp"
#include "http/link_preview.hpp"
#include "service/reservations/qr_svg.hpp"

#include <charconv>

namespace sciweek::http {
namespace {

constexpr size_t kGzipAbove = 1024;

// The body is shared with the answer (or its cached gzip), never copied per request.
Response Cached(const Request& req, std::shared_ptr<const service::PublicAnswer> a) {
  Response r;
  r.SetHeader("ETag", a->etag);
  r.SetHeader("Cache-Control", "no-cache");
  r.SetHeader("Vary", "Accept-Encoding");
  const std::string inm = req.Header("if-none-match");
  if (!inm.empty() && (inm == a->etag || inm == "W/" + a->etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.SetHeader("Content-Type", "application/json; charset=utf-8");
  if (a->body.size() > kGzipAbove && AcceptsGzip(req.Header("accept-encoding"))) {
    r.shared_body = CachedGzip(a->etag, a->body);
    r.SetHeader("Content-Encoding", "gzip");
  } else {
    r.shared_body = std::shared_ptr<const std::string>(a, &a->body);
  }
  return r;
}

// An inline answer, marked as depending only on its target, the gzip choice and the catalog
// at `epoch` (Cached reads nothing else of the request but If-None-Match, and an answer to a
// request that has one is never remembered: http/inline_memo.hpp).
Response Remembered(Response r, std::uint64_t epoch) {
  r.catalog_epoch = epoch;
  return r;
}

Response Cached(const Request& req, core::Result<service::PublicAnswer> a) {
  if (!a) return ErrorResponse(a.error());
  return Cached(req, std::make_shared<const service::PublicAnswer>(std::move(*a)));
}

Response Ics(const core::Result<service::IcsFile>& f) {
  if (!f) return ErrorResponse(f.error());
  Response r = Response::Text(200, "text/calendar; charset=utf-8", f->body);
  r.SetHeader("Content-Disposition", ContentDisposition(f->filename));
  r.SetHeader("Cache-Control", "public, max-age=300");
  return r;
}

std::optional<int> QueryInt(const Request& req, const std::string& name) {
  auto v = req.Query(name);
  if (!v) return std::nullopt;
  int out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size()) return -1;
  return out;
}

core::Result<service::PublicQuery> ReadQuery(const Request& req) {
  service::PublicQuery q;
  if (auto c = QueryInt(req, "campaign")) {
    if (*c < 2000 || *c > 2999) return core::Error::Invalid("campaign 须为四位年份", "campaign");
    q.campaign = *c;
  }
  auto text = [&](const char* name, size_t max, std::string& out) -> core::Status {
    auto v = req.Query(name);
    if (!v) return {};
    if (v->size() > max) return core::Error::Invalid(std::string(name) + " 过长", name);
    out = *v;
    return {};
  };
  for (auto [name, max, out] :
       {std::tuple{"date", size_t{10}, &q.date}, std::tuple{"district", size_t{64}, &q.district},
        std::tuple{"category", size_t{64}, &q.category}, std::tuple{"audience", size_t{64}, &q.audience},
        std::tuple{"mode", size_t{16}, &q.mode}, std::tuple{"q", size_t{200}, &q.q}})
    if (auto s = text(name, max, *out); !s) return s.error();
  auto paging = ReadPaging(req, 100);
  if (!paging) return paging.error();
  q.limit = paging->limit;
  q.offset = paging->offset;
  return q;
}

// The phone that proves a ticket is the visitor's never rides in the URL, which proxies and
// access logs keep: GET and DELETE carry it in X-Visitor-Phone, POST in the JSON body. An old
// client's ?phone= is refused, naming the new way, rather than read.
core::Status RefusePhoneInUrl(const Request& req) {
  if (!req.Query("phone")) return {};
  return core::Error::Invalid(
      "手机号不能放在网址中：查看和取消预约请用请求头 X-Visitor-Phone，确认递补名额请放在 JSON 请求体的 phone 字段",
      "phone");
}

core::Result<std::string> PhoneFromHeader(const Request& req) {
  if (auto s = RefusePhoneInUrl(req); !s) return s.error();
  return req.Header("x-visitor-phone");
}

// "My reservations": the sign-in token of PhoneVerification::SignIn rides in X-Visitor-Token.
core::Result<std::string> SignedInPhone(Services& s, const Request& req, const service::Ctx& ctx) {
  return s.verification.PhoneOf(ctx, req.Header("x-visitor-token"));
}

core::Result<std::string> PhoneFromBody(const Request& req) {
  if (auto s = RefusePhoneInUrl(req); !s) return s.error();
  return ParseVisitorPhoneBody(req.body);
}

}  // namespace

void AddPublicRoutes(Router& router, Services& s) {
  router.Add({"GET", "/api/v1/public/campaigns/current",
              [&s](const Request& req, const service::Ctx&) { return Cached(req, s.catalog.CurrentCampaign()); }});
  router.Add({"GET", "/api/v1/public/districts",
              [&s](const Request& req, const service::Ctx&) { return Cached(req, s.catalog.Districts()); }});
  router.Add({"GET", "/api/v1/public/institutions", [&s](const Request& req, const service::Ctx&) {
                auto q = ReadQuery(req);
                if (!q) return ErrorResponse(q.error());
                return Cached(req, s.catalog.Institutions(q->campaign));
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/public/activities",
              .handler =
                  [&s](const Request& req, const service::Ctx&) {
                    auto q = ReadQuery(req);
                    if (!q) return ErrorResponse(q.error());
                    return Cached(req, s.catalog.List(*q));
                  },
              // The calendar's hot read, on the I/O thread when this query's page is rendered.
              .answer_inline = [&s](const Request& req) -> std::optional<Response> {
                auto q = ReadQuery(req);
                if (!q) return std::nullopt;           // the handler words the error
                const auto epoch = s.catalog.Epoch();  // before the read: a change after it is a new epoch
                auto hit = s.catalog.ListFromMemory(*q);
                if (!hit) return std::nullopt;
                return Remembered(Cached(req, std::move(hit)), epoch);
              }});
  router.Add({"GET", "/api/v1/public/calendar.ics", [&s](const Request& req, const service::Ctx&) {
                auto q = ReadQuery(req);
                if (!q) return ErrorResponse(q.error());
                q->offset = 0;
                return Ics(s.catalog.FeedIcs(*q));
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/public/activities/{id}",
              .handler =
                  [&s](const Request& req, const service::Ctx&) {
                    auto id = PathId(req);
                    if (!id) return ErrorResponse(core::Error::NotFound("活动不存在或尚未发布"));
                    return Cached(req, s.catalog.Detail(*id));
                  },
              // An activity's page, linked from posters and shares: on the I/O thread when rendered.
              .answer_inline = [&s](const Request& req) -> std::optional<Response> {
                auto id = PathId(req);
                if (!id) return std::nullopt;
                const auto epoch = s.catalog.Epoch();  // as the list's
                auto hit = s.catalog.DetailFromMemory(*id);
                if (!hit) return std::nullopt;
                return Remembered(Cached(req, std::move(hit)), epoch);
              }});
  router.Add({"GET", "/api/v1/public/activities/{id}/calendar.ics", [&s](const Request& req, const service::Ctx&) {
                auto id = PathId(req);
                if (!id) return ErrorResponse(core::Error::NotFound("活动不存在或尚未发布"));
                return Ics(s.catalog.ActivityIcs(*id));
              }});
  router.Add({"GET", "/api/v1/public/activities/{id}/cover", [&s](const Request& req, const service::Ctx&) {
                auto id = PathId(req);
                if (!id) return ErrorResponse(core::Error::NotFound("活动不存在或尚未发布"));
                auto f = s.activities.PublicCover(*id);
                if (!f) return ErrorResponse(f.error());
                Response r;
                r.file_path = f->path;
                r.SetHeader("Content-Type", f->row.mime);
                r.SetHeader("Cache-Control", "public, max-age=300");
                return r;
              }});
  // The poster's QR code: the activity's public page on this server, as the browser named it.
  router.Add({"GET", "/api/v1/public/activities/{id}/qr.svg", [&s](const Request& req, const service::Ctx&) {
                auto id = PathId(req);
                if (!id) return ErrorResponse(core::Error::NotFound("活动不存在或尚未发布"));
                auto preview = s.catalog.Preview(*id);
                if (!preview) return ErrorResponse(preview.error());
                const std::string origin = RequestOrigin(req, s.config);
                if (origin.empty())
                  return ErrorResponse(core::Error::Invalid("无法确定本站地址：请求头 Host 无效", "host"));
                const std::string svg = service::QrSvg(ActivityPageUrl(origin, *id));
                if (svg.empty()) return ErrorResponse(core::Error::Internal("二维码生成失败"));
                Response r = Response::Text(200, "image/svg+xml", svg);
                r.SetHeader("Cache-Control", "no-store");  // it names the Host the request gave
                return r;
              }});
  router.Add({"GET", "/api/v1/public/ticket-key", [&s](const Request&, const service::Ctx& ctx) {
                return Response::Json(200, TicketKeysJson(s.reservations.TicketKeys(ctx.now)));
              }});
  // A reservation waits for its batch's commit without holding a worker (decision 0027), and
  // is taken on its I/O thread (decision 0036).
  auto take = [&s](const char* pattern, service::ReservationService::Mode mode) {
    Route route{"POST", pattern, nullptr, 4096};
    route.later_on_io_thread = true;
    route.answer_later = [&s, mode](const Request& req, const service::Ctx& ctx, Reply reply) {
      auto id = PathId(req);
      if (!id) return reply(ErrorResponse(core::Error::NotFound("场次不存在")));
      auto in = ParseReservationBody(req.body);
      if (!in) return reply(ErrorResponse(in.error()));
      s.reservations.TakeAsync(ctx, *id, *in, mode, [reply = std::move(reply)](const core::Result<service::Ticket>& t) {
        reply(RespondJsonText(t, 201, [](const service::Ticket& ticket) { return TicketJson(ticket, false); }));
      });
    };
    return route;
  };
  router.Add(take("/api/v1/public/sessions/{id}/reservations", service::ReservationService::Mode::kReserve));
  router.Add(take("/api/v1/public/sessions/{id}/waitlist", service::ReservationService::Mode::kWaitlist));
  router.Add({"GET", "/api/v1/public/reservations/{code}", [&s](const Request& req, const service::Ctx& ctx) {
                auto phone = PhoneFromHeader(req);
                if (!phone) return ErrorResponse(phone.error());
                return RespondJsonText(s.reservations.Find(ctx, req.Param("code"), *phone), 200,
                                       [](const service::Ticket& t) { return TicketJson(t); });
              }});
  router.Add({"DELETE", "/api/v1/public/reservations/{code}", [&s](const Request& req, const service::Ctx& ctx) {
                auto phone = PhoneFromHeader(req);
                if (!phone) return ErrorResponse(phone.error());
                return Respond(s.reservations.Cancel(ctx, req.Param("code"), *phone));
              }});
  // Verified phones (issue 11 §2): a code by SMS, a sign-in with it, the phone's reservations.
  router.Add({"POST", "/api/v1/public/phone-codes",
              [&s](const Request& req, const service::Ctx& ctx) {
                auto in = ParseCodeRequestBody(req.body);
                if (!in) return ErrorResponse(in.error());
                return Respond(s.verification.Request(ctx, in->phone, in->purpose), 202, CodeSentJson);
              },
              1024});
  router.Add({"POST", "/api/v1/public/visitor-logins",
              [&s](const Request& req, const service::Ctx& ctx) {
                auto in = ParseSignInBody(req.body);
                if (!in) return ErrorResponse(in.error());
                return Respond(s.verification.SignIn(ctx, in->phone, in->code), 201, VisitorLoginJson);
              },
              1024});
  router.Add({"DELETE", "/api/v1/public/visitor-logins/current", [&s](const Request& req, const service::Ctx& ctx) {
                return Respond(s.verification.SignOut(ctx, req.Header("x-visitor-token")));
              }});
  router.Add({"GET", "/api/v1/public/my-reservations", [&s](const Request& req, const service::Ctx& ctx) {
                auto phone = SignedInPhone(s, req, ctx);
                if (!phone) return ErrorResponse(phone.error());
                auto tickets = s.reservations.ForPhone(ctx, *phone);
                if (!tickets) return ErrorResponse(tickets.error());
                JsonWriter w;
                w.BeginObject().Key("phone").String(domain::MaskPhone(*phone)).Key("items").BeginArray();
                for (const auto& t : *tickets) w.Raw(TicketJson(t, false));
                w.EndArray().EndObject();
                return Response::JsonText(200, w.Take());
              }});
  router.Add(
      {"DELETE", "/api/v1/public/my-reservations/{ticket_no}", [&s](const Request& req, const service::Ctx& ctx) {
         auto phone = SignedInPhone(s, req, ctx);
         if (!phone) return ErrorResponse(phone.error());
         return Respond(s.reservations.Cancel(ctx, req.Param("ticket_no"), *phone));
       }});
  // The visitor's right to erasure (issue 11 §4): phone + an `erase` code.
  router.Add({"POST", "/api/v1/public/my-data/erase",
              [&s](const Request& req, const service::Ctx& ctx) {
                auto in = ParseSignInBody(req.body);
                if (!in) return ErrorResponse(in.error());
                return Respond(s.reservations.EraseVisitor(ctx, in->phone, in->code), 200,
                               [](const service::VisitorErasure& e) {
                                 return nlohmann::json{{"cancelled", e.cancelled}, {"erased", e.erased}};
                               });
              },
              1024});
  router.Add({"POST", "/api/v1/public/reservations/{code}/accept",
              [&s](const Request& req, const service::Ctx& ctx) {
                auto phone = PhoneFromBody(req);
                if (!phone) return ErrorResponse(phone.error());
                return RespondJsonText(s.reservations.AcceptOffer(ctx, req.Param("code"), *phone), 200,
                                       [](const service::Ticket& t) { return TicketJson(t); });
              },
              4096});
}

}  // namespace sciweek::http
