// Fuzz target for what makes a cache key: the request's host, normalised path, raw query, the
// route's vary fields, the consumer, and for a POST read the canonical JSON of its body. Input:
//   byte 0   bit 0: the route's answers are public (one entry for every consumer); bits 1-2: the
//            route's vary fields (none; accept-language; accept-language and x-region; x-region,
//            accept-language and accept)
//   rest     five lines, each of which may be empty: the method, the Host, the raw path
//            (normalised as the server does; a refused path ends there), the raw query and the
//            consumer; then "Name: value" header fields up to an empty line, and the body
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// - the key is deterministic, and a POST read's is another, ending with its body's digest;
// - header names are found in any case; an absent vary field and an empty one make other keys;
// - moving a byte from one field of the key to the next always changes the key (the promise that
//   two requests never make one key by shifting bytes between fields), and the consumer changes
//   the key exactly when the answers are not public;
// - the canonical JSON of a body is JSON whose canonical form is itself (idempotent), holds only
//   numbers the body holds (read as doubles), and the same document written out again by POCO
//   (other member order and spacing, other escapes) has the same canonical form.
// The key holds the raw query as it came (CacheKey.h), so query parameter order is not checked:
// "a=1&b=2" and "b=2&a=1" are two entries by design.

#include "cache/CacheKey.h"
#include "cache/CacheSettings.h"
#include "cache/CanonicalJson.h"
#include "crypto/Sha256.h"
#include "pipeline/Exchange.h"
#include "routing/PathNormalizer.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <portico/codec/JsonIntegers.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace
{

using portico::cache::CacheSettings;

[[noreturn]] void fail(const std::string& property)
{
    std::fprintf(stderr, "CacheKeyFuzzer: %s\n", property.c_str());
    std::abort();
}

// The parts of a request the key reads, owned here (an Exchange only views them).
struct Request
{
    std::string host;
    std::string path;
    std::string query;
    std::string consumer;
    std::vector<std::pair<std::string, std::string>> headers;
};

std::string keyOf(const Request& request, const CacheSettings& settings, std::string_view digest)
{
    portico::pipeline::Exchange exchange;
    exchange.host = request.host;
    exchange.normalizedPath = request.path;
    exchange.query = request.query;
    exchange.consumer = request.consumer;
    for (const auto& [name, value] : request.headers)
    {
        exchange.request.headers.push_back({name, value});
    }
    std::string key = "left over from an earlier request\n";
    portico::cache::buildCacheKey("fuzz-route", exchange, settings, digest, key);
    return key;
}

std::string lowerCase(std::string text)
{
    for (char& c : text)
    {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

std::string* firstField(Request& request, const std::string& lowerName)
{
    for (auto& [name, value] : request.headers)
    {
        if (lowerCase(name) == lowerName) return &value;
    }
    return nullptr;
}

// The key's fields in key order, each one a place bytes could shift into or out of.
std::vector<std::string*> keyFields(Request& request, const CacheSettings& settings)
{
    std::vector<std::string*> fields = {&request.host, &request.path, &request.query};
    for (const std::string& name : settings.vary)
    {
        if (std::string* value = firstField(request, name)) fields.push_back(value);
    }
    if (!settings.sharedAcrossConsumers) fields.push_back(&request.consumer);
    return fields;
}

void checkShifts(const Request& request, const CacheSettings& settings, std::string_view digest,
                 const std::string& key)
{
    Request copy = request;
    const std::size_t count = keyFields(copy, settings).size();
    for (std::size_t i = 0; i + 1 < count; ++i)
    {
        Request shifted = request;
        std::vector<std::string*> fields = keyFields(shifted, settings);
        if (fields[i]->empty()) continue;
        fields[i + 1]->insert(fields[i + 1]->begin(), fields[i]->back());
        fields[i]->pop_back();
        if (keyOf(shifted, settings, digest) == key)
            fail("a byte moved from key field " + std::to_string(i) + " to the next gives the same key");
    }
}

void checkHeaders(const Request& request, const CacheSettings& settings, const std::string& key)
{
    Request upper = request;
    for (auto& header : upper.headers)
    {
        for (char& c : header.first)
        {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
    }
    if (keyOf(upper, settings, {}) != key) fail("the case of a header name changes the key");
    for (const std::string& name : settings.vary)
    {
        Request without = request;
        if (!firstField(without, name)) continue;
        auto& headers = without.headers;
        headers.erase(std::remove_if(headers.begin(), headers.end(),
                                     [&](const auto& header) { return lowerCase(header.first) == name; }),
                      headers.end());
        if (keyOf(without, settings, {}) == key) fail("dropping vary field '" + name + "' keeps the key");
    }
    Request other = request;
    other.consumer += "-other";
    if ((keyOf(other, settings, {}) == key) != settings.sharedAcrossConsumers)
        fail(settings.sharedAcrossConsumers ? "another consumer changes a public route's key"
                                            : "another consumer keeps the key");
}

// POCO's own writing of the same document: its member order, its spacing and escapes.
std::string rewritten(const std::string& body)
{
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(body);
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(parsed, out, 2);
    return out.str();
}

// The numbers written in JSON text (outside its strings), read as doubles.
std::vector<double> numbersIn(std::string_view text)
{
    std::vector<double> numbers;
    portico::codec::forEachJsonNumber(
        text, [&numbers](std::string_view number)
        { numbers.push_back(std::strtod(std::string(number).c_str(), nullptr)); });
    return numbers;
}

void checkCanonical(const std::string& body, const std::string& canonical)
{
    // Every number of the canonical form is one of the body's, as a double reads it (a duplicate
    // member's value may be gone): two bodies with other numbers must not share a cache entry.
    std::vector<double> written = numbersIn(body);
    for (const double number : numbersIn(canonical))
    {
        const auto found = std::find(written.begin(), written.end(), number);
        if (found == written.end())
            fail("canonical JSON holds a number the body does not: " + canonical + " from " + body);
        written.erase(found);
    }
    std::string again;
    if (!portico::cache::canonicalJson(canonical, again))
        fail("the canonical JSON of a body is not JSON: " + canonical);
    if (again != canonical) fail("canonical JSON is not idempotent: " + canonical + " became " + again);
    std::string other;
    try
    {
        other = rewritten(body);
    }
    catch (const Poco::Exception&)
    {
        return; // POCO reads it but cannot write it back: nothing to compare
    }
    std::string otherCanonical;
    if (!portico::cache::canonicalJson(other, otherCanonical) || otherCanonical != canonical)
        fail("the same document written otherwise has another canonical form: " + other);
}

// Takes the next line off text (without its '\n'); false when text is used up.
bool takeLine(std::string_view& text, std::string_view& line)
{
    if (text.empty()) return false;
    const std::size_t end = text.find('\n');
    line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::vector<std::string> varySets[] = {
        {}, {"accept-language"}, {"accept-language", "x-region"}, {"x-region", "accept-language", "accept"}};
    if (size < 1) return 0;
    CacheSettings settings;
    settings.sharedAcrossConsumers = (data[0] & 1) != 0;
    settings.vary = varySets[(data[0] >> 1) & 3];
    settings.post = true;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string_view fixed[5]; // method, Host, path, query, consumer: each may be empty
    for (std::string_view& line : fixed)
    {
        if (!takeLine(text, line)) return 0;
    }
    const std::string_view method = fixed[0];
    Request request;
    request.host = fixed[1];
    if (portico::routing::normalizePath(fixed[2], request.path) != portico::routing::PathError::None)
        return 0;
    request.query = fixed[3];
    request.consumer = fixed[4];
    // Header fields up to the first empty line; the body is the rest.
    for (std::string_view line; takeLine(text, line) && !line.empty();)
    {
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        request.headers.emplace_back(line.substr(0, colon), value);
    }
    const std::string body(text);

    std::string canonical;
    const bool json = portico::cache::canonicalJson(body, canonical);
    if (json) checkCanonical(body, canonical);

    const std::string key = keyOf(request, settings, {});
    if (keyOf(request, settings, {}) != key) fail("the same request gives another key");
    checkHeaders(request, settings, key);
    checkShifts(request, settings, {}, key);
    if (method == "POST" && json)
    {
        const std::string digest = portico::crypto::toHex(portico::crypto::sha256(canonical));
        const std::string postKey = keyOf(request, settings, digest);
        if (postKey == key) fail("a POST read has the key of a GET");
        if (postKey.size() < digest.size() ||
            postKey.compare(postKey.size() - digest.size(), digest.size(), digest) != 0)
            fail("a POST read's key does not end with its body's digest");
        checkShifts(request, settings, digest, postKey);
    }
    return 0;
}
