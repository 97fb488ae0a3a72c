#include "soap/OperationResolver.h"

#include "soap/CommaList.h"
#include "soap/HeaderPartResolver.h"
#include "soap/Namespaces.h"
#include "soap/ReachabilityCheck.h"

#include <algorithm>
#include <set>

namespace portico::soap
{

namespace
{

std::string joinNames(const std::vector<std::string>& names)
{
    return names.empty() ? "none" : commaSeparated(names);
}

bool isHttpTransport(const std::string& transport)
{
    return transport.empty() || transport == ns::soapHttpTransport || transport == ns::soap12HttpTransport;
}

class ContractBuilder
{
public:
    ContractBuilder(const WsdlModel& wsdl, ServiceContract& contract) : _wsdl(wsdl), _contract(contract) {}

    void addOperations(const WsdlBinding& binding)
    {
        const WsdlPortType* portType = _wsdl.findPortType(binding.portType);
        std::map<std::string, int> bindingCounts;
        for (const WsdlBindingOperation& operation : binding.operations)
            ++bindingCounts[operation.name];
        for (const WsdlBindingOperation& bindingOperation : binding.operations)
        {
            SoapOperation operation;
            operation.typed = true;
            operation.name = bindingOperation.name;
            operation.soapAction = bindingOperation.soapAction;
            operation.actionHeaders = actionHeaders(_contract.version, operation.soapAction);
            const std::string style = bindingOperation.style.empty() ? binding.style : bindingOperation.style;
            operation.rpc = style == "rpc";
            const std::string where = "operation '" + operation.name + "' of binding '" + binding.name.local +
                                      "' (" + bindingOperation.where + ")";

            const WsdlPortTypeOperation* abstract = nullptr;
            int abstractCount = 0;
            if (portType)
            {
                for (const WsdlPortTypeOperation& candidate : portType->operations)
                {
                    if (candidate.name == operation.name)
                    {
                        abstract = &candidate;
                        ++abstractCount;
                    }
                }
            }
            if (bindingCounts[operation.name] > 1 || abstractCount > 1)
            {
                unsupported(operation, "overloaded " + where + ": several operations share the name");
            }
            else if (!abstract)
            {
                unsupported(operation,
                            where + " has no operation in portType '" + binding.portType.text() + "'");
            }
            else if (abstract->outputFirst || !abstract->hasInput)
            {
                unsupported(operation, where + " is a notification or solicit-response operation");
            }
            else if (bindingOperation.input.use != "literal" ||
                     (abstract->hasOutput && bindingOperation.output.use != "literal"))
            {
                unsupported(operation, "use=\"encoded\" (SOAP encoding) in " + where + " is not supported");
            }
            else if (bindingOperation.input.unsupportedContent || bindingOperation.output.unsupportedContent)
            {
                unsupported(operation, "MIME content in " + where + " is not supported");
            }
            else if (style != "document" && style != "rpc")
            {
                unsupported(operation, "style=\"" + style + "\" in " + where + " is not supported");
            }
            else
            {
                operation.documentation = abstract->documentation;
                operation.hasOutput = abstract->hasOutput;
                const TypedPartElement typedPart = [this, &where](const WsdlPart& part)
                { return &typedPartElement(part, where); };
                const ResolvedHeaderParts headers =
                    resolveHeaderParts(_wsdl, bindingOperation.input, abstract->input, typedPart);
                operation.requestHeader = headers.parts;
                const ResolvedHeaderParts replyHeaders =
                    abstract->hasOutput
                        ? resolveHeaderParts(_wsdl, bindingOperation.output, abstract->output, typedPart)
                        : ResolvedHeaderParts{};
                operation.responseHeader = replyHeaders.parts;
                operation.warning = headerWarning(where, headers, replyHeaders);
                std::string problem;
                operation.requestWrapper =
                    wrapper(operation, bindingOperation.input, abstract->input, false, where, problem);
                if (problem.empty() && abstract->hasOutput)
                    operation.responseWrapper =
                        wrapper(operation, bindingOperation.output, abstract->output, true, where, problem);
                if (!problem.empty())
                {
                    unsupported(operation, problem);
                }
                else
                {
                    ReachabilityCheck check;
                    check.element(operation.requestWrapper);
                    check.element(operation.responseWrapper);
                    std::string reasons;
                    for (const std::string& reason : check.problems())
                        reasons += (reasons.empty() ? "" : "; ") + reason;
                    if (!reasons.empty())
                        unsupported(operation, "operation '" + operation.name + "': " + reasons);
                }
            }
            _contract.operations.push_back(std::move(operation));
        }
    }

private:
    // What loading the route logs about the operation's SOAP headers: those of the input it
    // cannot send, and those of the output it cannot type (passed on untyped).
    static std::string headerWarning(const std::string& where, const ResolvedHeaderParts& input,
                                     const ResolvedHeaderParts& output)
    {
        std::string warning;
        if (!input.notSent.empty())
        {
            warning =
                where +
                " declares SOAP headers; the soap adapter does not send them when they cannot be mapped: ";
            for (std::size_t i = 0; i < input.notSent.size(); ++i)
                warning += (i ? "; " : "") + input.notSent[i];
        }
        if (!output.notSent.empty())
        {
            warning +=
                (warning.empty() ? where : std::string(". It also")) +
                " declares SOAP headers in its output that cannot be typed; replies pass them on untyped: ";
            for (std::size_t i = 0; i < output.notSent.size(); ++i)
                warning += (i ? "; " : "") + output.notSent[i];
        }
        return warning;
    }

