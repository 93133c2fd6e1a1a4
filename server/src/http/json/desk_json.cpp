#include "http/json/desk_json.hpp"

#include "core/time.hpp"
#include "domain/reservation.hpp"
#include "http/json/activity_json.hpp"
#include "http/json/json_input.hpp"
#include "http/json/time_json.hpp"

namespace sciweek::http {
namespace {

using nlohmann::json;

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Ids the desk makes (a UUID, or a counter with the device's name): short and plain.
bool IsScanId(const std::string& s) {
  if (s.size() < 8 || s.size() > 64) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

std::optional<service::DeskScan> ReadScan(JsonInput& in, const json& item, const std::string& f) {
  if (!item.is_object()) {
    in.AddProblem(f, "type", "扫码记录须为对象");
    return std::nullopt;
  }
  service::DeskScan scan;
  bool ok = true;
  auto text = [&](const char* key, bool required, size_t max, const char* label) -> std::string {
    auto it = item.find(key);
    if (it == item.end() || it->is_null()) {
      if (required) {
        in.AddProblem(f + "." + key, "required", std::string(label) + "不能为空");
        ok = false;
      }
      return "";
    }
    if (!it->is_string() || it->get_ref<const std::string&>().size() > max) {
      in.AddProblem(f + "." + key, "type", std::string(label) + "须为不超过" + std::to_string(max) + "字节的字符串");
      ok = false;
      return "";
    }
    return it->get<std::string>();
  };
  scan.scan_id = text("id", true, 64, "扫码记录编号");
  if (ok && !IsScanId(scan.scan_id)) {
    in.AddProblem(f + ".id", "invalid", "扫码记录编号须为8至64位字母、数字、-或_");
    ok = false;
  }
  scan.input.code = text("code", true, 400, "票码");
  scan.input.id_last4 = text("id_last4", false, 20, "证件后四位");
  const std::string direction = text("direction", false, 10, "方向");
  if (!direction.empty() && direction != "in" && direction != "out") {
    in.AddProblem(f + ".direction", "invalid", "direction 须为 in（入场）或 out（离场）");
    ok = false;
  }
  scan.input.exit = direction == "out";
  const std::string at = text("scanned_at", true, 40, "扫码时间");
  if (!at.empty()) {
    if (auto t = core::ParseDateTime(at)) scan.scanned_at = *t;
    else {
      in.AddProblem(f + ".scanned_at", "invalid", "扫码时间格式须为 2023-05-20T09:00:00+08:00");
      ok = false;
    }
  }
  if (auto s = item.find("session_id"); s != item.end() && !s->is_null()) {
    if (!s->is_number_integer() || s->get<long long>() < 1) {
      in.AddProblem(f + ".session_id", "type", "场次编号须为正整数");
      ok = false;
    } else {
      scan.input.session_id = s->get<long long>();
    }
  }
  for (const auto& [k, v] : item.items())
    if (k != "id" && k != "code" && k != "id_last4" && k != "direction" && k != "scanned_at" && k != "session_id") {
      in.AddProblem(f + "." + k, "unknown", "未知字段：" + k);
      ok = false;
    }
  if (!ok) return std::nullopt;
  return scan;
}

}  // namespace

json DeskListJson(const service::DeskTicketList& list) {
  const auto& s = list.session;
  json tickets = json::array();
  for (const auto& r : list.tickets)
    tickets.push_back({{"ticket_no", r.ticket_no},
                       {"status", domain::ReservationStatusName(r.status)},
                       {"admits", domain::AdmitsAtGate(r.status)},
                       {"party_size", r.party_size},
                       {"name", domain::MaskName(r.name)},
                       {"id_card_last4", OrNull(r.id_card_last4)},
                       {"checked_in_at", TimeJson(r.checked_in_at)},
                       {"inside", r.inside}});
  return {{"session",
           {{"id", s.session.id},
            {"starts_at", core::FormatShanghai(s.session.starts_at)},
            {"ends_at", core::FormatShanghai(s.session.ends_at)},
            {"capacity", s.session.capacity},
            {"occupancy", s.session.occupancy}}},
          {"activity",
           {{"id", s.activity_id},
            {"title", s.activity_title},
            {"venue", s.venue},
            {"real_name_required", s.real_name_required}}},
          {"generated_at", core::FormatShanghai(list.generated_at)},
          {"tickets", tickets}};
}

core::Result<DeskSyncInput> ParseDeskSyncBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  DeskSyncInput out;
  out.device = in->String("device", true, 64).value_or("");
  if (auto scans = in->Raw("scans", true)) {
    if (!scans->is_array()) {
      in->AddProblem("scans", "type", "scans 须为数组");
    } else if (scans->size() > static_cast<size_t>(service::CheckinService::kMaxSyncScans)) {
      in->AddProblem("scans", "too_many",
                     "每次最多同步" + std::to_string(service::CheckinService::kMaxSyncScans) + "条扫码记录");
    } else {
      for (size_t i = 0; i < scans->size(); ++i)
        if (auto scan = ReadScan(*in, (*scans)[i], "scans[" + std::to_string(i) + "]"))
          out.scans.push_back(std::move(*scan));
    }
  }
  if (auto st = in->Finish(); !st) return st.error();
  return out;
}

json DeskSyncJson(const std::vector<service::DeskScanOutcome>& results) {
  json items = json::array();
  long long conflicts = 0;
  for (const auto& r : results) {
    json j = CheckinJson(r.outcome);
    j["id"] = r.scan_id;
    j["conflict"] = OrNull(r.conflict);
    j["other_at"] = TimeJson(r.other_at);
    j["other_by"] = OrNull(r.other_by);
    j["replayed"] = r.replayed;
    if (!r.conflict.empty()) ++conflicts;
    items.push_back(std::move(j));
  }
  return {{"results", items}, {"conflicts", conflicts}};
}

json DeskConflictsJson(const std::vector<store::DeskScanRow>& rows) {
  json items = json::array();
  for (const auto& r : rows)
    items.push_back({{"scan_id", r.scan_id},
                     {"device", r.device},
                     {"by", r.by_login},
                     {"ticket_no", r.ticket_no},
                     {"direction", r.direction},
                     {"conflict", r.conflict},
                     {"result", r.result},
                     {"message", r.message},
                     {"scanned_at", core::FormatShanghai(r.scanned_at)},
                     {"received_at", core::FormatShanghai(r.received_at)},
                     {"other_at", TimeJson(r.other_at)},
                     {"other_by", OrNull(r.other_by)}});
  return {{"items", items}};
}

}  // namespace sciweek::http
