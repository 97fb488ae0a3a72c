#pragma once

// Helpers shared by the soap adapter's tests: test data paths, building routes from adapter XML,
// parsing JSON. Every helper fails the calling test (CppUnit assertions) when its own step fails.

#include "soap/DocumentFetcher.h"
#include "soap/JsonValues.h"
#include "soap/RequestFields.h"
#include "soap/SoapConfig.h"
#include "soap/SoapRoute.h"

#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>
#include <vector>

namespace soaptest
{

inline std::string dataPath(const std::string& relative)
{
    return std::string(PORTICO_SOAP_TEST_DATA) + "/" + relative;
}

inline std::string readText(const std::string& path)
{
    std::string text, error;
    CPPUNIT_ASSERT_MESSAGE(error, portico::soap::readFile(path, text, error));
    return text;
}

// The golden file's content without trailing line breaks.
inline std::string golden(const std::string& name)
{
    std::string text = readText(dataPath("golden/" + name));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

inline std::string joined(const std::vector<std::string>& messages)
{
    std::string text;
    for (const std::string& message : messages)
        text += message + "\n";
    return text;
}

// Builds a route from the children of an <adapter type="soap"> element (and further attributes of
// it); data files resolve against the test data folder. The route's load warnings go to warnings.
inline std::shared_ptr<const portico::soap::SoapRoute>
makeRoute(const std::string& children, const std::vector<std::string>& pathParameters,
          std::vector<std::string>& warnings, const std::string& attributes = "")
{
    using namespace portico::soap;
    SoapConfig config;
    std::vector<std::string> errors;
    const std::string xml = "<adapter type=\"soap\"" + attributes + ">" + children + "</adapter>";
    CPPUNIT_ASSERT_MESSAGE(joined(errors), SoapConfig::parse(xml, pathParameters, config, errors));
    RouteInfo info{"test", PORTICO_SOAP_TEST_DATA, pathParameters};
    std::shared_ptr<const SoapRoute> route = SoapRoute::create(config, info, fileFetcher(), errors, warnings);
    CPPUNIT_ASSERT_MESSAGE(joined(errors), route != nullptr);
    return route;
}

inline std::shared_ptr<const portico::soap::SoapRoute>
makeRoute(const std::string& children, const std::vector<std::string>& pathParameters = {})
{
    std::vector<std::string> warnings;
    return makeRoute(children, pathParameters, warnings);
}

// The configuration or load errors of a route that must not build.
inline std::string routeErrors(const std::string& children,
                               const std::vector<std::string>& pathParameters = {},
                               const std::string& attributes = "")
{
    using namespace portico::soap;
    SoapConfig config;
    std::vector<std::string> errors, warnings;
    const std::string xml = "<adapter type=\"soap\"" + attributes + ">" + children + "</adapter>";
    if (SoapConfig::parse(xml, pathParameters, config, errors))
    {
        RouteInfo info{"test", PORTICO_SOAP_TEST_DATA, pathParameters};
        CPPUNIT_ASSERT_MESSAGE("the route should not build: " + children,
                               SoapRoute::create(config, info, fileFetcher(), errors, warnings) == nullptr);
    }
    CPPUNIT_ASSERT_MESSAGE("expected at least one error", !errors.empty());
    return joined(errors);
}

inline Poco::Dynamic::Var parseJson(const std::string& text)
{
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(text);
}

inline Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    Poco::JSON::Object::Ptr object = portico::soap::asJsonObject(parseJson(text));
    CPPUNIT_ASSERT_MESSAGE("not a JSON object: " + text, object);
    return object;
}

// Runs the request side for a route's (single or named) operation: fields JSON -> envelope.
// Returns false with the 400 detail in error.
inline bool buildEnvelope(const portico::soap::SoapRoute& route, const std::string& operationName,
                          const std::string& json, std::string& envelope, std::string& error)
{
    using namespace portico::soap;
    NameValues path;
    if (!route.selectorParam().empty()) path.emplace_back(route.selectorParam(), operationName);
    std::shared_ptr<const SoapOperation> operation = route.selectOperation(path, error);
    CPPUNIT_ASSERT_MESSAGE(error, operation != nullptr);
    Poco::JSON::Object::Ptr fields;
    if (!mergeRequestFields(json, path, route.selectorParam(), {}, fields, error)) return false;
    SoapCall call;
    int status = 0;
    if (!route.buildCall(*operation, *fields, call, status, error))
    {
        CPPUNIT_ASSERT_EQUAL(400, status);
        return false;
    }
    envelope = call.body;
    return true;
}

// Runs the reply side for a route's (single or named) operation: a 200 reply -> the JSON body,
// which must map.
inline std::string replyBody(const portico::soap::SoapRoute& route, const std::string& operationName,
                             const std::string& reply)
{
    using namespace portico::soap;
    NameValues path;
    if (!route.selectorParam().empty()) path.emplace_back(route.selectorParam(), operationName);
    std::string error;
    std::shared_ptr<const SoapOperation> operation = route.selectOperation(path, error);
    CPPUNIT_ASSERT_MESSAGE(error, operation != nullptr);
    const ReplyOutcome outcome = route.mapReply(*operation, 200, reply);
    CPPUNIT_ASSERT_MESSAGE(outcome.detail, outcome.ok());
    return outcome.body;
}

// The 400 detail for a request that must be refused.
inline std::string requestError(const portico::soap::SoapRoute& route, const std::string& operationName,
                                const std::string& json)
{
    std::string envelope, error;
    CPPUNIT_ASSERT_MESSAGE("should be refused: " + json,
                           !buildEnvelope(route, operationName, json, envelope, error));
    return error;
}

inline bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

#define SOAP_ASSERT_CONTAINS(text, part)                                                                     \
    CPPUNIT_ASSERT_MESSAGE("expected \"" + std::string(part) + "\" in: " + std::string(text),                \
                           soaptest::contains((text), (part)))

} // namespace soaptest
