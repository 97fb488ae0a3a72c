#include "app/PasswordHashCommand.h"

#include "crypto/PasswordHash.h"

#include <openssl/crypto.h>

#include <string>

namespace portico::app
{

int printPasswordHash(std::istream& in, std::ostream& out, std::ostream& err)
{
    std::string password;
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty())
    {
        err << "porticod: --hash-password reads the password from standard input; none was given"
            << std::endl;
        return 1;
    }
    out << crypto::PasswordHash::create(password).phc() << std::endl;
    OPENSSL_cleanse(password.data(), password.size());
    return 0;
}

} // namespace portico::app
