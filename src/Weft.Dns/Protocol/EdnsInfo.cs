namespace Weft.Dns.Protocol;

/// <summary>The EDNS0 fields a client sent in its OPT record (RFC 6891 §6.1.3).</summary>
public readonly record struct EdnsInfo(ushort UdpPayloadSize, byte ExtendedRcode, byte Version, bool DnssecOk)
{
    /// <summary>Reads the fields from an OPT record's class and TTL.</summary>
    public static EdnsInfo FromRecord(DnsResourceRecord opt) =>
        new((ushort)opt.Class, (byte)(opt.Ttl >> 24), (byte)(opt.Ttl >> 16), (opt.Ttl & 0x8000) != 0);

    /// <summary>Builds the OPT record a server sends back (RFC 6891 §6.1.1: at most one, owner is the root).</summary>
    public static DnsResourceRecord CreateRecord(ushort udpPayloadSize, DnsResponseCode rcode, bool dnssecOk = false)
    {
        var ttl = ((uint)((ushort)rcode >> 4) << 24) | (dnssecOk ? 0x8000u : 0u);
        return new DnsResourceRecord(string.Empty, (DnsClass)udpPayloadSize, ttl, new OptRecordData([]));
    }
}
