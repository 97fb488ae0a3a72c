#include "net/Transport.h"

#include "net/SocketCalls.h"

#include <openssl/err.h>

namespace portico::net
{

IoResult PlainTransport::read(char* into, std::size_t capacity, std::size_t& count)
{
    const IoResult result = receiveSome(_fd, into, capacity, count);
    if (result == IoResult::Failed) _error = socketErrorText(lastSocketError());
    return result;
}

IoResult PlainTransport::write(const char* from, std::size_t length, std::size_t& count)
{
    const IoResult result = sendSome(_fd, from, length, count);
    if (result == IoResult::Failed) _error = socketErrorText(lastSocketError());
    return result;
}

TlsTransport::~TlsTransport()
{
    // A quiet shutdown: the peer learns of the close from the TCP FIN; waiting for its
    // close_notify would need another round trip on a socket we are about to close.
    SSL_set_quiet_shutdown(_ssl, 1);
    SSL_shutdown(_ssl);
    SSL_free(_ssl);
}

IoResult TlsTransport::translate(int result)
{
    int code = SSL_get_error(_ssl, result);
    switch (code)
    {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        return IoResult::WouldBlock;
    case SSL_ERROR_ZERO_RETURN:
        return IoResult::Closed;
    default:
    {
        unsigned long detail = ERR_get_error();
        char text[256] = "TLS connection failed";
        if (detail != 0)
        {
            ERR_error_string_n(detail, text, sizeof text);
        }
        ERR_clear_error();
        _error = text;
        return IoResult::Failed;
    }
    }
}

IoResult TlsTransport::read(char* into, std::size_t capacity, std::size_t& count)
{
    std::size_t got = 0;
    int result = SSL_read_ex(_ssl, into, capacity, &got);
    if (result == 1)
    {
        count = got;
        return IoResult::Done;
    }
    return translate(result);
}

IoResult TlsTransport::write(const char* from, std::size_t length, std::size_t& count)
{
    std::size_t sent = 0;
    int result = SSL_write_ex(_ssl, from, length, &sent);
    if (result == 1)
    {
        count = sent;
        return IoResult::Done;
    }
    return translate(result);
}

const PeerCertificate* TlsTransport::peerCertificate()
{
    if (!SSL_is_init_finished(_ssl)) return nullptr;
    if (!_peer) _peer = PeerCertificate::read(_ssl);
    return &*_peer;
}

} // namespace portico::net
