#include "retrogait/io/external_loads.h"

#include <tinyxml2.h>

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

namespace retrogait {

namespace {

using tinyxml2::XMLElement;

std::string trimmed(const char* text) {
  if (!text) return {};
  const std::string_view s(text);
  constexpr std::string_view kBlank = " \t\r\n\f\v";
  const std::size_t begin = s.find_first_not_of(kBlank);
  if (begin == std::string_view::npos) return {};
  const std::size_t end = s.find_last_not_of(kBlank);
  return std::string(s.substr(begin, end - begin + 1));
}

// Trimmed text of the first child element called `name`, or nullopt if there is none.
std::optional<std::string> childText(const XMLElement& parent, const char* name) {
  const XMLElement* child = parent.FirstChildElement(name);
  if (!child) return std::nullopt;
  return trimmed(child->GetText());
}

// true/false (or 1/0), any letter case.
std::optional<bool> parseBool(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

// First element called `name` at or below `element`, depth first (document order).
const XMLElement* findElement(const XMLElement* element, std::string_view name) {
  for (; element; element = element->NextSiblingElement()) {
    if (name == element->Name()) return element;
    if (const XMLElement* found = findElement(element->FirstChildElement(), name)) return found;
  }
  return nullptr;
}

// Every <ExternalForce> below `element` in document order (they normally sit in <objects>).
void collectForces(const XMLElement& element, std::vector<const XMLElement*>& forces) {
  for (const XMLElement* child = element.FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    if (std::string_view(child->Name()) == "ExternalForce") {
      forces.push_back(child);
    } else {
      collectForces(*child, forces);
    }
  }
}

// One <ExternalForce> element → spec; `where` prefixes messages ("F: line 5: ExternalForce 'x'").
Result<ExternalForceSpec> readForce(const XMLElement& element, const std::string& file) {
  ExternalForceSpec spec;
  const char* nameAttr = element.Attribute("name");
  spec.name = nameAttr ? nameAttr : "";
  const std::string where = file + ": line " + std::to_string(element.GetLineNum()) +
                            ": ExternalForce '" + spec.name + "'";

  // Required: the body and the force columns.
  spec.appliedToBody = childText(element, "applied_to_body").value_or("");
  if (spec.appliedToBody.empty()) {
    return Error{where + ": no <applied_to_body> (required: the body the force acts on)"};
  }
  spec.forceIdentifier = childText(element, "force_identifier").value_or("");
  if (spec.forceIdentifier.empty()) {
    return Error{where + ": no <force_identifier> (required: the prefix of the force columns)"};
  }

  // Optional: frames (default ground), point and torque columns.
  spec.forceExpressedIn = childText(element, "force_expressed_in_body").value_or("");
  if (spec.forceExpressedIn.empty()) spec.forceExpressedIn = "ground";
  spec.pointExpressedIn = childText(element, "point_expressed_in_body").value_or("");
  if (spec.pointExpressedIn.empty()) spec.pointExpressedIn = "ground";
  spec.pointIdentifier = childText(element, "point_identifier").value_or("");
  spec.torqueIdentifier = childText(element, "torque_identifier").value_or("");

  // Enabled unless OpenSim 3's isDisabled or OpenSim 4's appliesForce says otherwise.
  for (const char* key : {"isDisabled", "appliesForce"}) {
    const std::optional<std::string> text = childText(element, key);
    if (!text) continue;
    const std::optional<bool> flag = parseBool(*text);
    if (!flag) {
      return Error{where + ": <" + key + "> is '" + *text + "' (allowed: true or false)"};
    }
    const bool disabled = std::string_view(key) == "isDisabled" ? *flag : !*flag;
    if (disabled) spec.enabled = false;
  }
  return spec;
}

}  // namespace

Result<ExternalLoadsSpec> parseExternalLoads(std::string_view xml, const std::string& file) {
  // Well-formed XML, with tinyxml2's line and reason when it is not.
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) {
    const char* reason = doc.ErrorStr();
    const std::string where =
        doc.ErrorLineNum() > 0 ? ": line " + std::to_string(doc.ErrorLineNum()) : "";
    return Error{file + where +
                 ": not well-formed XML (tinyxml2: " + (reason ? reason : "unknown error") + ")"};
  }
  const XMLElement* loads = findElement(doc.RootElement(), "ExternalLoads");
  if (!loads) {
    return Error{file + ": no <ExternalLoads> element (an OpenSim ExternalLoads file has one)"};
  }

  // Every ExternalForce, enabled or not, in file order.
  std::vector<const XMLElement*> elements;
  collectForces(*loads, elements);
  if (elements.empty()) {
    return Error{file + ": line " + std::to_string(loads->GetLineNum()) +
                 ": <ExternalLoads> has no <ExternalForce> (at least one is required)"};
  }
  ExternalLoadsSpec spec;
  for (const XMLElement* element : elements) {
    Result<ExternalForceSpec> force = readForce(*element, file);
    if (!force) return Error{force.error()};
    spec.forces.push_back(std::move(force).value());
  }
  spec.dataFile = childText(*loads, "datafile").value_or("");
  return spec;
}

Result<ExternalLoadsSpec> readExternalLoads(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{file + ": cannot be opened (missing or not readable)"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{file + ": read error"};
  return parseExternalLoads(text.view(), file);
}

}  // namespace retrogait
