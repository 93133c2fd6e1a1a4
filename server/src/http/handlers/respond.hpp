#pragma once
// Turning service results into responses, and reading list paging parameters.
#include <string>
#include <type_traits>

#include "core/result.hpp"
#include "http/error_response.hpp"
#include "http/message.hpp"
#include "service/reporting/export_service.hpp"
#include "service/support/context.hpp"

namespace sciweek::http {

template <typename T, typename Render>
Response Respond(const core::Result<T>& r, int status, Render render) {
  // A std::string would become one JSON string here, not the document it holds.
  static_assert(!std::is_same_v<std::decay_t<std::invoke_result_t<Render, const T&>>, std::string>,
                "a render that writes JSON text goes through RespondJsonText");
  if (!r) return ErrorResponse(r.error());
  return Response::Json(status, render(r.value()));
}

// As Respond, for a render that writes the JSON text itself (http/json/json_writer.hpp).
template <typename T, typename Render>
Response RespondJsonText(const core::Result<T>& r, int status, Render render) {
  if (!r) return ErrorResponse(r.error());
  return Response::JsonText(status, render(r.value()));
}

inline Response Respond(const core::Status& s) { return s ? Response::NoContent() : ErrorResponse(s.error()); }

// The {year} path parameter: four digits, else nullopt (answered as not found, like any
// unknown campaign).
std::optional<int> PathYear(const Request& req);

// Wraps a campaign-scoped handler f(req, ctx, year): 401 when anonymous, 404 when {year}
// is not a year.
template <typename F>
auto WithYear(F f) {
  return [f](const Request& req, const service::Ctx& ctx) {
    if (!ctx.principal) return ErrorResponse(core::Error::Unauthenticated());
    auto year = PathYear(req);
    if (!year) return ErrorResponse(core::Error::NotFound("该年度的科技周不存在"));
    return f(req, ctx, *year);
  };
}

// The same for an upload's header-time check f(req, ctx, year) → Status.
template <typename F>
auto UploadCheckWithYear(F f) {
  return [f](const Request& req, const service::Ctx& ctx) -> core::Status {
    if (!ctx.principal) return core::Error::Unauthenticated();
    auto year = PathYear(req);
    if (!year) return core::Error::NotFound("该年度的科技周不存在");
    return f(req, ctx, *year);
  };
}

// A positive integer path parameter ({id}), else nullopt (answered as not found).
std::optional<long long> PathId(const Request& req, const std::string& name = "id");

// An export written to a temp file: streamed as a download, then removed.
Response SendExport(const core::Result<service::ExportFile>& f);
// A download produced while it is sent (the summary pack's zip), with its exact length.
Response SendStreamedExport(const core::Result<service::StreamedExport>& f);

struct Paging {
  int limit = 50;
  int offset = 0;
};

// limit 1..500 (default 50), offset ≥ 0; invalid_input naming the parameter otherwise.
core::Result<Paging> ReadPaging(const Request& req, int default_limit = 50);

template <typename Items, typename Render>
nlohmann::json ListJson(const Items& items, long long total, Render render) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& i : items) arr.push_back(render(i));
  return {{"items", arr}, {"total", total}};
}

}  // namespace sciweek::http
