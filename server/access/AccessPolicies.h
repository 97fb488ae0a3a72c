#pragma once

// <allow ips groups scopes/> and <deny ips/>: who may use a route.
// - Addresses are checked at the edge, before authentication, so a refused address costs no
//   credential check: <deny ips> refuses an address in any listed range, <allow ips> refuses one
//   in none. The address is the client's (behind trusted proxies, the one they forwarded).
// - Groups and scopes are checked after authentication: the consumer must be in at least one of
//   the groups, and the request must carry every scope (from a JWT's scope or scp claim).
// A refusal is 403.

#include "net/AddressRange.h"
#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"

#include <string>
#include <vector>

namespace portico::access
{

class AddressPolicy final : public pipeline::Policy
{
public:
    enum class Mode
    {
        AllowOnly, // refuse addresses outside the ranges
        Deny,      // refuse addresses inside them
    };

    AddressPolicy(Mode mode, net::AddressRangeSet ranges) : _mode(mode), _ranges(std::move(ranges)) {}

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;

private:
    Mode _mode;
    net::AddressRangeSet _ranges;
};

class MembershipPolicy final : public pipeline::Policy
{
public:
    MembershipPolicy(std::vector<std::string> groups, std::vector<std::string> scopes)
        : _groups(std::move(groups)), _scopes(std::move(scopes))
    {
    }

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;

private:
    std::vector<std::string> _groups; // any one suffices; empty: no group needed
    std::vector<std::string> _scopes; // every one is needed
};

// Registers <allow> (edge and authorization parts) and <deny> (edge).
void registerAccessModule(pipeline::PolicyRegistry& registry);

} // namespace portico::access
