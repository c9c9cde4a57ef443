#pragma once
// Reading JSON with errors that name the place: "file: json.path: problem (allowed: ...)".
// Loaders walk the document through JsonView; the first problem throws JsonError, which the
// loader turns into a Result at its boundary.

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace retrogait {

/// A problem at a JSON path, e.g. path "segments.thigh.mass_fraction".
class JsonError : public std::runtime_error {
 public:
  JsonError(std::string path, const std::string& problem)
      : std::runtime_error(path + ": " + problem), m_path(std::move(path)) {}
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

/// A node of a parsed document together with its path from the root.
class JsonView {
 public:
  JsonView(const nlohmann::json& node, std::string path) : m_node(&node), m_path(std::move(path)) {}

  const nlohmann::json& node() const { return *m_node; }
  const std::string& path() const { return m_path; }
  bool has(const std::string& key) const;

  /// Child object member (must exist).
  JsonView at(const std::string& key) const;
  /// Array element.
  JsonView at(std::size_t index) const;
  std::size_t size() const;

  /// Required finite number in [minValue, maxValue].
  double number(const std::string& key, double minValue, double maxValue) const;
  /// Optional number: the default when the key is absent, still range-checked when present.
  double numberOr(const std::string& key, double fallback, double minValue, double maxValue) const;
  std::string string(const std::string& key) const;
  std::string stringOr(const std::string& key, const std::string& fallback) const;
  /// Required string that must be one of `allowed`.
  std::string choice(const std::string& key, const std::vector<std::string>& allowed) const;
  /// This node as a number in range (for array elements).
  double asNumber(double minValue, double maxValue) const;

  [[noreturn]] void fail(const std::string& problem) const;
  [[noreturn]] void failAt(const std::string& key, const std::string& problem) const;

 private:
  std::string childPath(const std::string& key) const;
  const nlohmann::json* m_node;
  std::string m_path;
};

/// Parses a file; throws JsonError with path "" on I/O or syntax errors.
nlohmann::json parseJsonFile(const std::string& file);

}  // namespace retrogait
