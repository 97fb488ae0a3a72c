#include "soap/WsdlLoader.h"

#include "soap/ConfigError.h"
#include "soap/DocumentStore.h"
#include "soap/Namespaces.h"
#include "soap/SchemaLoader.h"
#include "soap/XmlNames.h"

#include <set>
#include <sstream>

namespace portico::soap
{

namespace
{

class DefinitionsReader
{
public:
    DefinitionsReader(WsdlModel& model, DocumentStore& documents, SchemaLoader& schemas)
        : _model(model), _documents(documents), _schemas(schemas)
    {
    }

    void read(const std::string& location, bool top)
    {
        if (!_visited.insert(location).second) return;
        const SourceDocument& document = _documents.load(location);
        const pugi::xml_node root = document.xml.document_element();
        if (isElement(root, ns::xsd, "schema"))
        {
            if (top) throw ConfigError("'" + location + "' is an XML Schema, not a WSDL");
            _schemas.addSchemaDocument(location);
            return;
        }
        if (isElement(root, ns::wsdl20, "description"))
            throw ConfigError("'" + location + "' is a WSDL 2.0 description; only WSDL 1.1 is supported");
        if (!isElement(root, ns::wsdl, "definitions"))
            throw ConfigError("'" + location + "' is not a WSDL 1.1 document (its root element is <" +
                              root.name() + ">)");
        const std::string targetNamespace = root.attribute("targetNamespace").value();
        if (top) _model.targetNamespace = targetNamespace;

        for (pugi::xml_node child : root.children())
        {
            if (child.type() != pugi::node_element || namespaceOf(child) != ns::wsdl) continue;
            const std::string_view kind = localName(child.name());
            if (kind == "import")
            {
                const char* importLocation = child.attribute("location").value();
                if (*importLocation == 0)
                    throw ConfigError("wsdl:import without a location (" + document.where(child) + ")");
                read(resolveLocation(location, importLocation), false);
            }
            else if (kind == "types")
            {
                for (pugi::xml_node schema : child.children())
                {
                    if (isElement(schema, ns::xsd, "schema")) _schemas.addSchema(schema, document);
                }
            }
            else if (kind == "message")
            {
                readMessage(child, document, targetNamespace);
            }
            else if (kind == "portType")
            {
                readPortType(child, document, targetNamespace);
            }
            else if (kind == "binding")
            {
                readBinding(child, document, targetNamespace);
            }
            else if (kind == "service")
            {
                readService(child, document, targetNamespace);
            }
        }
    }

private:
    QName qname(pugi::xml_node node, const char* attribute, const SourceDocument& document)
    {
        const char* text = node.attribute(attribute).value();
        if (*text == 0) return QName();
        QName result;
        if (!resolveQName(node, text, result))
            throw ConfigError("undeclared namespace prefix in '" + std::string(text) + "' (" +
                              document.where(node) + ")");
        return result;
    }

    std::string name(pugi::xml_node node, const SourceDocument& document)
    {
        const char* value = node.attribute("name").value();
        if (*value == 0)
            throw ConfigError("wsdl:" + std::string(localName(node.name())) + " without a name (" +
                              document.where(node) + ")");
        return value;
    }

    void readMessage(pugi::xml_node node, const SourceDocument& document, const std::string& targetNamespace)
    {
        WsdlMessage message;
        message.name = QName{targetNamespace, name(node, document)};
        for (pugi::xml_node part : node.children())
        {
            if (!isElement(part, ns::wsdl, "part")) continue;
            WsdlPart result;
            result.name = name(part, document);
            result.element = qname(part, "element", document);
            result.type = qname(part, "type", document);
            message.parts.push_back(result);
        }
        _model.messages.push_back(std::move(message));
    }

    void readPortType(pugi::xml_node node, const SourceDocument& document, const std::string& targetNamespace)
    {
        WsdlPortType portType;
        portType.name = QName{targetNamespace, name(node, document)};
        for (pugi::xml_node operation : node.children())
        {
            if (!isElement(operation, ns::wsdl, "operation")) continue;
            WsdlPortTypeOperation result;
            result.name = name(operation, document);
            for (pugi::xml_node child : operation.children())
            {
                if (child.type() != pugi::node_element || namespaceOf(child) != ns::wsdl) continue;
                const std::string_view kind = localName(child.name());
                if (kind == "input")
                {
                    result.hasInput = true;
                    result.input = qname(child, "message", document);
                }
                else if (kind == "output")
                {
                    if (!result.hasInput) result.outputFirst = true;
                    result.hasOutput = true;
                    result.output = qname(child, "message", document);
                }
                else if (kind == "documentation")
                {
                    result.documentation = child.text().get();
                }
            }
            portType.operations.push_back(std::move(result));
        }
        _model.portTypes.push_back(std::move(portType));
    }

