using System.Net;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Services.Model;

namespace Weft.Services.Allocation;

/// <summary>
/// Assigns cluster IPs from the service CIDR. Requested addresses are honoured when valid and free; a service
/// keeps the address it had in the previous model; everything else gets the lowest free address that is not
/// reserved. The order of passes makes the result independent of input order and stable across recompiles.
/// </summary>
internal static class ClusterIpAllocator
{
    public static Dictionary<string, IPAddress> Allocate(
        IReadOnlyList<Service> services, ServiceModel previous, ServiceCompilerOptions options, List<Diagnostic> diagnostics)
    {
        var cidr = options.ServiceCidr;
        var owners = new Dictionary<IPAddress, string>();
        var result = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        var needing = services.Where(s => s.Type != ServiceType.ExternalName && !s.IsHeadless).ToList();

        // Addresses that services keep from the previous model (dynamically allocated ones included): a newcomer
        // requesting one of them gets the error, the holder keeps it.
        var held = new Dictionary<IPAddress, string>();
        foreach (var service in needing)
        {
            if (PreviousAddress(previous, service.Key) is { } address
                && (string.IsNullOrEmpty(service.ClusterIP) || address.ToString() == service.ClusterIP))
            {
                held[address] = service.Key;
            }
        }

        // Pass 1: explicit requests. A service that already held its requested address claims it first, so a
        // newcomer asking for the same address is the one that gets the error.
        var requesting = needing.Where(s => !string.IsNullOrEmpty(s.ClusterIP))
            .OrderBy(s => PreviousAddress(previous, s.Key)?.ToString() == s.ClusterIP ? 0 : 1)
            .ThenBy(s => s.Key, StringComparer.Ordinal);
        foreach (var service in requesting)
        {
            if (!IPAddress.TryParse(service.ClusterIP, out var requested) || requested.ToString() != service.ClusterIP)
            {
                diagnostics.Add(ServiceDiagnostics.Error(service, "spec.clusterIP",
                    $"'{service.ClusterIP}' is not a valid IP address (or \"None\" for a headless service)"));
                continue;
            }

            if (!IsAllocatable(cidr, requested))
            {
                diagnostics.Add(ServiceDiagnostics.Error(service, "spec.clusterIP",
                    $"{requested} is not in the valid range; the service CIDR is {cidr} (network and broadcast addresses excluded)"));
                continue;
            }

            if (owners.TryGetValue(requested, out var owner)
                || (held.TryGetValue(requested, out owner) && !string.Equals(owner, service.Key, StringComparison.Ordinal)))
            {
                diagnostics.Add(ServiceDiagnostics.Error(service, "spec.clusterIP",
                    $"provided IP {requested} is already allocated to service {owner}"));
                continue;
            }

            owners[requested] = service.Key;
            result[service.Key] = requested;
        }

        var pending = needing.Where(s => string.IsNullOrEmpty(s.ClusterIP)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();

        // Pass 2: reserved addresses go to their designated services, then previous addresses are kept.
        foreach (var service in pending)
        {
            if (options.ReservedClusterIPs.TryGetValue(service.Key, out var reserved) && !owners.ContainsKey(reserved))
            {
                owners[reserved] = service.Key;
                result[service.Key] = reserved;
            }
        }

        var reservedAddresses = options.ReservedClusterIPs.Values.ToHashSet();
        foreach (var service in pending)
        {
            if (result.ContainsKey(service.Key))
            {
                continue;
            }

            var kept = PreviousAddress(previous, service.Key);
            if (kept is not null && IsAllocatable(cidr, kept) && !owners.ContainsKey(kept)
                && (!reservedAddresses.Contains(kept) || options.ReservedClusterIPs.GetValueOrDefault(service.Key)?.Equals(kept) == true))
            {
                owners[kept] = service.Key;
                result[service.Key] = kept;
            }
        }

        // Pass 3: lowest free address for the rest.
        UInt128 cursor = 1;
        foreach (var service in pending)
        {
            if (result.ContainsKey(service.Key))
            {
                continue;
            }

            IPAddress? chosen = null;
            while (cursor < cidr.Size - 1)
            {
                var candidate = cidr.AddressAt(cursor++);
                if (!owners.ContainsKey(candidate) && !reservedAddresses.Contains(candidate))
                {
                    chosen = candidate;
                    break;
                }
            }

            if (chosen is null)
            {
                diagnostics.Add(ServiceDiagnostics.Error(service, "spec.clusterIP", $"the service CIDR {cidr} has no free address left"));
                continue;
            }

            owners[chosen] = service.Key;
            result[service.Key] = chosen;
        }

        return result;
    }

    private static IPAddress? PreviousAddress(ServiceModel previous, string key) =>
        previous.Services.TryGetValue(key, out var entry) ? entry.ClusterIP : null;

    /// <summary>Inside the CIDR and neither the network address nor (IPv4) the broadcast address.</summary>
    private static bool IsAllocatable(Weft.Api.Net.IpPrefix cidr, IPAddress address)
    {
        if (!cidr.Contains(address))
        {
            return false;
        }

        var offset = cidr.OffsetOf(address);
        return offset != 0 && (cidr.Family != System.Net.Sockets.AddressFamily.InterNetwork || offset != cidr.Size - 1);
    }
}
