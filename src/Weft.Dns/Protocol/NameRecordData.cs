namespace Weft.Dns.Protocol;

/// <summary>Data that is a single domain name: CNAME, NS or PTR (RFC 1035 §3.3).</summary>
public sealed record NameRecordData : DnsRecordData
{
    public NameRecordData(DnsType type, string target)
    {
        if (type is not (DnsType.CNAME or DnsType.NS or DnsType.PTR))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "a name record is CNAME, NS or PTR");
        }

        Type = type;
        Target = target;
    }

    public override DnsType Type { get; }

    public string Target { get; }

    public override string ToString() => Target + ".";
}
