#include "audit/PostgresAuditSink.h"

#include "audit/AuditChain.h"
#include "audit/AuditColumns.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>
#include <Poco/URI.h>
#include <libpq-fe.h>

#include <cstdio>
#include <deque>
#include <mutex>

namespace portico::audit
{

namespace
{

namespace kw = Poco::Data::Keywords;
using Text = Poco::Nullable<std::string>;

// The columns of the SQLite table, after node; what is not text is sent as text and cast.
constexpr const char* createTable =
    "CREATE TABLE IF NOT EXISTS audit_log (id BIGSERIAL PRIMARY KEY, node TEXT NOT NULL, ts TEXT, request_id "
    "TEXT, "
    "client_ip TEXT, consumer TEXT, method TEXT, path TEXT, route TEXT, status INTEGER, duration_ms DOUBLE "
    "PRECISION, bytes_in BIGINT, bytes_out BIGINT, upstream TEXT, cache TEXT, error TEXT, request_body TEXT, "
    "response_body TEXT, prev_hash TEXT, hash TEXT, trace_id TEXT)";
constexpr const char* createNodeIndex = "CREATE INDEX IF NOT EXISTS audit_log_node ON audit_log (node, id)";
constexpr const char* createUsage =
    "CREATE TABLE IF NOT EXISTS audit_usage (node TEXT NOT NULL, hour TEXT NOT NULL, consumer TEXT NOT NULL, "
    "route "
    "TEXT NOT NULL, requests BIGINT, errors BIGINT, server_errors BIGINT, bytes_in BIGINT, bytes_out BIGINT, "
    "latency BIGINT[], PRIMARY KEY (node, hour, consumer, route))";
constexpr int columnsPerRow = 20;
// Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement.
constexpr std::size_t rowsPerInsert = 1000;
// Rows read per query while verifying, so a long chain is never all in memory.
constexpr std::size_t verifyPage = 10000;

void registerConnector()
{
    static std::once_flag once;
    std::call_once(once, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
}

std::string describe(const Poco::Exception& failure)
{
    return failure.displayText();
}

Text optional(const std::optional<std::string>& value)
{
    return value ? Text(*value) : Text();
}

std::string number(double value)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

// One row of a result read by position (every column selected as text or NULL).
struct Row
{
    const Poco::Data::RecordSet& rows;
    std::size_t row;
};

std::string cell(const Row& at, std::size_t column)
{
    return at.rows.isNull(column, at.row) ? std::string()
                                          : at.rows.value(column, at.row).convert<std::string>();
}

std::optional<std::string> optionalCell(const Row& at, std::size_t column)
{
    if (at.rows.isNull(column, at.row)) return std::nullopt;
    return at.rows.value(column, at.row).convert<std::string>();
}

// "SELECT id, <the row's columns> ..." read back into a record (every column as text).
AuditRecord recordOf(const Row& at)
{
    struct Columns
    {
        const Row& at;
        std::string text(std::size_t column) const { return cell(at, column); }
        std::optional<std::string> optional(std::size_t column) const { return optionalCell(at, column); }
        std::int64_t integer(std::size_t column) const { return std::stoll(cell(at, column)); }
        double real(std::size_t column) const { return std::stod(cell(at, column)); }
    };
    return readAuditRecord(Columns{at});
}

// id is selected as text: ORDER BY must name the table's column (audit_log.id), or PostgreSQL
// sorts by the text.
constexpr const char* selectColumns = "SELECT id::text, ts, request_id, client_ip, consumer, method, path, "
                                      "route, status::text, duration_ms::text, "
                                      "bytes_in::text, bytes_out::text, upstream, cache, error, "
                                      "request_body, response_body, prev_hash, hash, trace_id "
                                      "FROM audit_log ";

std::unique_ptr<Poco::Data::Session> connect(const std::string& url, std::string& error)
{
    const std::string connection = PostgresAuditSink::connectionString(url);
    if (connection.empty())
    {
        error = "cannot read the PostgreSQL URL (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)";
        return nullptr;
    }
    // Tried first with libpq alone, and that connection closed: POCO's connector never frees a
    // connection that failed, so every attempt while the server is down or refuses the login (each
    // batch tries again) would leak one.
    {
        PGconn* probe = PQconnectdb(connection.c_str());
        const bool reachable = PQstatus(probe) == CONNECTION_OK;
        std::string why = reachable ? std::string() : PQerrorMessage(probe);
        PQfinish(probe);
        if (!reachable)
        {
            while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
                why.pop_back();
            error = "cannot connect to the PostgreSQL audit database: " + why;
            return nullptr;
        }
    }
    registerConnector();
    try
    {
        return std::make_unique<Poco::Data::Session>("PostgreSQL", connection);
    }
    catch (const Poco::Exception& failure)
    {
        error = "cannot connect to the PostgreSQL audit database: " + describe(failure);
        return nullptr;
    }
}

} // namespace

PostgresAuditSink::PostgresAuditSink() = default;

PostgresAuditSink::~PostgresAuditSink() = default;

bool PostgresAuditSink::isUrl(const std::string& location)
{
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string PostgresAuditSink::connectionString(const std::string& url)
{
    if (!isUrl(url)) return "";
    Poco::URI uri;
    try
    {
        uri = Poco::URI(url);
    }
    catch (const Poco::Exception&)
    {
        return "";
    }
    const auto quoted = [](const std::string& value)
    {
        std::string out = "'";
        for (const char c : value)
        {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        return out + "'";
    };
    std::string connection = "host=" + quoted(uri.getHost());
    if (uri.getPort() != 0) connection += " port=" + std::to_string(uri.getPort());
    const std::string& user = uri.getUserInfo();
    const std::size_t colon = user.find(':');
    if (!user.empty())
    {
        std::string name, password; // decode() appends to what it is given
        Poco::URI::decode(user.substr(0, colon), name);
        connection += " user=" + quoted(name);
        if (colon != std::string::npos)
        {
            Poco::URI::decode(user.substr(colon + 1), password);
            connection += " password=" + quoted(password);
        }
    }
    std::string database = uri.getPath();
    if (!database.empty() && database.front() == '/') database.erase(0, 1);
    if (!database.empty()) connection += " dbname=" + quoted(database);
    for (const auto& [key, value] : uri.getQueryParameters())
        connection += " " + key + "=" + quoted(value);
    return connection;
}

bool PostgresAuditSink::open(const std::string& url, const std::string& node, std::string& error)
{
    _url = url;
    _node = node;
    return attach(error);
}

bool PostgresAuditSink::attach(std::string& error)
{
    const std::string& node = _node;
    _session = connect(_url, error);
    if (!_session) return false;
    try
    {
        Poco::Data::Session& session = *_session;
        session << createTable, kw::now;
        session << createNodeIndex, kw::now;
        session << createUsage, kw::now;
        // One writer per chain: a second gateway with this node name would fork it.
        bool locked = false;
        const std::string lockName = "portico-audit:" + node;
        session << "SELECT pg_try_advisory_lock(hashtext($1))", kw::bind(lockName), kw::into(locked), kw::now;
        if (!locked)
        {
            error = "another gateway writes the audit chain of node \"" + node +
                    "\" in this database: give each gateway its own <audit node>";
            _session.reset();
            return false;
        }
        // Read again on every (re)connection: a commit whose answer was lost with the connection
        // may have been stored after all, and the chain goes on from what is stored.
        std::vector<std::string> last;
        session << "SELECT hash FROM audit_log WHERE node = $1 ORDER BY id DESC LIMIT 1", kw::bind(_node),
            kw::into(last), kw::now;
        _lastHash = last.empty() ? firstPrevHash : last.front();
    }
    catch (const Poco::Exception& failure)
    {
        error = "the PostgreSQL audit database: " + describe(failure);
        _session.reset();
        return false;
    }
    return true;
}

bool PostgresAuditSink::append(const std::vector<AuditRecord>& rows, std::string& error)
{
    // A server that went away (restarted, failed over) is connected to again by the next batch;
    // the rows of the batches in between are counted as lost by the writer, never silently.
    if (!_session && !attach(error)) return false;
    std::string chained = _lastHash;
    _usage.clear();
    try
    {
        Poco::Data::Session& session = *_session;
        session.begin();
        for (std::size_t first = 0; first < rows.size(); first += rowsPerInsert)
        {
            const std::size_t end = std::min(rows.size(), first + rowsPerInsert);
            std::deque<Text> values; // stable addresses for the bindings
            std::string sql =
                "INSERT INTO audit_log (node, ts, request_id, client_ip, consumer, method, path, route, "
                "status, duration_ms, bytes_in, bytes_out, upstream, cache, error, request_body, "
                "response_body, prev_hash, hash, trace_id) VALUES ";
            for (std::size_t i = first; i < end; ++i)
            {
                const AuditRecord& row = rows[i];
                _usage.add(row);
                const std::string hash = chainHash(chained, row);
                for (Text value : {Text(_node),
                                   Text(row.ts),
                                   Text(row.requestId),
                                   Text(row.clientIp),
                                   optional(row.consumer),
                                   Text(row.method),
                                   Text(row.path),
                                   optional(row.route),
                                   Text(std::to_string(row.status)),
                                   Text(number(row.durationMs)),
                                   Text(std::to_string(row.bytesIn)),
                                   Text(std::to_string(row.bytesOut)),
                                   optional(row.upstream),
                                   optional(row.cache),
                                   optional(row.error),
                                   optional(row.requestBody),
                                   optional(row.responseBody),
                                   Text(chained),
                                   Text(hash),
                                   optional(row.traceId)})
                    values.push_back(std::move(value));
                chained = hash;
                const std::size_t base = (i - first) * columnsPerRow;
                char tuple[512];
                std::snprintf(
                    tuple, sizeof tuple,
                    "%s($%zu,$%zu,$%zu,$%zu,$%zu,$%zu,$%zu,$%zu,$%zu::integer,$%zu::double precision,"
                    "$%zu::bigint,$%zu::bigint,$%zu,$%zu,$%zu,$%zu,$%zu,$%zu,$%zu,$%zu)",
                    i == first ? "" : ",", base + 1, base + 2, base + 3, base + 4, base + 5, base + 6,
                    base + 7, base + 8, base + 9, base + 10, base + 11, base + 12, base + 13, base + 14,
                    base + 15, base + 16, base + 17, base + 18, base + 19, base + 20);
                sql += tuple;
            }
            Poco::Data::Statement insert(session);
            insert << sql;
            for (const Text& value : values)
                insert, kw::bind(value);
            insert.execute();
        }
        flushUsage(); // a failure throws, and rolls back below
        session.commit();
    }
    catch (const Poco::Exception& failure)
    {
        error = describe(failure);
        try
        {
            _session->rollback();
        }
        catch (const Poco::Exception&)
        {
        }
        // The connection may be gone: the next batch connects afresh (and takes the node's lock
        // and the chain's head again) rather than failing on a dead session for ever.
        _session.reset();
        return false;
    }
    _lastHash = chained;
    return true;
}

void PostgresAuditSink::flushUsage()
{
    for (const auto& [key, totals] : _usage.pending())
    {
        std::string latency = "{";
        for (std::size_t i = 0; i < LatencyHistogram::buckets; ++i)
            latency += (i == 0 ? "" : ",") + std::to_string(totals.latency.at(i));
        latency += "}";
        const std::string requests = std::to_string(totals.requests), errors = std::to_string(totals.errors),
                          serverErrors = std::to_string(totals.serverErrors),
                          bytesIn = std::to_string(totals.bytesIn),
                          bytesOut = std::to_string(totals.bytesOut);
        *_session
            << "INSERT INTO audit_usage VALUES ($1, $2, $3, $4, $5::bigint, $6::bigint, $7::bigint, "
               "$8::bigint, "
               "$9::bigint, $10::bigint[]) ON CONFLICT (node, hour, consumer, route) DO UPDATE SET "
               "requests = audit_usage.requests + excluded.requests, errors = audit_usage.errors + "
               "excluded.errors, server_errors = audit_usage.server_errors + excluded.server_errors, "
               "bytes_in = audit_usage.bytes_in + excluded.bytes_in, bytes_out = audit_usage.bytes_out + "
               "excluded.bytes_out, latency = ARRAY(SELECT a + b FROM unnest(audit_usage.latency, "
               "excluded.latency) WITH ORDINALITY AS t(a, b, i) ORDER BY i)",
            kw::bind(_node), kw::bind(key.hour), kw::bind(key.consumer), kw::bind(key.route),
            kw::bind(requests), kw::bind(errors), kw::bind(serverErrors), kw::bind(bytesIn),
            kw::bind(bytesOut), kw::bind(latency), kw::now;
    }
    _usage.clear();
}

bool PostgresAuditSink::removeOlderThan(const std::string&, std::int64_t, AuditRecord, Removal& removal,
                                        std::string&)
{
    removal = Removal();
    return true;
}

bool PostgresAuditSink::verify(const std::string& url, const std::string& node,
                               std::vector<NodeVerification>& nodes, std::string& error)
{
    std::unique_ptr<Poco::Data::Session> session = connect(url, error);
    if (!session) return false;
    try
    {
        std::vector<std::string> names;
        if (!node.empty())
            names.push_back(node);
        else
            *session << "SELECT DISTINCT node FROM audit_log ORDER BY node", kw::into(names), kw::now;
        for (const std::string& name : names)
        {
            NodeVerification checked{name, {}};
            AuditDatabase::Verification& result = checked.result;
            result.ok = true;
            std::string expected = firstPrevHash;
            std::string afterId = "0";
            for (bool more = true; more && result.ok;)
            {
                const std::string limit = std::to_string(verifyPage);
                Poco::Data::Statement page(*session);
                page << std::string(selectColumns) +
                            "WHERE node = $1 AND id > $2::bigint ORDER BY audit_log.id LIMIT $3::bigint",
                    kw::bind(name), kw::bind(afterId), kw::bind(limit), kw::now;
                Poco::Data::RecordSet rows(page);
                more = rows.rowCount() == verifyPage;
                for (std::size_t index = 0; index < rows.rowCount(); ++index)
                {
                    const Row at{rows, index};
                    const AuditRecord record = recordOf(at);
                    const std::string prevHash = cell(at, column::prevHash);
                    const std::string hash = cell(at, column::hash);
                    afterId = cell(at, 0);
                    if (prevHash != expected || chainHash(prevHash, record) != hash)
                    {
                        result.ok = false;
                        result.brokenAt = std::stoll(afterId);
                        break;
                    }
                    expected = hash;
                    ++result.rows;
                }
            }
            nodes.push_back(std::move(checked));
        }
    }
    catch (const Poco::Exception& failure)
    {
        error = "cannot read the PostgreSQL audit database: " + describe(failure);
        return false;
    }
    return true;
}

bool PostgresAuditSink::read(const std::string& url, const std::string& node,
                             const AuditDatabase::Query& query, std::vector<AuditDatabase::StoredRow>& rows,
                             std::string& error)
{
    std::unique_ptr<Poco::Data::Session> session = connect(url, error);
    if (!session) return false;
    try
    {
        const std::string afterId = std::to_string(query.afterId), limit = std::to_string(query.limit);
        const Text route = optional(query.route), consumer = optional(query.consumer);
        const Text status = query.status ? Text(std::to_string(*query.status)) : Text();
        Poco::Data::Statement page(*session);
        page << std::string(selectColumns) + "WHERE node = $1 AND id > $2::bigint AND ($3::text IS NULL OR "
                                             "route = $3) AND ($4::text IS NULL OR "
                                             "consumer = $4) AND ($5::integer IS NULL OR status = "
                                             "$5::integer) ORDER BY audit_log.id LIMIT $6::bigint",
            kw::bind(node), kw::bind(afterId), kw::bind(route), kw::bind(consumer), kw::bind(status),
            kw::bind(limit), kw::now;
        Poco::Data::RecordSet found(page);
        for (std::size_t index = 0; index < found.rowCount(); ++index)
        {
            const Row at{found, index};
            rows.push_back(AuditDatabase::StoredRow{std::stoll(cell(at, column::id)), recordOf(at),
                                                    cell(at, column::prevHash), cell(at, column::hash)});
        }
    }
    catch (const Poco::Exception& failure)
    {
        error = "cannot read the PostgreSQL audit database: " + describe(failure);
        return false;
    }
    return true;
}

bool PostgresAuditSink::readUsage(const std::string& url, const std::string& node, const UsageQuery& query,
                                  std::vector<UsageLine>& lines, std::string& error)
{
    std::unique_ptr<Poco::Data::Session> session = connect(url, error);
    if (!session) return false;
    try
    {
        const Text consumer = optional(query.consumer), route = optional(query.route);
        Poco::Data::Statement select(*session);
        select << "SELECT hour, consumer, route, requests::text, errors::text, server_errors::text, "
                  "bytes_in::text, "
                  "bytes_out::text, array_to_string(latency, ',') FROM audit_usage WHERE node = $1 AND hour "
                  ">= $2 AND "
                  "($3 = '' OR hour < $3) AND ($4::text IS NULL OR consumer = $4) AND ($5::text IS NULL OR "
                  "route = $5)",
            kw::bind(node), kw::bind(query.fromHour), kw::bind(query.toHour), kw::bind(consumer),
            kw::bind(route), kw::now;
        Poco::Data::RecordSet rows(select);
        UsageSum sum(query.period);
        for (std::size_t index = 0; index < rows.rowCount(); ++index)
        {
            const Row at{rows, index};
            LatencyHistogram latency;
            const std::string counts = cell(at, 8);
            std::size_t bucket = 0;
            for (std::size_t begin = 0; begin < counts.size() && bucket < LatencyHistogram::buckets; ++bucket)
            {
                std::size_t comma = counts.find(',', begin);
                if (comma == std::string::npos) comma = counts.size();
                latency.addAt(bucket, std::stoull(counts.substr(begin, comma - begin)));
                begin = comma + 1;
            }
            UsageLine& line = sum.add(cell(at, 0), cell(at, 1), cell(at, 2), latency);
            line.requests += std::stoll(cell(at, 3));
            line.errors += std::stoll(cell(at, 4));
            line.serverErrors += std::stoll(cell(at, 5));
            line.bytesIn += std::stoll(cell(at, 6));
            line.bytesOut += std::stoll(cell(at, 7));
        }
        sum.finish(lines);
    }
    catch (const Poco::Exception& failure)
    {
        error = "cannot read the PostgreSQL audit database: " + describe(failure);
        return false;
    }
    return true;
}

} // namespace portico::audit
