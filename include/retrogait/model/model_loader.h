#pragma once
// Builds a Model from a model JSON file (models/walker9dof.json) for a given subject.
// Errors read "file: json.path: problem".

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "retrogait/core/result.h"
#include "retrogait/model/model.h"

namespace retrogait {

/// Allowed subject ranges; outside them the de Leva/Drillis scaling is no longer meaningful.
inline constexpr double kMinHeightM = 1.2, kMaxHeightM = 2.2;
inline constexpr double kMinMassKg = 30.0, kMaxMassKg = 150.0;

/// Loads and scales the model. Without `subject` the JSON's default subject is used.
Result<Model> loadModel(const std::string& file, std::optional<SubjectSpec> subject = std::nullopt);

/// Same from an already parsed document (`file` only names it in messages).
Result<Model> buildModel(const nlohmann::json& document, const std::string& file,
                         std::optional<SubjectSpec> subject = std::nullopt);

/// The default model file: $RETROGAIT_MODELS/walker9dof.json or the install's models/ directory.
std::string defaultModelFile();

/// Validates a subject (message names the field and the allowed range).
Status validateSubject(const SubjectSpec& subject);

const char* sexName(Sex sex);

}  // namespace retrogait
