#include "http/handlers/resource_handlers.hpp"
#include "http/handlers/respond.hpp"

namespace sciweek::http {

void AddAuditRoutes(Router& router, Services& s) {
  router.Add({"GET", "/api/v1/audit", [&s](const Request& req, const service::Ctx& ctx) {
                auto paging = ReadPaging(req);
                if (!paging) return ErrorResponse(paging.error());
                store::AuditFilter f;
                f.action = req.Query("action").value_or("");
                f.entity_type = req.Query("entity_type").value_or("");
                f.entity_id = req.Query("entity_id").value_or("");
                f.actor = req.Query("actor").value_or("");
                for (auto [name, slot] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
                  if (auto v = req.Query(name)) {
                    auto t = core::ParseDateTime(*v);
                    if (!t) {
                      auto d = core::ParseDate(*v);  // a bare date means its Shanghai midnight
                      if (!d)
                        return ErrorResponse(core::Error::Invalid(std::string(name) + " 须为日期或日期时间", name));
                      t = core::ShanghaiDayStart(*d);
                    }
                    *slot = *t;
                  }
                }
                f.limit = paging->limit;
                f.offset = paging->offset;
                return Respond(s.audit.List(ctx, f), 200, [](const service::AuditPage& p) {
                  return ListJson(p.items, p.total, [](const store::AuditEntry& e) {
                    return nlohmann::json{{"id", e.id},
                                          {"at", core::FormatShanghai(e.at)},
                                          {"actor", e.actor},
                                          {"action", e.action},
                                          {"entity_type", e.entity_type},
                                          {"entity_id", e.entity_id},
                                          {"before", e.before},
                                          {"after", e.after},
                                          {"request_id", e.request_id}};
                  });
                });
              }});
}

}  // namespace sciweek::http
