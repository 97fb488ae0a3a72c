#include "soap/EnvelopeBuilder.h"

#include "soap/CommaList.h"
#include "soap/FieldPath.h"
#include "soap/JsonMembers.h"
#include "soap/JsonValues.h"
#include "soap/Namespaces.h"
#include "soap/ScalarMapping.h"
#include "soap/SpacedBase64.h"
#include "soap/XmlNames.h"
#include "soap/XmlText.h"
#include "soap/XopPackage.h"
#include "soap/XsdLexical.h"

#include <string_view>
#include <utility>
#include <vector>

namespace portico::soap
{

namespace
{

constexpr int maxUntypedDepth = 64;

// The words of writeContent's messages that depend on what the content is: the request's
// fields, or the parts of its "soap:Header", whose messages speak of SOAP headers.
struct ContentWording
{
    const char* missingOne;
    const char* missingMany;
    const char* noneExpected;
    const char* occursOnce;
};

constexpr ContentWording fieldWording{"missing required field ", "missing required fields ",
                                      " (no fields are expected here)", " (the element occurs at most once)"};
constexpr ContentWording headerWording{"missing SOAP header ", "missing SOAP headers ",
                                       " (no SOAP headers are expected)",
                                       " (a SOAP header part occurs once)"};

// A member name of untyped content: "name", or "{namespace}name" (Clark notation) to choose the
// namespace. False when it is neither.
bool splitMemberName(std::string_view key, std::string_view defaultNamespace, std::string_view& ns,
                     std::string_view& local)
{
    ns = defaultNamespace;
    local = key;
    if (!key.empty() && key[0] == '{')
    {
        const std::size_t close = key.find('}');
        if (close == std::string_view::npos) return false;
        ns = key.substr(1, close - 1);
        local = key.substr(close + 1);
    }
    return isNcName(local);
}

// The member that names the type of a value whose declared type has derived ones (xsi:type).
constexpr std::string_view xsiTypeMember = "@xsi:type";

bool isPolymorphic(const ComplexType& type)
{
    return type.abstract || !type.derived.empty();
}

bool isAttributeKey(std::string_view key)
{
    return !key.empty() && key[0] == '@';
}

// A member the schema does not name: not an attribute, not "#text".
bool isElementKey(std::string_view key)
{
    return !key.empty() && key[0] != '@' && key[0] != '#';
}

// The XSD built-in a plain JSON value of an xs:anyType element is sent as; text is its lexical form.
const char* builtinTypeOf(const Poco::Dynamic::Var& value, const std::string& text)
{
    if (value.isString()) return "string";
    if (value.isBoolean()) return "boolean";
    if (text.find_first_of(".eE") != std::string::npos) return "double";
    const std::size_t digits = text.size() - (text[0] == '-' ? 1 : 0);
    return digits <= 18 ? "long" : "integer"; // 18 digits always fit in a long
}

std::string quotedList(const std::vector<std::string>& names)
{
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : ", ") + quoteJson(name);
    return text;
}

// Writes one request body. Lives for one build() call. Field paths for messages are spelled out
// only when a value is refused (FieldPath), and scratch strings are reused from value to value.
class BodyWriter
{
public:
    // Namespace prefixes are declared on wrapper, named prefixStem1, prefixStem2, …
    explicit BodyWriter(pugi::xml_node wrapper, std::string prefixStem = "ns")
        : _wrapper(wrapper), _prefixStem(std::move(prefixStem))
    {
    }

    std::string error;

    // MTOM: base64Binary values go into attachments instead of the envelope.
    void attachTo(std::vector<XopAttachment>& attachments) { _attachments = &attachments; }

    // The qualified name for (ns, local), declaring a prefix on the wrapper the first time. The
    // text is valid until the next call.
    const char* qualified(std::string_view ns, std::string_view local)
    {
        if (ns.empty())
        {
            _name.assign(local);
            return _name.c_str();
        }
        _name.assign(prefixFor(ns));
        _name += ':';
        _name.append(local);
        return _name.c_str();
    }

