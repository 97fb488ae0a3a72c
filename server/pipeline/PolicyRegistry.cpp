#include "pipeline/PolicyRegistry.h"

#include <stdexcept>

namespace portico::pipeline
{

const PolicyRegistry& PolicyRegistry::builtin()
{
    static const PolicyRegistry registry = []
    {
        PolicyRegistry built;
        registerBuiltinModules(built);
        return built;
    }();
    return registry;
}

void PolicyRegistry::add(std::string element, Slot slot,
                         std::function<std::shared_ptr<const Policy>(const PolicyElement&)> build)
{
    PolicyModule module;
    module.element = std::move(element);
    module.slot = slot;
    module.build = std::move(build);
    add(std::move(module));
}

void PolicyRegistry::add(PolicyModule module)
{
    if (find(module.element) != nullptr)
    {
        throw std::logic_error("two policy modules claim <" + module.element + ">");
    }
    _modules.push_back(std::move(module));
}

const PolicyModule* PolicyRegistry::find(std::string_view element) const
{
    for (const PolicyModule& module : _modules)
    {
        if (module.element == element)
        {
            return &module;
        }
    }
    return nullptr;
}

} // namespace portico::pipeline
