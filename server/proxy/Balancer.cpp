#include "proxy/Balancer.h"

namespace portico::proxy
{

namespace
{

bool isTried(std::uint64_t tried, std::size_t index)
{
    return index < 64 && (tried >> index) & 1u;
}

// The three passes of Balancer::choose(): healthy and untried; untried; anything. A target whose
// circuit breaker is open is never a candidate: when every one is open, there is none.
enum class Pass
{
    Preferred,
    Untried,
    Any
};

bool eligible(const TargetState& target, Pass pass, util::MonoMillis now, std::uint64_t tried)
{
    switch (pass)
    {
    case Pass::Preferred:
        return target.available(now) && !isTried(tried, target.index);
    case Pass::Untried:
        return target.resolved && target.admits(now) && !isTried(tried, target.index);
    case Pass::Any:
        return target.resolved && target.admits(now);
    }
    return false;
}

class BalancerBase : public Balancer
{
public:
    explicit BalancerBase(std::vector<TargetState*> targets) : _targets(std::move(targets)) {}

    TargetState* choose(util::MonoMillis now, std::uint64_t tried) override
    {
        // A half-open target another loop is probing right now is passed over (marked as tried
        // for this choice), as many times as there are targets at most.
        for (std::size_t round = 0; round <= _targets.size(); ++round)
        {
            TargetState* chosen = nullptr;
            for (Pass pass : {Pass::Preferred, Pass::Untried, Pass::Any})
            {
                chosen = pick(pass, now, tried);
                if (chosen != nullptr) break;
            }
            if (chosen == nullptr) return nullptr;
            if (chosen->acquire(now)) return chosen;
            if (chosen->index < 64)
                tried |= std::uint64_t(1) << chosen->index;
            else
                return nullptr;
        }
        return nullptr;
    }

protected:
    virtual TargetState* pick(Pass pass, util::MonoMillis now, std::uint64_t tried) = 0;
    std::vector<TargetState*> _targets;
};

// nginx's smooth weighted round-robin: spreads a weight-2 target's turns out (a b a c, not a a b c).
class RoundRobinBalancer final : public BalancerBase
{
public:
    explicit RoundRobinBalancer(std::vector<TargetState*> targets)
        : BalancerBase(std::move(targets)), _current(_targets.size(), 0)
    {
    }

protected:
    TargetState* pick(Pass pass, util::MonoMillis now, std::uint64_t tried) override
    {
        long total = 0;
        std::size_t best = _targets.size();
        for (std::size_t i = 0; i < _targets.size(); ++i)
        {
            if (!eligible(*_targets[i], pass, now, tried))
            {
                continue;
            }
            long weight = static_cast<long>(_targets[i]->config.weight);
            _current[i] += weight;
            total += weight;
            if (best == _targets.size() || _current[i] > _current[best])
            {
                best = i;
            }
        }
        if (best == _targets.size())
        {
            return nullptr;
        }
        _current[best] -= total;
        return _targets[best];
    }

private:
    std::vector<long> _current;
};

// Fewest in-flight requests per unit of weight; ties go round-robin so equal targets share.
class LeastRequestsBalancer final : public BalancerBase
{
public:
    using BalancerBase::BalancerBase;

protected:
    TargetState* pick(Pass pass, util::MonoMillis now, std::uint64_t tried) override
    {
        TargetState* best = nullptr;
        double bestLoad = 0;
        std::size_t count = _targets.size();
        for (std::size_t k = 0; k < count; ++k)
        {
            TargetState* target = _targets[(_start + k) % count];
            if (!eligible(*target, pass, now, tried))
            {
                continue;
            }
            double load = static_cast<double>(target->inFlight.load(std::memory_order_relaxed)) /
                          static_cast<double>(target->config.weight);
            if (best == nullptr || load < bestLoad)
            {
                best = target;
                bestLoad = load;
            }
        }
        if (count > 0)
        {
            _start = (_start + 1) % count;
        }
        return best;
    }

private:
    std::size_t _start = 0;
};

class RandomBalancer final : public BalancerBase
{
public:
    RandomBalancer(std::vector<TargetState*> targets, std::uint64_t seed)
        : BalancerBase(std::move(targets)), _state(seed | 1)
    {
    }

protected:
    TargetState* pick(Pass pass, util::MonoMillis now, std::uint64_t tried) override
    {
        std::uint64_t total = 0;
        for (TargetState* target : _targets)
        {
            if (eligible(*target, pass, now, tried))
            {
                total += target->config.weight;
            }
        }
        if (total == 0)
        {
            return nullptr;
        }
        std::uint64_t point = next() % total;
        for (TargetState* target : _targets)
        {
            if (!eligible(*target, pass, now, tried))
            {
                continue;
            }
            if (point < target->config.weight)
            {
                return target;
            }
            point -= target->config.weight;
        }
        return nullptr;
    }

private:
    std::uint64_t next()
    {
        // xorshift64*
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1Dull;
    }
    std::uint64_t _state;
};

} // namespace

std::unique_ptr<Balancer> Balancer::create(config::Balance kind, std::vector<TargetState*> targets,
                                           std::uint64_t seed)
{
    switch (kind)
    {
    case config::Balance::LeastRequests:
        return std::make_unique<LeastRequestsBalancer>(std::move(targets));
    case config::Balance::Random:
        return std::make_unique<RandomBalancer>(std::move(targets), seed);
    case config::Balance::RoundRobin:
        break;
    }
    return std::make_unique<RoundRobinBalancer>(std::move(targets));
}

} // namespace portico::proxy