    const std::string& prefixFor(std::string_view ns)
    {
        for (const auto& [uri, prefix] : _prefixes)
        {
            if (uri == ns) return prefix;
        }
        _prefixes.emplace_back(std::string(ns), _prefixStem + std::to_string(_prefixes.size() + 1));
        const auto& [uri, prefix] = _prefixes.back();
        declare(("xmlns:" + prefix).c_str(), uri.c_str());
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
        declareXsi();
        element.append_attribute("xsi:nil") = "true";
    }

    // xsi:type="xsd:<builtin>" on an xs:anyType element's plain value, which services that read
    // such an element into an object (a .NET `object`, a Java `Object`) need to know its type.
    void setBuiltinType(pugi::xml_node element, const char* builtin)
    {
        declareXsi();
        if (!_xsdDeclared)
        {
            _xsdDeclared = true;
            declare("xmlns:xsd", ns::xsd);
        }
        _name.assign("xsd:").append(builtin);
        element.append_attribute("xsi:type") = _name.c_str();
    }

    void declareXsi()
    {
        if (_xsiDeclared) return;
        _xsiDeclared = true;
        declare("xmlns:xsi", ns::xsi);
    }

    // ---- typed -----------------------------------------------------------------------------

    bool writeContent(pugi::xml_node parent, const ComplexType& type, const Poco::JSON::Object& object,
                      const FieldPath& path, const ContentWording& wording = fieldWording)
    {
        const JsonMembers members(object);
        if (!allKeysKnown(type, members))
        {
            reportUnknownKeys(type, object, path, wording);
            return false;
        }
        std::vector<int> chosenBranch(type.choices.size(), -1);
        if (!checkChoices(type, members, path, chosenBranch)) return false;

        for (const AttributeUse& attribute : type.attributes)
        {
            _key.assign(1, '@').append(attribute.name);
            const Poco::Dynamic::Var* value = members.find(_key);
            if (!value)
            {
                if (attribute.required)
                {
                    error = "missing required attribute " + quoteJson(path.childText(_key));
                    return false;
                }
                continue;
            }
            if (!jsonToLexical(*value, *attribute.type, _lexical, _problem))
            {
                error = path.childText(_key) + ": " + _problem;
                return false;
            }
            const char* name = qualified(attribute.ns, attribute.name);
            parent.append_attribute(name) = _lexical.c_str();
        }
        if (type.anyAttribute)
        {
            for (const JsonMembers::Member& member : members.all())
            {
                if (!isAttributeKey(member.name) || member.name == xsiTypeMember ||
                    type.findAttribute(member.name.substr(1)))
                    continue;
                if (!writeUntypedAttribute(parent, member.name, *member.value, FieldPath(path, member.name)))
                    return false;
            }
        }

        if (type.textType || type.mixed)
        {
            if (const Poco::Dynamic::Var* text = members.find("#text"))
            {
                bool ok = false;
                if (type.textType)
                {
                    ok = jsonToLexical(*text, *type.textType, _lexical, _problem);
                }
                else
                {
                    SimpleType anyString;
                    anyString.xsdName = "xs:string";
                    ok = jsonToLexical(*text, anyString, _lexical, _problem);
                }
                if (!ok)
                {
                    error = path.childText("#text") + ": " + _problem;
                    return false;
                }
                parent.append_child(pugi::node_pcdata).set_value(_lexical.c_str());
            }
            else if (type.textType && type.textType->builtin != XsdBuiltin::String)
            {
                error = "missing required field " + quoteJson(path.childText("#text"));
                return false;
            }
        }

        std::vector<std::string> missing;
        for (std::size_t index = 0; index <= type.elements.size(); ++index)
        {
            if (type.hasWildcard && index == type.wildcard.position && missing.empty() &&
                !writeWildcardElements(parent, type, object, path))
                return false;
            if (index == type.elements.size()) break;
            const ElementUse& use = type.elements[index];
            const std::string& name = use.decl->name;
            const bool chosen =
                use.choice < 0 || chosenBranch[static_cast<std::size_t>(use.choice)] == use.branch;
            const Poco::Dynamic::Var* found = members.find(name);
            if (!found)
            {
                if (use.required() && chosen) missing.push_back(path.childText(name));
                continue;
            }
            if (!missing.empty()) continue; // report every missing field, write nothing more
            const Poco::Dynamic::Var& value = *found;
            const FieldPath fieldPath(path, name);
            // An xs:list element's one value is itself an array (and a repeated one's, an array of them).
            const bool listValued =
                use.decl->simpleType != nullptr && use.decl->simpleType->listItem != nullptr;
            if (isJsonArray(value) && (use.repeated() || !listValued))
            {
                const Poco::JSON::Array& items = *value.extract<Poco::JSON::Array::Ptr>();
                if (!use.repeated())
                {
                    error = fieldPath.text() + ": expected a single value, got an array" + wording.occursOnce;
                    return false;
                }
                if (items.size() > use.maxOccurs)
                {
                    error = fieldPath.text() + ": at most " + std::to_string(use.maxOccurs) +
                            " values are allowed, got " + std::to_string(items.size());
                    return false;
                }
                if (items.size() < use.minOccurs && chosen)
                {
                    error = fieldPath.text() + ": at least " + std::to_string(use.minOccurs) +
                            (use.minOccurs == 1 ? " value is" : " values are") + " required, got " +
                            std::to_string(items.size());
                    return false;
                }
                std::size_t i = 0;
                for (auto item = items.begin(); item != items.end(); ++item, ++i)
                {
                    const FieldPath itemPath(fieldPath, i);
                    if (isJsonArray(*item) && !listValued)
                    {
                        error = itemPath.text() + ": expected a single value, got an array";
                        return false;
                    }
                    if (!writeElement(parent, *use.decl, *item, itemPath)) return false;
                }
                continue;
            }
            if (use.repeated() && use.minOccurs > 1 && chosen)
            {
                error = fieldPath.text() + ": at least " + std::to_string(use.minOccurs) +
                        " values are required, got 1";
                return false;
            }
            if (!writeElement(parent, *use.decl, value, fieldPath)) return false;
        }
        if (!missing.empty())
        {
            error = (missing.size() == 1 ? wording.missingOne : wording.missingMany) + quotedList(missing);
            return false;
        }
        return true;
    }

