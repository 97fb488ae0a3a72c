#include "soap/OpenApiBuilder.h"

#include "soap/JsonValues.h"
#include "soap/OpenApiFacets.h"
#include "soap/XsdLexical.h"

#include <algorithm>
#include <set>

namespace portico::soap
{

namespace
{

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr int maxSchemaDepth = 24;

Object::Ptr simpleSchema(const SimpleType& type)
{
    if (type.listItem != nullptr)
    {
        // xs:list: an array of typed items; its length facets bound the number of items.
        Object::Ptr list = newObject();
        list->set("type", "array");
        list->set("items", simpleSchema(*type.listItem));
        const SimpleFacets& facets = type.facets;
        if (facets.length || facets.minLength)
            list->set("minItems", facets.length ? facets.length->value : facets.minLength->value);
        if (facets.length || facets.maxLength)
            list->set("maxItems", facets.length ? facets.length->value : facets.maxLength->value);
        return list;
    }
    if (!type.unionMembers.empty())
    {
        // xs:union: any of its member types.
        Object::Ptr either = newObject();
        Array::Ptr members = newArray();
        for (const SimpleType* member : type.unionMembers)
            members->add(simpleSchema(*member));
        either->set("anyOf", members);
        return either;
    }
    Object::Ptr schema = newObject();
    const XsdBuiltin builtin = type.builtin;
    auto range = [&](const char* minimum, const char* maximum)
    {
        if (minimum) schema->set("minimum", JsonNumber{minimum});
        if (maximum) schema->set("maximum", JsonNumber{maximum});
    };
    switch (builtin)
    {
    case XsdBuiltin::Boolean:
        schema->set("type", "boolean");
        break;
    case XsdBuiltin::Int:
        schema->set("type", "integer");
        schema->set("format", "int32");
        break;
    case XsdBuiltin::Long:
        schema->set("type", "integer");
        schema->set("format", "int64");
        break;
    case XsdBuiltin::Short:
        schema->set("type", "integer");
        range("-32768", "32767");
        break;
    case XsdBuiltin::Byte:
        schema->set("type", "integer");
        range("-128", "127");
        break;
    case XsdBuiltin::UnsignedByte:
        schema->set("type", "integer");
        range("0", "255");
        break;
    case XsdBuiltin::UnsignedShort:
        schema->set("type", "integer");
        range("0", "65535");
        break;
    case XsdBuiltin::UnsignedInt:
        schema->set("type", "integer");
        schema->set("format", "int64");
        range("0", "4294967295");
        break;
    case XsdBuiltin::UnsignedLong:
    case XsdBuiltin::NonNegativeInteger:
        schema->set("type", "integer");
        range("0", nullptr);
        break;
    case XsdBuiltin::PositiveInteger:
        schema->set("type", "integer");
        range("1", nullptr);
        break;
    case XsdBuiltin::NonPositiveInteger:
        schema->set("type", "integer");
        range(nullptr, "0");
        break;
    case XsdBuiltin::NegativeInteger:
        schema->set("type", "integer");
        range(nullptr, "-1");
        break;
    case XsdBuiltin::Integer:
        schema->set("type", "integer");
        break;
    case XsdBuiltin::Decimal:
        schema->set("type", "number");
        break;
    case XsdBuiltin::Double:
        schema->set("type", "number");
        schema->set("format", "double");
        break;
    case XsdBuiltin::Float:
        schema->set("type", "number");
        schema->set("format", "float");
        break;
    case XsdBuiltin::Date:
        schema->set("type", "string");
        schema->set("format", "date");
        break;
    case XsdBuiltin::DateTime:
        schema->set("type", "string");
        schema->set("format", "date-time");
        break;
    case XsdBuiltin::Base64Binary:
        schema->set("type", "string");
        schema->set("format", "byte");
        break;
    default:
        schema->set("type", "string");
        break;
    }
    if (!type.enumeration.empty())
    {
        Array::Ptr values = newArray();
        for (const std::string& value : type.enumeration)
        {
            std::string number;
            if (isNumericType(builtin) && toJsonNumber(value, number))
                values->add(JsonNumber{number});
            else if (builtin == XsdBuiltin::Boolean)
                values->add(value == "true" || value == "1");
            else
                values->add(value);
        }
        schema->set("enum", values);
    }
    describeFacets(type, *schema);
    if (type.xsdName != "xs:string" && builtin == XsdBuiltin::String)
        schema->set("description", type.xsdName);
    return schema;
}

class SchemaWriter
{
public:
    Object::Ptr element(const ElementDecl& decl, std::vector<const ComplexType*>& stack)
    {
        Object::Ptr schema;
        if (decl.simpleType)
            schema = simpleSchema(*decl.simpleType);
        else if (decl.complexType && (decl.complexType->abstract || !decl.complexType->derived.empty()))
            schema = polymorphic(*decl.complexType, stack);
        else if (decl.complexType)
            schema = complex(*decl.complexType, stack, {});
        else
            schema = anyValue();
        if (decl.nillable) schema->set("nullable", true);
        return schema;
    }

