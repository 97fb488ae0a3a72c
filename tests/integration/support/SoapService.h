#pragma once

// The demo SOAP service (tests/demo/soap/calculator_service.py, on Debian's python3-spyne) as a
// real peer on a free loopback port, stopped by the destructor.

#include "support/TestProcess.h"

#include <string>

namespace portico::test
{

class SoapService
{
public:
    explicit SoapService(const TempDirectory& folder);
    unsigned short port() const { return _port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(_port) + "/"; }
    std::string wsdlUrl() const { return url() + "?wsdl"; }
    TestProcess& process() { return _process; }

private:
    TestProcess _process;
    unsigned short _port = 0;
};

} // namespace portico::test
