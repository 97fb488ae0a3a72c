#pragma once

// The soap adapter's configuration: the children of its <adapter type="soap"> element, parsed
// and checked once (README.md lists every element and its default). Plain value; no I/O here:
// the WSDL is read later, by SoapRoute::create().

#include "soap/SoapVersion.h"

#include <portico/plugin/PluginAbi.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace portico::soap
{

struct FaultRule
{
    std::string code;   // matches the fault code's local name, or a subcode's ("" = any code)
    std::string detail; // matches the local name of a child of the fault detail ("" = any)
    int status = 502;
};

struct WsSecurityConfig
{
    enum class PasswordType
    {
        Text,
        Digest
    };
    std::string username;
    std::string password;
    PasswordType type = PasswordType::Text;
};

struct SoapConfig
{
    std::string wsdl; // as configured: a path (relative to the configuration file) or URL
    std::string service;
    std::string port;
    std::string endpoint;
    std::string operation;      // a fixed operation name, or
    std::string operationParam; // the route path parameter naming it ("{operation}")
    std::optional<SoapVersion> version;
    std::optional<WsSecurityConfig> wsSecurity;
    std::chrono::milliseconds timeout{30000};
    std::vector<FaultRule> faults;
    std::string ns;         // without a WSDL: the namespace of the wrapper and its children
    std::string soapAction; // without a WSDL; "{param}" in it is replaced by the operation name
    bool soapActionGiven = false;
    // strict="true" on <adapter>: an operation the adapter cannot map fails the route (and the
    // configuration) instead of being left out, answered 501.
    bool strict = false;
    // <mtom>true</mtom>: requests go as MTOM/XOP packages, every xs:base64Binary value a part of its
    // own. Replies are read either way.
    bool mtom = false;

    // Parses the adapter element (source.pathParameters are the names the route's path binds).
    // Returns false and appends one message per problem to errors, each naming its element and
    // placed at the FILE:LINE:COL the host recorded for it.
    static bool parse(const plugin::AdapterConfig& source, SoapConfig& config,
                      std::vector<std::string>& errors);
    // The same for XML text alone: messages carry no position.
    static bool parse(const std::string& elementXml, const std::vector<std::string>& pathParameters,
                      SoapConfig& config, std::vector<std::string>& errors);
};

} // namespace portico::soap
