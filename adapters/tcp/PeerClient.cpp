#include "tcp/PeerClient.h"

#include <algorithm>

namespace portico::tcp
{

PeerClient::PeerClient(Endpoint endpoint, std::shared_ptr<const Framing> framing, PoolSettings settings,
                       Connector connector)
    : _endpoint(std::move(endpoint)), _framing(std::move(framing)), _settings(settings),
      _connector(std::move(connector)), _pool(settings.size)
{
}

ExchangeResult PeerClient::fail(ExchangeResult::Outcome outcome, const std::string& error) const
{
    ExchangeResult result;
    result.outcome = outcome;
    result.error = error;
    return result;
}

ExchangeResult PeerClient::exchange(std::string_view frame, Deadline deadline)
{
    using Outcome = ExchangeResult::Outcome;
    const std::string peer = "the peer " + _endpoint.text();
    bool retried = false;
    if (Clock::now() >= deadline)
    {
        // Work that waited in the host's queue past its deadline must not even resolve the name.
        return fail(Outcome::TimedOut, "the request waited for a worker until the timeout");
    }
    for (;;)
    {
        std::optional<ConnectionPool::Lease> lease = _pool.acquire(deadline);
        if (!lease)
        {
            return fail(Outcome::TimedOut, "all " + std::to_string(_pool.size()) + " connections to " + peer +
                                               " stayed busy until the timeout");
        }
        if (lease->connection() != nullptr && !lease->connection()->stillIdle())
        {
            lease->discard(); // closed (or spoke out of turn) while idle: not fit for a request
        }
        if (lease->connection() == nullptr)
        {
            const Deadline connectBy = std::min(deadline, Clock::now() + _settings.connectTimeout);
            std::string error;
            bool timedOut = false;
            std::unique_ptr<TcpConnection> connection = _connector(_endpoint, connectBy, error, timedOut);
            if (connection == nullptr)
            {
                if (Clock::now() >= deadline)
                {
                    return fail(Outcome::TimedOut, "connecting to " + peer + " took until the timeout");
                }
                if (!retried && !timedOut)
                {
                    retried = true;
                    continue;
                }
                return fail(Outcome::Unreachable, "cannot connect to " + peer + ": " + error);
            }
            ++_opened;
            lease->attach(std::move(connection));
        }
        TcpConnection& connection = *lease->connection();
        std::size_t sent = 0;
        std::string error;
        const IoStatus sending = connection.sendAll(frame, deadline, sent, error);
        if (sending != IoStatus::Ok)
        {
            lease->discard();
            if (sending == IoStatus::TimedOut)
            {
                return fail(Outcome::TimedOut, "sending to " + peer + " did not finish before the timeout");
            }
            if (sent == 0 && !retried)
            {
                retried = true;
                continue;
            }
            return fail(Outcome::Failed, "the connection to " + peer + " broke while sending: " + error);
        }
        std::unique_ptr<FrameDecoder> decoder = _framing->decoder();
        std::string chunk;
        for (;;)
        {
            const IoStatus receiving = connection.receive(chunk, deadline, error);
            if (receiving == IoStatus::TimedOut)
            {
                lease->discard();
                return fail(Outcome::TimedOut, peer + " did not answer before the timeout");
            }
            if (receiving == IoStatus::Closed)
            {
                lease->discard();
                return fail(Outcome::Failed, peer + " closed the connection before it answered in full");
            }
            if (receiving == IoStatus::Failed)
            {
                lease->discard();
                return fail(Outcome::Failed, "the connection to " + peer + " broke while reading: " + error);
            }
            DecodeResult decoded = decoder->feed(chunk);
            if (decoded.kind == DecodeResult::Kind::Error)
            {
                lease->discard();
                return fail(Outcome::Failed,
                            peer + " sent a bad " + _framing->type() + " frame: " + decoded.error);
            }
            if (decoded.kind == DecodeResult::Kind::Frame)
            {
                // Bytes beyond the one reply mean the stream is out of step: drop the connection.
                if (decoder->buffered() == 0)
                {
                    lease->markReusable();
                }
                ExchangeResult result;
                result.outcome = Outcome::Ok;
                result.payload = std::move(decoded.payload);
                return result;
            }
        }
    }
}

} // namespace portico::tcp