    WsdlHeader readHeader(pugi::xml_node node, const SourceDocument& document)
    {
        WsdlHeader header;
        header.message = qname(node, "message", document);
        header.part = node.attribute("part").value();
        const char* use = node.attribute("use").value();
        if (*use) header.use = use;
        for (pugi::xml_attribute attribute : node.attributes())
        {
            if (localName(attribute.name()) == "required" && attributeNamespace(node, attribute) == ns::wsdl)
            {
                const std::string_view value = attribute.value();
                header.required = value == "true" || value == "1";
            }
        }
        header.where = document.where(node);
        return header;
    }

    WsdlBody readBody(pugi::xml_node node, const SourceDocument& document)
    {
        WsdlBody body;
        for (pugi::xml_node child : node.children())
        {
            if (child.type() != pugi::node_element) continue;
            const std::string childNamespace = namespaceOf(child);
            const bool soap = childNamespace == ns::wsdlSoap11 || childNamespace == ns::wsdlSoap12;
            const std::string_view kind = localName(child.name());
            if (soap && kind == "body")
            {
                body.present = true;
                const char* use = child.attribute("use").value();
                body.use = *use ? use : "literal";
                body.ns = child.attribute("namespace").value();
                if (child.attribute("parts"))
                {
                    body.partsGiven = true;
                    std::istringstream parts(child.attribute("parts").value());
                    for (std::string part; parts >> part;)
                        body.parts.push_back(part);
                }
            }
            else if (soap && kind == "header")
            {
                body.headers.push_back(readHeader(child, document));
            }
            else if (childNamespace == ns::wsdlMime)
            {
                body.unsupportedContent = true;
            }
        }
        return body;
    }

    void readBinding(pugi::xml_node node, const SourceDocument& document, const std::string& targetNamespace)
    {
        WsdlBinding binding;
        binding.name = QName{targetNamespace, name(node, document)};
        binding.portType = qname(node, "type", document);
        binding.where = document.where(node);
        for (pugi::xml_node child : node.children())
        {
            if (child.type() != pugi::node_element) continue;
            const std::string childNamespace = namespaceOf(child);
            const std::string_view kind = localName(child.name());
            if (kind == "binding" && (childNamespace == ns::wsdlSoap11 || childNamespace == ns::wsdlSoap12))
            {
                binding.version =
                    childNamespace == ns::wsdlSoap11 ? SoapVersion::Soap11 : SoapVersion::Soap12;
                const char* style = child.attribute("style").value();
                if (*style) binding.style = style;
                binding.transport = child.attribute("transport").value();
            }
            else if (kind == "operation" && childNamespace == ns::wsdl)
            {
                WsdlBindingOperation operation;
                operation.name = name(child, document);
                operation.where = document.where(child);
                for (pugi::xml_node part : child.children())
                {
                    if (part.type() != pugi::node_element) continue;
                    const std::string partNamespace = namespaceOf(part);
                    const std::string_view partKind = localName(part.name());
                    if (partKind == "operation" &&
                        (partNamespace == ns::wsdlSoap11 || partNamespace == ns::wsdlSoap12))
                    {
                        operation.soapAction = part.attribute("soapAction").value();
                        operation.style = part.attribute("style").value();
                    }
                    else if (partNamespace == ns::wsdl && partKind == "input")
                    {
                        operation.input = readBody(part, document);
                    }
                    else if (partNamespace == ns::wsdl && partKind == "output")
                    {
                        operation.output = readBody(part, document);
                    }
                }
                binding.operations.push_back(std::move(operation));
            }
        }
        _model.bindings.push_back(std::move(binding));
    }

    void readService(pugi::xml_node node, const SourceDocument& document, const std::string& targetNamespace)
    {
        WsdlService service;
        service.name = QName{targetNamespace, name(node, document)};
        for (pugi::xml_node port : node.children())
        {
            if (!isElement(port, ns::wsdl, "port")) continue;
            WsdlPort result;
            result.name = name(port, document);
            result.binding = qname(port, "binding", document);
            for (pugi::xml_node address : port.children())
            {
                if (address.type() != pugi::node_element || localName(address.name()) != "address") continue;
                const std::string addressNamespace = namespaceOf(address);
                if (addressNamespace == ns::wsdlSoap11 || addressNamespace == ns::wsdlSoap12)
                    result.address = address.attribute("location").value();
            }
            service.ports.push_back(std::move(result));
        }
        _model.services.push_back(std::move(service));
    }

    WsdlModel& _model;
    DocumentStore& _documents;
    SchemaLoader& _schemas;
    std::set<std::string> _visited;
};

} // namespace

WsdlLoader::WsdlLoader(FetchFunction fetch) : _fetch(std::move(fetch)) {}

std::shared_ptr<const WsdlModel> WsdlLoader::load(const std::string& location) const
{
    auto model = std::make_shared<WsdlModel>();
    auto schemas = std::make_shared<SchemaSet>();
    model->location = location;
    DocumentStore documents(_fetch);
    SchemaLoader schemaLoader(*schemas, documents);
    DefinitionsReader reader(*model, documents, schemaLoader);
    reader.read(location, true);
    schemaLoader.link();
    model->schemas = std::move(schemas);
    return model;
}

} // namespace portico::soap
