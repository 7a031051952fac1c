using System.Net;
using System.Net.Sockets;
using Weft.Datapath.Linux.Netlink;

namespace Weft.Flows.Tests.Privileged;

/// <summary>
/// Two network namespaces <c>wtflow-XXXXXX-a</c> and <c>-b</c> joined by a veth pair, 10.250.0.1 ↔ 10.250.0.2.
/// Everything lives inside them; disposing deletes both namespaces (and with them the veth and any rules).
/// </summary>
internal sealed class TwoNamespaces : IDisposable
{
    public static readonly IPAddress AddressA = IPAddress.Parse("10.250.0.1");
    public static readonly IPAddress AddressB = IPAddress.Parse("10.250.0.2");
    public static readonly IPAddress AddressA6 = IPAddress.Parse("fd00:250::1");
    public static readonly IPAddress AddressB6 = IPAddress.Parse("fd00:250::2");

    public TwoNamespaces()
    {
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));
        A = $"wtflow-{id}-a";
        B = $"wtflow-{id}-b";
        try
        {
            Shell.Ip("netns", "add", A);
            Shell.Ip("netns", "add", B);
            Shell.Ip("link", "add", $"wtf{id}a", "netns", A, "type", "veth", "peer", "name", $"wtf{id}b", "netns", B);
            Shell.Ip("-n", A, "addr", "add", "10.250.0.1/24", "dev", $"wtf{id}a");
            Shell.Ip("-n", B, "addr", "add", "10.250.0.2/24", "dev", $"wtf{id}b");
            // nodad: usable at once instead of after duplicate address detection.
            Shell.Ip("-n", A, "addr", "add", "fd00:250::1/64", "dev", $"wtf{id}a", "nodad");
            Shell.Ip("-n", B, "addr", "add", "fd00:250::2/64", "dev", $"wtf{id}b", "nodad");
            foreach (var (ns, link) in new[] { (A, $"wtf{id}a"), (B, $"wtf{id}b") })
            {
                Shell.Ip("-n", ns, "link", "set", "lo", "up");
                Shell.Ip("-n", ns, "link", "set", link, "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string A { get; }

    public string B { get; }

    /// <summary>A UDP socket that belongs to namespace A (created on a thread inside it).</summary>
    public Socket UdpSocketInA() =>
        NetworkNamespaceScope.Run(NetworkNamespaceScope.PathOf(A), () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));

    /// <summary>A socket that belongs to namespace <paramref name="ns"/>.</summary>
    public static Socket SocketIn(string ns, AddressFamily family, SocketType type, ProtocolType protocol) =>
        NetworkNamespaceScope.Run(NetworkNamespaceScope.PathOf(ns), () => new Socket(family, type, protocol));

    public void Dispose()
    {
        Shell.TryIp("netns", "del", A);
        Shell.TryIp("netns", "del", B);
    }
}
