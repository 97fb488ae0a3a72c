#include "soap/EnvelopeBuilder.h"

#include "soap/JsonValues.h"
#include "soap/Namespaces.h"
#include "soap/ScalarMapping.h"
#include "soap/XmlNames.h"
#include "soap/XsdLexical.h"

#include <map>
#include <sstream>

namespace portico::soap
{

namespace
{

constexpr int maxUntypedDepth = 64;

std::string childPath(const std::string& parent, const std::string& name)
{
    return parent.empty() ? name : parent + "." + name;
}

std::string quotedList(const std::vector<std::string>& names)
{
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : ", ") + quoteJson(name);
    return text;
}

// Writes one request body. Lives for one build() call.
class BodyWriter
{
public:
    explicit BodyWriter(pugi::xml_node wrapper) : _wrapper(wrapper) {}

    std::string error;

    // The qualified name for (ns, local), declaring a prefix on the wrapper the first time.
    std::string qualified(const std::string& ns, const std::string& local)
    {
        if (ns.empty()) return local;
        return prefixFor(ns) + ":" + local;
    }

    std::string prefixFor(const std::string& ns)
    {
        const auto found = _prefixes.find(ns);
        if (found != _prefixes.end()) return found->second;
        const std::string prefix = "ns" + std::to_string(_prefixes.size() + 1);
        _prefixes.emplace(ns, prefix);
        declare(("xmlns:" + prefix).c_str(), ns.c_str());
        return prefix;
    }

    // Namespace declarations go before the wrapper's ordinary attributes, in order of first use.
    void declare(const char* name, const char* uri)
    {
        _lastDeclaration = _lastDeclaration ? _wrapper.insert_attribute_after(name, _lastDeclaration)
                                            : _wrapper.prepend_attribute(name);
        _lastDeclaration.set_value(uri);
    }

    void setNil(pugi::xml_node element)
    {
        if (!_xsiDeclared)
        {
            _xsiDeclared = true;
            declare("xmlns:xsi", ns::xsi);
        }
        element.append_attribute("xsi:nil") = "true";
    }

    // ---- typed -----------------------------------------------------------------------------

    bool writeContent(pugi::xml_node parent, const ComplexType& type, const Poco::JSON::Object& object,
                      const std::string& path)
    {
        if (!checkKeys(type, object, path)) return false;
        std::vector<int> chosenBranch(type.choices.size(), -1);
        if (!checkChoices(type, object, path, chosenBranch)) return false;

        for (const AttributeUse& attribute : type.attributes)
        {
            const std::string key = "@" + attribute.name;
            const std::string fieldPath = childPath(path, key);
            if (!object.has(key))
            {
                if (attribute.required)
                {
                    error = "missing required attribute " + quoteJson(fieldPath);
                    return false;
                }
                continue;
            }
            std::string lexical, problem;
            if (!jsonToLexical(object.get(key), *attribute.type, lexical, problem))
            {
                error = fieldPath + ": " + problem;
                return false;
            }
            parent.append_attribute(qualified(attribute.ns, attribute.name).c_str()) = lexical.c_str();
        }

        if (type.textType || type.mixed)
        {
            const std::string fieldPath = childPath(path, "#text");
            if (object.has("#text"))
            {
                std::string lexical, problem;
                const Poco::Dynamic::Var text = object.get("#text");
                bool ok = false;
                if (type.textType)
                {
                    ok = jsonToLexical(text, *type.textType, lexical, problem);
                }
                else
                {
                    SimpleType anyString;
                    anyString.xsdName = "xs:string";
                    ok = jsonToLexical(text, anyString, lexical, problem);
                }
                if (!ok)
                {
                    error = fieldPath + ": " + problem;
                    return false;
                }
                parent.append_child(pugi::node_pcdata).set_value(lexical.c_str());
            }
            else if (type.textType && type.textType->builtin != XsdBuiltin::String)
            {
                error = "missing required field " + quoteJson(fieldPath);
                return false;
            }
        }

        std::vector<std::string> missing;
        for (const ElementUse& use : type.elements)
        {
            const std::string& name = use.decl->name;
            const bool chosen =
                use.choice < 0 || chosenBranch[static_cast<std::size_t>(use.choice)] == use.branch;
            if (!object.has(name))
            {
                if (use.required() && chosen) missing.push_back(childPath(path, name));
                continue;
            }
            if (!missing.empty()) continue; // report every missing field, write nothing more
            const Poco::Dynamic::Var value = object.get(name);
            const std::string fieldPath = childPath(path, name);
            if (isJsonArray(value))
            {
                const Poco::JSON::Array::Ptr items = asJsonArray(value);
                if (!use.repeated())
                {
                    error = fieldPath +
                            ": expected a single value, got an array (the element occurs at most once)";
                    return false;
                }
                if (items->size() > use.maxOccurs)
                {
                    error = fieldPath + ": at most " + std::to_string(use.maxOccurs) +
                            " values are allowed, got " + std::to_string(items->size());
                    return false;
                }
                if (items->size() < use.minOccurs && chosen)
                {
                    error = fieldPath + ": at least " + std::to_string(use.minOccurs) +
                            (use.minOccurs == 1 ? " value is" : " values are") + " required, got " +
                            std::to_string(items->size());
                    return false;
                }
                for (std::size_t i = 0; i < items->size(); ++i)
                {
                    const Poco::Dynamic::Var item = items->get(static_cast<unsigned>(i));
                    const std::string itemPath = fieldPath + "[" + std::to_string(i) + "]";
                    if (isJsonArray(item))
                    {
                        error = itemPath + ": expected a single value, got an array";
                        return false;
                    }
                    if (!writeElement(parent, *use.decl, item, itemPath)) return false;
                }
                continue;
            }
            if (use.repeated() && use.minOccurs > 1 && chosen)
            {
                error =
                    fieldPath + ": at least " + std::to_string(use.minOccurs) + " values are required, got 1";
                return false;
            }
            if (!writeElement(parent, *use.decl, value, fieldPath)) return false;
        }
        if (!missing.empty())
        {
            error = (missing.size() == 1 ? "missing required field " : "missing required fields ") +
                    quotedList(missing);
            return false;
        }
        return true;
    }

