#include "reload/ReloadOutcome.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace portico::reload
{

namespace
{

Poco::JSON::Array jsonArray(const std::vector<std::string>& lines)
{
    Poco::JSON::Array array;
    for (const std::string& line : lines)
        array.add(line);
    return array;
}

} // namespace

std::string describeJson(const ReloadOutcome& outcome)
{
    Poco::JSON::Object body;
    if (outcome.ok)
    {
        body.set("reloaded", true);
        body.set("sha256", outcome.digest);
        body.set("previousSha256", outcome.previousDigest);
        body.set("notes", jsonArray(outcome.notes));
    }
    else
    {
        // A problem (RFC 9457) with the configuration's errors as an extension member.
        body.set("type", "about:blank");
        body.set("title", "Bad Request");
        body.set("status", 400);
        body.set("detail", "the configuration was not reloaded; the running one still serves");
        body.set("errors", jsonArray(outcome.errors));
    }
    std::ostringstream text;
    Poco::JSON::Stringifier::stringify(body, text);
    return text.str();
}

} // namespace portico::reload
