#pragma once

// Expands environment variables in configuration values, so that secrets and per-host settings
// stay out of the file: "${NAME}" and "${NAME:-default}".
//
// Rules, chosen so that values which merely contain '$' (PBKDF2 PHC strings such as
// "$pbkdf2-sha256$i=…", passwords) never need escaping:
// - "${NAME}" is replaced by the variable's value; when NAME is not set, expansion fails with an
//   error naming it, because starting with an empty token or address is never what was meant.
// - "${NAME:-default}" uses default when NAME is unset or empty (as the shell does). The
//   default is literal text up to the first '}', so it cannot itself contain '}' or "${".
// - "$${" writes a literal "${" (the only escape).
// - Any other '$', including "$$", is copied unchanged.
// - NAME is [A-Za-z_][A-Za-z0-9_]*; anything else inside "${…}" is an error, as is a "${"
//   without its closing '}'.
// Expansion is a single pass: a variable's value is never expanded again.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace portico::config
{

class EnvExpander
{
public:
    // Returns the variable's value, or nullopt when it is not set.
    using Lookup = std::function<std::optional<std::string>(const std::string& name)>;

    // Reads the process environment. getenv is not synchronised with setenv, so configuration
    // is expected to be loaded while no other thread changes the environment.
    EnvExpander();
    explicit EnvExpander(Lookup lookup);

    // On success writes the expanded text to out and returns true; otherwise returns false and
    // sets error to a one-line reason such as "environment variable 'TOKEN' is not set".
    bool expand(std::string_view text, std::string& out, std::string& error) const;

    static std::optional<std::string> processEnvironment(const std::string& name);

private:
    Lookup _lookup;
};

} // namespace portico::config
