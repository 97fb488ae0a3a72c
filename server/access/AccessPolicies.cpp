#include "access/AccessPolicies.h"

#include "config/LoadContext.h"
#include "consumers/ConsumerIndex.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <algorithm>

namespace portico::access
{

namespace
{

// Reads ips="…" into ranges; false (reported) when missing, empty or malformed.
bool readRanges(config::ElementReader& reader, net::AddressRangeSet& ranges)
{
    const std::optional<std::string> ips = reader.text("ips");
    if (!ips) return false;
    std::string bad;
    if (!ranges.parse(*ips, bad))
    {
        reader.invalid("ips", *ips,
                       "'" + bad +
                           "' is not an address or a range such as 10.0.0.0/8 or 2001:db8::/32 (no bits set "
                           "past the prefix)");
        return false;
    }
    if (ranges.empty())
    {
        reader.error("ips", "'ips' on " + reader.tag() + " lists no address");
        return false;
    }
    return true;
}

bool readNames(config::ElementReader& reader, const char* attribute, std::vector<std::string>& names)
{
    const std::optional<std::string> text = reader.text(attribute);
    if (!text) return true;
    names = config::splitList(*text);
    for (const std::string& name : names)
    {
        if (!config::isValidName(name) && std::string_view(attribute) == "groups")
        {
            reader.invalid(attribute, *text, "group names are letters, digits, '.', '_' or '-'");
            return false;
        }
    }
    if (names.empty())
    {
        reader.error(attribute, "'" + std::string(attribute) + "' on " + reader.tag() + " lists nothing");
        return false;
    }
    return true;
}

std::shared_ptr<const pipeline::Policy> buildDeny(const pipeline::PolicyElement& input)
{
    config::ElementReader reader(input.context, input.element, {"ips"});
    reader.expectEmpty();
    if (!reader.has("ips"))
    {
        reader.error("missing attribute 'ips' on <deny>");
        return nullptr;
    }
    net::AddressRangeSet ranges;
    if (!readRanges(reader, ranges)) return nullptr;
    return std::make_shared<AddressPolicy>(AddressPolicy::Mode::Deny, std::move(ranges));
}

std::shared_ptr<const pipeline::Policy> buildAllow(const pipeline::PolicyElement& input)
{
    config::ElementReader reader(input.context, input.element, {"ips", "groups", "scopes"});
    reader.expectEmpty();
    if (!reader.has("ips") && !reader.has("groups") && !reader.has("scopes"))
    {
        reader.error("<allow> needs ips=\"…\", groups=\"…\" or scopes=\"…\"");
        return nullptr;
    }
    if (reader.has("ips"))
    {
        net::AddressRangeSet ranges;
        if (readRanges(reader, ranges))
            input.otherParts.push_back(pipeline::PolicyPart{
                pipeline::Slot::Edge,
                std::make_shared<AddressPolicy>(AddressPolicy::Mode::AllowOnly, std::move(ranges)),
                {}});
    }
    std::vector<std::string> groups, scopes;
    if (readNames(reader, "groups", groups) && readNames(reader, "scopes", scopes) &&
        (!groups.empty() || !scopes.empty()))
        input.otherParts.push_back(
            pipeline::PolicyPart{pipeline::Slot::Authorization,
                                 std::make_shared<MembershipPolicy>(std::move(groups), std::move(scopes)),
                                 {pipeline::Slot::Authentication}});
    return nullptr; // every part is in otherParts
}

} // namespace

pipeline::Verdict AddressPolicy::onRequest(pipeline::RequestContext& context) const
{
    const pipeline::Exchange& exchange = context.exchange();
    const bool listed = exchange.clientIp != nullptr && _ranges.contains(*exchange.clientIp);
    if (listed == (_mode == Mode::AllowOnly)) return pipeline::Verdict::Next;
    context.reply(403, "requests from this address are not allowed on this route");
    return pipeline::Verdict::Done;
}

pipeline::Verdict MembershipPolicy::onRequest(pipeline::RequestContext& context) const
{
    const pipeline::Exchange& exchange = context.exchange();
    const consumers::Consumer* consumer = exchange.consumerRecord;
    if (!_groups.empty())
    {
        const bool member = consumer != nullptr && std::any_of(_groups.begin(), _groups.end(),
                                                               [consumer](const std::string& group)
                                                               { return consumer->inGroup(group); });
        if (!member)
        {
            context.reply(403,
                          "consumer '" + exchange.consumer + "' is not in a group allowed on this route");
            return pipeline::Verdict::Done;
        }
    }
    for (const std::string& scope : _scopes)
    {
        if (std::find(exchange.scopes.begin(), exchange.scopes.end(), scope) == exchange.scopes.end())
        {
            context.reply(403, "the credentials lack the scope '" + scope + "' this route needs");
            return pipeline::Verdict::Done;
        }
    }
    return pipeline::Verdict::Next;
}

void registerAccessModule(pipeline::PolicyRegistry& registry)
{
    registry.add("allow", pipeline::Slot::Authorization, &buildAllow);
    registry.add("deny", pipeline::Slot::Edge, &buildDeny);
}

} // namespace portico::access
