#pragma once

// What one request comes to: a 200 with a body, or a problem (status, detail, and optional
// extension members as a JSON object text) for Responder::fail(). Plain value.

#include <chrono>
#include <string>

namespace portico::tcp
{

struct Answer
{
    int status = 200;
    std::string contentType;            // success only
    std::string body;                   // success only
    std::string detail;                 // problem only
    std::string extensionsJson;         // problem only, "" or a JSON object text
    std::chrono::seconds retryAfter{0}; // a 503 of an open circuit breaker only

    bool isProblem() const { return status >= 400; }

    static Answer ok(std::string contentType, std::string body)
    {
        Answer answer;
        answer.contentType = std::move(contentType);
        answer.body = std::move(body);
        return answer;
    }

    static Answer problem(int status, std::string detail, std::string extensionsJson = {})
    {
        Answer answer;
        answer.status = status;
        answer.detail = std::move(detail);
        answer.extensionsJson = std::move(extensionsJson);
        return answer;
    }

    // The peer is known to be down: 503 with Retry-After.
    static Answer unavailable(std::string detail, std::chrono::seconds retryAfter)
    {
        Answer answer = problem(503, std::move(detail));
        answer.retryAfter = retryAfter;
        return answer;
    }
};

} // namespace portico::tcp
