#pragma once

// Where built-in modules declare their policies: one entry per configuration element name
// (<headers>, <rateLimit>, …) with its slot, what it needs from earlier slots, and the factory
// that parses the element — once, at configuration load, reporting FILE:LINE:COL errors — into
// the immutable per-route Policy. The route parser knows no module by name: it asks here.

#include "pipeline/Policy.h"
#include "pipeline/Slot.h"

#include <pugixml.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::config
{
class LoadContext;
struct Config;
struct RouteConfig;
} // namespace portico::config

namespace portico::pipeline
{

// A policy in a slot other than its module's: for an element that acts in more than one place
// (<allow ips groups>: the addresses at the edge, the groups after authentication).
struct PolicyPart
{
    Slot slot = Slot::Transforms;
    std::shared_ptr<const Policy> policy;
    std::vector<Slot> needs; // slots that must hold a policy on the same route
};

// What a factory is given: the element, where to report errors, and the route it is for.
struct PolicyElement
{
    config::LoadContext& context;
    pugi::xml_node element;
    // The configuration being loaded: every section but <routes> is complete (the consumers, say).
    const config::Config& config;
    const config::RouteConfig& route;
    // The names the route's path template binds ("id" for /orders/{id}; "*" for a trailing /*).
    const std::vector<std::string>& pathParameters;
    bool fromDefaults = false; // the element stands in <defaults>, applied to this route
    // Where a factory puts parts for other slots; its return value may then be null without an error.
    std::vector<PolicyPart>& otherParts;
};

struct PolicyModule
{
    std::string element; // configuration element name, e.g. "headers"
    Slot slot = Slot::Transforms;
    // Slots that must hold a policy on the same route (a quota keyed by consumer needs one in
    // Slot::Authentication); a route without one fails the configuration check.
    std::vector<Slot>
    requires;
    // Parses the element; returns nullptr after reporting errors through element.context.
    std::function<std::shared_ptr<const Policy>(const PolicyElement&)> build;
};

class PolicyRegistry
{
public:
    // Every built-in module (registered in modules/BuiltinModules.cpp).
    static const PolicyRegistry& builtin();

    void add(PolicyModule module);
    // The usual case: an element, its slot and its factory, needing nothing from other slots.
    void add(std::string element, Slot slot,
             std::function<std::shared_ptr<const Policy>(const PolicyElement&)> build);
    const PolicyModule* find(std::string_view element) const;

private:
    std::vector<PolicyModule> _modules;
};

// Defined in modules/BuiltinModules.cpp: the one list of built-in policy modules.
void registerBuiltinModules(PolicyRegistry& registry);

} // namespace portico::pipeline
