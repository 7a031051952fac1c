namespace Weft.Dns.Protocol;

/// <summary>A question (RFC 1035 §4.1.2). <see cref="Name"/> is in presentation form without the trailing dot.</summary>
public sealed record DnsQuestion(string Name, DnsType Type, DnsClass Class = DnsClass.IN)
{
    public override string ToString() => $"{Name}. {Class} {Type}";
}
