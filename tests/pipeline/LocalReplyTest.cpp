// Every answer the gateway makes itself (errors, a policy's refusal) is described by
// describeLocalReply and written by the one response writer: the response must frame exactly (a
// wrong Content-Length desynchronises a keep-alive client) and a problem body must be JSON.
#include "pipeline/LocalReply.h"
#include "http/Problem.h"
#include "pipeline/ResponseWriter.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <utility>
#include <vector>

using portico::http::appendJsonEscaped;
using portico::util::Buffer;

namespace
{

// One gateway-made answer as the runner makes it.
struct ProblemResponse
{
    int status = 500;
    std::string detail;
    std::string requestId;
    std::vector<std::pair<std::string, std::string>> extraHeaders;
    bool close = false;    // the connection ends after it
    bool headOnly = false; // the answer to a HEAD request
};

// Appends the response the runner would write for problem to out.
void writeProblem(const ProblemResponse& problem, Buffer& out)
{
    portico::pipeline::LocalReply reply;
    reply.status = problem.status;
    reply.detail = problem.detail;
    for (const auto& [name, value] : problem.extraHeaders)
    {
        reply.header(name, value);
    }
    portico::pipeline::ResponseHead head;
    Buffer body;
    portico::pipeline::describeLocalReply(reply, problem.requestId, head, body);
    portico::http::HttpHead request;
    request.versionMinor = 1;
    portico::pipeline::ClientFraming framing = portico::pipeline::writeResponseHead(
        head, request, problem.headOnly, problem.requestId, !problem.close, out);
    if (!framing.noBody)
    {
        out.append(body.view());
    }
}

// A response split into its parts, checked for HTTP/1.1 framing on the way.
struct ParsedResponse
{
    std::string statusLine;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::size_t count(const std::string& name) const
    {
        std::size_t n = 0;
        for (const auto& header : headers)
        {
            n += header.first == name ? 1 : 0;
        }
        return n;
    }

    std::string value(const std::string& name) const
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE("occurrences of " + name, std::size_t(1), count(name));
        for (const auto& header : headers)
        {
            if (header.first == name)
            {
                return header.second;
            }
        }
        return std::string();
    }
};

ParsedResponse parse(const std::string& text)
{
    ParsedResponse response;
    const std::size_t headEnd = text.find("\r\n\r\n");
    CPPUNIT_ASSERT_MESSAGE("no end of head in: " + text, headEnd != std::string::npos);
    response.body = text.substr(headEnd + 4);
    std::size_t lineStart = 0;
    while (lineStart < headEnd + 2)
    {
        const std::size_t lineEnd = text.find("\r\n", lineStart);
        const std::string line = text.substr(lineStart, lineEnd - lineStart);
        CPPUNIT_ASSERT_MESSAGE("bare LF in: " + line, line.find('\n') == std::string::npos);
        if (lineStart == 0)
        {
            response.statusLine = line;
        }
        else
        {
            const std::size_t colon = line.find(": ");
            CPPUNIT_ASSERT_MESSAGE("not a header line: " + line, colon != std::string::npos && colon > 0);
            response.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
        }
        lineStart = lineEnd + 2;
    }
    return response;
}

ParsedResponse written(const ProblemResponse& problem)
{
    Buffer out;
    writeProblem(problem, out);
    return parse(std::string(out.view()));
}

Poco::JSON::Object::Ptr json(const std::string& body)
{
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var parsed = parser.parse(body);
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::string escaped(std::string_view text)
{
    Buffer out;
    appendJsonEscaped(text, out);
    return std::string(out.view());
}

} // namespace

class LocalReplyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LocalReplyTest);
    CPPUNIT_TEST(testCompleteResponse);
    CPPUNIT_TEST(testJsonFields);
    CPPUNIT_TEST(testExtraHeaders);
    CPPUNIT_TEST(testConnectionClose);
    CPPUNIT_TEST(testHeadOnly);
    CPPUNIT_TEST(testAppendsToExistingOutput);
    CPPUNIT_TEST(testDetailIsEscaped);
    CPPUNIT_TEST(testAppendJsonEscaped);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCompleteResponse()
    {
        ProblemResponse problem;
        problem.status = 404;
        problem.detail = "no route matches /nowhere";
        problem.requestId = "0123456789abcdef0123456789abcdef";
        const ParsedResponse response = written(problem);
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 404 Not Found"), response.statusLine);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.value("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::to_string(response.body.size()), response.value("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::string("0123456789abcdef0123456789abcdef"), response.value("X-Request-Id"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), response.count("Connection"));
        CPPUNIT_ASSERT(!response.body.empty());
    }

    void testJsonFields()
    {
        ProblemResponse problem;
        problem.status = 503;
        problem.detail = "no target of upstream 'orders' is available";
        problem.requestId = "req-1";
        const ParsedResponse response = written(problem);
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 503 Service Unavailable"), response.statusLine);
        Poco::JSON::Object::Ptr object = json(response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("about:blank"), object->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(std::string("Service Unavailable"), object->getValue<std::string>("title"));
        CPPUNIT_ASSERT(object->get("status").isInteger());
        CPPUNIT_ASSERT_EQUAL(503, object->getValue<int>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("no target of upstream 'orders' is available"),
                             object->getValue<std::string>("detail"));
        CPPUNIT_ASSERT_EQUAL(std::string("req-1"), object->getValue<std::string>("requestId"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), object->size());
    }

    void testExtraHeaders()
    {
        ProblemResponse problem;
        problem.status = 405;
        problem.detail = "method not allowed";
        problem.requestId = "r";
        problem.extraHeaders = {{"Allow", "GET, HEAD"}, {"Retry-After", "5"}};
        const ParsedResponse response = written(problem);
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 405 Method Not Allowed"), response.statusLine);
        CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD"), response.value("Allow"));
        CPPUNIT_ASSERT_EQUAL(std::string("5"), response.value("Retry-After"));
        CPPUNIT_ASSERT_EQUAL(std::to_string(response.body.size()), response.value("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(405, json(response.body)->getValue<int>("status"));
    }

    void testConnectionClose()
    {
        ProblemResponse problem;
        problem.status = 400;
        problem.detail = "malformed request head";
        problem.requestId = "r";
        problem.close = true;
        const ParsedResponse response = written(problem);
        CPPUNIT_ASSERT_EQUAL(std::string("close"), response.value("Connection"));
        CPPUNIT_ASSERT_EQUAL(std::to_string(response.body.size()), response.value("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed request head"),
                             json(response.body)->getValue<std::string>("detail"));
    }

    void testHeadOnly()
    {
        ProblemResponse problem;
        problem.status = 404;
        problem.detail = "no route";
        problem.requestId = "r";
        const ParsedResponse full = written(problem);
        problem.headOnly = true;
        const ParsedResponse head = written(problem);
        CPPUNIT_ASSERT_EQUAL(std::string(), head.body);
        CPPUNIT_ASSERT_EQUAL(full.value("Content-Length"), head.value("Content-Length"));
        CPPUNIT_ASSERT(full.value("Content-Length") != "0");
        CPPUNIT_ASSERT(full.headers == head.headers);
        CPPUNIT_ASSERT_EQUAL(full.statusLine, head.statusLine);
    }

    void testAppendsToExistingOutput()
    {
        // A problem queued behind a pipelined response must not disturb what is already queued.
        Buffer out;
        out.append("PREVIOUS");
        ProblemResponse problem;
        problem.status = 502;
        problem.requestId = "r";
        writeProblem(problem, out);
        const std::string text(out.view());
        CPPUNIT_ASSERT_EQUAL(std::string("PREVIOUS"), text.substr(0, 8));
        const ParsedResponse response = parse(text.substr(8));
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 502 Bad Gateway"), response.statusLine);
        CPPUNIT_ASSERT_EQUAL(std::string(), json(response.body)->getValue<std::string>("detail"));
    }

    void testDetailIsEscaped()
    {
        std::string detail = "say \"hi\" \\ path C:\\x\nnew line\ttab\rcr";
        detail += '\x01';
        detail += '\x1f';
        detail += " caf\xc3\xa9 </script>";
        ProblemResponse problem;
        problem.status = 400;
        problem.detail = detail;
        problem.requestId = "id\"with\\quote";
        const ParsedResponse response = written(problem);
        CPPUNIT_ASSERT_EQUAL(std::to_string(response.body.size()), response.value("Content-Length"));
        for (char c : response.body)
        {
            CPPUNIT_ASSERT_MESSAGE("raw control byte in JSON body", static_cast<unsigned char>(c) >= 0x20);
        }
        Poco::JSON::Object::Ptr object = json(response.body);
        CPPUNIT_ASSERT_EQUAL(detail, object->getValue<std::string>("detail"));
        CPPUNIT_ASSERT_EQUAL(std::string("id\"with\\quote"), object->getValue<std::string>("requestId"));
    }

    void testAppendJsonEscaped()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("plain text"), escaped("plain text"));
        CPPUNIT_ASSERT_EQUAL(std::string("a\\\"b\\\\c"), escaped("a\"b\\c"));
        CPPUNIT_ASSERT_EQUAL(std::string("\\u000a\\u000d\\u0009"), escaped("\n\r\t"));
        CPPUNIT_ASSERT_EQUAL(std::string("\\u0000\\u001f"), escaped(std::string_view("\0\x1f", 2)));
        CPPUNIT_ASSERT_EQUAL(std::string("caf\xc3\xa9 /"), escaped("caf\xc3\xa9 /"));
        CPPUNIT_ASSERT_EQUAL(std::string(), escaped(""));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LocalReplyTest, "pipeline");
