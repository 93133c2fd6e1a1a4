#include "service/units/org_service.hpp"

#include <map>

#include "service/audit/audit.hpp"
#include "service/support/authorize.hpp"
#include "service/support/snapshots.hpp"
#include "store/user_store.hpp"

namespace sciweek::service {
namespace {

using domain::Role;

// A parent must exist, and moving a unit must not put it below itself.
core::Status CheckParent(store::Tx& tx, const domain::OrgUnit& u) {
  if (u.parent_code.empty()) return {};
  if (!store::OrgStore::Find(tx, u.parent_code))
    return core::Error::Validation({{"parent_code", "not_found", "上级单位不存在", 0}});
  if (store::OrgStore::InSubtree(tx, u.code, u.parent_code))
    return core::Error::Validation({{"parent_code", "cycle", "上级单位不能是本单位或其下级单位", 0}});
  return {};
}

}  // namespace

core::Result<OrgPage> OrgService::List(const Ctx& ctx, store::OrgFilter filter) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  if (!domain::SeesAllUnits(*ctx.principal)) filter.root = ctx.principal->org_code;
  return db_.Read<OrgPage>([&](store::Tx& tx) -> core::Result<OrgPage> {
    OrgPage page;
    page.items = store::OrgStore::List(tx, filter, &page.total);
    return page;
  });
}

core::Result<domain::OrgUnit> OrgService::Get(const Ctx& ctx, const std::string& code) {
  if (!ctx.principal) return core::Error::Unauthenticated();
  return db_.Read<domain::OrgUnit>([&](store::Tx& tx) -> core::Result<domain::OrgUnit> {
    auto u = store::OrgStore::Find(tx, code);
    if (!u || !CanSeeOrg(tx, *ctx.principal, code)) return core::Error::NotFound("单位不存在");
    return *u;
  });
}

core::Result<domain::OrgUnit> OrgService::Create(const Ctx& ctx, const domain::OrgUnit& unit) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  if (auto p = domain::ValidateOrgUnit(unit); !p.empty()) return core::Error::Validation(std::move(p));
  return db_.Write<domain::OrgUnit>([&](store::Tx& tx) -> core::Result<domain::OrgUnit> {
    if (store::OrgStore::Find(tx, unit.code)) return core::Error::Conflict("单位代码已存在", "code");
    if (auto s = CheckParent(tx, unit); !s) return s.error();
    store::OrgStore::Insert(tx, unit, ctx.now);
    Audit(tx, ctx, "org.created", "org", unit.code, nullptr, OrgJson(unit));
    return unit;
  });
}

core::Result<domain::OrgUnit> OrgService::Update(const Ctx& ctx, const domain::OrgUnit& unit) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  if (auto p = domain::ValidateOrgUnit(unit); !p.empty()) return core::Error::Validation(std::move(p));
  return db_.Write<domain::OrgUnit>([&](store::Tx& tx) -> core::Result<domain::OrgUnit> {
    auto before = store::OrgStore::Find(tx, unit.code);
    if (!before) return core::Error::NotFound("单位不存在");
    if (auto s = CheckParent(tx, unit); !s) return s.error();
    store::OrgStore::Update(tx, unit, ctx.now);
    Audit(tx, ctx, "org.updated", "org", unit.code, OrgJson(*before), OrgJson(unit));
    return unit;
  });
}

core::Status OrgService::Delete(const Ctx& ctx, const std::string& code) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  auto r = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    auto before = store::OrgStore::Find(tx, code);
    if (!before) return core::Error::NotFound("单位不存在");
    if (store::OrgStore::CountChildren(tx, code) > 0) return core::Error::Conflict("该单位下还有下级单位，不能删除");
    if (store::UserStore::CountInOrg(tx, code) > 0) return core::Error::Conflict("该单位下还有用户账号，不能删除");
    store::OrgStore::Delete(tx, code);
    Audit(tx, ctx, "org.deleted", "org", code, OrgJson(*before), nullptr);
    return true;
  });
  if (!r) return r.error();
  return {};
}

core::Result<OrgImportResult> OrgService::Import(const Ctx& ctx, const std::string& csv, bool dry_run) {
  if (auto s = RequireRole(ctx, {Role::kAdmin}); !s) return s.error();
  auto parsed = core::ParseCsv(csv);
  if (parsed.error) {
    core::Error e = core::Error::Validation({{"file", "csv", *parsed.error, 0}}, "CSV 文件格式错误");
    return e;
  }
  auto run = [&](store::Tx& tx) -> core::Result<OrgImportResult> {
    std::map<std::string, domain::OrgUnit> existing;
    for (auto& u : store::OrgStore::All(tx)) existing.emplace(u.code, u);
    auto plan = domain::PlanOrgImport(parsed.records, existing);
    OrgImportResult out;
    out.dry_run = dry_run;
    out.created = static_cast<int>(plan.creates.size());
    out.updated = static_cast<int>(plan.updates.size());
    out.errors = plan.problems;
    if (dry_run) return out;
    if (!plan.problems.empty())
      return core::Error::Validation(std::move(plan.problems), "导入文件存在错误，未导入任何数据");
    for (const auto& u : plan.creates) {
      store::OrgStore::Insert(tx, u, ctx.now);
      Audit(tx, ctx, "org.created", "org", u.code, nullptr, OrgJson(u));
    }
    for (const auto& u : plan.updates) {
      const auto& before = existing.at(u.code);
      store::OrgStore::Update(tx, u, ctx.now);
      Audit(tx, ctx, "org.updated", "org", u.code, OrgJson(before), OrgJson(u));
    }
    Audit(tx, ctx, "org.imported", "org_import", "", nullptr, {{"created", out.created}, {"updated", out.updated}});
    return out;
  };
  return dry_run ? db_.Read<OrgImportResult>(run) : db_.Write<OrgImportResult>(run);
}

}  // namespace sciweek::service
