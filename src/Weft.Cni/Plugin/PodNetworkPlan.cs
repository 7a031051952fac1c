using System.Net;
using Weft.Api.Net;
using Weft.Cni.Spec;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Abstractions.Operations;

namespace Weft.Cni.Plugin;

/// <summary>
/// What ADD does to the node and the pod, computed without touching anything. The addressing is routed and
/// point-to-point (the Calico scheme): the pod holds its address as a /32 (/128), its default route goes via
/// a link-local gateway (169.254.1.1; for IPv6 the host veth's own fe80:: address) that is pinned with a
/// permanent neighbour entry to the host veth's fixed MAC, and the node reaches the pod through a /32 route on
/// the host veth. No bridge, no proxy ARP, no address on the node side; the node forwards between pods.
/// </summary>
public sealed record PodNetworkPlan(
    string HostInterface,
    IReadOnlyList<NetlinkOperation> HostOperations,
    IReadOnlyList<NetlinkOperation> PodOperations,
    IReadOnlyList<KeyValuePair<string, string>> NodeSysctls,
    CniResult Result)
{
    /// <summary>Every host veth has this MAC (each is its own L2 segment), so the pod's gateway entry is constant.</summary>
    public const string HostMac = "ee:ee:ee:ee:ee:ee";

    public static readonly IPAddress GatewayV4 = IPAddress.Parse("169.254.1.1");

    /// <summary>The EUI-64 link-local address the kernel gives a link with MAC ee:ee:ee:ee:ee:ee.</summary>
    public static readonly IPAddress GatewayV6 = IPAddress.Parse("fe80::ecee:eeff:feee:eeee");

    public static PodNetworkPlan Create(WeftConfig config, string containerId, string ifName, NetnsRef pod, CniResult ipam)
    {
        var host = HostInterfaceName.For(config.HostInterfacePrefix, containerId, ifName);
        var podMac = HostInterfaceName.PodMac(containerId, ifName);
        var hostOps = new List<NetlinkOperation>
        {
            new AddVeth(host, ifName, pod) { Mac = HostMac, PeerMac = podMac, Mtu = config.Mtu },
            new SetLink(host) { Up = true },
        };
        var podOps = new List<NetlinkOperation>();
        var ips = new List<CniIpConfig>();
        var routes = new List<CniRoute>();
        var sysctls = new List<KeyValuePair<string, string>>();
        foreach (var family in new[] { true, false })
        {
            var addresses = ipam.Ips.Where(ip => ip.Address.IsIPv4 == family).ToList();
            if (addresses.Count == 0)
            {
                continue;
            }

            var gateway = family ? GatewayV4 : GatewayV6;
            var hostLength = family ? 32 : 128;
            foreach (var ip in addresses)
            {
                podOps.Add(new AddAddress(ifName, ip.Address.Address, hostLength));
                hostOps.Add(new AddRoute(new RouteSpec(IpPrefix.Host(ip.Address.Address)) { Device = host, LinkScope = family }, Replace: true));
                ips.Add(new CniIpConfig(new CidrAddress(ip.Address.Address, hostLength), gateway, Interface: 1));
            }

            if (podOps.OfType<SetLink>().Any() is false)
            {
                podOps.Add(new SetLink(ifName) { Up = true });
            }

            podOps.Add(new AddNeighbor(ifName, gateway, HostMac));
            if (family)
            {
                podOps.Add(new AddRoute(new RouteSpec(IpPrefix.Host(gateway)) { Device = ifName, LinkScope = true }, Replace: true));
            }

            var wanted = ipam.Routes.Where(r => r.Destination.Family == gateway.AddressFamily).Select(r => r.Destination).ToList();
            if (wanted.Count == 0)
            {
                wanted.Add(IpPrefix.Create(family ? IPAddress.Any : IPAddress.IPv6Any, 0));
            }

            foreach (var destination in wanted)
            {
                podOps.Add(new AddRoute(new RouteSpec(destination) { Gateway = gateway, Device = ifName }, Replace: true));
                routes.Add(new CniRoute(destination, gateway));
            }

            sysctls.Add(family
                ? new KeyValuePair<string, string>("net.ipv4.ip_forward", "1")
                : new KeyValuePair<string, string>("net.ipv6.conf.all.forwarding", "1"));
        }

        var result = new CniResult
        {
            Interfaces = [new CniInterface(host, HostMac), new CniInterface(ifName, podMac, pod.Path)],
            Ips = ips,
            Routes = routes,
            Dns = ipam.Dns,
        };
        return new PodNetworkPlan(host, hostOps, podOps, sysctls, result);
    }
}
