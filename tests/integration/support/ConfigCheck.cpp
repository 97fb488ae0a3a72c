#include "support/ConfigCheck.h"

#include <cppunit/extensions/HelperMacros.h>

namespace portico::test
{

ConfigCheckResult checkConfig(const TempDirectory& folder, const std::string& configXml)
{
    ConfigCheckResult result;
    result.text = configXml;
    for (const std::string placeholder : {"@PORT@", "@ADMIN_PORT@"})
    {
        const std::size_t at = result.text.find(placeholder);
        if (at != std::string::npos) result.text.replace(at, placeholder.size(), std::to_string(freePort()));
    }
    result.path = folder.file("portico.xml");
    writeFile(result.path, result.text);
    std::string out;
    std::string err;
    result.exitCode =
        runToCompletion(binaryPath("porticod"), {"--config=" + result.path, "--check-config"}, out, err);
    result.output = out + err;
    return result;
}

void assertRefusedAt(const ConfigCheckResult& result,
                     const std::vector<std::pair<std::string, std::string>>& markedMessages)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(result.output, 1, result.exitCode);
    for (const auto& [marker, message] : markedMessages)
    {
        const std::string expected = result.path + ":" + positionOf(result.text, marker) + ": " + message;
        CPPUNIT_ASSERT_MESSAGE("expected \"" + expected + "\" in: " + result.output,
                               result.output.find(expected) != std::string::npos);
    }
}

std::string positionOf(const std::string& text, const std::string& marker)
{
    const std::size_t at = text.find(marker);
    CPPUNIT_ASSERT_MESSAGE("marker " + marker + " not in the configuration", at != std::string::npos);
    std::size_t lineStart = text.rfind('\n', at);
    lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
    std::size_t line = 1;
    for (std::size_t i = 0; i < lineStart; ++i)
        line += text[i] == '\n' ? 1 : 0;
    return std::to_string(line) + ":" + std::to_string(at - lineStart + 1);
}

} // namespace portico::test