    static void unsupported(SoapOperation& operation, const std::string& reason)
    {
        if (operation.unsupported.empty()) operation.unsupported = reason;
    }

    const SimpleType* builtin(const std::string& local)
    {
        for (const SimpleType& type : _contract.syntheticSimpleTypes)
        {
            if (type.xsdName == "xs:" + local) return &type;
        }
        const std::optional<XsdBuiltin> kind = builtinByName(local);
        if (!kind) return nullptr;
        SimpleType& type = _contract.syntheticSimpleTypes.emplace_back();
        type.name = "xs:" + local;
        type.xsdName = type.name;
        type.builtin = *kind;
        return &type;
    }

    const ElementDecl* wrapper(const SoapOperation& operation, const WsdlBody& body, const QName& messageName,
                               bool output, const std::string& where, std::string& problem)
    {
        const char* direction = output ? "output" : "input";
        const WsdlMessage* message = _wsdl.findMessage(messageName);
        if (!message)
        {
            problem = "the " + std::string(direction) + " message '" + messageName.text() + "' of " + where +
                      " is not defined";
            return nullptr;
        }
        std::vector<const WsdlPart*> parts;
        for (const WsdlPart& part : message->parts)
        {
            if (!body.partsGiven ||
                std::find(body.parts.begin(), body.parts.end(), part.name) != body.parts.end())
                parts.push_back(&part);
        }
        if (operation.rpc) return rpcWrapper(operation, body, parts, output, where, problem);

        if (parts.empty()) return nullptr;
        if (parts.size() > 1)
        {
            problem =
                "the " + std::string(direction) + " of document-style " + where +
                " has several body parts; only document/literal wrapped (one element part) is supported";
            return nullptr;
        }
        const WsdlPart& part = *parts.front();
        if (part.element.empty())
        {
            problem = "part '" + part.name + "' of document-style " + where +
                      " uses type=; only element= parts are supported in document style";
            return nullptr;
        }
        const ElementDecl* decl = _wsdl.schemas->findElement(part.element);
        if (!decl)
        {
            problem = "element '" + part.element.text() + "' of part '" + part.name + "' (" + where +
                      ") is not defined in the WSDL's schemas";
            return nullptr;
        }
        if (decl->anyType)
        {
            problem = "element '" + part.element.text() + "' of " + where +
                      " is of type xs:anyType; only document/literal wrapped (a wrapper with declared child "
                      "elements) is supported";
            return nullptr;
        }
        if (decl->unsupported.empty() && !decl->complexType)
        {
            problem =
                "element '" + part.element.text() + "' of " + where +
                " has a simple type; only document/literal wrapped (a complex wrapper element) is supported";
            return nullptr;
        }
        if (decl->complexType && decl->complexType->textType)
        {
            problem = "element '" + part.element.text() + "' of " + where +
                      " has simple content; only a wrapper with child elements is supported";
            return nullptr;
        }
        return decl;
    }

