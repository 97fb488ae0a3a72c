#include "support/BasicCredentials.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

namespace portico::test
{

std::string basicHeader(const std::string& user, const std::string& password)
{
    std::ostringstream encoded;
    Poco::Base64Encoder encoder(encoded);
    encoder.rdbuf()->setLineLength(0);
    encoder << user << ':' << password;
    encoder.close();
    return "Authorization: Basic " + encoded.str() + "\r\n";
}

} // namespace portico::test
