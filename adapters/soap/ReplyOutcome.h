#pragma once

// What a SOAP reply means for the client: a JSON body (status 200) or a problem+json answer.

#include <string>

namespace portico::soap
{

struct ReplyOutcome
{
    int status = 200;
    std::string body;           // the JSON object, when status is 200
    std::string detail;         // the problem's detail otherwise
    std::string extensionsJson; // problem extension members as a JSON object text, or ""

    bool ok() const { return status == 200; }

    static ReplyOutcome problem(int status, std::string detail, std::string extensionsJson = std::string())
    {
        ReplyOutcome outcome;
        outcome.status = status;
        outcome.detail = std::move(detail);
        outcome.extensionsJson = std::move(extensionsJson);
        return outcome;
    }
};

} // namespace portico::soap
