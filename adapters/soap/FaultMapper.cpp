#include "soap/FaultMapper.h"

#include "soap/JsonText.h"
#include "soap/UntypedMapping.h"
#include "soap/XmlNames.h"

#include <algorithm>

namespace portico::soap
{

namespace
{

pugi::xml_node childNamed(pugi::xml_node parent, std::string_view local)
{
    for (pugi::xml_node child : parent.children())
    {
        if (child.type() == pugi::node_element && localName(child.name()) == local) return child;
    }
    return pugi::xml_node();
}

std::string qnameLocal(const std::string& text)
{
    const std::size_t colon = text.find(':');
    return colon == std::string::npos ? text : text.substr(colon + 1);
}

} // namespace

FaultMapper::FaultMapper(std::vector<FaultRule> rules) : _rules(std::move(rules)) {}

bool FaultMapper::readFault(pugi::xml_node fault, SoapVersion version, SoapFault& result, std::string& error)
{
    result = SoapFault();
    if (version == SoapVersion::Soap11)
    {
        const pugi::xml_node code = childNamed(fault, "faultcode");
        if (!code)
        {
            error = "the SOAP 1.1 fault has no faultcode";
            return false;
        }
        result.code = qnameLocal(std::string(trimXmlSpace(textOf(code))));
        result.codeNames.push_back(result.code);
        std::size_t start = 0;
        while (true)
        {
            const std::size_t dot = result.code.find('.', start);
            const std::string part =
                result.code.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            if (!part.empty() && part != result.code) result.codeNames.push_back(part);
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        result.senderFault = result.code == "Client" || result.code.rfind("Client.", 0) == 0;
        result.reason = trimXmlSpace(textOf(childNamed(fault, "faultstring")));
        result.detail = childNamed(fault, "detail");
        return true;
    }
    const pugi::xml_node code = childNamed(fault, "Code");
    const pugi::xml_node value = childNamed(code, "Value");
    if (!value)
    {
        error = "the SOAP 1.2 fault has no Code/Value";
        return false;
    }
    const std::string top = qnameLocal(std::string(trimXmlSpace(textOf(value))));
    result.code = top;
    result.codeNames.push_back(top);
    result.senderFault = top == "Sender";
    int depth = 0;
    for (pugi::xml_node subcode = childNamed(code, "Subcode"); subcode && depth < 16;
         subcode = childNamed(subcode, "Subcode"), ++depth)
    {
        const std::string name = qnameLocal(std::string(trimXmlSpace(textOf(childNamed(subcode, "Value")))));
        if (name.empty()) break;
        result.code += "/" + name;
        result.codeNames.push_back(name);
    }
    const pugi::xml_node reason = childNamed(fault, "Reason");
    pugi::xml_node text = childNamed(reason, "Text");
    // Prefer an English text when the service gives several languages.
    for (pugi::xml_node candidate : reason.children())
    {
        if (candidate.type() != pugi::node_element || localName(candidate.name()) != "Text") continue;
        const std::string lang = candidate.attribute("xml:lang").value();
        if (lang == "en" || lang.rfind("en-", 0) == 0)
        {
            text = candidate;
            break;
        }
    }
    result.reason = trimXmlSpace(textOf(text));
    result.detail = childNamed(fault, "Detail");
    return true;
}

int FaultMapper::statusFor(const SoapFault& fault) const
{
    for (const FaultRule& rule : _rules)
    {
        if (!rule.code.empty() &&
            std::find(fault.codeNames.begin(), fault.codeNames.end(), rule.code) == fault.codeNames.end())
            continue;
        if (!rule.detail.empty())
        {
            bool found = false;
            for (pugi::xml_node child : fault.detail.children())
            {
                if (child.type() == pugi::node_element && localName(child.name()) == rule.detail)
                    found = true;
            }
            if (!found) continue;
        }
        return rule.status;
    }
    return fault.senderFault ? 400 : 502;
}

ReplyOutcome FaultMapper::map(pugi::xml_node faultElement, SoapVersion version) const
{
    SoapFault fault;
    std::string error;
    if (!readFault(faultElement, version, fault, error)) return ReplyOutcome::problem(502, error);
    JsonObjectText extensions;
    std::string code;
    appendJsonString(code, fault.code);
    extensions.set("faultcode", std::move(code));
    if (fault.detail)
    {
        std::string detail;
        if (!untypedValue(fault.detail, detail, error)) return ReplyOutcome::problem(502, error);
        extensions.set("faultdetail", std::move(detail));
    }
    std::string extensionsJson;
    extensions.appendTo(extensionsJson);
    const std::string detail = fault.reason.empty() ? "SOAP fault " + fault.code : fault.reason;
    return ReplyOutcome::problem(statusFor(fault), detail, std::move(extensionsJson));
}

} // namespace portico::soap
