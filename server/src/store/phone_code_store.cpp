#include "store/phone_code_store.hpp"

#include <soci/soci.h>

#include "store/key_lock.hpp"
#include "store/row_util.hpp"

namespace sciweek::store {

long long PhoneCodeStore::Insert(Tx& tx, const PhoneCodeRow& row) {
  const std::string purpose(domain::CodePurposeName(row.purpose));
  long long id = 0;
  tx.sql() << "INSERT INTO phone_codes (phone, purpose, code_hash, ip, attempts, created_at, expires_at) "
              "VALUES (:p, :u, :h, :ip, 0, :c, :e) RETURNING id",
      soci::use(row.phone), soci::use(purpose), soci::use(row.code_hash), soci::use(row.ip), soci::use(row.created_at),
      soci::use(row.expires_at), soci::into(id);
  return id;
}

void PhoneCodeStore::HoldRequester(Tx& tx, const std::string& phone, const std::string& ip) {
  // Always the phone first, then the address: one order everywhere, so no two requests wait
  // on each other in a cycle.
  LockKey(tx, KeyLockClass::kCodePhone, phone);
  LockKey(tx, KeyLockClass::kCodeAddress, ip);
}

domain::CodeHistory PhoneCodeStore::History(Tx& tx, const std::string& phone, const std::string& ip, long long now) {
  domain::CodeHistory h;
  const long long hour = now - core::kSecondsPerHour, day = now - 24 * core::kSecondsPerHour;
  long long last = 0, in_hour = 0, in_day = 0, from_ip = 0;
  soci::indicator li = soci::i_null;
  // One round trip for the phone's three figures (PostgreSQL pays per trip).
  tx.sql() << "SELECT MAX(created_at), COALESCE(SUM(CASE WHEN created_at > :h THEN 1 ELSE 0 END), 0), COUNT(*) "
              "FROM phone_codes WHERE phone = :p AND created_at > :d",
      soci::use(hour), soci::use(phone), soci::use(day), soci::into(last, li), soci::into(in_hour), soci::into(in_day);
  tx.sql() << "SELECT COUNT(*) FROM phone_codes WHERE ip = :ip AND created_at > :h", soci::use(ip), soci::use(hour),
      soci::into(from_ip);
  if (li == soci::i_ok) h.phone_last_at = last;
  h.phone_last_hour = static_cast<int>(in_hour);
  h.phone_last_day = static_cast<int>(in_day);
  h.ip_last_hour = static_cast<int>(from_ip);
  return h;
}

std::optional<PhoneCodeRow> PhoneCodeStore::Live(Tx& tx, const std::string& phone, domain::CodePurpose purpose,
                                                 long long now) {
  const std::string p(domain::CodePurposeName(purpose));
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT id, phone, purpose, code_hash, ip, attempts, created_at, expires_at, used_at "
                           "FROM phone_codes WHERE phone = :p AND purpose = :u AND used_at IS NULL AND expires_at > :n "
                           "ORDER BY id DESC LIMIT 1",
       soci::use(phone), soci::use(p), soci::use(now));
  for (const auto& r : rs) {
    PhoneCodeRow row;
    row.id = GetInt(r, 0);
    row.phone = GetText(r, 1);
    row.purpose = domain::ParseCodePurpose(GetText(r, 2)).value_or(domain::CodePurpose::kReserve);
    row.code_hash = GetText(r, 3);
    row.ip = GetText(r, 4);
    row.attempts = static_cast<int>(GetInt(r, 5));
    row.created_at = GetInt(r, 6);
    row.expires_at = GetInt(r, 7);
    row.used_at = GetOptInt(r, 8);
    return row;
  }
  return std::nullopt;
}

bool PhoneCodeStore::CountAttempt(Tx& tx, long long id, int max_attempts) {
  soci::statement st = (tx.sql().prepare << "UPDATE phone_codes SET attempts = attempts + 1 "
                                            "WHERE id = :id AND attempts < :m AND used_at IS NULL",
                        soci::use(id), soci::use(max_attempts));
  return Affected(st) == 1;
}

bool PhoneCodeStore::Use(Tx& tx, long long id, long long now) {
  soci::statement st = (tx.sql().prepare << "UPDATE phone_codes SET used_at = :n "
                                            "WHERE id = :id AND used_at IS NULL AND expires_at > :n2",
                        soci::use(now), soci::use(id), soci::use(now));
  return Affected(st) == 1;
}

void PhoneCodeStore::InsertLogin(Tx& tx, const VisitorLoginRow& row) {
  tx.sql() << "INSERT INTO visitor_logins (token_hash, phone, created_at, expires_at) VALUES (:t, :p, :c, :e)",
      soci::use(row.token_hash), soci::use(row.phone), soci::use(row.created_at), soci::use(row.expires_at);
}

std::optional<VisitorLoginRow> PhoneCodeStore::FindLogin(Tx& tx, const std::string& token_hash, long long now) {
  soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT token_hash, phone, created_at, expires_at "
                                                    "FROM visitor_logins WHERE token_hash = :t AND expires_at > :n",
                                soci::use(token_hash), soci::use(now));
  for (const auto& r : rs) return VisitorLoginRow{GetText(r, 0), GetText(r, 1), GetInt(r, 2), GetInt(r, 3)};
  return std::nullopt;
}

void PhoneCodeStore::DeleteLogin(Tx& tx, const std::string& token_hash) {
  tx.sql() << "DELETE FROM visitor_logins WHERE token_hash = :t", soci::use(token_hash);
}

void PhoneCodeStore::ForgetPhone(Tx& tx, const std::string& phone) {
  tx.sql() << "DELETE FROM visitor_logins WHERE phone = :p", soci::use(phone);
  tx.sql() << "DELETE FROM phone_codes WHERE phone = :p", soci::use(phone);
}

void PhoneCodeStore::Sweep(Tx& tx, long long before) {
  tx.sql() << "DELETE FROM phone_codes WHERE created_at < :b", soci::use(before);
  tx.sql() << "DELETE FROM visitor_logins WHERE expires_at < :b", soci::use(before);
}

}  // namespace sciweek::store
