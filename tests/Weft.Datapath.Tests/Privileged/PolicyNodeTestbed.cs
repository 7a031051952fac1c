using System.Diagnostics;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Processes;

namespace Weft.Datapath.Tests.Privileged;

/// <summary>
/// A node namespace with three pods on routed veths (as Weft's CNI wires them) and an external peer on the
/// underlay, all in namespaces this fixture creates (prefix <c>wtpdp-</c>) and deletes again, even when setup
/// fails halfway. Each pod runs Backend.py (TCP 8080 HTTP, UDP 5353, TCP 7000 line sessions).
/// <code>
///   pod1 10.244.1.11 ── vpdp1 ┐
///   pod2 10.244.1.12 ── vpdp2 ├ node (169.254.1.1 on every pod veth; /32 route per pod)
///   pod3 10.244.1.13 ── vpdp3 ┘
///   ext  172.31.0.2  ── vext 172.31.0.1
/// </code>
/// </summary>
public sealed class PolicyNodeTestbed : IAsyncLifetime
{
    private readonly TestNamespaces scratch = new();

    public string Prefix { get; } = $"wtpdp-{Guid.NewGuid().ToString("N")[..6]}";

    public string Node => $"{Prefix}-node";

    public string External => $"{Prefix}-ext";

    public string PodNamespace(int i) => $"{Prefix}-p{i}";

    public static string PodAddress(int i) => $"10.244.1.1{i}";

    public static string HostInterface(int i) => $"vpdp{i}";

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
        foreach (var ns in new[] { Node, External, PodNamespace(1), PodNamespace(2), PodNamespace(3) })
        {
            await scratch.AddAsync(ns);
        }

        await Exec(Node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (var i = 1; i <= 3; i++)
        {
            var pod = PodNamespace(i);
            await Ip("-n", Node, "link", "add", HostInterface(i), "type", "veth", "peer", "name", "eth0", "netns", pod);
            await Ip("-n", Node, "addr", "add", "169.254.1.1/32", "dev", HostInterface(i));
            await Ip("-n", Node, "link", "set", HostInterface(i), "up");
            await Ip("-n", Node, "route", "add", $"{PodAddress(i)}/32", "dev", HostInterface(i));
            await Ip("-n", pod, "addr", "add", $"{PodAddress(i)}/32", "dev", "eth0");
            await Ip("-n", pod, "link", "set", "eth0", "up");
            await Ip("-n", pod, "route", "add", "169.254.1.1", "dev", "eth0");
            await Ip("-n", pod, "route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        }

        await Ip("-n", Node, "link", "add", "vext", "type", "veth", "peer", "name", "eth0", "netns", External);
        await Ip("-n", Node, "addr", "add", "172.31.0.1/24", "dev", "vext");
        await Ip("-n", Node, "link", "set", "vext", "up");
        await Ip("-n", External, "addr", "add", "172.31.0.2/24", "dev", "eth0");
        await Ip("-n", External, "link", "set", "eth0", "up");
        await Ip("-n", External, "route", "add", "10.244.1.0/24", "via", "172.31.0.1");

        var script = Path.Combine(AppContext.BaseDirectory, "Privileged", "Backend.py");
        for (var i = 1; i <= 3; i++)
        {
            scratch.Start(PodNamespace(i), "python3", script, $"pod{i}");
        }

        for (var i = 1; i <= 3; i++)
        {
            await WaitForServerAsync(i);
        }
    }

    public Task DisposeAsync() => scratch.DisposeAsync();

    public Task<ProcessResult> Exec(string ns, params string[] command) => scratch.Exec(ns, command);

    /// <summary>A new TCP connection (HTTP GET) from <paramref name="ns"/>; the answering pod's name or "" when blocked.</summary>
    public async Task<string> TcpAsync(string ns, string address)
    {
        var result = await Exec(ns, "curl", "-s", "--max-time", "1", $"http://{address}:8080/");
        return result.StandardOutput.Trim();
    }

    /// <summary>One datagram to UDP 5353; the answering pod's name or "timeout".</summary>
    public async Task<string> UdpAsync(string ns, string address)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Privileged", "UdpClient.py");
        var result = await Exec(ns, "python3", script, address, "5353", "40000");
        return result.StandardOutput.Trim();
    }

    public TcpSession StartTcpSession(string ns, string address) =>
        new(scratch.Start(ns, "python3", Path.Combine(AppContext.BaseDirectory, "Privileged", "TcpSession.py"), address, "7000"));

    private async Task WaitForServerAsync(int i)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await TcpAsync(Node, PodAddress(i)) == $"pod{i}")
            {
                return;
            }

            // Polling for a process we just started to listen; the delay bounds CPU use, it is not a timing assertion.
            await Task.Delay(100);
        }

        throw new InvalidOperationException($"pod{i} did not start");
    }


    private Task Ip(params string[] arguments) => scratch.Ip(arguments);
}
