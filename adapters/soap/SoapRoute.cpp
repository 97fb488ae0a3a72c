#include "soap/SoapRoute.h"

#include "soap/ConfigError.h"
#include "soap/OpenApiBuilder.h"
#include "soap/OperationResolver.h"
#include "soap/WsdlLoader.h"
#include "soap/XmlNames.h"
#include "soap/XopPackage.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace portico::soap
{

namespace
{

// The resolver's reasons often start by naming their operation; the messages here name it already.
std::string withoutOperationName(const std::string& name, const std::string& reason)
{
    const std::string prefix = "operation '" + name + "': ";
    return reason.compare(0, prefix.size(), prefix) == 0 ? reason.substr(prefix.size()) : reason;
}

std::string unavailableDetail(const std::string& name, const std::string& reason)
{
    return "operation '" + name + "' cannot be called through this gateway: " + reason;
}

bool isHttpUrl(const std::string& value)
{
    if (!isHttpLocation(value)) return false;
    try
    {
        return !Poco::URI(value).getHost().empty();
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to)
{
    if (from.empty()) return text;
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

} // namespace

std::shared_ptr<const SoapRoute> SoapRoute::create(const SoapConfig& config, const RouteInfo& route,
                                                   const FetchFunction& fetch,
                                                   std::vector<std::string>& errors,
                                                   std::vector<std::string>& warnings)
{
    std::shared_ptr<SoapRoute> result(new SoapRoute());
    result->_route = route;
    result->_selectorParam = config.operationParam;
    result->_timeout = config.timeout;
    result->_faultRules = config.faults;
    const std::size_t errorsBefore = errors.size();

    if (!config.wsdl.empty())
    {
        const std::string location = resolveConfiguredLocation(route.baseDirectory, config.wsdl);
        std::shared_ptr<const WsdlModel> wsdl;
        try
        {
            wsdl = WsdlLoader(fetch).load(location);
        }
        catch (const ConfigError& e)
        {
            errors.push_back("<wsdl>: " + std::string(e.what()));
            return nullptr;
        }
        PortSelection selection{config.service, config.port, config.version};
        result->_contract = OperationResolver::resolve(wsdl, selection, errors);
        if (!result->_contract) return nullptr;
        const ServiceContract& contract = *result->_contract;
        result->_version = contract.version;

        std::vector<const SoapOperation*> used;
        if (!config.operation.empty())
        {
            const SoapOperation* operation = contract.find(config.operation);
            if (!operation)
            {
                errors.push_back("<operation>: binding '" + contract.bindingName + "' has no operation '" +
                                 config.operation + "' (it has: " + contract.operationNames() + ")");
                return nullptr;
            }
            used.push_back(operation);
        }
        else if (!config.operationParam.empty())
        {
            for (const SoapOperation& operation : contract.operations)
                used.push_back(&operation);
        }
        else if (contract.operations.size() == 1)
        {
            used.push_back(&contract.operations.front());
        }
        else
        {
            errors.push_back("<operation> is required: binding '" + contract.bindingName +
                             "' has several operations (" + contract.operationNames() + ")");
            return nullptr;
        }
        for (const SoapOperation* operation : used)
        {
            if (!operation->unsupported.empty())
            {
                // One construct the adapter cannot map takes only its operation out, unless the
                // route asks for all or nothing.
                if (config.strict)
                {
                    errors.push_back(operation->unsupported);
                }
                else
                {
                    const std::string reason = withoutOperationName(operation->name, operation->unsupported);
                    warnings.push_back(
                        "operation '" + operation->name +
                        "' is unavailable (answered 501, left out of /openapi.json): " + reason);
                    result->_unavailable.emplace(operation->name, reason);
                }
                continue;
            }
            if (!operation->warning.empty()) warnings.push_back(operation->warning);
            std::shared_ptr<const SoapOperation> shared(result->_contract, operation);
            result->_operations.emplace(operation->name, shared);
            if (config.operationParam.empty()) result->_fixed = shared;
        }
        if (errors.size() != errorsBefore) return nullptr;

        result->_endpoint = config.endpoint.empty() ? contract.address : config.endpoint;
        if (config.endpoint.empty() && !isHttpUrl(result->_endpoint))
        {
            errors.push_back(contract.address.empty()
                                 ? "<endpoint> is required: the WSDL gives no address for the chosen port"
                                 : "<endpoint> is required: the port's address '" + contract.address +
                                       "' is not an http(s) URL");
            return nullptr;
        }
    }
    else
    {
        result->_untyped = true;
        result->_version = config.version.value_or(SoapVersion::Soap11);
        result->_endpoint = config.endpoint;
        SoapOperation& operation = result->_untypedTemplate;
        operation.typed = false;
        operation.name = config.operation;
        operation.soapAction = config.soapAction;
        operation.actionHeaders = actionHeaders(result->_version, operation.soapAction);
        operation.untypedNamespace = config.ns;
        if (config.operationParam.empty())
        {
            auto fixed = std::make_shared<SoapOperation>(operation);
            result->_operations.emplace(fixed->name, fixed);
            result->_fixed = fixed;
        }
    }

    std::shared_ptr<const UsernameToken> security;
    if (config.wsSecurity) security = std::make_shared<UsernameToken>(*config.wsSecurity);
    result->_envelopes = std::make_unique<EnvelopeBuilder>(result->_version, security, config.mtom);
    result->_replies = std::make_unique<ReplyMapper>(result->_version, config.faults);
    return result;
}

std::shared_ptr<const SoapOperation> SoapRoute::selectOperation(const NameValues& pathParams, int& status,
                                                                std::string& detail) const
{
    if (_fixed) return _fixed;
    if (_selectorParam.empty() && !_unavailable.empty())
    {
        status = 501; // the route's one operation
        detail = unavailableDetail(_unavailable.begin()->first, _unavailable.begin()->second);
        return nullptr;
    }
    status = 404;
    const std::string* name = nullptr;
    for (const auto& [parameter, value] : pathParams)
    {
        if (parameter == _selectorParam) name = &value;
    }
    if (!name)
    {
        detail = "the request path does not name an operation";
        return nullptr;
    }
    if (_untyped)
    {
        if (!isNcName(*name))
        {
            detail = "'" + *name + "' is not a valid SOAP operation name";
            return nullptr;
        }
        auto operation = std::make_shared<SoapOperation>(_untypedTemplate);
        operation->name = *name;
        operation->soapAction = replaceAll(operation->soapAction, "{" + _selectorParam + "}", *name);
        operation->actionHeaders = actionHeaders(_version, operation->soapAction);
        return operation;
    }
    const auto found = _operations.find(*name);
    if (found == _operations.end())
    {
        const auto unavailable = _unavailable.find(*name);
        if (unavailable != _unavailable.end())
        {
            status = 501;
            detail = unavailableDetail(*name, unavailable->second);
            return nullptr;
        }
        detail =
            "the SOAP service has no operation '" + *name + "' (it has: " + _contract->operationNames() + ")";
        return nullptr;
    }
    return found->second;
}

bool SoapRoute::buildCall(const SoapOperation& operation, Poco::JSON::Object& fields, SoapCall& call,
                          int& status, std::string& detail, const SecurityStamp* stamp) const
{
    std::string packageType;
    if (!_envelopes->build(operation, fields, call.body, packageType, detail, status, stamp)) return false;
    call.url = _endpoint;
    call.timeout = _timeout;
    call.headers = operation.actionHeaders;
    if (!packageType.empty())
    {
        for (auto& [name, value] : call.headers)
        {
            if (name == "Content-Type") value = std::move(packageType);
        }
    }
    return true;
}

ReplyOutcome SoapRoute::mapReply(const SoapOperation& operation, int httpStatus, const std::string& body,
                                 std::string_view contentType) const
{
    if (!isMultipartRelated(contentType)) return _replies->map(operation, httpStatus, body);
    std::string envelope, error;
    if (!unpackXop(contentType, body, envelope, error)) return ReplyOutcome::problem(502, error);
    return _replies->map(operation, httpStatus, envelope);
}

std::vector<const SoapOperation*> SoapRoute::operations() const
{
    std::vector<const SoapOperation*> result;
    if (_contract)
    {
        // Binding order, not name order.
        for (const SoapOperation& operation : _contract->operations)
        {
            if (_operations.count(operation.name)) result.push_back(&operation);
        }
        return result;
    }
    if (_fixed) result.push_back(_fixed.get());
    return result;
}

std::string SoapRoute::openApiPathItem(const std::string& routePath) const
{
    OpenApiBuilder builder(_route.routeName, _route.pathParameters, _selectorParam, _faultRules);
    return builder.pathItem(routePath, operations(), _untyped && !_fixed);
}

} // namespace portico::soap