    static bool isKnownKey(const ComplexType& type, std::string_view key)
    {
        if (key == xsiTypeMember) return type.base != nullptr || isPolymorphic(type);
        if (isAttributeKey(key)) return type.anyAttribute || type.findAttribute(key.substr(1)) != nullptr;
        if (key == "#text") return type.textType != nullptr || type.mixed;
        return type.findElement(key) != nullptr || (type.hasWildcard && isElementKey(key));
    }

    // The members the schema does not name, in the client's order, at the wildcard's place.
    bool writeWildcardElements(pugi::xml_node parent, const ComplexType& type,
                               const Poco::JSON::Object& object, const FieldPath& path)
    {
        const Wildcard& wildcard = type.wildcard;
        bool given = false;
        for (const std::string& key : object.getNames())
        {
            if (!isElementKey(key) || type.findElement(key)) continue;
            given = true;
            const FieldPath fieldPath(path, key);
            if (wildcard.needsNamespace && key[0] != '{')
            {
                error = quoteJson(fieldPath.text()) +
                        ": the xs:any here takes elements of another namespace (" + wildcard.allowed +
                        "); name the member \"{namespace}" + key + "\"";
                return false;
            }
            if (!writeUntypedMember(parent, wildcard.defaultNamespace, key, object.get(key), fieldPath, 0))
                return false;
        }
        if (!given && wildcard.minOccurs > 0)
        {
            error = "missing content for the xs:any in " +
                    (path.isRoot() ? std::string("the request") : path.text()) + " (elements of namespace " +
                    wildcard.allowed + ")";
            return false;
        }
        return true;
    }

    static bool allKeysKnown(const ComplexType& type, const JsonMembers& members)
    {
        for (const JsonMembers::Member& member : members.all())
        {
            if (!isKnownKey(type, member.name)) return false;
        }
        return true;
    }

