#pragma once

// What the audit log keeps of a body (<audit bodies bodyLimit redact>), made on the writer thread
// so the request path only copies the first bodyLimit bytes: with bodies="redacted" the named
// fields are masked (BodyRedactor) before anything is stored; a body that is not UTF-8 text
// (an image, a compressed answer) is stored as "base64:" and its bytes, so every column stays
// text an auditor's tools can read.

#include "audit/BodyRedactor.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::audit
{

class AuditBodies
{
public:
    // mode "none", "redacted" or "full"; extraNames are masked beside the built-in ones.
    AuditBodies(const std::string& mode, const std::vector<std::string>& extraNames);

    // Turns a captured body into its column in place (an empty body becomes NULL).
    void prepare(std::optional<std::string>& body);

    static bool isUtf8(std::string_view text);

private:
    std::unique_ptr<BodyRedactor> _redactor; // null: bodies="full"
    std::string _scratch;
};

} // namespace portico::audit