    // The element a type= part stands for (an rpc part, or a header part): named after the part,
    // unqualified, of the part's type; unsupported says why when the type cannot be mapped.
    ElementDecl& typedPartElement(const WsdlPart& part, const std::string& where)
    {
        ElementDecl& decl = _contract.syntheticElements.emplace_back();
        decl.name = part.name;
        if (part.type.ns == ns::xsd)
        {
            decl.simpleType = builtin(part.type.local);
            if (!decl.simpleType)
                decl.unsupported = "part '" + part.name + "' of " + where +
                                   " has type xs:" + part.type.local + ", which cannot be mapped";
            return decl;
        }
        const auto simple = _wsdl.schemas->namedSimpleTypes.find(part.type);
        const auto complex = _wsdl.schemas->namedComplexTypes.find(part.type);
        if (simple != _wsdl.schemas->namedSimpleTypes.end())
            decl.simpleType = simple->second;
        else if (complex != _wsdl.schemas->namedComplexTypes.end())
            decl.complexType = complex->second;
        else
            decl.unsupported =
                "type '" + part.type.text() + "' of part '" + part.name + "' (" + where + ") is not defined";
        return decl;
    }

    const ElementDecl* rpcWrapper(const SoapOperation& operation, const WsdlBody& body,
                                  const std::vector<const WsdlPart*>& parts, bool output,
                                  const std::string& where, std::string& problem)
    {
        ComplexType& type = _contract.syntheticTypes.emplace_back();
        type.name = std::string("the rpc ") + (output ? "response" : "request") + " of operation '" +
                    operation.name + "'";
        for (const WsdlPart* part : parts)
        {
            const ElementDecl* child = nullptr;
            if (!part->element.empty())
            {
                child = _wsdl.schemas->findElement(part->element);
                if (!child)
                {
                    problem = "element '" + part->element.text() + "' of part '" + part->name + "' (" +
                              where + ") is not defined";
                    return nullptr;
                }
            }
            else
            {
                child = &typedPartElement(*part, where);
            }
            if (type.findElement(child->name))
            {
                problem = "two parts of " + where + " map to the element name '" + child->name + "'";
                return nullptr;
            }
            ElementUse use;
            use.decl = child;
            type.elements.push_back(use);
        }
        ElementDecl& wrapperDecl = _contract.syntheticElements.emplace_back();
        wrapperDecl.name = output ? operation.name + "Response" : operation.name;
        wrapperDecl.ns = body.ns.empty() ? _wsdl.targetNamespace : body.ns;
        wrapperDecl.complexType = &type;
        return &wrapperDecl;
    }

