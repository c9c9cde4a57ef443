#include "retrogait/core/json_view.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace retrogait {

namespace {
std::string formatNumber(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}
}  // namespace

std::string JsonView::childPath(const std::string& key) const {
  return m_path.empty() ? key : m_path + "." + key;
}

bool JsonView::has(const std::string& key) const {
  return m_node->is_object() && m_node->contains(key);
}

void JsonView::fail(const std::string& problem) const {
  throw JsonError(m_path.empty() ? "(root)" : m_path, problem);
}

void JsonView::failAt(const std::string& key, const std::string& problem) const {
  throw JsonError(childPath(key), problem);
}

JsonView JsonView::at(const std::string& key) const {
  if (!m_node->is_object()) fail("expected an object");
  auto it = m_node->find(key);
  if (it == m_node->end()) failAt(key, "missing");
  return JsonView(*it, childPath(key));
}

JsonView JsonView::at(std::size_t index) const {
  if (!m_node->is_array()) fail("expected an array");
  if (index >= m_node->size()) fail("index " + std::to_string(index) + " out of range");
  return JsonView((*m_node)[index], m_path + "[" + std::to_string(index) + "]");
}

std::size_t JsonView::size() const {
  if (!m_node->is_array()) fail("expected an array");
  return m_node->size();
}

double JsonView::asNumber(double minValue, double maxValue) const {
  if (!m_node->is_number()) fail("expected a number");
  const double v = m_node->get<double>();
  if (!std::isfinite(v)) fail("not a finite number");
  if (v < minValue || v > maxValue) {
    fail(formatNumber(v) + " is out of range (allowed " + formatNumber(minValue) + " to " +
         formatNumber(maxValue) + ")");
  }
  return v;
}

double JsonView::number(const std::string& key, double minValue, double maxValue) const {
  return at(key).asNumber(minValue, maxValue);
}

double JsonView::numberOr(const std::string& key, double fallback, double minValue,
                          double maxValue) const {
  return has(key) ? number(key, minValue, maxValue) : fallback;
}

std::string JsonView::string(const std::string& key) const {
  JsonView v = at(key);
  if (!v.node().is_string()) v.fail("expected a string");
  return v.node().get<std::string>();
}

std::string JsonView::stringOr(const std::string& key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

std::string JsonView::choice(const std::string& key,
                             const std::vector<std::string>& allowed) const {
  const std::string s = string(key);
  for (const auto& a : allowed) {
    if (s == a) return s;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  failAt(key, "'" + s + "' is not allowed (allowed: " + list + ")");
}

nlohmann::json parseJsonFile(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw JsonError("", "cannot open file");
  try {
    return nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/false);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    std::string what = e.what();
    auto pos = what.find("] ");
    throw JsonError("", pos == std::string::npos ? what : what.substr(pos + 2));
  }
}

}  // namespace retrogait
