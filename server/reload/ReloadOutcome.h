#pragma once

// What a reload did: done (with the settings it could not change and the file's digests), or
// refused (with the configuration's errors, the running one still serving).

#include <string>
#include <vector>

namespace portico::reload
{

struct ReloadOutcome
{
    bool ok = false;
    std::vector<std::string> errors; // FILE:LINE:COL lines: why the file was refused
    std::vector<std::string> notes;  // settings kept until a restart; plugins that did not load
    std::string previousDigest;      // SHA-256 of the file as running before
    std::string digest;              // SHA-256 of the file as read now
};

// {"reloaded":true,"sha256":…,"previousSha256":…,"notes":[…]}, or a problem (RFC 9457) whose
// "errors" member lists the errors.
std::string describeJson(const ReloadOutcome& outcome);

} // namespace portico::reload