    bool checkKeys(const ComplexType& type, const Poco::JSON::Object& object, const std::string& path)
    {
        std::vector<std::string> unknown;
        for (const std::string& key : object.getNames())
        {
            const bool known = key.rfind('@', 0) == 0 ? type.findAttribute(key.substr(1)) != nullptr
                               : key == "#text"       ? (type.textType != nullptr || type.mixed)
                                                      : type.findElement(key) != nullptr;
            if (!known) unknown.push_back(childPath(path, key));
        }
        if (unknown.empty()) return true;
        std::vector<std::string> allowed;
        for (const AttributeUse& attribute : type.attributes)
            allowed.push_back("@" + attribute.name);
        if (type.textType || type.mixed) allowed.push_back("#text");
        for (const ElementUse& use : type.elements)
            allowed.push_back(use.decl->name);
        std::string expectedText;
        for (const std::string& name : allowed)
            expectedText += (expectedText.empty() ? "" : ", ") + name;
        error = (unknown.size() == 1 ? "unknown field " : "unknown fields ") + quotedList(unknown) +
                (allowed.empty() ? " (no fields are expected here)" : " (expected: " + expectedText + ")");
        return false;
    }

    bool checkChoices(const ComplexType& type, const Poco::JSON::Object& object, const std::string& path,
                      std::vector<int>& chosenBranch)
    {
        for (std::size_t group = 0; group < type.choices.size(); ++group)
        {
            std::vector<std::string> members, given;
            bool conflict = false;
            for (const ElementUse& use : type.elements)
            {
                if (use.choice != static_cast<int>(group)) continue;
                members.push_back(childPath(path, use.decl->name));
                if (!object.has(use.decl->name)) continue;
                given.push_back(members.back());
                if (chosenBranch[group] >= 0 && chosenBranch[group] != use.branch) conflict = true;
                chosenBranch[group] = use.branch;
            }
            if (conflict)
            {
                error = "only one of " + quotedList(members) + " may be given (xs:choice), got " +
                        quotedList(given);
                return false;
            }
            if (chosenBranch[group] < 0 && type.choices[group].required)
            {
                error = "one of " + quotedList(members) + " is required (xs:choice)";
                return false;
            }
        }
        return true;
    }

    bool writeElement(pugi::xml_node parent, const ElementDecl& decl, const Poco::Dynamic::Var& value,
                      const std::string& path)
    {
        pugi::xml_node element = parent.append_child(qualified(decl.ns, decl.name).c_str());
        if (value.isEmpty())
        {
            if (!decl.nillable)
            {
                error = path + ": null is not allowed (the element is not nillable)";
                return false;
            }
            setNil(element);
            return true;
        }
        if (decl.simpleType)
        {
            std::string lexical, problem;
            if (!jsonToLexical(value, *decl.simpleType, lexical, problem))
            {
                error = path + ": " + problem;
                return false;
            }
            if (!lexical.empty()) element.append_child(pugi::node_pcdata).set_value(lexical.c_str());
            return true;
        }
        const ComplexType& type = *decl.complexType;
        if (isJsonObject(value)) return writeContent(element, type, *asJsonObject(value), path);
        if (type.textType && !isJsonArray(value))
        {
            for (const AttributeUse& attribute : type.attributes)
            {
                if (attribute.required)
                {
                    error = path + ": expected an object with \"@" + attribute.name +
                            "\" and \"#text\", got " + describeJson(value);
                    return false;
                }
            }
            std::string lexical, problem;
            if (!jsonToLexical(value, *type.textType, lexical, problem))
            {
                error = path + ": " + problem;
                return false;
            }
            if (!lexical.empty()) element.append_child(pugi::node_pcdata).set_value(lexical.c_str());
            return true;
        }
        error = path + ": expected an object, got " + describeJson(value);
        return false;
    }

    // ---- untyped ---------------------------------------------------------------------------