    // The message for an object with unknown keys, listed in the order the client gave them.
    void reportUnknownKeys(const ComplexType& type, const Poco::JSON::Object& object, const FieldPath& path,
                           const ContentWording& wording)
    {
        std::vector<std::string> unknown;
        for (const std::string& key : object.getNames())
        {
            if (!isKnownKey(type, key)) unknown.push_back(path.childText(key));
        }
        std::vector<std::string> allowed;
        for (const AttributeUse& attribute : type.attributes)
            allowed.push_back("@" + attribute.name);
        if (type.textType || type.mixed) allowed.push_back("#text");
        for (const ElementUse& use : type.elements)
            allowed.push_back(use.decl->name);
        error = (unknown.size() == 1 ? "unknown field " : "unknown fields ") + quotedList(unknown) +
                (allowed.empty() ? wording.noneExpected : " (expected: " + commaSeparated(allowed) + ")");
    }

    bool checkChoices(const ComplexType& type, const JsonMembers& members, const FieldPath& path,
                      std::vector<int>& chosenBranch)
    {
        for (std::size_t group = 0; group < type.choices.size(); ++group)
        {
            bool conflict = false;
            for (const ElementUse& use : type.elements)
            {
                if (use.choice != static_cast<int>(group)) continue;
                if (!members.find(use.decl->name)) continue;
                if (chosenBranch[group] >= 0 && chosenBranch[group] != use.branch) conflict = true;
                chosenBranch[group] = use.branch;
            }
            if (!conflict && (chosenBranch[group] >= 0 || !type.choices[group].required)) continue;
            // Refused: name the choice's members (and the ones given) in schema order.
            std::vector<std::string> memberPaths, given;
            for (const ElementUse& use : type.elements)
            {
                if (use.choice != static_cast<int>(group)) continue;
                memberPaths.push_back(path.childText(use.decl->name));
                if (members.find(use.decl->name)) given.push_back(memberPaths.back());
            }
            error = conflict ? "only one of " + quotedList(memberPaths) + " may be given (xs:choice), got " +
                                   quotedList(given)
                             : "one of " + quotedList(memberPaths) + " is required (xs:choice)";
            return false;
        }
        return true;
    }

    bool writeElement(pugi::xml_node parent, const ElementDecl& decl, const Poco::Dynamic::Var& value,
                      const FieldPath& path)
    {
        pugi::xml_node element = parent.append_child(qualified(decl.ns, decl.name));
        if (value.isEmpty())
        {
            if (!decl.nillable)
            {
                error = path.text() + ": null is not allowed (the element is not nillable)";
                return false;
            }
            setNil(element);
            return true;
        }
        if (decl.simpleType)
        {
            if (!jsonToLexical(value, *decl.simpleType, _lexical, _problem))
            {
                error = path.text() + ": " + _problem;
                return false;
            }
            if (_lexical.empty()) return true;
            if (_attachments && isPlainBase64(*decl.simpleType)) return attach(element);
            element.append_child(pugi::node_pcdata).set_value(_lexical.c_str());
            return true;
        }
        if (decl.anyType) return writeAnyTypeValue(element, decl, value, path);
        const ComplexType& type = *decl.complexType;
        if (isJsonObject(value))
        {
            const Poco::JSON::Object& object = *value.extract<Poco::JSON::Object::Ptr>();
            if (!isPolymorphic(type)) return writeContent(element, type, object, path);
            const ComplexType* chosen = nullptr;
            if (!chooseType(type, object, path, chosen)) return false;
            if (chosen != &type || object.has(std::string(xsiTypeMember)))
            {
                declareXsi();
                const std::string& ns = chosen->qname.ns;
                _key = ns.empty() ? chosen->qname.local : prefixFor(ns) + ":" + chosen->qname.local;
                element.append_attribute("xsi:type") = _key.c_str();
            }
            return writeContent(element, *chosen, object, path);
        }
        if (type.abstract)
        {
            error = path.text() + ": expected an object with \"" + std::string(xsiTypeMember) + "\", got " +
                    describeJson(value);
            return false;
        }
        if (type.textType && !isJsonArray(value))
        {
            for (const AttributeUse& attribute : type.attributes)
            {
                if (attribute.required)
                {
                    error = path.text() + ": expected an object with \"@" + attribute.name +
                            "\" and \"#text\", got " + describeJson(value);
                    return false;
                }
            }
            if (!jsonToLexical(value, *type.textType, _lexical, _problem))
            {
                error = path.text() + ": " + _problem;
                return false;
            }
            if (!_lexical.empty()) element.append_child(pugi::node_pcdata).set_value(_lexical.c_str());
            return true;
        }
        error = path.text() + ": expected an object, got " + describeJson(value);
        return false;
    }

