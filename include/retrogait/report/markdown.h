#pragma once
// A small Markdown builder for the reports: headings (with stable anchors), paragraphs, bullet
// lists, pipe tables and figure links. GitHub-flavoured Markdown; renders in any viewer.

#include <string>
#include <vector>

namespace retrogait {

class MarkdownDoc {
 public:
  /// "#"×level + text; returns the heading's anchor (GitHub slug, e.g. "#1-forward-level").
  std::string heading(int level, const std::string& text);
  void paragraph(const std::string& text);
  void bullets(const std::vector<std::string>& items);
  /// A pipe table; cells are escaped ('|' and line breaks). `rightAligned[i]` right-aligns a
  /// column (numbers); missing entries mean left.
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows,
             const std::vector<bool>& rightAligned = {});
  /// An image link with its caption in italics below it.
  void figure(const std::string& path, const std::string& caption);
  /// Text as is (followed by a blank line).
  void raw(const std::string& text);
  const std::string& str() const { return m_text; }

 private:
  std::string m_text;
};

/// GitHub's heading anchor: lower case, spaces to '-', punctuation dropped.
std::string markdownAnchor(const std::string& heading);

/// Escapes a table cell: '|' → '\|', line breaks → spaces.
std::string markdownCell(const std::string& text);

/// Fixed-point text ("–" for NaN or infinity); `digits` decimals.
std::string formatFixed(double value, int digits);

/// Signed fixed-point text ("+1.20", "−0.30" with a true minus sign; "–" for NaN).
std::string formatSigned(double value, int digits);

}  // namespace retrogait
