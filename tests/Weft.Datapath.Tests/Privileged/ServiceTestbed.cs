using System.Diagnostics;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Processes;

namespace Weft.Datapath.Tests.Privileged;

/// <summary>
/// A node namespace with a client, an external peer on the underlay and three backends, all in namespaces this
/// fixture creates (prefix <c>wtsvc-</c>) and deletes again, even when setup fails halfway. Links are created
/// from inside the node namespace (<c>ip -n</c>), so the host namespace never holds any of them.
/// <code>
///   cli 10.244.2.2 ── vcli 10.244.2.1 ┐
///                                   node ── br0 10.244.1.1 ── be1 .11, be2 .12, be3 .13 (TCP 8080 HTTP, UDP 5353)
///   ext 172.31.0.2 ── vext 172.31.0.1 ┘
/// </code>
/// </summary>
public sealed class ServiceTestbed : IAsyncLifetime
{
    private readonly TestNamespaces scratch = new();

    public string Prefix { get; } = $"wtsvc-{Guid.NewGuid().ToString("N")[..6]}";

    public string Node => $"{Prefix}-node";

    public string Client => $"{Prefix}-cli";

    public string External => $"{Prefix}-ext";

    public string BackendNamespace(int i) => $"{Prefix}-be{i}";

    public static string BackendAddress(int i) => $"10.244.1.1{i}";

    public const string NodeAddress = "172.31.0.1";

    public async Task InitializeAsync()
    {
        if (Environment.UserName != "root")
        {
            return;
        }

        try
        {
            await SetUpAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {

        foreach (var ns in new[] { Node, Client, External, BackendNamespace(1), BackendNamespace(2), BackendNamespace(3) })
        {
            await scratch.AddAsync(ns);
        }

        await Exec(Node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        await Ip("-n", Node, "link", "add", "br0", "type", "bridge");
        await Ip("-n", Node, "addr", "add", "10.244.1.1/24", "dev", "br0");
        await Ip("-n", Node, "link", "set", "br0", "up");
        for (var i = 1; i <= 3; i++)
        {
            await Ip("-n", Node, "link", "add", $"vbe{i}", "type", "veth", "peer", "name", "eth0", "netns", BackendNamespace(i));
            await Ip("-n", Node, "link", "set", $"vbe{i}", "master", "br0", "up");

            // With br_netfilter loaded (bridge-nf-call-iptables=1) a pod's packet to its own service is DNATed at the
            // bridge and must leave through the port it came in on: hairpin mode, as the CNI bridge plugin's hairpinMode.
            await Ip("-n", Node, "link", "set", $"vbe{i}", "type", "bridge_slave", "hairpin", "on");
            await Ip("-n", BackendNamespace(i), "addr", "add", $"{BackendAddress(i)}/24", "dev", "eth0");
            await Ip("-n", BackendNamespace(i), "link", "set", "eth0", "up");
            await Ip("-n", BackendNamespace(i), "route", "add", "default", "via", "10.244.1.1");
        }

        await Peer("vcli", Client, "10.244.2.1", "10.244.2.2");
        await Peer("vext", External, NodeAddress, "172.31.0.2");

        // Unmatched service traffic is routed somewhere (here: the underlay peer), so the filter-forward hook sees
        // it and can reject connections to services without endpoints, as on a real node with a default route.
        await Ip("-n", Node, "route", "add", "default", "via", "172.31.0.2");

        var script = Path.Combine(AppContext.BaseDirectory, "Privileged", "Backend.py");
        for (var i = 1; i <= 3; i++)
        {
            scratch.Start(BackendNamespace(i), "python3", script, $"be{i}");
        }

        for (var i = 1; i <= 3; i++)
        {
            await WaitForBackendAsync(i);
        }
    }

    public Task DisposeAsync() => scratch.DisposeAsync();

    /// <summary>Runs a command inside a namespace of this testbed and returns its result.</summary>
    public Task<ProcessResult> Exec(string ns, params string[] command) => scratch.Exec(ns, command);


    /// <summary>HTTP GETs <paramref name="count"/> new connections from the client and returns the backend names that answered.</summary>
    public async Task<List<string>> CurlAsync(string ns, string url, int count)
    {
        var result = await Exec(ns, ["curl", "-s", "--max-time", "3", .. Enumerable.Repeat(url, count)]);
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public async Task<string> UdpAsync(string ns, string address, int port, int sourcePort)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Privileged", "UdpClient.py");
        var result = await Exec(ns, "python3", script, address, port.ToString(), sourcePort.ToString());
        return result.StandardOutput.Trim();
    }

    /// <summary>Opens one TCP connection from the client namespace; each <see cref="TcpSession.AskAsync"/> is a round trip on it.</summary>
    public TcpSession StartTcpSession(string address, int port)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Privileged", "TcpSession.py");
        return new TcpSession(scratch.Start(Client, "python3", script, address, port.ToString()));
    }

    private async Task WaitForBackendAsync(int i)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var result = await Exec(Node, "curl", "-s", "--max-time", "1", $"http://{BackendAddress(i)}:8080/");
            if (result.StandardOutput.Trim() == $"be{i}")
            {
                return;
            }

            // Polling for a process we just started to listen; the delay bounds CPU use, it is not a timing assertion.
            await Task.Delay(100);
        }

        throw new InvalidOperationException($"backend be{i} did not start");
    }

    private async Task Peer(string nodeSide, string ns, string nodeAddress, string peerAddress)
    {
        await Ip("-n", Node, "link", "add", nodeSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
        await Ip("-n", Node, "addr", "add", $"{nodeAddress}/24", "dev", nodeSide);
        await Ip("-n", Node, "link", "set", nodeSide, "up");
        await Ip("-n", ns, "addr", "add", $"{peerAddress}/24", "dev", "eth0");
        await Ip("-n", ns, "link", "set", "eth0", "up");
        if (ns == Client)
        {
            await Ip("-n", ns, "route", "add", "default", "via", nodeAddress);
        }
    }

    private Task Ip(params string[] arguments) => scratch.Ip(arguments);
}
