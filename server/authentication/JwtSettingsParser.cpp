#include "authentication/JwtSettingsParser.h"

#include <portico/config/ElementReader.h>

#include <fstream>
#include <sstream>

namespace portico::authentication
{

namespace
{

bool readFile(const std::string& path, std::string& content)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    content = text.str();
    return true;
}

const char* familyName(KeyFamily family)
{
    switch (family)
    {
    case KeyFamily::Hmac:
        return "an HMAC secret (HS256, HS384, HS512)";
    case KeyFamily::Rsa:
        return "an RSA key (RS256, RS384, RS512)";
    case KeyFamily::Ec:
        return "an EC key (ES256 with P-256, ES384 with P-384)";
    }
    return "";
}

// The algorithm a lone key implies when algorithms="…" is not given.
std::string defaultAlgorithm(const KeySet& keys)
{
    const JwtKey& key = keys.front();
    if (key.family == KeyFamily::Hmac) return "HS256";
    if (key.family == KeyFamily::Rsa) return "RS256";
    return key.curveBits == 384 ? "ES384" : "ES256";
}

} // namespace

std::shared_ptr<const JwtSettings> parseJwtElement(config::LoadContext& context,
                                                   const pugi::xml_node& element)
{
    config::ElementReader reader(context, element,
                                 {"secret", "publicKey", "jwks", "algorithms", "issuer", "audience",
                                  "consumerClaim", "leeway", "refresh", "caFile"});
    reader.expectEmpty();
    const int sources = int(reader.has("secret")) + int(reader.has("publicKey")) + int(reader.has("jwks"));
    if (sources != 1)
    {
        reader.error(
            "<jwt> takes exactly one of secret=\"…\", publicKey=\"FILE\" or jwks=\"FILE or https URL\"");
        return nullptr;
    }
    auto settings = std::make_shared<JwtSettings>();
    KeySet keys;
    std::string problem;
    std::vector<KeyFamily> allowedFamilies;
    const char* sourceAttribute = reader.has("secret")      ? "secret"
                                  : reader.has("publicKey") ? "publicKey"
                                                            : "jwks";
    const std::optional<std::string> source = reader.text(sourceAttribute);
    if (!source) return nullptr;
    std::string remoteUrl;
    if (reader.has("secret"))
    {
        if (!hmacKey(*source, keys, problem))
        {
            // The secret is not repeated in the message.
            reader.error("secret", "invalid 'secret' on <jwt>: " + problem);
            return nullptr;
        }
        allowedFamilies = {KeyFamily::Hmac};
    }
    else if (reader.has("publicKey") || source->rfind("https://", 0) != 0)
    {
        if (source->rfind("http://", 0) == 0)
        {
            reader.invalid("jwks", *source, "a JWKS URL must be https://");
            return nullptr;
        }
        const std::string path = context.resolvePath(*source);
        std::string content;
        if (!readFile(path, content))
        {
            reader.error(sourceAttribute, "cannot read '" + path + "' (" + sourceAttribute + " on <jwt>)");
            return nullptr;
        }
        const bool pem = reader.has("publicKey");
        if (!(pem ? pemPublicKey(content, keys, problem) : jwksKeys(content, keys, problem)))
        {
            reader.error(sourceAttribute,
                         "invalid " + std::string(sourceAttribute) + " '" + path + "': " + problem);
            return nullptr;
        }
        allowedFamilies = pem ? std::vector<KeyFamily>{keys.front().family}
                              : std::vector<KeyFamily>{KeyFamily::Rsa, KeyFamily::Ec};
    }
    else
    {
        remoteUrl = *source;
        allowedFamilies = {KeyFamily::Rsa, KeyFamily::Ec};
    }

    JwtRules& rules = settings->rules;
    if (const std::optional<std::string> algorithms = reader.text("algorithms"))
        rules.algorithms = config::splitList(*algorithms);
    else
        rules.algorithms = {remoteUrl.empty() ? defaultAlgorithm(keys) : "RS256"};
    for (const std::string& algorithm : rules.algorithms)
    {
        KeyFamily family;
        if (!familyOf(algorithm, family))
        {
            reader.invalid("algorithms", algorithm,
                           "expected HS256, HS384, HS512, RS256, RS384, RS512, ES256 or ES384 (never none)");
            return nullptr;
        }
        if (std::find(allowedFamilies.begin(), allowedFamilies.end(), family) == allowedFamilies.end())
        {
            reader.error("algorithms", "algorithm " + algorithm + " on <jwt> needs " + familyName(family) +
                                           ", which this key source is not");
            return nullptr;
        }
    }
    if (rules.algorithms.empty())
    {
        reader.error("algorithms", "'algorithms' on <jwt> lists none");
        return nullptr;
    }
    rules.issuer = reader.text("issuer").value_or("");
    rules.audience = reader.text("audience").value_or("");
    if (const std::optional<std::string> claim = reader.text("consumerClaim"))
    {
        if (claim->empty())
        {
            reader.error("consumerClaim", "'consumerClaim' on <jwt> must name a claim");
            return nullptr;
        }
        rules.consumerClaim = *claim;
    }
    config::Duration leeway{30'000};
    if (reader.duration("leeway", leeway) && leeway > std::chrono::minutes(5))
    {
        reader.invalid("leeway", reader.text("leeway").value_or(""),
                       "at most 5m: a leeway is for clock skew");
        return nullptr;
    }
    rules.leewaySeconds = std::chrono::duration_cast<std::chrono::seconds>(leeway).count();

    if (remoteUrl.empty())
    {
        if (reader.has("refresh") || reader.has("caFile"))
        {
            reader.error("'refresh' and 'caFile' on <jwt> are for a jwks https URL");
            return nullptr;
        }
        settings->keys = std::make_shared<JwtKeySource>(std::move(keys));
    }
    else
    {
        config::Duration refresh{std::chrono::minutes(5)};
        reader.duration("refresh", refresh, false);
        if (refresh < std::chrono::seconds(1))
        {
            reader.invalid("refresh", reader.text("refresh").value_or(""), "at least 1s");
            return nullptr;
        }
        std::string caFile;
        reader.path("caFile", caFile);
        settings->keys = std::make_shared<JwtKeySource>(remoteUrl, caFile, refresh);
    }
    return settings;
}

} // namespace portico::authentication
