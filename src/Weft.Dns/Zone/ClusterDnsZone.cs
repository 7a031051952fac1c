using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;
using Weft.Dns.Protocol;

namespace Weft.Dns.Zone;

/// <summary>
/// An immutable snapshot of every name cluster DNS answers for, built once per input change by
/// <see cref="ClusterDnsZoneBuilder"/> and published whole through <see cref="ClusterDnsZoneSource"/>.
/// Lookups are case-insensitive dictionary reads and take no locks.
/// </summary>
public sealed class ClusterDnsZone
{
    // A plain Dictionary, never written after construction, so concurrent reads are safe. FrozenDictionary read as
    // fast here but took twice as long to build (170 vs 90 ms at 10,000 services), and the zone is rebuilt per change.
    private readonly Dictionary<string, ZoneNode> _nodes;
    private readonly FrozenSet<string> _namespaces;

    internal ClusterDnsZone(
        ClusterDnsOptions options,
        ulong revision,
        Dictionary<string, ZoneNode> nodes,
        FrozenSet<string> namespaces)
    {
        Options = options;
        Revision = revision;
        Origin = options.Zone.TrimEnd('.').ToLowerInvariant();
        _nodes = nodes;
        _namespaces = namespaces;
    }

    public ClusterDnsOptions Options { get; }

    /// <summary>The input revision this snapshot was built from; also the SOA serial.</summary>
    public ulong Revision { get; }

    /// <summary>The zone apex, lower case, without trailing dot.</summary>
    public string Origin { get; }

    /// <summary>How many names (including empty non-terminals) the snapshot holds.</summary>
    public int NameCount => _nodes.Count;

    /// <summary>An empty zone: only the apex records.</summary>
    public static ClusterDnsZone Empty(ClusterDnsOptions options) => ClusterDnsZoneBuilder.Build(new ClusterDnsInput(), options, 0);

    public NameAuthority Classify(string name)
    {
        if (IsAtOrBelow(name, Origin))
        {
            return NameAuthority.Cluster;
        }

        if ((IsAtOrBelow(name, AddressNames.IPv4ReverseZone) || IsAtOrBelow(name, AddressNames.IPv6ReverseZone))
            && _nodes.ContainsKey(name))
        {
            return NameAuthority.Reverse;
        }

        return NameAuthority.Outside;
    }

    /// <summary>Finds an existing name; pod names are synthesised here in <see cref="PodRecordMode.Insecure"/> mode.</summary>
    public ZoneNode? Find(string name)
    {
        if (_nodes.TryGetValue(name, out var node))
        {
            return node;
        }

        return Options.PodRecords == PodRecordMode.Insecure ? SynthesisePod(name) : null;
    }

    /// <summary>The SOA that goes in the authority section of negative answers for <paramref name="authority"/>.</summary>
    public DnsResourceRecord NegativeSoa(string name, NameAuthority authority)
    {
        var apex = authority != NameAuthority.Reverse ? Origin
            : IsAtOrBelow(name, AddressNames.IPv4ReverseZone) ? AddressNames.IPv4ReverseZone : AddressNames.IPv6ReverseZone;

        // RFC 2308 §3: the negative TTL is the smaller of the SOA's TTL and its MINIMUM; both are NegativeTtl.
        return new DnsResourceRecord(apex, DnsClass.IN, Options.NegativeTtl, Soa(Origin, Revision, Options.NegativeTtl));
    }

    /// <summary>
    /// The zone's SOA: the serial is the input revision (truncated to 32 bits, RFC 1982 arithmetic wraps anyway);
    /// refresh/retry/expire matter only to secondaries, which this zone has none of.
    /// </summary>
    internal static SoaRecordData Soa(string origin, ulong revision, uint negativeTtl) =>
        new($"ns.dns.{origin}", $"hostmaster.{origin}", (uint)revision, 7200, 1800, 86400, negativeTtl);

    internal static bool IsAtOrBelow(string name, string apex) =>
        name.Length == apex.Length
            ? name.Equals(apex, StringComparison.OrdinalIgnoreCase)
            : name.Length > apex.Length && name[name.Length - apex.Length - 1] == '.'
                && name.EndsWith(apex, StringComparison.OrdinalIgnoreCase);

    private ZoneNode? SynthesisePod(string name)
    {
        // a-b-c-d.<ns>.pod.<zone>, for any namespace and any address (specification §2.6).
        var suffix = ".pod." + Origin;
        if (!name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = name.AsSpan(0, name.Length - suffix.Length);
        var dot = rest.IndexOf('.');
        if (dot < 0)
        {
            // <ns>.pod.<zone> exists when the namespace does.
            return _namespaces.Contains(rest.ToString()) ? new ZoneNode([]) : null;
        }

        var label = rest[..dot];
        var ns = rest[(dot + 1)..];
        if (ns.Contains('.') || !AddressNames.TryParseDashed(label, out var address))
        {
            return null;
        }

        return new ZoneNode([new AddressRecordData(address!)]);
    }
}
