#pragma once

// The exception for a configuration that cannot be used. ConfigLoader itself never throws: it
// returns every error at once so that --check-config and POST /admin/reload can show them all.
// Callers that must stop instead (start-up) wrap the list in a ConfigError.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace portico::config
{

class ConfigError : public std::runtime_error
{
public:
    // errors: "FILE:LINE:COL: message" lines; what() joins them with '\n'.
    explicit ConfigError(std::vector<std::string> errors)
        : std::runtime_error(join(errors)), _errors(std::move(errors))
    {
    }

    const std::vector<std::string>& errors() const { return _errors; }

private:
    static std::string join(const std::vector<std::string>& lines)
    {
        std::string text;
        for (const std::string& line : lines)
        {
            if (!text.empty()) text.push_back('\n');
            text.append(line);
        }
        return text;
    }

    std::vector<std::string> _errors;
};

} // namespace portico::config
