// A real MTOM/XOP peer for the soap adapter's tests, built on gSOAP (Debian's gsoap and
// libgsoap-dev): its replies are MTOM packages, and it reads requests both as MTOM packages and
// as plain envelopes, telling which in each answer.
//
//     portico-demo-mtom [--port N] [--wsdl-out FILE]
//
// Prints "listening on 127.0.0.1:PORT" once it accepts connections (one thread each, kept alive).
// --wsdl-out writes its WSDL (made by soapcpp2 from files.gsoap) to FILE first.

#include "soapH.h"

#include "Files.nsmap"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

namespace
{

const char wsdl[] = {
#include "FilesWsdl.inc"
};

} // namespace

int main(int argc, char** argv)
{
    int port = 0;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        if (std::strcmp(argv[i], "--port") == 0)
        {
            port = std::atoi(argv[i + 1]);
        }
        else if (std::strcmp(argv[i], "--wsdl-out") == 0)
        {
            std::ofstream(argv[i + 1], std::ios::binary).write(wsdl, sizeof wsdl - 1);
        }
    }
    struct soap* listener = soap_new1(SOAP_IO_KEEPALIVE | SOAP_ENC_MTOM);
    listener->bind_flags = SO_REUSEADDR;
    if (!soap_valid_socket(soap_bind(listener, "127.0.0.1", port, 128)))
    {
        soap_print_fault(listener, stderr);
        return 1;
    }
    sockaddr_in address{};
    socklen_t length = sizeof address;
    getsockname(listener->master, reinterpret_cast<sockaddr*>(&address), &length);
    std::printf("listening on 127.0.0.1:%d\n", ntohs(address.sin_port));
    std::fflush(stdout);
    for (;;)
    {
        if (!soap_valid_socket(soap_accept(listener))) continue;
        struct soap* connection = soap_copy(listener);
        if (!connection) continue;
        std::thread(
            [connection]
            {
                soap_serve(connection);
                soap_destroy(connection);
                soap_end(connection);
                soap_free(connection);
            })
            .detach();
    }
}

int ns__Reverse(struct soap* soap, struct xsd__base64Binary data, char* name, struct ns__ReverseResponse* out)
{
    (void)name;
    const int size = data.__size > 0 ? data.__size : 0;
    out->size = size;
    // gSOAP sets the id of a value that came as an attachment to its Content-ID.
    out->receivedAs = soap_strdup(soap, data.id ? "attachment" : "inline");
    out->result.__ptr = static_cast<unsigned char*>(soap_malloc(soap, static_cast<std::size_t>(size) + 1));
    std::reverse_copy(data.__ptr, data.__ptr + size, out->result.__ptr);
    out->result.__size = size;
    out->result.id = nullptr; // gSOAP makes one
    out->result.type = soap_strdup(soap, "application/octet-stream");
    out->result.options = nullptr;
    return SOAP_OK;
}
