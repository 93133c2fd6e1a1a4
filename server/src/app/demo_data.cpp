#include "app/demo_data.hpp"

#include "app/demo_activities.hpp"

#include "core/time.hpp"
#include "service/accounts/password.hpp"
#include "service/audit/audit.hpp"
#include "service/campaigns/form_json.hpp"
#include "store/campaign_extras_store.hpp"
#include "store/campaign_store.hpp"
#include "store/org_store.hpp"
#include "store/user_store.hpp"

namespace sciweek::app {
namespace {

using domain::OrgType;

struct DemoOrg {
  const char* code;
  const char* name;
  OrgType type;
  const char* parent;
};

// The organizer, Beijing's 16 districts under their division codes and the Economic-
// Technological Development Area, the co-organizers named in the notice, sample units.
constexpr DemoOrg kOrgs[] = {
    {"bjkw", "北京市科学技术委员会、中关村科技园区管理委员会", OrgType::kOther, ""},
    {"110101", "东城区", OrgType::kDistrict, ""},
    {"110102", "西城区", OrgType::kDistrict, ""},
    {"110105", "朝阳区", OrgType::kDistrict, ""},
    {"110106", "丰台区", OrgType::kDistrict, ""},
    {"110107", "石景山区", OrgType::kDistrict, ""},
    {"110108", "海淀区", OrgType::kDistrict, ""},
    {"110109", "门头沟区", OrgType::kDistrict, ""},
    {"110111", "房山区", OrgType::kDistrict, ""},
    {"110112", "通州区", OrgType::kDistrict, ""},
    {"110113", "顺义区", OrgType::kDistrict, ""},
    {"110114", "昌平区", OrgType::kDistrict, ""},
    {"110115", "大兴区", OrgType::kDistrict, ""},
    {"110116", "怀柔区", OrgType::kDistrict, ""},
    {"110117", "平谷区", OrgType::kDistrict, ""},
    {"110118", "密云区", OrgType::kDistrict, ""},
    {"110119", "延庆区", OrgType::kDistrict, ""},
    {"bda", "北京经济技术开发区", OrgType::kDistrict, ""},
    {"swxcb", "中共北京市委宣传部", OrgType::kMemberUnit, ""},
    {"skx", "北京市科学技术协会", OrgType::kMemberUnit, ""},
    {"sjw", "北京市教育委员会", OrgType::kMemberUnit, ""},
    {"sylj", "北京市园林绿化局", OrgType::kMemberUnit, ""},
    {"sxfzd", "北京市消防救援总队", OrgType::kMemberUnit, ""},
    {"skyy", "北京市科学技术研究院", OrgType::kMemberUnit, ""},
    {"btjt", "北京城市副中心投资建设集团有限公司（北投集团）", OrgType::kMemberUnit, ""},
    {"kjg", "中国科学技术馆", OrgType::kScienceBase, "110105"},
    {"twg", "北京天文馆", OrgType::kScienceBase, "110102"},
    {"zrbwg", "北京自然博物馆", OrgType::kScienceBase, "110101"},
    {"tsinghua", "清华大学", OrgType::kUniversity, "110108"},
    {"pku", "北京大学", OrgType::kUniversity, "110108"},
    {"iop", "中国科学院物理研究所", OrgType::kInstitute, "110108"},
    {"ioz", "中国科学院动物研究所", OrgType::kInstitute, "110105"},
    {"etdz-ent", "北京亦庄创新企业示范中心", OrgType::kEnterprise, "bda"},
};

}  // namespace

core::Result<DemoSummary> LoadDemoData(store::Db& db, const std::string& password) {
  // One hash shared by every demo account: Argon2id is deliberately slow, and these accounts
  // all have the same password anyway.
  const std::string hash = service::HashPassword(password);
  return db.Write<DemoSummary>([&](store::Tx& tx) -> core::Result<DemoSummary> {
    DemoSummary sum;
    service::Ctx ctx = service::Ctx::Console();
    const long long now = ctx.now;
    for (const auto& o : kOrgs) {
      if (store::OrgStore::Find(tx, o.code)) continue;
      domain::OrgUnit u{o.code, o.name, o.type, o.parent, "", "", true};
      u.reports_expected = std::string(o.code) != "bjkw";         // the organizer files no table
      u.contact_email = std::string(o.code) + "@example.org.cn";  // example.org.cn: never a real mailbox
      if (o.type == OrgType::kDistrict) {
        u.contact_name = std::string(o.name) + "科委科普科";
        // A landline per district, from the last three digits of its code (110108 → 108);
        // 北京经济技术开发区's code is letters ("bda"), so it gets 999.
        const std::string code(o.code);
        const bool numeric = code.size() >= 3 && code.find_first_not_of("0123456789") == std::string::npos;
        u.contact_phone = "010-6" + (numeric ? code.substr(code.size() - 3) : std::string("999")) + "0000";
      }
      store::OrgStore::Insert(tx, u, now);
      ++sum.orgs_added;
    }
    auto add_user = [&](const std::string& login, const std::string& name, domain::Role role, const std::string& org) {
      if (store::UserStore::FindByLogin(tx, login)) return;
      domain::User u{0, login, name, role, org, false};
      store::UserStore::Insert(tx, u, hash, now);
      ++sum.users_added;
    };
    add_user("admin", "科普处管理员", domain::Role::kAdmin, "bjkw");
    add_user("reviewer", "科普处审核员", domain::Role::kReviewer, "bjkw");
    add_user("haidian-reviewer", "海淀区审核员", domain::Role::kReviewer, "110108");  // district level
    add_user("checkin", "中国科学技术馆检票员", domain::Role::kCheckin, "kjg");
    for (const auto& o : kOrgs)
      if (std::string(o.code) != "bjkw")
        add_user(o.code, std::string(o.name) + "填报员", domain::Role::kReporter, o.code);

    if (!store::CampaignStore::Find(tx, 2023)) {
      domain::Campaign c;
      c.year = 2023;
      c.edition = 29;
      c.name = "2023年北京科技周";
      c.theme = "热爱科学 崇尚科学";
      c.start_date = "2023-05-20";
      c.end_date = "2023-05-31";
      c.report_deadline = *core::ParseDateTime("2023-06-12T18:00:00+08:00");
      c.status = domain::CampaignStatus::kOpen;
      c.contacts = {{"栗英轩", "55577988"}, {"李杨", "88827919"}};
      c.contact_email = "41236560@qq.com";
      c.mailing_address = "海淀区阜成路73号裕惠大厦C座1020房间 李杨收";
      store::CampaignStore::Insert(tx, c, now);
      store::CampaignExtrasStore::PutFormDefinition(tx, 2023, service::FormJson(domain::DefaultTemplate()).dump(), now);
      sum.campaign_added = true;
      sum.activities_added = AddDemoActivities(tx, now);
    }
    if (sum.orgs_added || sum.users_added || sum.campaign_added)
      service::Audit(
          tx, ctx, "demo.loaded", "demo", "2023", nullptr,
          {{"orgs_added", sum.orgs_added}, {"users_added", sum.users_added}, {"campaign_added", sum.campaign_added}});
    return sum;
  });
}

}  // namespace sciweek::app
