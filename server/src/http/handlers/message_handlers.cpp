// Visitor messages for staff (issue 11 §1): a session's messages with their delivery state
// (phones masked), and the broadcast of a short notice to the session's holders.
#include "http/handlers/message_handlers.hpp"

#include "core/text.hpp"
#include "domain/visitor_message.hpp"
#include "http/handlers/respond.hpp"
#include "http/json/json_input.hpp"

namespace sciweek::http {
namespace {

nlohmann::json Time(const std::optional<long long>& t) {
  return t && *t ? nlohmann::json(core::FormatShanghai(*t)) : nlohmann::json(nullptr);
}

nlohmann::json MessageJson(const store::MessageRow& m) {
  return {{"id", m.id},
          {"kind", domain::MessageKindName(m.kind)},
          {"kind_label", domain::MessageKindLabel(m.kind)},
          {"channel", domain::MessageChannelName(m.channel)},
          {"reservation_id", m.reservation_id ? nlohmann::json(*m.reservation_id) : nlohmann::json(nullptr)},
          {"recipient", domain::MaskRecipient(m.channel, m.recipient)},
          {"template_id", m.template_id},
          {"status", domain::MessageStatusName(m.status)},
          {"status_label", domain::MessageStatusLabel(m.status)},
          {"attempts", m.attempts},
          {"last_error", m.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.last_error)},
          {"next_attempt_at", m.status == domain::MessageStatus::kPending ? Time(m.next_attempt_at) : nullptr},
          {"created_at", Time(m.created_at)},
          {"sent_at", Time(m.sent_at)}};
}

template <typename F>
auto WithSession(F f) {
  return [f](const Request& req, const service::Ctx& ctx) {
    if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
    auto id = PathId(req);
    if (!id) return ErrorResponse(core::Error::NotFound("场次不存在"));
    return f(req, ctx, *id);
  };
}

}  // namespace

void AddMessageRoutes(Router& router, Services& s) {
  router.Add({"GET", "/api/v1/sessions/{id}/messages",
              WithSession([&s](const Request& req, const service::Ctx& ctx, long long id) {
                auto paging = ReadPaging(req);
                if (!paging) return ErrorResponse(paging.error());
                auto r = s.messages.List(ctx, id, paging->limit, paging->offset);
                if (!r) return ErrorResponse(r.error());
                auto body = ListJson(r->items, r->total, MessageJson);
                body["counts"] = r->counts;
                return Response::Json(200, body);
              })});
  router.Add({"POST", "/api/v1/sessions/{id}/messages",
              WithSession([&s](const Request& req, const service::Ctx& ctx, long long id) {
                auto in = JsonInput::Parse(req.body);
                if (!in) return ErrorResponse(in.error());
                // Bytes first (a cheap bound on what is parsed), characters in the domain rule.
                auto text = in->String("text", true, 4 * domain::kMaxBroadcastChars + 64);
                if (auto st = in->Finish(); !st) return ErrorResponse(st.error());
                return Respond(s.messages.Broadcast(ctx, id, *text), 201, [](const service::BroadcastResult& b) {
                  return nlohmann::json{{"broadcast_id", b.broadcast_id}, {"recipients", b.recipients}};
                });
              })});
}

}  // namespace sciweek::http
