#include "soap/DocumentFetcher.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace portico::soap
{

namespace
{

bool startsWithNoCase(const std::string& text, const char* prefix)
{
    const std::size_t length = std::strlen(prefix);
    if (text.size() < length) return false;
    for (std::size_t i = 0; i < length; ++i)
    {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (c != prefix[i]) return false;
    }
    return true;
}

std::string fileUrlToPath(const std::string& location)
{
    try
    {
        return Poco::URI(location).getPath();
    }
    catch (const Poco::Exception&)
    {
        return location.substr(5);
    }
}

} // namespace

bool isHttpLocation(const std::string& location)
{
    return startsWithNoCase(location, "http://") || startsWithNoCase(location, "https://");
}

std::string resolveLocation(const std::string& base, const std::string& reference)
{
    if (isHttpLocation(reference)) return reference;
    if (startsWithNoCase(reference, "file:")) return fileUrlToPath(reference);
    if (isHttpLocation(base))
    {
        try
        {
            Poco::URI uri(base);
            uri.resolve(reference);
            return uri.toString();
        }
        catch (const Poco::Exception&)
        {
            return reference;
        }
    }
    const std::filesystem::path path(reference);
    if (path.is_absolute()) return path.lexically_normal().string();
    return (std::filesystem::path(base).parent_path() / path).lexically_normal().string();
}

std::string resolveConfiguredLocation(const std::string& baseDirectory, const std::string& location)
{
    if (isHttpLocation(location)) return location;
    if (startsWithNoCase(location, "file:")) return fileUrlToPath(location);
    const std::filesystem::path path(location);
    if (path.is_absolute() || baseDirectory.empty()) return path.lexically_normal().string();
    return (std::filesystem::path(baseDirectory) / path).lexically_normal().string();
}

bool readFile(const std::string& path, std::string& text, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        error = "cannot read '" + path + "': " + std::strerror(errno);
        return false;
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
    {
        error = "cannot read '" + path + "'";
        return false;
    }
    text = content.str();
    return true;
}

FetchFunction fileFetcher()
{
    return [](const std::string& location, std::string& text, std::string& error)
    {
        if (isHttpLocation(location))
        {
            error = "cannot fetch '" + location + "': only files can be read here";
            return false;
        }
        return readFile(location, text, error);
    };
}

} // namespace portico::soap
