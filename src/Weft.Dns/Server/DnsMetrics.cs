using System.Diagnostics.Metrics;
using Weft.Dns.Protocol;

namespace Weft.Dns.Server;

/// <summary>The server's instruments on the <c>Weft.Dns</c> meter.</summary>
internal sealed class DnsMetrics : IDisposable
{
    public const string MeterName = "Weft.Dns";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _queries;
    private readonly Counter<long> _malformed;
    private readonly Counter<long> _truncated;
    private readonly Counter<long> _rejectedConnections;
    private readonly Counter<long> _errors;

    public DnsMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _queries = _meter.CreateCounter<long>("weft.dns.queries", "{query}", "Queries answered, by query type, response code and transport.");
        _malformed = _meter.CreateCounter<long>("weft.dns.malformed", "{packet}", "Packets that were not readable DNS queries (answered FORMERR or dropped).");
        _truncated = _meter.CreateCounter<long>("weft.dns.truncated", "{response}", "UDP responses sent with TC set.");
        _rejectedConnections = _meter.CreateCounter<long>("weft.dns.tcp.rejected", "{connection}", "TCP connections closed because the connection limit was reached.");
        _errors = _meter.CreateCounter<long>("weft.dns.errors", "{error}", "Unexpected failures while serving (socket errors, bugs).");
    }

    public void Query(DnsType type, DnsResponseCode rcode, DnsTransport transport) =>
        _queries.Add(
            1,
            new KeyValuePair<string, object?>("type", TypeName(type)),
            new KeyValuePair<string, object?>("rcode", RcodeName(rcode)),
            new KeyValuePair<string, object?>("transport", transport == DnsTransport.Udp ? "udp" : "tcp"));

    public void Malformed() => _malformed.Add(1);

    public void Truncated() => _truncated.Add(1);

    public void RejectedConnection() => _rejectedConnections.Add(1);

    public void Error() => _errors.Add(1);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    // Literal strings keep tag values allocation-free on the hot path.
    private static string TypeName(DnsType type) => type switch
    {
        DnsType.A => "A",
        DnsType.AAAA => "AAAA",
        DnsType.SRV => "SRV",
        DnsType.PTR => "PTR",
        DnsType.CNAME => "CNAME",
        DnsType.TXT => "TXT",
        DnsType.SOA => "SOA",
        DnsType.NS => "NS",
        DnsType.ANY => "ANY",
        DnsType.MX => "MX",
        _ => "other",
    };

    private static string RcodeName(DnsResponseCode rcode) => rcode switch
    {
        DnsResponseCode.NoError => "NOERROR",
        DnsResponseCode.FormErr => "FORMERR",
        DnsResponseCode.ServFail => "SERVFAIL",
        DnsResponseCode.NXDomain => "NXDOMAIN",
        DnsResponseCode.NotImp => "NOTIMP",
        DnsResponseCode.Refused => "REFUSED",
        DnsResponseCode.BadVers => "BADVERS",
        _ => "other",
    };
}
