#include "support/SoapService.h"

#include <stdexcept>

namespace portico::test
{

SoapService::SoapService(const TempDirectory& folder)
{
    _process.start("/usr/bin/python3", {sourcePath("tests/demo/soap/calculator_service.py"), "--port=0"},
                   folder.file("soap-service"));
    if (!_process.waitForOutput("listening on", std::chrono::seconds(20)))
    {
        throw std::runtime_error("the SOAP service did not start: " + _process.errorOutput());
    }
    std::string out = _process.output();
    _port = static_cast<unsigned short>(std::stoi(out.substr(out.rfind(':') + 1)));
}

} // namespace portico::test
