#include "soap/SoapConfig.h"

#include "soap/CommaList.h"
#include "soap/DocumentFetcher.h"
#include "soap/SecureXml.h"
#include "soap/XmlNames.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <portico/config/Values.h>

#include <algorithm>
#include <cstring>
#include <set>

namespace portico::soap
{

namespace
{

std::string joined(const std::vector<std::string>& names)
{
    return names.empty() ? "none" : commaSeparated(names);
}

class ConfigReader
{
public:
    ConfigReader(const std::vector<std::string>& pathParameters, SoapConfig& config,
                 std::vector<std::string>& errors)
        : _pathParameters(pathParameters), _config(config), _errors(errors)
    {
    }

    void read(pugi::xml_node adapter)
    {
        std::set<std::string> seen;
        for (pugi::xml_node child : adapter.children())
        {
            if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
            {
                if (!isXmlBlank(child.value())) error("the soap adapter element takes no text of its own");
                continue;
            }
            if (child.type() != pugi::node_element) continue;
            const std::string name = child.name();
            static const char* const known[] = {"wsdl",       "service",   "port",      "endpoint",
                                                "operation",  "version",   "timeout",   "faults",
                                                "wsSecurity", "namespace", "soapAction"};
            if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return name == k; }) ==
                std::end(known))
            {
                error("unknown element <" + name +
                      "> in the soap adapter (known: wsdl, service, port, endpoint, "
                      "operation, version, wsSecurity, timeout, faults, namespace, soapAction)");
                continue;
            }
            if (!seen.insert(name).second)
            {
                error("<" + name + "> is given more than once");
                continue;
            }
            if (name == "wsSecurity")
                readWsSecurity(child);
            else if (name == "faults")
                readFaults(child);
            else
                readValue(child);
        }
        validate(seen);
    }

