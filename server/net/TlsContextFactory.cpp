#include "net/TlsContextFactory.h"

#include "net/SocketHeaders.h"

#include <Poco/Exception.h>
#include <Poco/Net/SSLManager.h>
#include <stdexcept>

namespace portico::net
{

namespace
{

Poco::Net::Context::VerificationMode serverVerification(config::ClientAuth auth)
{
    switch (auth)
    {
    case config::ClientAuth::Required:
        return Poco::Net::Context::VERIFY_STRICT;
    case config::ClientAuth::Optional:
        return Poco::Net::Context::VERIFY_RELAXED;
    case config::ClientAuth::None:
        break;
    }
    return Poco::Net::Context::VERIFY_NONE;
}

bool isIpLiteral(const std::string& host)
{
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
           ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

} // namespace

Poco::Net::Context::Ptr TlsContextFactory::serverContext(const config::ListenerConfig& listener)
{
    Poco::Net::Context::Params params;
    params.privateKeyFile = listener.privateKey;
    params.certificateFile = listener.certificate;
    params.caLocation = listener.clientCa;
    params.verificationMode = serverVerification(listener.clientAuth);
    params.loadDefaultCAs = false;
    params.cipherList = "HIGH:!aNULL:!MD5:!RC4:!3DES";
    try
    {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        // Session cache off: the loops share the context, and tickets (on by default) resume
        // sessions without server-side state anyway.
        SSL_CTX_set_session_cache_mode(context->sslContext(), SSL_SESS_CACHE_OFF);
        return context;
    }
    catch (const Poco::Exception& e)
    {
        throw std::runtime_error("TLS listener " + listener.host + ":" + std::to_string(listener.port) +
                                 ": " + e.displayText());
    }
}

Poco::Net::Context::Ptr TlsContextFactory::clientContext(bool verify, const std::string& caFile)
{
    Poco::Net::Context::Params params;
    params.verificationMode = verify ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
    params.caLocation = caFile;
    params.loadDefaultCAs = caFile.empty();
    params.cipherList = "HIGH:!aNULL:!MD5:!RC4:!3DES";
    try
    {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        return context;
    }
    catch (const Poco::Exception& e)
    {
        throw std::runtime_error("TLS client context: " + e.displayText());
    }
}

Poco::Net::Context::Ptr TlsContextFactory::verifyingClientContext()
{
    static const Poco::Net::Context::Ptr context = clientContext(true, "");
    return context;
}

SSL* newServerSsl(Poco::Net::Context& context, int fd)
{
    SSL* ssl = SSL_new(context.sslContext());
    if (ssl == nullptr)
    {
        return nullptr;
    }
    SSL_set_fd(ssl, fd);
    SSL_set_accept_state(ssl);
    return ssl;
}

SSL* newClientSsl(Poco::Net::Context& context, int fd, const std::string& serverName, bool verify)
{
    SSL* ssl = SSL_new(context.sslContext());
    if (ssl == nullptr)
    {
        return nullptr;
    }
    SSL_set_fd(ssl, fd);
    if (!isIpLiteral(serverName))
    {
        SSL_set_tlsext_host_name(ssl, serverName.c_str());
    }
    if (verify)
    {
        // Context checks the chain; the name (or IP address) must be checked per connection.
        if (isIpLiteral(serverName))
        {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName.c_str());
        }
        else
        {
            SSL_set1_host(ssl, serverName.c_str());
        }
    }
    SSL_set_connect_state(ssl);
    return ssl;
}

} // namespace portico::net
