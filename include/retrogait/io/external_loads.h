#pragma once
// Reader for OpenSim ExternalLoads files (.xml): which columns of a ground-reaction Storage file
// (.mot) make up each external force, and which body it acts on. Both OpenSim 3 and OpenSim 4
// spellings are read:
//
//   <OpenSimDocument Version="...">
//     <ExternalLoads name="...">
//       <objects>
//         <ExternalForce name="right">
//           <isDisabled>false</isDisabled>          OpenSim 3 (or
//           <appliesForce>true</appliesForce>,
//                                                   OpenSim 4; disabled if either says so)
//           <applied_to_body>calcn_r</applied_to_body>            required
//           <force_expressed_in_body>ground</force_expressed_in_body>   default ground
//           <point_expressed_in_body>ground</point_expressed_in_body>   default ground
//           <force_identifier>ground_force_v</force_identifier>  required; + x / y / z
//           <point_identifier>ground_force_p</point_identifier>
//           <torque_identifier>ground_torque_</torque_identifier>
//           <data_source_name>Unassigned</data_source_name>       not used
//         </ExternalForce>
//       </objects>
//       <datafile>subject01_walk_grf.mot</datafile>
//     </ExternalLoads>
//   </OpenSimDocument>
//
// Element texts are trimmed; booleans are true/false (or 1/0, any letter case).

#include <string>
#include <string_view>
#include <vector>

#include "retrogait/core/result.h"

namespace retrogait {

/// One <ExternalForce>: a force (and optionally a point and a torque) read from data columns.
struct ExternalForceSpec {
  std::string name;              ///< name attribute, e.g. "right" (may be empty)
  std::string appliedToBody;     ///< body the force acts on, e.g. "calcn_r"
  std::string forceExpressedIn;  ///< body the force is expressed in; default "ground"
  std::string pointExpressedIn;  ///< body the point is expressed in; default "ground"
  std::string forceIdentifier;   ///< column prefix, e.g. "ground_force_v" (+ x/y/z)
  std::string pointIdentifier;   ///< column prefix of the point, e.g. "ground_force_p" (may be
                                 ///< empty)
  std::string torqueIdentifier;  ///< column prefix of the torque, e.g. "ground_torque_" (may be
                                 ///< empty)
  bool enabled = true;           ///< false if isDisabled=true or appliesForce=false; default true
};

/// An ExternalLoads file: its forces and the data file named in it.
struct ExternalLoadsSpec {
  std::vector<ExternalForceSpec> forces;  ///< enabled and disabled, file order
  std::string dataFile;                   ///< <datafile>, as written (may be empty)
};

/// Reads an ExternalLoads .xml file. Errors: "F: cannot be opened ...", "F: line 7: not
/// well-formed XML (...)", no <ExternalLoads> element, an <ExternalForce> without
/// applied_to_body or force_identifier (with its line), no <ExternalForce> at all.
Result<ExternalLoadsSpec> readExternalLoads(const std::string& file);

/// Same as readExternalLoads from text already in memory (`file` only names it in messages).
Result<ExternalLoadsSpec> parseExternalLoads(std::string_view xml, const std::string& file);

}  // namespace retrogait