private:
    void error(const std::string& message) { _errors.push_back(message); }

    bool onlyAttributes(pugi::xml_node node, std::initializer_list<const char*> allowed)
    {
        bool ok = true;
        for (pugi::xml_attribute attribute : node.attributes())
        {
            const char* name = attribute.name();
            if (std::none_of(allowed.begin(), allowed.end(),
                             [&](const char* a) { return std::strcmp(a, name) == 0; }))
            {
                error("unknown attribute '" + std::string(name) + "' on <" + node.name() + ">");
                ok = false;
            }
        }
        return ok;
    }

    // The trimmed text of an element that may hold only text.
    bool textOf(pugi::xml_node node, std::string& value)
    {
        if (!onlyAttributes(node, {})) return false;
        value.clear();
        for (pugi::xml_node child : node.children())
        {
            if (child.type() == pugi::node_element)
            {
                error("<" + std::string(node.name()) + "> holds text only, not <" + child.name() + ">");
                return false;
            }
            if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) value += child.value();
        }
        value = std::string(trimXmlSpace(value));
        return true;
    }

    void readValue(pugi::xml_node node)
    {
        const std::string name = node.name();
        std::string value;
        if (!textOf(node, value)) return;
        if (name == "soapAction")
        {
            _config.soapAction = value;
            _config.soapActionGiven = true;
            return;
        }
        if (value.empty())
        {
            error("<" + name + "> is empty");
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
                error("<endpoint>: '" + value + "' is not an http:// or https:// URL");
            else
                _config.endpoint = value;
        }
        else if (name == "operation")
        {
            readOperation(value);
        }
        else if (name == "version")
        {
            if (value == "1.1")
                _config.version = SoapVersion::Soap11;
            else if (value == "1.2")
                _config.version = SoapVersion::Soap12;
            else
                error("<version>: '" + value + "' is not a SOAP version (1.1 or 1.2)");
        }
        else if (name == "timeout")
        {
            const std::optional<std::chrono::milliseconds> timeout = config::parseDuration(value);
            if (!timeout || timeout->count() <= 0)
                error("<timeout>: '" + value + "' is not a positive duration such as 250ms, 10s or 2m");
            else
                _config.timeout = *timeout;
        }
    }

    void readOperation(const std::string& value)
    {
        if (value.front() == '{')
        {
            if (value.size() < 3 || value.back() != '}')
            {
                error("<operation>: '" + value + "' is neither an operation name nor {parameter}");
                return;
            }
            const std::string parameter = value.substr(1, value.size() - 2);
            if (std::find(_pathParameters.begin(), _pathParameters.end(), parameter) == _pathParameters.end())
            {
                error("<operation>: the route path does not bind {" + parameter +
                      "} (it binds: " + joined(_pathParameters) + ")");
                return;
            }
            _config.operationParam = parameter;
            return;
        }
        if (!isNcName(value))
        {
            error("<operation>: '" + value + "' is not a valid operation name");
            return;
        }
        _config.operation = value;
    }

    void readWsSecurity(pugi::xml_node node)
    {
        if (!onlyAttributes(node, {"username", "password", "type"})) return;
        if (node.first_child())
        {
            error("<wsSecurity> takes attributes only");
            return;
        }
        WsSecurityConfig security;
        security.username = node.attribute("username").value();
        security.password = node.attribute("password").value();
        if (security.username.empty()) error("<wsSecurity>: 'username' is required");
        if (!node.attribute("password")) error("<wsSecurity>: 'password' is required");
        const std::string type = node.attribute("type") ? node.attribute("type").value() : "PasswordText";
        if (type == "PasswordText")
            security.type = WsSecurityConfig::PasswordType::Text;
        else if (type == "PasswordDigest")
            security.type = WsSecurityConfig::PasswordType::Digest;
        else
            error("<wsSecurity>: type '" + type + "' is neither PasswordText nor PasswordDigest");
        _config.wsSecurity = security;
    }

    void readFaults(pugi::xml_node node)
    {
        if (!onlyAttributes(node, {})) return;
        for (pugi::xml_node child : node.children())
        {
            if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
            {
                if (!isXmlBlank(child.value())) error("<faults> holds <fault> elements only");
                continue;
            }
            if (child.type() != pugi::node_element) continue;
            if (std::strcmp(child.name(), "fault") != 0)
            {
                error("unknown element <" + std::string(child.name()) + "> in <faults> (expected <fault>)");
                continue;
            }
            if (!onlyAttributes(child, {"code", "detail", "status"})) continue;
            FaultRule rule;
            rule.code = child.attribute("code").value();
            rule.detail = child.attribute("detail").value();
            const std::string status = child.attribute("status").value();
            if (rule.code.empty() && rule.detail.empty())
            {
                error("<fault> needs code= or detail= (or both)");
                continue;
            }
            if (status.size() != 3 || status.find_first_not_of("0123456789") != std::string::npos ||
                status < "400" || status > "599")
            {
                error("<fault>: status '" + status + "' is not an HTTP error status (400-599)");
                continue;
            }
            rule.status = std::stoi(status);
            _config.faults.push_back(rule);
        }
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

    void validate(const std::set<std::string>& seen)
    {
        if (_config.wsdl.empty() && seen.count("wsdl")) return; // an empty or bad <wsdl> was already reported
        if (_config.wsdl.empty() && seen.count("operation") == 0)
            error("<operation> is required without a <wsdl>");
        if (!_config.wsdl.empty())
        {
            if (seen.count("namespace")) error("<namespace> is only for routes without a <wsdl>");
            if (seen.count("soapAction"))
                error("<soapAction> is only for routes without a <wsdl> (the WSDL gives it)");
            return;
        }
        if (seen.count("service")) error("<service> needs a <wsdl>");
        if (seen.count("port")) error("<port> needs a <wsdl>");
        if (seen.count("endpoint") == 0) error("<endpoint> is required without a <wsdl>");
        if (seen.count("namespace") == 0) error("<namespace> is required without a <wsdl>");
        if (!_config.soapActionGiven) error("<soapAction> is required without a <wsdl> (it may be empty)");
    }

    const std::vector<std::string>& _pathParameters;
    SoapConfig& _config;
    std::vector<std::string>& _errors;
};

} // namespace

bool SoapConfig::parse(const std::string& elementXml, const std::vector<std::string>& pathParameters,
                       SoapConfig& config, std::vector<std::string>& errors)
{
    const std::size_t before = errors.size();
    pugi::xml_document document;
    std::string error;
    if (!parseXml(elementXml, document, error))
    {
        errors.push_back("the soap adapter's configuration: " + error);
        return false;
    }
    ConfigReader reader(pathParameters, config, errors);
    reader.read(document.document_element());
    return errors.size() == before;
}

} // namespace portico::soap