    const WsdlModel& _wsdl;
    ServiceContract& _contract;
};

const WsdlBinding* soapBinding(const WsdlModel& wsdl, const QName& name)
{
    const WsdlBinding* binding = wsdl.findBinding(name);
    return binding && binding->version ? binding : nullptr;
}

} // namespace

std::shared_ptr<const ServiceContract> OperationResolver::resolve(std::shared_ptr<const WsdlModel> wsdl,
                                                                  const PortSelection& selection,
                                                                  std::vector<std::string>& errors)
{
    auto contract = std::make_shared<ServiceContract>();
    contract->wsdl = wsdl;
    const WsdlBinding* binding = nullptr;

    if (wsdl->services.empty())
    {
        if (!selection.service.empty() || !selection.port.empty())
        {
            errors.push_back("the WSDL defines no service, so <service> and <port> cannot be used");
            return nullptr;
        }
        for (int pass = 0; pass < 2 && !binding; ++pass)
        {
            for (const WsdlBinding& candidate : wsdl->bindings)
            {
                if (!candidate.version) continue;
                const SoapVersion wanted = selection.version ? *selection.version
                                           : pass == 0       ? SoapVersion::Soap11
                                                             : SoapVersion::Soap12;
                if (*candidate.version == wanted)
                {
                    binding = &candidate;
                    break;
                }
            }
        }
        if (!binding)
        {
            errors.push_back(selection.version ? std::string("the WSDL has no SOAP ") +
                                                     versionText(*selection.version) + " binding"
                                               : "the WSDL has no SOAP 1.1 or 1.2 binding");
            return nullptr;
        }
    }
    else
    {
        const WsdlService* service = nullptr;
        std::vector<std::string> serviceNames;
        for (const WsdlService& candidate : wsdl->services)
        {
            serviceNames.push_back(candidate.name.local);
            if (!selection.service.empty() && candidate.name.local == selection.service) service = &candidate;
        }
        if (selection.service.empty())
        {
            if (wsdl->services.size() > 1)
            {
                errors.push_back("the WSDL defines several services (" + joinNames(serviceNames) +
                                 "): choose one with <service>");
                return nullptr;
            }
            service = &wsdl->services.front();
        }
        else if (!service)
        {
            errors.push_back("<service>: the WSDL has no service '" + selection.service +
                             "' (it has: " + joinNames(serviceNames) + ")");
            return nullptr;
        }
        contract->serviceName = service->name.local;

        const WsdlPort* port = nullptr;
        std::vector<std::string> soapPorts;
        for (const WsdlPort& candidate : service->ports)
        {
            const WsdlBinding* candidateBinding = soapBinding(*wsdl, candidate.binding);
            if (candidateBinding)
                soapPorts.push_back(candidate.name + " (SOAP " + versionText(*candidateBinding->version) +
                                    ")");
        }
        if (!selection.port.empty())
        {
            std::vector<std::string> portNames;
            for (const WsdlPort& candidate : service->ports)
            {
                portNames.push_back(candidate.name);
                if (candidate.name == selection.port) port = &candidate;
            }
            if (!port)
            {
                errors.push_back("<port>: service '" + service->name.local + "' has no port '" +
                                 selection.port + "' (it has: " + joinNames(portNames) + ")");
                return nullptr;
            }
            binding = soapBinding(*wsdl, port->binding);
            if (!binding)
            {
                errors.push_back("<port>: port '" + port->name +
                                 "' is not bound to SOAP (SOAP ports: " + joinNames(soapPorts) + ")");
                return nullptr;
            }
            if (selection.version && *selection.version != *binding->version)
            {
                errors.push_back("<version>" + std::string(versionText(*selection.version)) +
                                 "</version> contradicts port '" + port->name + "', which is bound to SOAP " +
                                 versionText(*binding->version));
                return nullptr;
            }
        }
        else
        {
            for (int pass = 0; pass < 2 && !port; ++pass)
            {
                const SoapVersion wanted = selection.version ? *selection.version
                                           : pass == 0       ? SoapVersion::Soap11
                                                             : SoapVersion::Soap12;
                for (const WsdlPort& candidate : service->ports)
                {
                    const WsdlBinding* candidateBinding = soapBinding(*wsdl, candidate.binding);
                    if (candidateBinding && *candidateBinding->version == wanted)
                    {
                        port = &candidate;
                        binding = candidateBinding;
                        break;
                    }
                }
            }
            if (!port)
            {
                errors.push_back("service '" + service->name.local + "' has no " +
                                 (selection.version ? std::string("SOAP ") + versionText(*selection.version)
                                                    : std::string("SOAP 1.1 or 1.2")) +
                                 " port (SOAP ports: " + joinNames(soapPorts) + ")");
                return nullptr;
            }
        }
        contract->portName = port->name;
        contract->address = port->address;
    }

    if (!isHttpTransport(binding->transport))
    {
        errors.push_back("binding '" + binding->name.local + "' (" + binding->where +
                         ") uses the transport '" + binding->transport +
                         "'; only SOAP over HTTP is supported");
        return nullptr;
    }
    contract->bindingName = binding->name.local;
    contract->version = *binding->version;
    ContractBuilder builder(*wsdl, *contract);
    builder.addOperations(*binding);
    return contract;
}

} // namespace portico::soap
