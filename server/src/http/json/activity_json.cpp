#include "http/json/activity_json.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "domain/id_card.hpp"
#include "http/json/activity_change_json.hpp"
#include "http/json/json_input.hpp"
#include "http/json/json_writer.hpp"
#include "http/json/review_json.hpp"
#include "http/json/time_json.hpp"
#include "service/reservations/qr_svg.hpp"

namespace sciweek::http {
namespace {

nlohmann::json OrgRef(const service::ActivityView& v, const std::string& code) {
  auto it = v.org_names.find(code);
  return {{"code", code}, {"name", it == v.org_names.end() ? code : it->second}};
}

// An optional ISO time: absent or null → nullopt; malformed → a problem.
std::optional<core::UnixTime> ReadTime(JsonInput& in, const nlohmann::json& obj, const std::string& key,
                                       const std::string& field, bool required, const char* label) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) in.AddProblem(field, "required", std::string(label) + "不能为空");
    return std::nullopt;
  }
  if (!it->is_string()) {
    in.AddProblem(field, "type", std::string(label) + "须为 ISO 8601 时间字符串");
    return std::nullopt;
  }
  auto t = core::ParseDateTime(it->get<std::string>());
  if (!t) in.AddProblem(field, "invalid", std::string(label) + "格式须为 2023-05-20T09:00:00+08:00");
  return t;
}

