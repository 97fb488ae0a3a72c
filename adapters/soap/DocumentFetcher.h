#pragma once

// How WSDL and XSD documents are read: a function from a location (a file path or an http(s) URL)
// to its text. The plugin builds one that reads files and fetches URLs through
// HostServices::httpBlocking(); tests use fileFetcher(). Only called at configuration time.

#include <functional>
#include <string>

namespace portico::soap
{

// Reads the document at location into text; on failure returns false with a one-line error.
using FetchFunction = std::function<bool(const std::string& location, std::string& text, std::string& error)>;

// True for "http://…" and "https://…" (scheme compared case-insensitively).
bool isHttpLocation(const std::string& location);

// The location of reference as seen from a document at base: absolute references (a URL, an
// absolute path) are returned as they are; relative ones are resolved against base's folder (a
// file) or URL (RFC 3986). "file:" URLs become paths.
std::string resolveLocation(const std::string& base, const std::string& reference);

// Resolves a configured path against the configuration's folder (URLs are returned unchanged).
std::string resolveConfiguredLocation(const std::string& baseDirectory, const std::string& location);

// Reads local files only; refuses URLs. Thread-safe.
FetchFunction fileFetcher();

// Reads a file; on failure returns false with a reason that names the path.
bool readFile(const std::string& path, std::string& text, std::string& error);

} // namespace portico::soap
