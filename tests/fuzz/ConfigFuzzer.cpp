// Fuzz target for the configuration loader, which reads what operators write (and what a reload
// through the admin API is handed): the XML document, every section's vocabulary, values and
// ${NAME} references. Input: the whole file. Properties checked (abort with a message when one
// fails): no crash, sanitizer report or hang; a file is either loaded or refused with at least one
// error, every error in the "FILE:LINE:COL: message" form.

#include "config/ConfigLoader.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace
{

[[noreturn]] void fail(const std::string& property)
{
    std::fprintf(stderr, "ConfigFuzzer: %s\n", property.c_str());
    std::abort();
}

// "fuzz.xml:LINE:COL: …" with LINE and COL positive numbers.
bool positioned(const std::string& error)
{
    const std::string prefix = "fuzz.xml:";
    if (error.compare(0, prefix.size(), prefix) != 0) return false;
    std::size_t at = prefix.size();
    for (int number = 0; number < 2; ++number)
    {
        const std::size_t digits = at;
        while (at < error.size() && std::isdigit(static_cast<unsigned char>(error[at])))
            ++at;
        if (at == digits || error[digits] == '0' || at >= error.size() || error[at] != ':') return false;
        ++at;
    }
    return error.compare(at, 1, " ") == 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using portico::config::ConfigLoader;
    const std::string xml(reinterpret_cast<const char*>(data), size);
    // Relative paths resolve into a folder that does not exist: nothing is read or written.
    const portico::config::LoadResult result =
        ConfigLoader::loadString(xml, "fuzz.xml", "/nonexistent/portico-fuzz");
    if (result.ok())
    {
        if (!result.errors.empty()) fail("a configuration loaded with errors");
        return 0;
    }
    if (result.errors.empty()) fail("a configuration refused without an error");
    for (const std::string& error : result.errors)
        if (!positioned(error)) fail("an error without FILE:LINE:COL: " + error);
    return 0;
}
