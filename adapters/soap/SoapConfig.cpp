#include "soap/SoapConfig.h"

#include "soap/CommaList.h"
#include "soap/DocumentFetcher.h"
#include "soap/SecureXml.h"
#include "soap/XmlNames.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <portico/config/AdapterReaderContext.h>
#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace portico::soap
{

namespace
{

std::string joined(const std::vector<std::string>& names)
{
    return names.empty() ? "none" : commaSeparated(names);
}

using config::AdapterReaderContext;
using config::ElementReader;

class SoapElementReader
{
public:
    SoapElementReader(const std::vector<std::string>& pathParameters, SoapConfig& config,
                      AdapterReaderContext& context)
        : _pathParameters(pathParameters), _config(config), _context(context)
    {
    }

    void read(pugi::xml_node adapter)
    {
        ElementReader root(_context, adapter, {"type", "strict"});
        root.boolean("strict", _config.strict);
        root.forEachChild(
            [&](pugi::xml_node child)
            {
                const std::string name = child.name();
                static const char* const known[] = {"wsdl",       "service",   "port",       "endpoint",
                                                    "operation",  "version",   "timeout",    "faults",
                                                    "wsSecurity", "namespace", "soapAction", "mtom"};
                if (std::find_if(std::begin(known), std::end(known),
                                 [&](const char* k) { return name == k; }) == std::end(known))
                {
                    root.unknownChild(child,
                                      {"wsdl", "service", "port", "endpoint", "operation", "version",
                                       "wsSecurity", "timeout", "faults", "namespace", "soapAction", "mtom"});
                    return;
                }
                if (!root.once(child, _seen[name])) return;
                if (name == "wsSecurity")
                    readWsSecurity(child);
                else if (name == "faults")
                    readFaults(child);
                else
                    readValue(child);
            });
        validate(root);
    }

private:
    void error(pugi::xml_node node, const std::string& message)
    {
        _context.error(_context.position(node), message);
    }

    void readValue(pugi::xml_node node)
    {
        const std::string name = node.name();
        ElementReader reader(_context, node, {});
        const std::optional<std::string> content = reader.content();
        if (!content) return;
        const std::string& value = *content;
        if (name == "soapAction")
        {
            _config.soapAction = value;
            _config.soapActionGiven = true;
            return;
        }
        if (value.empty())
        {
            error(node, "<" + name + "> is empty");
            return;
        }
        if (name == "wsdl")
        {
            _config.wsdl = value;
        }
        else if (name == "service")
        {
            _config.service = value;
        }
        else if (name == "port")
        {
            _config.port = value;
        }
        else if (name == "namespace")
        {
            _config.ns = value;
        }
        else if (name == "endpoint")
        {
            if (!isHttpUrl(value))
                error(node, "<endpoint>: '" + value + "' is not an http:// or https:// URL");
            else
                _config.endpoint = value;
        }
        else if (name == "operation")
        {
            readOperation(node, value);
        }
        else if (name == "version")
        {
            if (value == "1.1")
                _config.version = SoapVersion::Soap11;
            else if (value == "1.2")
                _config.version = SoapVersion::Soap12;
            else
                error(node, "<version>: '" + value + "' is not a SOAP version (1.1 or 1.2)");
        }
        else if (name == "mtom")
        {
            if (value == "true" || value == "false")
                _config.mtom = value == "true";
            else
                error(node, "<mtom>: '" + value + "' is not true or false");
        }
        else if (name == "timeout")
        {
            const std::optional<std::chrono::milliseconds> timeout = config::parseDuration(value);
            if (!timeout || timeout->count() <= 0)
                error(node, "<timeout>: '" + value + "' is not a positive duration such as 250ms, 10s or 2m");
            else
                _config.timeout = *timeout;
        }
    }

    void readOperation(pugi::xml_node node, const std::string& value)
    {
        if (value.front() == '{')
        {
            if (value.size() < 3 || value.back() != '}')
            {
                error(node, "<operation>: '" + value + "' is neither an operation name nor {parameter}");
                return;
            }
            const std::string parameter = value.substr(1, value.size() - 2);
            if (std::find(_pathParameters.begin(), _pathParameters.end(), parameter) == _pathParameters.end())
            {
                error(node, "<operation>: the route path does not bind {" + parameter +
                                "} (it binds: " + joined(_pathParameters) + ")");
                return;
            }
            _config.operationParam = parameter;
            return;
        }
        if (!isNcName(value))
        {
            error(node, "<operation>: '" + value + "' is not a valid operation name");
            return;
        }
        _config.operation = value;
    }

    void readWsSecurity(pugi::xml_node node)
    {
        ElementReader reader(_context, node, {"username", "password", "type"});
        reader.expectEmpty();
        WsSecurityConfig security;
        if (const std::optional<std::string> username = reader.required("username"))
            security.username = *username;
        // An empty password is a legacy system's business; a missing one is a mistake.
        if (const std::optional<std::string> password = reader.text("password"))
            security.password = *password;
        else
            reader.error("missing attribute 'password' on <wsSecurity>");
        reader.choice<WsSecurityConfig::PasswordType>(
            "type", security.type,
            {{"PasswordText", WsSecurityConfig::PasswordType::Text},
             {"PasswordDigest", WsSecurityConfig::PasswordType::Digest}});
        _config.wsSecurity = security;
    }

    void readFaults(pugi::xml_node node)
    {
        ElementReader faults(_context, node, {});
        faults.forEachChild(
            [&](pugi::xml_node child)
            {
                if (std::strcmp(child.name(), "fault") != 0)
                {
                    faults.unknownChild(child, {"fault"});
                    return;
                }
                ElementReader fault(_context, child, {"code", "detail", "status"});
                fault.expectEmpty();
                FaultRule rule;
                rule.code = fault.text("code").value_or("");
                rule.detail = fault.text("detail").value_or("");
                if (rule.code.empty() && rule.detail.empty())
                {
                    fault.error("<fault> needs code= or detail= (or both)");
                    return;
                }
                unsigned status = 0;
                if (!fault.has("status"))
                    fault.error("missing attribute 'status' on <fault>");
                else if (fault.number("status", status, 400, 599))
                {
                    rule.status = static_cast<int>(status);
                    _config.faults.push_back(rule);
                }
            });
    }

    static bool isHttpUrl(const std::string& value)
    {
        if (!isHttpLocation(value)) return false;
        try
        {
            const Poco::URI uri(value);
            return !uri.getHost().empty();
        }
        catch (const Poco::Exception&)
        {
            return false;
        }
    }

    bool seen(const char* name) const { return _seen.count(name) != 0; }
    // Where an element that should not be there is; the <adapter> element for one that is missing.
    void misplaced(const char* name, const std::string& message) { error(_seen.at(name), message); }

    void validate(ElementReader& root)
    {
        if (_config.wsdl.empty() && seen("wsdl")) return; // an empty or bad <wsdl> was already reported
        if (_config.wsdl.empty() && !seen("operation"))
            root.error("<operation> is required without a <wsdl>");
        if (!_config.wsdl.empty())
        {
            if (seen("namespace")) misplaced("namespace", "<namespace> is only for routes without a <wsdl>");
            if (seen("soapAction"))
                misplaced("soapAction",
                          "<soapAction> is only for routes without a <wsdl> (the WSDL gives it)");
            return;
        }
        if (seen("service")) misplaced("service", "<service> needs a <wsdl>");
        if (seen("port")) misplaced("port", "<port> needs a <wsdl>");
        if (!seen("endpoint")) root.error("<endpoint> is required without a <wsdl>");
        if (!seen("namespace")) root.error("<namespace> is required without a <wsdl>");
        if (!_config.soapActionGiven)
            root.error("<soapAction> is required without a <wsdl> (it may be empty)");
    }

    const std::vector<std::string>& _pathParameters;
    SoapConfig& _config;
    AdapterReaderContext& _context;
    std::map<std::string, pugi::xml_node> _seen;
};

} // namespace

bool SoapConfig::parse(const plugin::AdapterConfig& source, SoapConfig& config,
                       std::vector<std::string>& errors)
{
    const std::size_t before = errors.size();
    pugi::xml_document document;
    std::string error;
    if (!parseXml(source.elementXml, document, error))
    {
        errors.push_back("the soap adapter's configuration: " + error);
        return false;
    }
    AdapterReaderContext context(source, document.document_element(), errors);
    SoapElementReader reader(source.pathParameters, config, context);
    reader.read(document.document_element());
    return errors.size() == before;
}

bool SoapConfig::parse(const std::string& elementXml, const std::vector<std::string>& pathParameters,
                       SoapConfig& config, std::vector<std::string>& errors)
{
    plugin::AdapterConfig source;
    source.elementXml = elementXml;
    source.pathParameters = pathParameters;
    return parse(source, config, errors);
}

} // namespace portico::soap
