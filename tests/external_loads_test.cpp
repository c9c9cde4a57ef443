// Reader of OpenSim ExternalLoads .xml: the shipped subject01 file (OpenSim 3 spelling), the
// OpenSim 4 spelling, defaults, and the refusals with their lines.

#include <gtest/gtest.h>

#include <string>

#include "retrogait/io/external_loads.h"
#include "test_support.h"

namespace retrogait {
namespace {

using test::sourcePath;

// Expects `xml` to be refused with a message containing each of `parts`.
void expectRefused(const std::string& xml, std::initializer_list<std::string> parts) {
  const Result<ExternalLoadsSpec> spec = parseExternalLoads(xml, "mem.xml");
  ASSERT_FALSE(spec) << "accepted:\n" << xml;
  EXPECT_EQ(spec.error().rfind("mem.xml: ", 0), 0u) << spec.error();
  for (const std::string& part : parts) {
    EXPECT_NE(spec.error().find(part), std::string::npos)
        << "message '" << spec.error() << "' lacks '" << part << "'";
  }
}

// Wraps ExternalForce elements in an OpenSim 4 document; the forces start on line 4.
std::string document(const std::string& forces, const std::string& tail = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
         "<OpenSimDocument Version=\"40000\">\n"
         "<ExternalLoads name=\"loads\"><objects>\n" +
         forces + "</objects>" + tail + "</ExternalLoads>\n</OpenSimDocument>\n";
}

// The shipped file: two enabled forces with the columns of subject01_walk_grf.mot.
TEST(ExternalLoads, ReadsShippedFile) {
  const auto spec = readExternalLoads(sourcePath("data/opensim_subject01/subject01_walk_grf.xml"));
  ASSERT_TRUE(spec) << spec.error();
  EXPECT_EQ(spec->dataFile, "subject01_walk_grf.mot");
  ASSERT_EQ(spec->forces.size(), 2u);
  const ExternalForceSpec& right = spec->forces[0];
  EXPECT_EQ(right.name, "right");
  EXPECT_EQ(right.appliedToBody, "calcn_r");
  EXPECT_EQ(right.forceExpressedIn, "ground");
  EXPECT_EQ(right.pointExpressedIn, "ground");
  EXPECT_EQ(right.forceIdentifier, "ground_force_v");
  EXPECT_EQ(right.pointIdentifier, "ground_force_p");
  EXPECT_EQ(right.torqueIdentifier, "ground_torque_");
  EXPECT_TRUE(right.enabled);
  const ExternalForceSpec& left = spec->forces[1];
  EXPECT_EQ(left.name, "left");
  EXPECT_EQ(left.appliedToBody, "calcn_l");
  EXPECT_EQ(left.forceIdentifier, "1_ground_force_v");
  EXPECT_EQ(left.pointIdentifier, "1_ground_force_p");
  EXPECT_EQ(left.torqueIdentifier, "1_ground_torque_");
  EXPECT_TRUE(left.enabled);
}

// OpenSim 4: appliesForce instead of isDisabled; missing frames default to ground; texts trimmed;
// order kept, disabled forces kept; no datafile gives an empty name.
TEST(ExternalLoads, ReadsOpenSim4SpellingAndDefaults) {
  const std::string xml = document(
      "<ExternalForce name=\"a\"><appliesForce>false</appliesForce>"
      "<applied_to_body>\n  calcn_r \n</applied_to_body>"
      "<force_identifier> f_v </force_identifier></ExternalForce>\n"
      "<ExternalForce name=\"b\"><appliesForce>TRUE</appliesForce>"
      "<applied_to_body>calcn_l</applied_to_body><force_expressed_in_body>tibia_l"
      "</force_expressed_in_body><point_expressed_in_body/>"
      "<force_identifier>g_v</force_identifier><point_identifier>g_p</point_identifier>"
      "</ExternalForce>\n"
      "<ExternalForce name=\"c\"><isDisabled>true</isDisabled>"
      "<applied_to_body>pelvis</applied_to_body><force_identifier>h_v</force_identifier>"
      "</ExternalForce>\n");
  const auto spec = parseExternalLoads(xml, "v4.xml");
  ASSERT_TRUE(spec) << spec.error();
  EXPECT_EQ(spec->dataFile, "");
  ASSERT_EQ(spec->forces.size(), 3u);
  const ExternalForceSpec& a = spec->forces[0];
  EXPECT_EQ(a.name, "a");
  EXPECT_FALSE(a.enabled);
  EXPECT_EQ(a.appliedToBody, "calcn_r");
  EXPECT_EQ(a.forceIdentifier, "f_v");
  EXPECT_EQ(a.forceExpressedIn, "ground");
  EXPECT_EQ(a.pointExpressedIn, "ground");
  EXPECT_EQ(a.pointIdentifier, "");
  EXPECT_EQ(a.torqueIdentifier, "");
  const ExternalForceSpec& b = spec->forces[1];
  EXPECT_TRUE(b.enabled);
  EXPECT_EQ(b.forceExpressedIn, "tibia_l");
  EXPECT_EQ(b.pointExpressedIn, "ground");
  EXPECT_EQ(b.pointIdentifier, "g_p");
  EXPECT_EQ(spec->forces[2].name, "c");
  EXPECT_FALSE(spec->forces[2].enabled);
}

// A file that does not exist is an error naming it.
TEST(ExternalLoads, RefusesMissingFile) {
  const std::string path = sourcePath("data/opensim_subject01/no_such_loads.xml");
  const auto spec = readExternalLoads(path);
  ASSERT_FALSE(spec);
  EXPECT_EQ(spec.error().rfind(path + ": ", 0), 0u) << spec.error();
}

// Broken XML is refused with tinyxml2's line number.
TEST(ExternalLoads, RefusesMalformedXmlWithLine) {
  expectRefused(
      "<OpenSimDocument>\n<ExternalLoads>\n<objects>\n</objects>\n<datafile a=1>x</datafile>\n",
      {"line 5:", "not well-formed XML"});
  expectRefused("<OpenSimDocument>\n<ExternalLoads>\n<objects>\n</ExternalLoads>\n",
                {"line 3:", "not well-formed XML", "objects"});
  expectRefused("", {"not well-formed XML"});
  expectRefused("this is not xml at all\n", {"not well-formed XML"});
}

// Well-formed XML that is not an ExternalLoads file.
TEST(ExternalLoads, RefusesDocumentWithoutExternalLoads) {
  expectRefused("<OpenSimDocument Version=\"30000\">\n<Model name=\"m\"/>\n</OpenSimDocument>\n",
                {"no <ExternalLoads>"});
}

// An ExternalLoads with no force at all.
TEST(ExternalLoads, RefusesNoExternalForce) {
  expectRefused(document("", "<datafile>x.mot</datafile>"), {"line 3:", "no <ExternalForce>"});
}

// A force without its body or its force columns is refused with its name and line.
TEST(ExternalLoads, RefusesForceWithoutBodyOrIdentifier) {
  expectRefused(document("<ExternalForce name=\"ok\"><applied_to_body>b</applied_to_body>"
                         "<force_identifier>f</force_identifier></ExternalForce>\n"
                         "<ExternalForce name=\"nobody\">"
                         "<force_identifier>f</force_identifier></ExternalForce>\n"),
                {"line 5:", "'nobody'", "applied_to_body"});
  expectRefused(document("<ExternalForce name=\"empty\"><applied_to_body> </applied_to_body>"
                         "<force_identifier>f</force_identifier></ExternalForce>\n"),
                {"line 4:", "'empty'", "applied_to_body"});
  expectRefused(document("<ExternalForce name=\"noforce\"><applied_to_body>b</applied_to_body>"
                         "<point_identifier>p</point_identifier></ExternalForce>\n"),
                {"line 4:", "'noforce'", "force_identifier"});
}

// A flag that is neither true nor false is refused rather than guessed.
TEST(ExternalLoads, RefusesUnreadableFlag) {
  expectRefused(document("<ExternalForce name=\"f\"><isDisabled>maybe</isDisabled>"
                         "<applied_to_body>b</applied_to_body>"
                         "<force_identifier>f</force_identifier></ExternalForce>\n"),
                {"line 4:", "isDisabled", "'maybe'"});
}

}  // namespace
}  // namespace retrogait