    static bool isPlainBase64(const SimpleType& type)
    {
        return type.builtin == XsdBuiltin::Base64Binary && type.listItem == nullptr &&
               type.unionMembers.empty();
    }

    // The value in _lexical (checked base64) as an attachment, named by an xop:Include in element.
    bool attach(pugi::xml_node element)
    {
        std::string bytes;
        if (!decodeSpacedBase64(_lexical, bytes))
        {
            // A form the lexical check takes but the decoder does not: sent inline, as text.
            element.append_child(pugi::node_pcdata).set_value(_lexical.c_str());
            return true;
        }
        XopAttachment& attachment = _attachments->emplace_back();
        attachment.contentId = "part" + std::to_string(_attachments->size()) + "@portico";
        attachment.bytes = std::move(bytes);
        pugi::xml_node include = element.append_child(qualified(xopNamespace, "Include"));
        include.append_attribute("href") = ("cid:" + attachment.contentId).c_str();
        return true;
    }

    // The type an object of a type with derived ones takes: its "@xsi:type" ("Name", or
    // "{namespace}Name" when two namespaces define the name), or the declared type if that is not
    // abstract.
    bool chooseType(const ComplexType& declared, const Poco::JSON::Object& object, const FieldPath& path,
                    const ComplexType*& chosen)
    {
        std::vector<const ComplexType*> candidates;
        if (!declared.abstract) candidates.push_back(&declared);
        for (const ComplexType* derived : declared.derived)
        {
            if (!derived->abstract && !derived->qname.empty()) candidates.push_back(derived);
        }
        const std::string member(xsiTypeMember);
        if (!object.has(member))
        {
            chosen = declared.abstract ? nullptr : &declared;
            if (!chosen)
                error = path.text() + ": " + declared.name + " is abstract: \"" + member +
                        "\" must name one of " + typeNames(candidates);
            return chosen != nullptr;
        }
        const Poco::Dynamic::Var given = object.get(member);
        const FieldPath memberPath(path, member);
        std::string_view ns, local;
        const std::string text = given.isString() ? given.convert<std::string>() : std::string();
        const bool named = given.isString() && splitMemberName(text, {}, ns, local);
        const bool anyNamespace = named && text[0] != '{';
        chosen = nullptr;
        int matches = 0;
        for (const ComplexType* candidate : candidates)
        {
            if (named && candidate->qname.local == local && (anyNamespace || candidate->qname.ns == ns))
            {
                chosen = candidate;
                ++matches;
            }
        }
        if (matches == 1) return true;
        error = memberPath.text() + ": " +
                (matches > 1 ? "\"" + text + "\" is ambiguous; write \"{namespace}" + text + "\" (one of "
                             : describeJson(given) + " is not " + declared.name +
                                   " or a type derived from it (one of ") +
                typeNames(candidates) + ")";
        return false;
    }

    static std::string typeNames(const std::vector<const ComplexType*>& types)
    {
        std::vector<std::string> names;
        for (const ComplexType* type : types)
            names.push_back(type->qname.local);
        return commaSeparated(names);
    }

    // xs:anyType: an object is untyped content in the element's namespace; a plain value is text
    // with its xsi:type.
    bool writeAnyTypeValue(pugi::xml_node element, const ElementDecl& decl, const Poco::Dynamic::Var& value,
                           const FieldPath& path)
    {
        if (isJsonObject(value))
            return writeUntypedContent(element, decl.ns, *value.extract<Poco::JSON::Object::Ptr>(), path, 1);
        std::string text;
        if (!untypedScalar(value, path, text)) return false;
        setBuiltinType(element, builtinTypeOf(value, text));
        if (!text.empty()) element.append_child(pugi::node_pcdata).set_value(text.c_str());
        return true;
    }

    // ---- SOAP header ------------------------------------------------------------------------