std::vector<std::string> StringList(JsonInput& in, const std::string& key, const char* label, size_t max_items) {
  std::vector<std::string> out;
  auto raw = in.Raw(key, false);
  if (!raw) return out;
  if (!raw->is_array() || raw->size() > max_items) {
    in.AddProblem(key, "type", std::string(label) + "须为不超过" + std::to_string(max_items) + "项的字符串数组");
    return out;
  }
  for (const auto& v : *raw) {
    if (!v.is_string() || v.get<std::string>().size() > 200) {
      in.AddProblem(key, "type", std::string(label) + "须为字符串数组");
      return {};
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

nlohmann::json SessionJson(const domain::Session& s, long long checked_in_people) {
  return {{"id", s.id},
          {"starts_at", core::FormatShanghai(s.starts_at)},
          {"ends_at", core::FormatShanghai(s.ends_at)},
          {"capacity", s.capacity},
          {"taken", s.taken},
          {"remaining", s.remaining()},
          {"walk_ins", s.walk_ins},
          {"checked_in", checked_in_people},
          {"occupancy", s.occupancy},
          {"high_demand", s.high_demand},
          {"opens_at", TimeJson(s.opens_at)},
          {"lottery_cutoff", TimeJson(s.lottery_cutoff)},
          {"lottery_drawn", s.lottery_drawn}};
}

nlohmann::json ActivityFileJson(const store::ActivityFileRow& f) {
  return {{"id", f.id},
          {"kind", f.kind},
          {"filename", f.filename},
          {"size", f.size},
          {"sha256", f.sha256},
          {"mime", f.mime},
          {"created_at", core::FormatShanghai(f.created_at)}};
}

nlohmann::json ActivityJson(const service::ActivityView& v) {
  const auto& a = v.activity;
  nlohmann::json co = nlohmann::json::array(), sessions = nlohmann::json::array(), files = nlohmann::json::array();
  for (const auto& c : a.co_organizers) co.push_back(OrgRef(v, c));
  for (const auto& s : a.sessions) {
    auto it = v.checked_in.find(s.id);
    sessions.push_back(SessionJson(s, it == v.checked_in.end() ? 0 : it->second));
  }
  bool plan = false, cover = false;
  for (const auto& f : v.files) {
    files.push_back(ActivityFileJson(f));
    plan |= f.kind == "emergency_plan";
    cover |= f.kind == "cover";
  }
  return {{"id", a.id},
          {"campaign_year", a.campaign_year},
          {"lead_org", OrgRef(v, a.lead_org)},
          {"co_organizers", co},
          {"title", a.title},
          {"category", a.category},
          {"mode", a.mode},
          {"district", OrgRef(v, a.district_code)},
          {"venue", a.venue},
          {"address", a.address},
          {"starts_at", core::FormatShanghai(a.starts_at)},
          {"ends_at", core::FormatShanghai(a.ends_at)},
          {"audience", a.audience},
          {"description", a.description},
          {"contact_name", a.contact_name},
          {"contact_phone", a.contact_phone},
          {"is_free", a.is_free},
          {"reservation_required", a.reservation_required},
          {"real_name_required", a.real_name_required},
          {"online_url", a.online_url},
          {"security_owner", a.security_owner},
          {"safe_occupancy", a.safe_occupancy ? nlohmann::json(*a.safe_occupancy) : nlohmann::json(nullptr)},
          {"status", domain::ActivityStatusName(a.status)},
          {"review_reason", a.review_reason},
          {"cancel_reason", a.cancel_reason},
          {"version", a.version},
          {"has_emergency_plan", plan},
          {"has_cover", cover},
          {"files", files},
          {"sessions", sessions},
          {"total_capacity", a.TotalCapacity()},
          {"created_at", core::FormatShanghai(a.created_at)},
          {"updated_at", core::FormatShanghai(a.updated_at)},
          {"submitted_at", TimeJson(a.submitted_at)},
          {"reviewed_at", TimeJson(a.reviewed_at)},
          {"reviewed_by", a.reviewed_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.reviewed_by)},
          {"review", ReviewStateJson(v.review_levels, a.status == domain::ActivityStatus::kSubmitted, v.pending_level)},
          {"decisions", ReviewDecisionsJson(v.decisions)},
          {"pending_change", PendingChangeJson(v)},
          {"can", {{"decide", v.may_decide}}}};
}

nlohmann::json CounterJson(const service::SessionCounter& c) {
  return {{"session_id", c.session.id},
          {"capacity", c.session.capacity},
          {"reserved", c.session.taken},
          {"checked_in_parties", c.checked_in_parties},
          {"checked_in_people", c.checked_in_people},
          {"waiting", c.waiting},
          {"walk_ins", c.session.walk_ins},
          {"occupancy", c.session.occupancy},
          {"venue_occupancy", c.venue_occupancy},
          {"safe_occupancy", c.safe_occupancy ? nlohmann::json(*c.safe_occupancy) : nlohmann::json(nullptr)},
          {"near_limit", c.near_limit}};
}

nlohmann::json SuggestionsJson(const service::Suggestions& s) {
  nlohmann::json held = nlohmann::json::array();
  for (const auto& a : s.held)
    held.push_back({{"id", a.id},
                    {"title", a.title},
                    {"starts_at", core::FormatShanghai(a.starts_at)},
                    {"ends_at", core::FormatShanghai(a.ends_at)},
                    {"mode", a.mode}});
  return {{"activities_held", {{"value", s.held.size()}, {"activities", held}}},
          {"participants_offline",
           {{"value", s.checked_in_people + s.walk_ins},
            {"checked_in_people", s.checked_in_people},
            {"walk_ins", s.walk_ins},
            {"sessions", s.sessions}}},
          {"media_outlets", {{"value", s.outlets.size()}, {"outlets", s.outlets}}},
          {"media_reports", {{"value", s.media_reports}}}};
}

nlohmann::json CheckinJson(const service::CheckinOutcome& o) {
  nlohmann::json j = {{"result", o.result}, {"message", o.message}};
  if (o.result == "unknown" && o.session_id == 0) return j;
  j["name"] = o.name;
  j["party_size"] = o.party_size;
  j["session_id"] = o.session_id;
  j["activity_title"] = o.activity_title;
  j["checked_in_at"] = TimeJson(o.checked_in_at);
  j["checked_in_by"] = o.checked_in_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.checked_in_by);
  j["occupancy"] = o.occupancy;
  // Real-name tickets: what staff compare with the holder's card (null: none was asked for).
  j["id_card_last4"] = o.id_card_last4.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.id_card_last4);
  return j;
}

