#include "retrogait/report/markdown.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace retrogait {

std::string markdownAnchor(const std::string& heading) {
  std::string out = "#";
  for (unsigned char c : heading) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (c == ' ' || c == '-') {
      out += '-';
    } else if (c == '_') {
      out += '_';
    }
    // Other characters, non-ASCII symbols included (±, –), are dropped as GitHub does; the
    // reports keep letters in headings ASCII.
  }
  return out;
}

std::string markdownCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string MarkdownDoc::heading(int level, const std::string& text) {
  m_text += std::string(static_cast<std::size_t>(level < 1 ? 1 : (level > 6 ? 6 : level)), '#') +
            " " + text + "\n\n";
  return markdownAnchor(text);
}

void MarkdownDoc::paragraph(const std::string& text) {
  m_text += text + "\n\n";
}

void MarkdownDoc::bullets(const std::vector<std::string>& items) {
  for (const std::string& i : items) m_text += "- " + i + "\n";
  m_text += "\n";
}

void MarkdownDoc::table(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows,
                        const std::vector<bool>& rightAligned) {
  if (header.empty()) return;
  // Appended piece by piece (GCC 12 warns falsely on "literal" + std::string&& chains).
  std::string t = "|";
  for (const std::string& h : header) {
    t += ' ';
    t += markdownCell(h);
    t += " |";
  }
  t += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i)
    t += (i < rightAligned.size() && rightAligned[i]) ? "---:|" : "---|";
  t += "\n";
  for (const auto& row : rows) {
    t += "|";
    for (std::size_t i = 0; i < header.size(); ++i) {
      t += ' ';
      if (i < row.size()) t += markdownCell(row[i]);
      t += " |";
    }
    t += "\n";
  }
  m_text += t;
  m_text += "\n";
}

void MarkdownDoc::figure(const std::string& path, const std::string& caption) {
  m_text += "![" + caption + "](" + path + ")\n\n*" + caption + "*\n\n";
}

void MarkdownDoc::raw(const std::string& text) {
  m_text += text + "\n\n";
}

std::string formatFixed(double value, int digits) {
  if (!std::isfinite(value)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  std::string s = buf;
  // "-0.00" reads as a sign that is not there.
  bool allZero = true;
  for (char c : s)
    if (c >= '1' && c <= '9') allZero = false;
  if (allZero && !s.empty() && s[0] == '-') s.erase(0, 1);
  return s;
}

std::string formatSigned(double value, int digits) {
  if (!std::isfinite(value)) return "–";
  std::string s = formatFixed(std::abs(value), digits);
  bool allZero = true;
  for (char c : s)
    if (c >= '1' && c <= '9') allZero = false;
  if (allZero) return s;
  return (value < 0 ? "\xE2\x88\x92" : "+") + s;
}

}  // namespace retrogait