    // Without a WSDL every member is a header element; the soap:Header itself takes no attributes
    // or text.
    bool writeUntypedHeader(pugi::xml_node header, const std::string& ns, const Poco::JSON::Object& object,
                            const FieldPath& path)
    {
        for (const std::string& key : object.getNames())
        {
            if (!isNcName(key))
            {
                error = quoteJson(FieldPath(path, key).text()) + " is not a valid XML element name";
                return false;
            }
        }
        return writeUntypedContent(header, ns, object, path, 0);
    }

    // ---- untyped ---------------------------------------------------------------------------

    bool writeUntypedContent(pugi::xml_node parent, const std::string& ns, const Poco::JSON::Object& object,
                             const FieldPath& path, int depth)
    {
        if (depth > maxUntypedDepth)
        {
            error = (path.isRoot() ? std::string("the request") : path.text()) + ": nested too deeply";
            return false;
        }
        // JSON order: the object keeps its insertion order only through getNames().
        for (const std::string& key : object.getNames())
        {
            const Poco::Dynamic::Var value = object.get(key);
            const FieldPath fieldPath(path, key);
            if (isAttributeKey(key))
            {
                if (!writeUntypedAttribute(parent, key, value, fieldPath)) return false;
                continue;
            }
            if (key == "#text")
            {
                std::string text;
                if (!untypedScalar(value, fieldPath, text)) return false;
                parent.append_child(pugi::node_pcdata).set_value(text.c_str());
                continue;
            }
            if (!writeUntypedMember(parent, ns, key, value, fieldPath, depth)) return false;
        }
        return true;
    }

    // "@name" or "@{namespace}name": an attribute, unqualified unless a namespace is given.
    bool writeUntypedAttribute(pugi::xml_node parent, std::string_view key, const Poco::Dynamic::Var& value,
                               const FieldPath& path)
    {
        std::string text;
        if (!untypedScalar(value, path, text)) return false;
        std::string_view attributeNs, local;
        if (!splitMemberName(key.substr(1), {}, attributeNs, local))
        {
            error = quoteJson(path.text()) + " is not a valid XML attribute name";
            return false;
        }
        parent.append_attribute(qualified(attributeNs, local)) = text.c_str();
        return true;
    }

    // One member of untyped content: an element (or, for an array, one element per item) in ns
    // unless its name gives a namespace.
    bool writeUntypedMember(pugi::xml_node parent, const std::string& ns, std::string_view key,
                            const Poco::Dynamic::Var& value, const FieldPath& path, int depth)
    {
        std::string_view elementNs, local;
        if (!splitMemberName(key, ns, elementNs, local))
        {
            error = quoteJson(path.text()) + " is not a valid XML element name";
            return false;
        }
        const std::string elementNamespace(elementNs);
        const std::string name(local);
        if (!isJsonArray(value))
            return writeUntypedElement(parent, elementNamespace, name, value, path, depth);
        const Poco::JSON::Array& items = *value.extract<Poco::JSON::Array::Ptr>();
        std::size_t i = 0;
        for (auto item = items.begin(); item != items.end(); ++item, ++i)
        {
            const FieldPath itemPath(path, i);
            if (isJsonArray(*item))
            {
                error = itemPath.text() + ": expected a single value, got an array";
                return false;
            }
            if (!writeUntypedElement(parent, elementNamespace, name, *item, itemPath, depth)) return false;
        }
        return true;
    }

    bool writeUntypedElement(pugi::xml_node parent, const std::string& ns, const std::string& name,
                             const Poco::Dynamic::Var& value, const FieldPath& path, int depth)
    {
        pugi::xml_node element = parent.append_child(qualified(ns, name));
        if (value.isEmpty())
        {
            setNil(element);
            return true;
        }
        if (isJsonObject(value))
            return writeUntypedContent(element, ns, *value.extract<Poco::JSON::Object::Ptr>(), path,
                                       depth + 1);
        std::string text;
        if (!untypedScalar(value, path, text)) return false;
        if (!text.empty()) element.append_child(pugi::node_pcdata).set_value(text.c_str());
        return true;
    }