    bool writeUntypedContent(pugi::xml_node parent, const std::string& ns, const Poco::JSON::Object& object,
                             const std::string& path, int depth)
    {
        if (depth > maxUntypedDepth)
        {
            error = (path.empty() ? std::string("the request") : path) + ": nested too deeply";
            return false;
        }
        for (const std::string& key : object.getNames())
        {
            const Poco::Dynamic::Var value = object.get(key);
            const std::string fieldPath = childPath(path, key);
            if (key.rfind('@', 0) == 0)
            {
                std::string text;
                if (!untypedScalar(value, fieldPath, text)) return false;
                if (!isNcName(key.substr(1)))
                {
                    error = quoteJson(fieldPath) + " is not a valid XML attribute name";
                    return false;
                }
                parent.append_attribute(key.substr(1).c_str()) = text.c_str();
                continue;
            }
            if (key == "#text")
            {
                std::string text;
                if (!untypedScalar(value, fieldPath, text)) return false;
                parent.append_child(pugi::node_pcdata).set_value(text.c_str());
                continue;
            }
            if (!isNcName(key))
            {
                error = quoteJson(fieldPath) + " is not a valid XML element name";
                return false;
            }
            if (isJsonArray(value))
            {
                const Poco::JSON::Array::Ptr items = asJsonArray(value);
                for (std::size_t i = 0; i < items->size(); ++i)
                {
                    const Poco::Dynamic::Var item = items->get(static_cast<unsigned>(i));
                    const std::string itemPath = fieldPath + "[" + std::to_string(i) + "]";
                    if (isJsonArray(item))
                    {
                        error = itemPath + ": expected a single value, got an array";
                        return false;
                    }
                    if (!writeUntypedElement(parent, ns, key, item, itemPath, depth)) return false;
                }
                continue;
            }
            if (!writeUntypedElement(parent, ns, key, value, fieldPath, depth)) return false;
        }
        return true;
    }

    bool writeUntypedElement(pugi::xml_node parent, const std::string& ns, const std::string& name,
                             const Poco::Dynamic::Var& value, const std::string& path, int depth)
    {
        pugi::xml_node element = parent.append_child(qualified(ns, name).c_str());
        if (value.isEmpty())
        {
            setNil(element);
            return true;
        }
        if (isJsonObject(value))
            return writeUntypedContent(element, ns, *asJsonObject(value), path, depth + 1);
        std::string text;
        if (!untypedScalar(value, path, text)) return false;
        if (!text.empty()) element.append_child(pugi::node_pcdata).set_value(text.c_str());
        return true;
    }

    bool untypedScalar(const Poco::Dynamic::Var& value, const std::string& path, std::string& text)
    {
        SimpleType anyString;
        anyString.xsdName = "a string, number or boolean";
        std::string problem;
        if (!jsonToLexical(value, anyString, text, problem))
        {
            error = path + ": " + problem;
            return false;
        }
        return true;
    }

private:
    pugi::xml_node _wrapper;
    std::map<std::string, std::string> _prefixes;
    pugi::xml_attribute _lastDeclaration;
    bool _xsiDeclared = false;
};

} // namespace

EnvelopeBuilder::EnvelopeBuilder(SoapVersion version, std::shared_ptr<const UsernameToken> security)
    : _version(version), _security(std::move(security))
{
}

bool EnvelopeBuilder::build(const SoapOperation& operation, const Poco::JSON::Object& fields,
                            std::string& envelope, std::string& error, int& status,
                            const SecurityStamp* stamp) const
{
    status = 400;
    pugi::xml_document document;
    pugi::xml_node declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "utf-8";
    pugi::xml_node root = document.append_child("soap:Envelope");
    root.append_attribute("xmlns:soap") = envelopeNamespace(_version);
    if (_security)
    {
        pugi::xml_node header = root.append_child("soap:Header");
        if (stamp)
        {
            _security->appendTo(header, "soap", stamp->nonce, stamp->created);
        }
        else if (!_security->appendTo(header, "soap"))
        {
            error = "could not make a WS-Security nonce";
            status = 500;
            return false;
        }
    }
    pugi::xml_node body = root.append_child("soap:Body");

    if (!operation.typed)
    {
        pugi::xml_node wrapper = body.append_child("x");
        BodyWriter writer(wrapper);
        wrapper.set_name(writer.qualified(operation.untypedNamespace, operation.name).c_str());
        if (!writer.writeUntypedContent(wrapper, operation.untypedNamespace, fields, std::string(), 0))
        {
            error = writer.error;
            return false;
        }
    }
    else if (operation.requestWrapper)
    {
        const ElementDecl& decl = *operation.requestWrapper;
        pugi::xml_node wrapper = body.append_child("x");
        BodyWriter writer(wrapper);
        wrapper.set_name(writer.qualified(decl.ns, decl.name).c_str());
        if (!writer.writeContent(wrapper, *decl.complexType, fields, std::string()))
        {
            error = writer.error;
            return false;
        }
    }
    else if (fields.size() > 0)
    {
        error = "unknown field " + quoteJson(fields.getNames().front()) + " (operation '" + operation.name +
                "' takes no fields)";
        return false;
    }

    std::ostringstream out;
    document.save(out, "", pugi::format_raw, pugi::encoding_utf8);
    envelope = out.str();
    return true;
}

} // namespace portico::soap
