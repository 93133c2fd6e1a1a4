#include "app/demo_actors.hpp"

#include "store/org_store.hpp"
#include "store/user_store.hpp"

namespace sciweek::app {

service::Ctx DemoActors::As(const std::string& login, core::UnixTime at) {
  domain::Principal p;
  p.login = login;
  bool district_reviewer = false;
  auto found = db_.Read<std::optional<store::UserWithHash>>(
      [&](store::Tx& tx) -> core::Result<std::optional<store::UserWithHash>> {
        auto u = store::UserStore::FindByLogin(tx, login);
        if (u)
          if (auto org = store::OrgStore::Find(tx, u->user.org_code))
            district_reviewer = domain::ScopedToDistrict(u->user.role, org->type);
        return u;
      });
  // A missing or disabled account acts as nobody's reporter: the services refuse it, and
  // the demo reports their error instead of writing anything for it.
  if (found && *found && !(*found)->user.disabled) {
    const auto& u = (*found)->user;
    p.user_id = u.id;
    p.name = u.name;
    p.role = u.role;
    p.org_code = u.org_code;
    p.district_reviewer = district_reviewer;
  }
  principals_.push_back(std::move(p));
  service::Ctx ctx;
  ctx.principal = &principals_.back();
  ctx.request_id = "demo";
  ctx.now = at;
  return ctx;
}

core::Error DemoStepFailed(const std::string& step, const core::Error& e) {
  core::Error out = e;
  out.message = "demo: " + step + ": " + e.message;
  return out;
}

}  // namespace sciweek::app
