using System.Collections.Immutable;
using System.Net.Sockets;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Policy.Inputs;

namespace Weft.Datapath.Policy;

/// <summary>
/// The elementary intervals of the address and port spaces: every CIDR of every ipBlock, except and network, and
/// every pod address, cut the IPv4 space; every port bound (port, endPort, and the container ports named ports can
/// resolve to) cuts the port space. Inside one elementary interval the engine cannot tell two values apart, so
/// evaluating one representative per interval is exact.
/// </summary>
internal sealed record PolicyBounds(ImmutableArray<IpPrefix> Cidrs, ImmutableArray<AddressRange> Addresses, ImmutableArray<PortRange> Ports)
{
    public static PolicyBounds From(PolicyInput input)
    {
        var cidrs = new SortedSet<IpPrefix>(Comparer<IpPrefix>.Create((a, b) => a.Bits != b.Bits ? a.Bits.CompareTo(b.Bits) : a.Length.CompareTo(b.Length)));
        // Port 0 is its own interval: the engine may treat it unlike any real port.
        var ports = new SortedSet<int> { 0, 1, PortRange.MaxPort + 1 };
        var namedPorts = false;

        void AddPort(int? port, int? endPort)
        {
            if (port is { } p)
            {
                ports.Add(Math.Clamp(p, 0, PortRange.MaxPort));
                ports.Add(Math.Clamp((endPort ?? p) + 1, 0, PortRange.MaxPort + 1));
            }
        }

        void AddCidr(IpPrefix prefix)
        {
            if (prefix.Family == AddressFamily.InterNetwork)
            {
                cidrs.Add(prefix);
            }
        }

        foreach (var policy in input.NetworkPolicies)
        {
            foreach (var rule in policy.Ingress.Concat(policy.Egress))
            {
                foreach (var peer in rule.Peers)
                {
                    if (peer.IpBlock is { } block)
                    {
                        AddCidr(block.Cidr);
                        foreach (var except in block.Except)
                        {
                            AddCidr(except);
                        }
                    }
                }

                foreach (var port in rule.Ports)
                {
                    if (port.Port is { IsName: true })
                    {
                        namedPorts = true;
                    }
                    else if (port.Port is { } number)
                    {
                        AddPort(number.Number, port.EndPort);
                    }
                }
            }
        }

        var adminRules = input.AdminNetworkPolicies.SelectMany(p => p.Ingress.Concat(p.Egress))
            .Concat(input.BaselineAdminNetworkPolicy is { } banp ? banp.Ingress.Concat(banp.Egress) : []);
        foreach (var rule in adminRules)
        {
            foreach (var network in rule.Networks)
            {
                AddCidr(network);
            }

            foreach (var port in rule.Ports)
            {
                namedPorts |= port.NamedPort is not null;
                AddPort(port.Port, port.EndPort);
            }
        }

        if (namedPorts)
        {
            foreach (var port in input.Pods.SelectMany(p => p.Spec.Containers).SelectMany(c => c.Ports))
            {
                AddPort(port.Port, null);
            }
        }

        // A list sorted once: with a bound per pod address this runs on every plan, and a SortedSet insert per
        // address cost ~1 ms at 1,000 pods.
        var addressBounds = new List<ulong> { 0, 1UL << 32 };
        foreach (var cidr in cidrs)
        {
            var first = AddressRange.ToUInt32(cidr.Network);
            var last = AddressRange.ToUInt32(cidr.Last);
            addressBounds.Add(first);
            addressBounds.Add((ulong)last + 1);
        }

        foreach (var address in input.Pods.SelectMany(p => p.PodIPs).Where(a => a.AddressFamily == AddressFamily.InterNetwork || a.IsIPv4MappedToIPv6))
        {
            var value = AddressRange.ToUInt32(address);
            addressBounds.Add(value);
            addressBounds.Add((ulong)value + 1);
        }

        return new PolicyBounds([.. cidrs], AddressIntervals(addressBounds), PortIntervals(ports));
    }

    private static ImmutableArray<AddressRange> AddressIntervals(List<ulong> bounds)
    {
        bounds.Sort();
        var list = new List<ulong>(bounds.Count);
        foreach (var bound in bounds)
        {
            if (list.Count == 0 || list[^1] != bound)
            {
                list.Add(bound);
            }
        }

        var result = ImmutableArray.CreateBuilder<AddressRange>(list.Count - 1);
        for (var i = 0; i + 1 < list.Count; i++)
        {
            result.Add(new AddressRange((uint)list[i], (uint)(list[i + 1] - 1)));
        }

        return result.MoveToImmutable();
    }

    private static ImmutableArray<PortRange> PortIntervals(SortedSet<int> bounds)
    {
        var list = bounds.ToList();
        var result = ImmutableArray.CreateBuilder<PortRange>(list.Count - 1);
        for (var i = 0; i + 1 < list.Count; i++)
        {
            result.Add(new PortRange(list[i], list[i + 1] - 1));
        }

        return result.MoveToImmutable();
    }
}