    // description, when given, follows "type" (the notes on xs:choice groups come last).
    Object::Ptr complex(const ComplexType& type, std::vector<const ComplexType*>& stack,
                        const std::set<std::string>& omitted, const char* description = nullptr)
    {
        Object::Ptr schema = newObject();
        schema->set("type", "object");
        if (description) schema->set("description", description);
        if (std::find(stack.begin(), stack.end(), &type) != stack.end() || stack.size() >= maxSchemaDepth)
        {
            schema->set("description", "recursive or deeply nested " + type.name + " (not expanded)");
            return schema;
        }
        stack.push_back(&type);
        Object::Ptr properties = newObject();
        Array::Ptr required = newArray();
        for (const AttributeUse& attribute : type.attributes)
        {
            properties->set("@" + attribute.name, simpleSchema(*attribute.type));
            if (attribute.required) required->add("@" + attribute.name);
        }
        if (type.textType)
        {
            properties->set("#text", simpleSchema(*type.textType));
        }
        else if (type.mixed)
        {
            Object::Ptr text = newObject();
            text->set("type", "string");
            properties->set("#text", text);
        }
        std::vector<std::string> choiceNotes(type.choices.size());
        for (const ElementUse& use : type.elements)
        {
            const std::string& name = use.decl->name;
            if (omitted.count(name)) continue;
            Object::Ptr schemaOfElement = element(*use.decl, stack);
            if (use.repeated())
            {
                Object::Ptr array = newObject();
                array->set("type", "array");
                array->set("items", schemaOfElement);
                if (use.minOccurs > 0) array->set("minItems", static_cast<Poco::UInt64>(use.minOccurs));
                if (use.maxOccurs != unbounded)
                    array->set("maxItems", static_cast<Poco::UInt64>(use.maxOccurs));
                schemaOfElement = array;
            }
            properties->set(name, schemaOfElement);
            if (use.choice >= 0)
                choiceNotes[static_cast<std::size_t>(use.choice)] +=
                    (choiceNotes[static_cast<std::size_t>(use.choice)].empty() ? "" : ", ") + name;
            else if (use.required())
                required->add(name);
        }
        stack.pop_back();
        schema->set("properties", properties);
        if (required->size() > 0) schema->set("required", required);
        // xs:any and xs:anyAttribute: members the schema does not name are carried untyped.
        schema->set("additionalProperties", type.hasWildcard || type.anyAttribute);
        std::string choices;
        for (std::size_t i = 0; i < choiceNotes.size(); ++i)
        {
            choices += (choices.empty() ? "" : " ") + std::string("Exactly one") +
                       (type.choices[i].required ? "" : " or none") + " of: " + choiceNotes[i] + ".";
        }
        if (type.hasWildcard)
            choices += std::string(choices.empty() ? "" : " ") + "Other members are elements of namespace " +
                       type.wildcard.allowed +
                       " (xs:any), untyped; \"{namespace}name\" chooses the namespace.";
        if (!choices.empty()) schema->set("description", choices);
        return schema;
    }

    // A type with derived ones: one of the types an instance may take, each named by "@xsi:type"
    // (which the declared type itself does not need).
    Object::Ptr polymorphic(const ComplexType& declared, std::vector<const ComplexType*>& stack)
    {
        Array::Ptr alternatives = newArray();
        std::vector<const ComplexType*> types;
        if (!declared.abstract) types.push_back(&declared);
        for (const ComplexType* derived : declared.derived)
        {
            if (!derived->abstract && !derived->qname.empty()) types.push_back(derived);
        }
        for (const ComplexType* type : types)
        {
            Object::Ptr schema = complex(*type, stack, {});
            Object::Ptr properties = schema->getObject("properties");
            if (!properties) continue; // recursive, not expanded
            Object::Ptr name = newObject();
            name->set("type", "string");
            Array::Ptr values = newArray();
            values->add(type->qname.local);
            name->set("enum", values);
            properties->set("@xsi:type", name);
            if (type != &declared)
            {
                if (!schema->has("required")) schema->set("required", newArray());
                schema->getArray("required")->add("@xsi:type");
            }
            alternatives->add(schema);
        }
        Object::Ptr schema = newObject();
        schema->set("oneOf", alternatives);
        schema->set("description", declared.name + " or a type derived from it, named by \"@xsi:type\"");
        return schema;
    }

