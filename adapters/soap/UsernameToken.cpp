#include "soap/UsernameToken.h"

#include "soap/Namespaces.h"
#include "soap/SpacedBase64.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

namespace portico::soap
{

UsernameToken::UsernameToken(WsSecurityConfig config) : _config(std::move(config)) {}

bool UsernameToken::appendTo(pugi::xml_node header, const std::string& envelopePrefix) const
{
    std::string nonce;
    if (_config.type == WsSecurityConfig::PasswordType::Digest && !randomNonce(nonce)) return false;
    appendTo(header, envelopePrefix, nonce, createdNow());
    return true;
}

void UsernameToken::appendTo(pugi::xml_node header, const std::string& envelopePrefix,
                             const std::string& nonce, const std::string& created) const
{
    pugi::xml_node security = header.append_child("wsse:Security");
    security.append_attribute("xmlns:wsse") = ns::wsse;
    security.append_attribute("xmlns:wsu") = ns::wsu;
    security.append_attribute((envelopePrefix + ":mustUnderstand").c_str()) = "1";
    pugi::xml_node token = security.append_child("wsse:UsernameToken");
    token.append_child("wsse:Username").text().set(_config.username.c_str());
    pugi::xml_node password = token.append_child("wsse:Password");
    if (_config.type == WsSecurityConfig::PasswordType::Text)
    {
        password.append_attribute("Type") = ns::passwordText;
        password.text().set(_config.password.c_str());
        return;
    }
    password.append_attribute("Type") = ns::passwordDigest;
    password.text().set(passwordDigest(nonce, created, _config.password).c_str());
    pugi::xml_node nonceNode = token.append_child("wsse:Nonce");
    nonceNode.append_attribute("EncodingType") = ns::base64Binary;
    nonceNode.text().set(base64(nonce).c_str());
    token.append_child("wsu:Created").text().set(created.c_str());
}

std::string UsernameToken::passwordDigest(const std::string& nonce, const std::string& created,
                                          const std::string& password)
{
    const std::string input = nonce + created + password;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr) != 1)
        return std::string();
    return base64(std::string(reinterpret_cast<const char*>(digest), length));
}

std::string UsernameToken::createdNow()
{
    // POCO's formatter rather than gmtime_r, which Windows lacks; "now" is far from the dates
    // before 1970 that POCO formats wrongly.
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
}

bool UsernameToken::randomNonce(std::string& nonce)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) return false;
    nonce.assign(reinterpret_cast<const char*>(bytes), sizeof bytes);
    return true;
}

std::string UsernameToken::base64(const std::string& bytes)
{
    return encodeStandardBase64(bytes);
}

} // namespace portico::soap
