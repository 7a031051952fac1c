namespace Weft.Dns.Zone;

/// <summary>
/// The current zone snapshot. Publishing is one reference swap; readers read the reference once per query and
/// never lock, so a query sees one consistent snapshot.
/// </summary>
public sealed class ClusterDnsZoneSource
{
    private ClusterDnsZone _current;

    public ClusterDnsZoneSource(ClusterDnsZone initial) => _current = initial;

    public ClusterDnsZone Current => Volatile.Read(ref _current);

    public void Publish(ClusterDnsZone zone) => Volatile.Write(ref _current, zone);
}
