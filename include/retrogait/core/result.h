#pragma once
// Result<T>: a value or an error message "file: json.path: problem". Loading code returns it;
// the executables print the message and exit non-zero. The simulation step never uses it.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace retrogait {

/// A human-readable error: what went wrong, where, and what is allowed.
struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_value(std::move(value)) {}
  Result(Error error) : m_value(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(m_value); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(m_value); }
  T& value() & { return std::get<T>(m_value); }
  T&& value() && { return std::get<T>(std::move(m_value)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const std::string& error() const { return std::get<Error>(m_value).message; }

 private:
  std::variant<T, Error> m_value;
};

/// Result of an operation that has no value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace retrogait
