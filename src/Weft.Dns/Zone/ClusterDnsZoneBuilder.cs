using System.Buffers;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;
using Weft.Dns.Protocol;

namespace Weft.Dns.Zone;

/// <summary>
/// Builds a <see cref="ClusterDnsZone"/> from <see cref="ClusterDnsInput"/>, record by record as the Kubernetes
/// DNS-based service discovery specification lists them. Pure: same input, same zone.
/// </summary>
public sealed class ClusterDnsZoneBuilder
{
    private static readonly SearchValues<char> LabelChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    private readonly Dictionary<string, List<DnsRecordData>> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _namespaces = new(StringComparer.OrdinalIgnoreCase);
    private readonly ClusterDnsOptions _options;
    private readonly string _origin;
    private readonly ulong _revision;

    private ClusterDnsZoneBuilder(ClusterDnsOptions options, ulong revision)
    {
        _options = options;
        _revision = revision;
        _origin = options.Zone.TrimEnd('.').ToLowerInvariant();
    }

    public static ClusterDnsZone Build(ClusterDnsInput input, ClusterDnsOptions options, ulong revision)
    {
        var builder = new ClusterDnsZoneBuilder(options, revision);
        builder.AddApex();
        foreach (var service in input.Services)
        {
            builder.AddService(service);
        }

        // Pods after services: an IP that is a headless endpoint keeps the endpoint's PTR.
        foreach (var pod in input.Pods)
        {
            builder.AddPod(pod);
        }

        foreach (var ns in input.Namespaces)
        {
            builder.AddNamespace(ns);
        }

        return builder.ToZone();
    }

    private void AddApex()
    {
        var nameServer = $"ns.dns.{_origin}";
        Add(_origin, ClusterDnsZone.Soa(_origin, _revision, _options.NegativeTtl));
        Add(_origin, new NameRecordData(DnsType.NS, nameServer));
        foreach (var address in _options.NameServerAddresses)
        {
            Add(nameServer, new AddressRecordData(address));
        }

        // Specification §2.2.
        Add($"dns-version.{_origin}", new TxtRecordData([_options.SchemaVersion]));
    }

    private void AddService(DnsService service)
    {
        // Kubernetes validates these as DNS labels; anything else could not be written in an answer, so it is skipped.
        if (!IsLabel(service.Name) || !IsLabel(service.Namespace))
        {
            return;
        }

        var ns = service.Namespace.ToLowerInvariant();
        AddNamespace(ns);
        var serviceName = $"{service.Name.ToLowerInvariant()}.{ns}.svc.{_origin}";
        switch (service.Kind)
        {
            case DnsServiceKind.ClusterIP:
                // §2.3: A/AAAA and PTR per cluster IP, SRV per named port pointing at the service name.
                Ensure(serviceName);
                foreach (var ip in service.ClusterIPs)
                {
                    Add(serviceName, new AddressRecordData(ip));
                    Add(AddressNames.Reverse(ip), new NameRecordData(DnsType.PTR, serviceName));
                }

                foreach (var port in service.Ports)
                {
                    if (SrvName(port, serviceName) is { } srvName)
                    {
                        Add(srvName, new SrvRecordData(0, 100, (ushort)port.Port, serviceName));
                    }
                }

                break;
            case DnsServiceKind.Headless:
                AddHeadless(service, serviceName);
                break;
            case DnsServiceKind.ExternalName:
                // §2.5: a CNAME; the client (or the upstream, when configured) resolves the target.
                Ensure(serviceName);
                // A name the codec cannot encode would make every answer fail; such a service only exists (NODATA).
                if (!string.IsNullOrWhiteSpace(service.ExternalName)
                    && DnsNameEncoding.Encode(service.ExternalName, stackalloc byte[DnsNameEncoding.MaxWireLength]) > 1)
                {
                    Add(serviceName, new NameRecordData(DnsType.CNAME, service.ExternalName.TrimEnd('.')));
                }

                break;
        }
    }

