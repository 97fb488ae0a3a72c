#include "soap/ServiceContract.h"

#include <algorithm>

namespace portico::soap
{

std::string ServiceContract::operationNames() const
{
    std::vector<std::string> names;
    for (const SoapOperation& operation : operations)
        names.push_back(operation.name);
    std::sort(names.begin(), names.end());
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

} // namespace portico::soap