std::string TicketJson(const service::Ticket& t, bool with_qr) {
  const auto& r = t.row;
  const auto& s = t.session;
  const auto time = [](std::optional<core::UnixTime> at) {
    return at ? std::optional<std::string>(core::FormatShanghai(*at)) : std::nullopt;
  };
  JsonWriter w;
  w.BeginObject();
  w.Key("code").String(t.code);
  w.Key("ticket_no").String(r.ticket_no);
  w.Key("ticket_url").String("/p/tickets/" + t.code);
  w.Key("status").String(domain::ReservationStatusName(r.status));
  w.Key("name").String(domain::MaskName(r.name));
  w.Key("phone").String(domain::MaskPhone(r.phone));
  w.Key("id_card").StringOrNull(
      r.id_card_last4.empty() ? std::nullopt : std::optional<std::string>(domain::MaskIdCard(r.id_card_last4)));
  w.Key("party_size").Int(r.party_size);
  w.Key("session_id").Int(r.session_id);
  w.Key("session").BeginObject();
  w.Key("id").Int(s.session.id);
  w.Key("starts_at").String(core::FormatShanghai(s.session.starts_at));
  w.Key("ends_at").String(core::FormatShanghai(s.session.ends_at));
  w.Key("high_demand").Bool(s.session.high_demand);
  w.Key("lottery_cutoff").StringOrNull(time(s.session.lottery_cutoff));
  w.EndObject();
  w.Key("real_name_required").Bool(s.real_name_required);
  w.Key("activity").BeginObject();
  w.Key("id").Int(s.activity_id);
  w.Key("title").String(s.activity_title);
  w.Key("venue").String(s.venue);
  w.Key("address").String(s.address);
  w.Key("status").String(domain::ActivityStatusName(s.activity_status));
  w.EndObject();
  w.Key("cancel_reason").String(r.cancel_reason);
  w.Key("offer_expires_at").StringOrNull(time(r.offer_expires_at));
  w.Key("position").Int(t.position);
  w.Key("checked_in_at").StringOrNull(time(r.checked_in_at));
  w.Key("created_at").String(core::FormatShanghai(r.created_at));
  w.Key("can").BeginObject();
  w.Key("cancel").Bool(t.can.cancel);
  w.Key("accept_offer").Bool(t.can.accept_offer);
  w.Key("show_code").Bool(t.can.show_code);
  w.EndObject();
  w.Key("qr_svg").String(with_qr && t.can.show_code ? service::QrSvg(t.code) : std::string());
  w.EndObject();
  return w.Take();
}

core::Result<ActivityInput> ParseActivityBody(const std::string& body, bool update) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  const auto& obj = in->object();
  ActivityInput out;
  auto& a = out.plan;
  a.title = in->String("title", true, 400).value_or("");
  a.category = in->String("category", true, 100).value_or("");
  a.mode = in->String("mode", true, 20).value_or("");
  a.district_code = in->String("district", true, 64).value_or("");
  a.venue = in->String("venue", false, 400).value_or("");
  a.address = in->String("address", false, 800).value_or("");
  in->Raw("starts_at", false);
  in->Raw("ends_at", false);
  a.starts_at = ReadTime(*in, obj, "starts_at", "starts_at", true, "开始时间").value_or(0);
  a.ends_at = ReadTime(*in, obj, "ends_at", "ends_at", true, "结束时间").value_or(0);
  a.audience = StringList(*in, "audience", "面向对象", 10);
  a.description = in->String("description", false, 8000).value_or("");
  a.contact_name = in->String("contact_name", false, 200).value_or("");
  a.contact_phone = in->String("contact_phone", false, 120).value_or("");
  a.is_free = in->Bool("is_free", false).value_or(true);
  a.reservation_required = in->Bool("reservation_required", false).value_or(true);
  a.real_name_required = in->Bool("real_name_required", false).value_or(false);
  a.online_url = in->String("online_url", false, 2000).value_or("");
  a.security_owner = in->String("security_owner", false, 200).value_or("");
  if (auto v = in->Int("safe_occupancy", false, 1, 1000000)) a.safe_occupancy = static_cast<int>(*v);
  a.co_organizers = StringList(*in, "co_organizers", "承办单位", 30);
  out.lead_org = in->String("lead_org", false, 64).value_or("");
  if (update) {
    out.version = static_cast<int>(in->Int("version", true, 1, 1000000000).value_or(0));
    // A published plan's change (domain/activity_change.hpp): why, and consent to cancel.
    out.change.reason = in->String("change_reason", false, 2000).value_or("");
    out.change.cancel_reservations = in->Bool("cancel_reservations", false).value_or(false);
  }
  if (auto sessions = in->Raw("sessions", false)) {
    if (!sessions->is_array()) {
      in->AddProblem("sessions", "type", "sessions 须为数组");
    } else {
      for (size_t i = 0; i < sessions->size() && i <= 200; ++i) {
        const auto& item = (*sessions)[i];
        const std::string f = "sessions[" + std::to_string(i) + "]";
        if (!item.is_object()) {
          in->AddProblem(f, "type", "场次须为对象");
          continue;
        }
        domain::Session s;
        // A published plan's existing session keeps its id (and its reservations).
        if (auto id = item.find("id"); id != item.end() && !id->is_null()) {
          if (!id->is_number_integer() || id->get<long long>() < 1)
            in->AddProblem(f + ".id", "type", "场次编号须为正整数");
          else s.id = id->get<long long>();
        }
        s.starts_at = ReadTime(*in, item, "starts_at", f + ".starts_at", true, "场次开始时间").value_or(0);
        s.ends_at = ReadTime(*in, item, "ends_at", f + ".ends_at", true, "场次结束时间").value_or(0);
        s.opens_at = ReadTime(*in, item, "opens_at", f + ".opens_at", false, "开放预约时间");
        s.lottery_cutoff = ReadTime(*in, item, "lottery_cutoff", f + ".lottery_cutoff", false, "抽签截止时间");
        auto cap = item.find("capacity");
        if (cap == item.end() || !cap->is_number_integer()) in->AddProblem(f + ".capacity", "type", "场次名额须为整数");
        else s.capacity = static_cast<int>(std::clamp<long long>(cap->get<long long>(), -1, 10000000));
        auto high = item.find("high_demand");
        if (high != item.end() && !high->is_null() && !high->is_boolean())
          in->AddProblem(f + ".high_demand", "type", "high_demand 须为 true 或 false");
        else s.high_demand = high != item.end() && high->is_boolean() && high->get<bool>();
        for (const auto& [k, v] : item.items())
          if (k != "starts_at" && k != "ends_at" && k != "capacity" && k != "high_demand" && k != "opens_at" &&
              k != "lottery_cutoff" && k != "id")
            in->AddProblem(f + "." + k, "unknown", "未知字段：" + k);
        a.sessions.push_back(s);
      }
    }
  }
  if (auto st = in->Finish(); !st) return st.error();
  return out;
}