    private void AddHeadless(DnsService service, string serviceName)
    {
        // §2.4: one A/AAAA per ready endpoint address (no records at all, hence NXDOMAIN, when none is ready),
        // a hostname name per endpoint, SRV per (endpoint, named port) and a PTR per endpoint address.
        foreach (var endpoint in service.Endpoints)
        {
            if ((!endpoint.Ready && !service.PublishNotReadyAddresses) || endpoint.Addresses.IsDefaultOrEmpty)
            {
                continue;
            }

            var hostName = $"{EndpointHostname(endpoint)}.{serviceName}";
            foreach (var address in endpoint.Addresses)
            {
                Add(serviceName, new AddressRecordData(address));
                Add(hostName, new AddressRecordData(address));
                Add(AddressNames.Reverse(address), new NameRecordData(DnsType.PTR, hostName));
            }

            foreach (var port in service.Ports)
            {
                if (SrvName(port, serviceName) is { } srvName)
                {
                    Add(srvName, new SrvRecordData(0, 100, (ushort)port.Port, hostName));
                }
            }
        }
    }

    private string EndpointHostname(DnsEndpoint endpoint)
    {
        if (IsLabel(endpoint.Hostname))
        {
            return endpoint.Hostname!.ToLowerInvariant();
        }

        if (_options.EndpointPodNames && IsLabel(endpoint.PodName))
        {
            return endpoint.PodName!.ToLowerInvariant();
        }

        // The specification leaves the system-assigned name open; the dashed address is unique within a service
        // and stable for as long as the endpoint keeps its address.
        return AddressNames.Dashed(endpoint.Addresses[0]);
    }

    private void AddPod(DnsPod pod)
    {
        if (_options.PodRecords == PodRecordMode.Disabled || !IsLabel(pod.Namespace))
        {
            return;
        }

        var ns = pod.Namespace.ToLowerInvariant();
        AddNamespace(ns);
        Ensure($"{ns}.pod.{_origin}");
        foreach (var ip in pod.IPs)
        {
            var podName = $"{AddressNames.Dashed(ip)}.{ns}.pod.{_origin}";
            Add(podName, new AddressRecordData(ip));
            var reverse = AddressNames.Reverse(ip);
            if (!_names.TryGetValue(reverse, out var existing) || existing.Count == 0)
            {
                Add(reverse, new NameRecordData(DnsType.PTR, podName));
            }
        }
    }

    private void AddNamespace(string ns)
    {
        if (!IsLabel(ns))
        {
            return;
        }

        ns = ns.ToLowerInvariant();
        _namespaces.Add(ns);
        Ensure($"{ns}.svc.{_origin}");
    }

    private static string? SrvName(DnsServicePort port, string serviceName)
    {
        // §2.3.2: unnamed ports have no SRV record.
        if (!IsLabel(port.Name) || port.Port is <= 0 or > ushort.MaxValue)
        {
            return null;
        }

        var protocol = port.Protocol switch
        {
            DnsPortProtocol.Udp => "udp",
            DnsPortProtocol.Sctp => "sctp",
            _ => "tcp",
        };
        return $"_{port.Name!.ToLowerInvariant()}._{protocol}.{serviceName}";
    }

    private static bool IsLabel(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= DnsNameEncoding.MaxLabelLength
        && !value.AsSpan().ContainsAnyExcept(LabelChars);

    private void Ensure(string name)
    {
        if (!_names.ContainsKey(name))
        {
            _names[name] = [];
        }
    }

    private void Add(string name, DnsRecordData data)
    {
        if (!_names.TryGetValue(name, out var records))
        {
            records = [];
            _names[name] = records;
        }

        // The same address can reach a name twice (two endpoints sharing an IP); a record set has no duplicates.
        if (!records.Contains(data))
        {
            records.Add(data);
        }
    }

    private ClusterDnsZone ToZone()
    {
        var nodes = new Dictionary<string, ZoneNode>(_names.Count * 2, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, records) in _names)
        {
            nodes[name] = new ZoneNode([.. records]);
        }

        // Every ancestor of an existing name exists too, up to the apex of its zone.
        var empty = new ZoneNode([]);
        foreach (var name in _names.Keys)
        {
            var apex = ClusterDnsZone.IsAtOrBelow(name, _origin) ? _origin
                : ClusterDnsZone.IsAtOrBelow(name, AddressNames.IPv4ReverseZone) ? AddressNames.IPv4ReverseZone
                : AddressNames.IPv6ReverseZone;
            var ancestor = name;
            while (ancestor.Length > apex.Length)
            {
                ancestor = ancestor[(ancestor.IndexOf('.', StringComparison.Ordinal) + 1)..];
                nodes.TryAdd(ancestor, empty);
            }
        }

        return new ClusterDnsZone(
            _options,
            _revision,
            nodes,
            _namespaces.ToFrozenSet(StringComparer.OrdinalIgnoreCase));
    }
}
