using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Weft.Cni.Install;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.IpRoute;
using Weft.Datapath.Linux.Netns;
using Weft.Datapath.Linux.Processes;

namespace Weft.Cni.Tests.Privileged;

/// <summary>
/// A node for one test: its own network namespace (<c>wtcni-XXXX-node</c>, with a node address on lo), pod
/// namespaces, a CNI bin directory with the installed launchers and a data directory. Plugins run inside the
/// node namespace (nsenter --net) with the full calling convention, as containerd runs them on a node.
/// Everything is named with the test's prefix and removed on dispose, even when the test failed.
/// </summary>
internal sealed class CniTestNode : IAsyncDisposable
{
    public const string ReferencePlugins = "/usr/lib/cni";
    public static readonly IPAddress NodeAddress = IPAddress.Parse("172.31.250.1");

    private static readonly SystemProcessRunner Runner = SystemProcessRunner.Instance;
    private readonly List<string> _pods = [];

    private CniTestNode(string prefix)
    {
        Prefix = prefix;
        WorkDir = Path.Combine(Path.GetTempPath(), prefix);
    }

    public static LinuxNetns Netns { get; } = new(Runner);

    public static IpRouteNetlink Netlink { get; } = new(Runner);

    public string Prefix { get; }

    public string NodeNs => $"{Prefix}-node";

    public NetnsRef Node => NetnsRef.Named(NodeNs);

    public string WorkDir { get; }

    public string BinDir => Path.Combine(WorkDir, "bin");

    public string DataDir => Path.Combine(WorkDir, "ipam");

    public string CniPath => $"{BinDir}:{ReferencePlugins}";

    public static async Task<CniTestNode> CreateAsync()
    {
        var node = new CniTestNode("wtcni-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2)));
        try
        {
            Directory.CreateDirectory(node.WorkDir);
            await Netns.CreateAsync(node.NodeNs, CancellationToken.None);
            await Netlink.ApplyAsync(node.Node, [
                new Datapath.Linux.Abstractions.Operations.SetLink("lo") { Up = true },
                new Datapath.Linux.Abstractions.Operations.AddAddress("lo", NodeAddress, 32),
            ], CancellationToken.None);
            CniInstaller.Install(new CniInstallOptions
            {
                BinDir = node.BinDir,
                HostPath = Path.Combine(AppContext.BaseDirectory, "weft-cni"),
                DotnetRoot = "/usr/share/dotnet",
            });
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a pod namespace and returns its path (what a runtime passes as CNI_NETNS).</summary>
    public async Task<string> CreatePodAsync(string name)
    {
        var ns = $"{Prefix}-{name}";
        await Netns.CreateAsync(ns, CancellationToken.None);
        _pods.Add(ns);
        return NetnsRef.Named(ns).Path;
    }

    public Task DeletePodAsync(string netnsPath) =>
        Netns.DeleteAsync(Path.GetFileName(netnsPath), CancellationToken.None);

    public string Config(string version, string network, string ipam, string type = "weft", string extra = "") =>
        $$"""{"cniVersion":"{{version}}","name":"{{network}}","type":"{{type}}"{{extra}},"ipam":{{ipam}}}""";

    /// <summary>Adds a member (e.g. "prevResult": {...}) to a configuration object.</summary>
    public static string With(string config, string member) => config.TrimEnd()[..^1] + "," + member + "}";

    public string WeftIpam(string subnet, string more = "") =>
        $$"""{"type":"weft-ipam","subnet":"{{subnet}}","dataDir":"{{DataDir}}"{{more}}}""";

    /// <summary>Runs plugin <paramref name="type"/> inside the node namespace with the CNI calling convention.</summary>
    public async Task<CniCall> InvokeAsync(
        string type, string command, string config, string? containerId = null, string? netns = null, string ifName = "eth0",
        IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var plugin = File.Exists(Path.Combine(BinDir, type)) ? Path.Combine(BinDir, type) : Path.Combine(ReferencePlugins, type);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin",
            ["CNI_COMMAND"] = command,
            ["CNI_PATH"] = CniPath,
        };
        if (containerId is not null)
        {
            environment["CNI_CONTAINERID"] = containerId;
            environment["CNI_IFNAME"] = ifName;
        }

        if (netns is not null)
        {
            environment["CNI_NETNS"] = netns;
        }

        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var result = await Runner.RunAsync(new ProcessRequest
        {
            FileName = "nsenter",
            Arguments = [$"--net={Node.Path}", plugin],
            Environment = environment,
            StandardInput = config,
            Timeout = TimeSpan.FromMinutes(3),
        }, CancellationToken.None);
        return new CniCall(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>
    /// Whether a TCP connection attempt from the node reaches <paramref name="address"/>: an accepted connection or a
    /// refusal (RST from the pod's kernel) both prove the round trip; a timeout or unreachable does not.
    /// </summary>
    public async Task<bool> CanReachAsync(IPAddress address, int port = 9)
    {
        using var socket = await Netns.RunInAsync(Node, () => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The allocation records (file name = address) of a network.</summary>
    public IReadOnlyList<string> Allocations(string network)
    {
        var dir = Path.Combine(DataDir, network);
        return Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir).Select(p => Path.GetFileName(p)).Where(n => IPAddress.TryParse(n, out _)).Order().ToList()
            : [];
    }

    public IReadOnlyList<string> TempFiles(string network)
    {
        var dir = Path.Combine(DataDir, network);
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, ".tmp-*").ToList() : [];
    }

    public async Task<IReadOnlyList<string>> HostLinksAsync(string prefix = "weft") =>
        (await Netlink.ListLinksAsync(Node, prefix, CancellationToken.None)).Select(l => l.Name).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in Netns.List(Prefix + "-"))
        {
            await Netns.DeleteAsync(ns, CancellationToken.None);
        }

        if (Directory.Exists(WorkDir))
        {
            Directory.Delete(WorkDir, recursive: true);
        }
    }
}
