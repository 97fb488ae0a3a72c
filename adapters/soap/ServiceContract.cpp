#include "soap/ServiceContract.h"

#include "soap/CommaList.h"

#include <algorithm>

namespace portico::soap
{

std::string ServiceContract::operationNames() const
{
    std::vector<std::string> names;
    for (const SoapOperation& operation : operations)
        names.push_back(operation.name);
    std::sort(names.begin(), names.end());
    return commaSeparated(names);
}

} // namespace portico::soap
