#include "soap/WsdlModel.h"

namespace portico::soap
{

const WsdlBinding* WsdlModel::findBinding(const QName& name) const
{
    for (const WsdlBinding& binding : bindings)
    {
        if (binding.name == name) return &binding;
    }
    return nullptr;
}

const WsdlPortType* WsdlModel::findPortType(const QName& name) const
{
    for (const WsdlPortType& portType : portTypes)
    {
        if (portType.name == name) return &portType;
    }
    return nullptr;
}

const WsdlMessage* WsdlModel::findMessage(const QName& name) const
{
    for (const WsdlMessage& message : messages)
    {
        if (message.name == name) return &message;
    }
    return nullptr;
}

} // namespace portico::soap