    bool untypedScalar(const Poco::Dynamic::Var& value, const FieldPath& path, std::string& text)
    {
        SimpleType anyString;
        anyString.xsdName = "a string, number or boolean";
        if (!jsonToLexical(value, anyString, text, _problem))
        {
            error = path.text() + ": " + _problem;
            return false;
        }
        return true;
    }

private:
    pugi::xml_node _wrapper;
    std::string _prefixStem;
    std::vector<std::pair<std::string, std::string>> _prefixes; // namespace, prefix; in order of use
    pugi::xml_attribute _lastDeclaration;
    bool _xsiDeclared = false;
    bool _xsdDeclared = false;
    std::vector<XopAttachment>* _attachments = nullptr;
    // Scratch space reused from value to value.
    std::string _name;
    std::string _key;
    std::string _lexical;
    std::string _problem;
};

bool writeHeader(const SoapOperation& operation, const Poco::JSON::Object& given, pugi::xml_node header,
                 std::string& error)
{
    BodyWriter writer(header, "h");
    const FieldPath root;
    const FieldPath path(root, soapHeaderMember);
    const bool ok = operation.typed
                        ? writer.writeContent(header, operation.requestHeader, given, path, headerWording)
                        : writer.writeUntypedHeader(header, operation.untypedNamespace, given, path);
    if (!ok) error = writer.error;
    return ok;
}

} // namespace

EnvelopeBuilder::EnvelopeBuilder(SoapVersion version, std::shared_ptr<const UsernameToken> security,
                                 bool mtom)
    : _version(version), _security(std::move(security)), _mtom(mtom)
{
}

bool EnvelopeBuilder::build(const SoapOperation& operation, Poco::JSON::Object& fields, std::string& envelope,
                            std::string& packageType, std::string& error, int& status,
                            const SecurityStamp* stamp) const
{
    status = 400;
    packageType.clear();
    std::vector<XopAttachment> attachments;
    pugi::xml_document document;
    pugi::xml_node declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "utf-8";
    pugi::xml_node root = document.append_child("soap:Envelope");
    root.append_attribute("xmlns:soap") = envelopeNamespace(_version);

    // The body is mapped from the fields without "soap:Header", which is taken out of them.
    const Poco::JSON::Object emptyObject;
    const Poco::JSON::Object* headerFields = &emptyObject;
    const Poco::JSON::Object::Ptr givenHeader = fields.getObject(soapHeaderMember);
    if (givenHeader)
    {
        headerFields = givenHeader.get();
        fields.remove(soapHeaderMember);
    }
    else if (fields.has(soapHeaderMember))
    {
        error = std::string(soapHeaderMember) + ": expected an object, got " +
                describeJson(fields.get(soapHeaderMember));
        return false;
    }
    const Poco::JSON::Object& bodyFields = fields;

    pugi::xml_node header = root.append_child("soap:Header");
    if (_security)
    {
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
    // The binding's header parts follow WS-Security, which receivers expect to process first.
    if (!writeHeader(operation, *headerFields, header, error)) return false;
    if (!header.first_child()) root.remove_child(header);
    pugi::xml_node body = root.append_child("soap:Body");

    if (!operation.typed)
    {
        pugi::xml_node wrapper = body.append_child("x");
        BodyWriter writer(wrapper);
        if (_mtom) writer.attachTo(attachments);
        wrapper.set_name(writer.qualified(operation.untypedNamespace, operation.name));
        if (!writer.writeUntypedContent(wrapper, operation.untypedNamespace, bodyFields, FieldPath(), 0))
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
        if (_mtom) writer.attachTo(attachments);
        wrapper.set_name(writer.qualified(decl.ns, decl.name));
        if (!writer.writeContent(wrapper, *decl.complexType, bodyFields, FieldPath()))
        {
            error = writer.error;
            return false;
        }
    }
    else if (bodyFields.size() > 0)
    {
        error = "unknown field " + quoteJson(bodyFields.getNames().front()) + " (operation '" +
                operation.name + "' takes no fields)";
        return false;
    }

    envelope.clear();
    appendXmlText(document, envelope);
    if (!attachments.empty())
    {
        std::string package;
        packageType =
            packXop(envelope, attachments, envelopeMediaType(_version, operation.soapAction), package);
        envelope = std::move(package);
    }
    return true;
}

} // namespace portico::soap
