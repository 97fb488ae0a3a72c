#pragma once

// A namespace-qualified XML name, as used by WSDL and XSD references ("tns:Add" resolved to
// {http://tempuri.org/}Add). Plain value type.

#include <string>
#include <tuple>

namespace portico::soap
{

struct QName
{
    std::string ns;    // namespace URI, "" for no namespace
    std::string local; // local part

    bool empty() const { return local.empty(); }

    // "{ns}local", or "local" without a namespace: unambiguous, for messages.
    std::string text() const { return ns.empty() ? local : "{" + ns + "}" + local; }

    bool operator==(const QName& other) const { return ns == other.ns && local == other.local; }
    bool operator!=(const QName& other) const { return !(*this == other); }
    bool operator<(const QName& other) const { return std::tie(ns, local) < std::tie(other.ns, other.local); }
};

} // namespace portico::soap
