#pragma once
// Where the ticket keys live (decision 0007): the environment variable SCIWEEK_TICKET_KEYS
// when it is set (several nodes without a shared folder), else one file per key,
// <data-dir>/keys/ticket-<kid>.key, mode 0600. Never the database: a copy of it must not be
// able to make a ticket.
#include <string>

#include "core/result.hpp"
#include "domain/ticket_keys.hpp"

namespace sciweek::service {

struct TicketKeySource {
  bool from_env = false;
  std::string env;  // the value of SCIWEEK_TICKET_KEYS
  std::string dir;  // <data-dir>/keys
  std::string Describe() const;
};

// SCIWEEK_TICKET_KEYS when set and not empty, else the keys folder of data_dir.
TicketKeySource TicketKeySourceFor(const std::string& data_dir);

// Every key of the source. With files, `create_first` makes the first key (k1) when the
// folder has none; several processes starting together make exactly one (the file is
// written under a private name, opened O_EXCL, then linked into place, which fails for all
// but the first). A key file readable or writable by anyone but its owner is an error.
core::Result<domain::TicketKeyring> LoadTicketKeys(const TicketKeySource& source, bool create_first);

// A new key file; a conflict when a file of that kid exists already.
core::Status CreateTicketKeyFile(const std::string& dir, const domain::TicketKey& key);
// Replaces an existing key file whole (written aside, then renamed over it).
core::Status ReplaceTicketKeyFile(const std::string& dir, const domain::TicketKey& key);
std::string TicketKeyPath(const std::string& dir, const std::string& kid);

}  // namespace sciweek::service