core::Result<domain::ReservationInput> ParseReservationBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  domain::ReservationInput r;
  r.name = in->String("name", true, 200).value_or("");
  r.phone = in->String("phone", true, 40).value_or("");
  r.party_size = static_cast<int>(in->Int("party_size", false, -1000, 1000).value_or(1));
  r.email = core::Trim(in->String("email", false, 1000).value_or(""));
  r.phone_code = core::Trim(in->String("phone_code", false, 20).value_or(""));
  r.id_card = in->String("id_card", false, 40).value_or("");
  if (auto st = in->Finish(); !st) return st.error();
  return r;
}

core::Result<std::string> ParseVisitorPhoneBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  std::string phone = in->String("phone", true, 40).value_or("");
  if (auto st = in->Finish(); !st) return st.error();
  return phone;
}

nlohmann::json TicketKeysJson(const std::vector<domain::TicketKey>& keys) {
  nlohmann::json list = nlohmann::json::array();
  // The signing key comes first; "kid" and "public_key" name it, as before there were several.
  for (const auto& k : keys)
    list.push_back({{"kid", k.kid},
                    {"public_key", k.public_key},
                    {"signing", list.empty()},
                    {"verify_until", TimeJson(k.verify_until)}});
  return {{"alg", "Ed25519"},
          {"format", "T2.<kid>.<session_id>.<ticket_no>.<signature>"},
          {"message", "T2.<kid>.<session_id>.<ticket_no> (the code up to its last dot)"},
          {"kid", keys.front().kid},
          {"public_key", keys.front().public_key},
          {"keys", list}};
}

core::Result<service::CheckinInput> ParseCheckinBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  service::CheckinInput c;
  c.code = in->String("code", true, 400).value_or("");
  if (auto v = in->Int("session_id", false, 1, 9'000'000'000'000'000'000)) c.session_id = *v;
  if (auto d = in->String("direction", false, 10)) {
    if (*d != "in" && *d != "out") in->AddProblem("direction", "invalid", "direction 须为 in（入场）或 out（离场）");
    c.exit = *d == "out";
  }
  c.id_last4 = in->String("id_last4", false, 20).value_or("");
  if (auto st = in->Finish(); !st) return st.error();
  return c;
}

core::Result<std::string> ParseReasonBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  std::string reason = in->String("reason", false, 4000).value_or("");
  if (auto st = in->Finish(); !st) return st.error();
  return reason;
}

}  // namespace sciweek::http
