#pragma once
// Result<T>: a value or an Error, with std::expected's names so it can become
// std::expected when the project moves to C++23.
#include <cassert>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace sciweek::core {

struct Unexpected {
  Error error;
};
inline Unexpected Fail(Error e) { return Unexpected{std::move(e)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}         // NOLINT: implicit by design
  Result(Unexpected u) : data_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  Result(Error e) : data_(std::in_place_index<1>, std::move(e)) {}             // NOLINT

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & {
    assert(has_value());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const {
    assert(!has_value());
    return std::get<1>(data_);
  }
  Error& error() {
    assert(!has_value());
    return std::get<1>(data_);
  }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT
  Result(Error e) : error_(std::move(e)), ok_(false) {}             // NOLINT
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace sciweek::core