    static Object::Ptr anyValue()
    {
        Object::Ptr schema = newObject();
        schema->set("description", "any value (xs:anyType), carried untyped");
        return schema;
    }
};

Object::Ptr genericObject()
{
    Object::Ptr schema = newObject();
    schema->set("type", "object");
    schema->set("additionalProperties", true);
    return schema;
}

Object::Ptr bodySchema(const SoapOperation& operation, const std::set<std::string>& omitted)
{
    if (!operation.requestWrapper)
    {
        Object::Ptr schema = newObject();
        schema->set("type", "object");
        schema->set("properties", newObject());
        schema->set("additionalProperties", false);
        return schema;
    }
    SchemaWriter writer;
    std::vector<const ComplexType*> stack;
    return writer.complex(*operation.requestWrapper->complexType, stack, omitted);
}

Object::Ptr requestSchema(const SoapOperation& operation, const std::set<std::string>& omitted)
{
    if (!operation.typed) return genericObject();
    Object::Ptr schema = bodySchema(operation, omitted);
    const ComplexType& header = operation.requestHeader;
    if (header.elements.empty()) return schema;
    // The "soap:Header" member: one property per header part, named after its element.
    SchemaWriter writer;
    std::vector<const ComplexType*> stack;
    schema->getObject("properties")
        ->set(soapHeaderMember,
              writer.complex(header, stack, {}, "SOAP header parts, sent as children of soap:Header"));
    const bool headerRequired = std::any_of(header.elements.begin(), header.elements.end(),
                                            [](const ElementUse& part) { return part.required(); });
    if (headerRequired)
    {
        if (!schema->has("required")) schema->set("required", newArray());
        schema->getArray("required")->add(soapHeaderMember);
    }
    return schema;
}

Object::Ptr responseSchema(const SoapOperation& operation)
{
    if (!operation.typed) return genericObject();
    if (!operation.responseWrapper)
    {
        Object::Ptr schema = newObject();
        schema->set("type", "object");
        return schema;
    }
    SchemaWriter writer;
    std::vector<const ComplexType*> stack;
    Object::Ptr schema = writer.complex(*operation.responseWrapper->complexType, stack, {});
    // Services may add elements in later versions; the adapter passes them on.
    schema->set("additionalProperties", true);
    return schema;
}

bool hasRequired(const Object::Ptr& schema)
{
    return schema->has("required");
}

Object::Ptr problemResponse(const std::string& description)
{
    Object::Ptr problem = newObject();
    problem->set("type", "object");
    Object::Ptr properties = newObject();
    for (const char* name : {"type", "title", "detail", "requestId", "faultcode"})
    {
        Object::Ptr property = newObject();
        property->set("type", "string");
        properties->set(name, property);
    }
    Object::Ptr status = newObject();
    status->set("type", "integer");
    properties->set("status", status);
    Object::Ptr faultDetail = newObject();
    faultDetail->set("description", "the SOAP fault's detail element as JSON");
    properties->set("faultdetail", faultDetail);
    problem->set("properties", properties);
    Object::Ptr media = newObject();
    media->set("schema", problem);
    Object::Ptr content = newObject();
    content->set("application/problem+json", media);
    Object::Ptr response = newObject();
    response->set("description", description);
    response->set("content", content);
    return response;
}

Object::Ptr jsonContent(const Object::Ptr& schema)
{
    Object::Ptr media = newObject();
    media->set("schema", schema);
    Object::Ptr content = newObject();
    content->set("application/json", media);
    return content;
}

} // namespace

OpenApiBuilder::OpenApiBuilder(std::string routeName, std::vector<std::string> pathParameters,
                               std::string selectorParam, std::vector<FaultRule> faultRules)
    : _routeName(std::move(routeName)), _pathParameters(std::move(pathParameters)),
      _selectorParam(std::move(selectorParam)), _faultRules(std::move(faultRules))
{
}

std::string OpenApiBuilder::pathItem(const std::string& routePath,
                                     const std::vector<const SoapOperation*>& operations,
                                     bool untypedSelector) const
{
    const bool selector = !_selectorParam.empty();
    std::set<std::string> omitted;
    for (const std::string& parameter : _pathParameters)
    {
        if (parameter != _selectorParam) omitted.insert(parameter);
    }

    auto parameters = [&](bool withSelector)
    {
        Array::Ptr list = newArray();
        for (const std::string& name : _pathParameters)
        {
            if (name == _selectorParam && !withSelector) continue;
            Object::Ptr parameter = newObject();
            parameter->set("name", name);
            parameter->set("in", "path");
            parameter->set("required", true);
            Object::Ptr schema = newObject();
            schema->set("type", "string");
            if (name == _selectorParam && !untypedSelector)
            {
                Array::Ptr names = newArray();
                for (const SoapOperation* operation : operations)
                    names->add(operation->name);
                schema->set("enum", names);
                parameter->set("description", "the SOAP operation to call");
            }
            parameter->set("schema", schema);
            list->add(parameter);
        }
        return list;
    };

    auto responses = [&](const Object::Ptr& success, bool unknownOperation)
    {
        Object::Ptr result = newObject();
        Object::Ptr ok = newObject();
        ok->set("description", "the SOAP operation's response as JSON");
        ok->set("content", jsonContent(success));
        result->set("200", ok);
        result->set("400",
                    problemResponse("a request the operation cannot take, or a SOAP Client/Sender fault"));
        if (unknownOperation) result->set("404", problemResponse("no such SOAP operation"));
        for (const FaultRule& rule : _faultRules)
        {
            const std::string status = std::to_string(rule.status);
            if (result->has(status)) continue;
            result->set(status, problemResponse("a SOAP fault" +
                                                (rule.code.empty() ? "" : " with code " + rule.code) +
                                                (rule.detail.empty() ? "" : " with detail " + rule.detail)));
        }
        result->set("502", problemResponse("a SOAP fault, or a reply the gateway cannot use"));
        result->set("504", problemResponse("the SOAP service did not answer in time"));
        return result;
    };

    auto post = [&](const std::string& operationId, const std::string& summary,
                    const std::string& description, const Object::Ptr& request, const Object::Ptr& response,
                    bool unknownOperation)
    {
        Object::Ptr operation = newObject();
        operation->set("operationId", operationId);
        operation->set("summary", summary);
        if (!description.empty()) operation->set("description", description);
        Object::Ptr body = newObject();
        body->set("required", hasRequired(request));
        body->set("content", jsonContent(request));
        operation->set("requestBody", body);
        operation->set("responses", responses(response, unknownOperation));
        return operation;
    };

    auto fixedItem = [&](const SoapOperation& operation)
    {
        Object::Ptr item = newObject();
        Array::Ptr list = parameters(false);
        if (list->size() > 0) item->set("parameters", list);
        item->set("post", post(_routeName + "." + operation.name, "SOAP operation " + operation.name,
                               operation.documentation, requestSchema(operation, omitted),
                               responseSchema(operation), false));
        return item;
    };

    if (!selector)
    {
        if (operations.empty()) return "{}";
        return toJsonText(fixedItem(*operations.front()));
    }

    Object::Ptr item = newObject();
    item->set("parameters", parameters(true));
    Object::Ptr request, response;
    if (untypedSelector)
    {
        request = genericObject();
        response = genericObject();
    }
    else
    {
        Array::Ptr requests = newArray(), replies = newArray();
        for (const SoapOperation* operation : operations)
        {
            Object::Ptr requestOf = requestSchema(*operation, omitted);
            requestOf->set("title", operation->name);
            requests->add(requestOf);
            Object::Ptr replyOf = responseSchema(*operation);
            replyOf->set("title", operation->name);
            replies->add(replyOf);
        }
        request = newObject();
        request->set("anyOf", requests);
        response = newObject();
        response->set("anyOf", replies);
    }
    item->set("post",
              post(_routeName, "SOAP operations, chosen by {" + _selectorParam + "}",
                   "The request and response schemas of each operation are under x-portico-concrete-paths.",
                   request, response, true));
    if (!untypedSelector)
    {
        Object::Ptr concrete = newObject();
        const std::string placeholder = "{" + _selectorParam + "}";
        for (const SoapOperation* operation : operations)
        {
            std::string path = routePath;
            const std::size_t at = path.find(placeholder);
            if (at != std::string::npos) path.replace(at, placeholder.size(), operation->name);
            concrete->set(path, fixedItem(*operation));
        }
        item->set("x-portico-concrete-paths", concrete);
    }
    return toJsonText(item);
}

} // namespace portico::soap
