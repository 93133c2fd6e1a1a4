#include "service/visitors/phone_verification.hpp"

#include <spdlog/spdlog.h>

#include "core/crypto.hpp"
#include "domain/reservation.hpp"
#include "service/audit/audit.hpp"
#include "store/phone_code_store.hpp"

namespace sciweek::service {
namespace {

using domain::CodePurpose;

core::Error CodeProblem(const std::string& code, const std::string& message) {
  return core::Error::Validation({{"phone_code", code, message, 0}}, message);
}

core::Status ValidPhone(const std::string& phone) {
  if (!domain::IsMainlandMobile(phone))
    return core::Error::Validation({{"phone", "invalid", "请填写11位大陆手机号码", 0}});
  return {};
}

// What a check found, committed before it is turned into an answer.
enum class CheckOutcome { kNone, kExhausted, kWrong, kRight };
struct Checked {
  CheckOutcome outcome = CheckOutcome::kNone;
  long long id = 0;
  int attempts_left = 0;
};

}  // namespace

core::Error PhoneCodeRequired() {
  return CodeProblem("code_required", "该场次需要短信验证：请先获取验证码，并与预约信息一起提交");
}

std::string PhoneVerification::CodeDigest(const std::string& phone, CodePurpose purpose,
                                          const std::string& code) const {
  return key_.Digest("phone-code", phone + "|" + std::string(domain::CodePurposeName(purpose)) + "|" + code);
}

core::Result<CodeSent> PhoneVerification::Request(const Ctx& ctx, const std::string& phone, CodePurpose purpose) {
  if (auto ok = ValidPhone(phone); !ok) return ok.error();
  if (!messages_.sms()) return core::Error::Unavailable("本平台暂未开通短信服务，无法发送验证码");
  auto sent = db_.Write<CodeSent>([&](store::Tx& tx) -> core::Result<CodeSent> {
    store::PhoneCodeStore::HoldRequester(tx, phone, ctx.ip);
    const auto history = store::PhoneCodeStore::History(tx, phone, ctx.ip, ctx.now);
    if (const auto wait = domain::CodeRequestWait(policy_, history, ctx.now); wait > 0) {
      const bool soon = wait <= policy_.resend_seconds;
      return core::Error::RateLimited(
          soon ? "验证码已发送，请" + std::to_string(wait) + "秒后再重新获取" : "获取验证码过于频繁，请稍后再试",
          static_cast<int>(wait));
    }
    const std::string code = domain::NewCode(policy_.digits);
    store::PhoneCodeRow row;
    row.phone = phone;
    row.purpose = purpose;
    row.code_hash = CodeDigest(phone, purpose, code);
    row.ip = ctx.ip;
    row.created_at = ctx.now;
    row.expires_at = ctx.now + policy_.ttl_seconds;
    row.id = store::PhoneCodeStore::Insert(tx, row);
    messages_.EnqueueCode(tx, phone, code, row.id, row.expires_at, ctx.now);
    return CodeSent{policy_.ttl_seconds, policy_.resend_seconds};
  });
  if (sent) {
    spdlog::info("verification code ({}) for {} queued", domain::CodePurposeName(purpose), domain::MaskPhone(phone));
    messages_.Wake();
  }
  return sent;
}

core::Result<long long> PhoneVerification::Check(const Ctx& ctx, const std::string& phone, CodePurpose purpose,
                                                 const std::string& code) {
  if (auto ok = ValidPhone(phone); !ok) return ok.error();
  // A malformed code cannot be a guess: refused without counting.
  if (!domain::IsCodeText(code, policy_.digits))
    return CodeProblem("invalid", "验证码为" + std::to_string(policy_.digits) + "位数字");
  auto checked = db_.Write<Checked>([&](store::Tx& tx) -> core::Result<Checked> {
    auto live = store::PhoneCodeStore::Live(tx, phone, purpose, ctx.now);
    if (!live) return Checked{};
    if (!store::PhoneCodeStore::CountAttempt(tx, live->id, policy_.max_attempts))
      return Checked{CheckOutcome::kExhausted, live->id, 0};
    const bool right = core::SecretEquals(live->code_hash, CodeDigest(phone, purpose, code));
    return Checked{right ? CheckOutcome::kRight : CheckOutcome::kWrong, live->id,
                   policy_.max_attempts - live->attempts - 1};
  });
  if (!checked) return checked.error();
  switch (checked->outcome) {
    case CheckOutcome::kRight: return checked->id;
    case CheckOutcome::kNone: return CodeProblem("code_expired", "验证码无效或已过期，请重新获取");
    case CheckOutcome::kExhausted: return CodeProblem("code_exhausted", "验证码错误次数过多，请重新获取");
    case CheckOutcome::kWrong:
      return CodeProblem("code_wrong", checked->attempts_left > 0
                                           ? "验证码不正确，还可再试" + std::to_string(checked->attempts_left) + "次"
                                           : "验证码不正确，请重新获取");
  }
  return CodeProblem("code_expired", "验证码无效或已过期，请重新获取");
}

core::Status PhoneVerification::Use(store::Tx& tx, long long code_id, core::UnixTime now) {
  if (!store::PhoneCodeStore::Use(tx, code_id, now))
    return CodeProblem("code_expired", "验证码已使用或已过期，请重新获取");
  return {};
}

core::Result<VisitorLogin> PhoneVerification::SignIn(const Ctx& ctx, const std::string& phone,
                                                     const std::string& code) {
  auto id = Check(ctx, phone, CodePurpose::kManage, code);
  if (!id) return id.error();
  return db_.Write<VisitorLogin>([&](store::Tx& tx) -> core::Result<VisitorLogin> {
    if (auto used = Use(tx, *id, ctx.now); !used) return used.error();
    VisitorLogin login{core::RandomToken(32), ctx.now + kLoginSeconds, phone};
    store::PhoneCodeStore::InsertLogin(tx, {core::Sha256Hex(login.token), phone, ctx.now, login.expires_at});
    Audit(tx, ctx, "visitor.signed_in", "phone", domain::MaskPhone(phone), nullptr,
          {{"phone", domain::MaskPhone(phone)}, {"expires_at", login.expires_at}});
    return login;
  });
}

core::Result<std::string> PhoneVerification::PhoneOf(const Ctx& ctx, const std::string& token) {
  if (token.empty() || token.size() > 100) return core::Error::Unauthenticated("请先用手机号和验证码登录");
  return db_.Read<std::string>([&](store::Tx& tx) -> core::Result<std::string> {
    auto login = store::PhoneCodeStore::FindLogin(tx, core::Sha256Hex(token), ctx.now);
    if (!login) return core::Error::Unauthenticated("登录已过期，请重新用手机号和验证码登录");
    return login->phone;
  });
}

core::Status PhoneVerification::SignOut(const Ctx& ctx, const std::string& token) {
  auto done = db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    store::PhoneCodeStore::DeleteLogin(tx, core::Sha256Hex(token));
    return true;
  });
  if (!done) return done.error();
  return {};
}

void PhoneVerification::Sweep(core::UnixTime now) {
  (void)db_.Write<bool>([&](store::Tx& tx) -> core::Result<bool> {
    store::PhoneCodeStore::Sweep(tx, now - 24 * core::kSecondsPerHour);
    return true;
  });
}

}  // namespace sciweek::service
