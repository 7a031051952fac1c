using System.Globalization;
using System.Text.RegularExpressions;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Processes;
using Weft.Datapath.Nftables;
using Weft.Datapath.Ports;

namespace Weft.Datapath.Linux.Nftables;

/// <summary><see cref="IConntrack"/> through <c>ip netns exec NS conntrack -D …</c> (conntrack-tools).</summary>
public sealed partial class NetnsConntrack(string networkNamespace, IProcessRunner? runner = null) : IConntrack
{
    private readonly IProcessRunner runner = runner ?? SystemProcessRunner.Instance;

    public async Task<ConntrackDeleteResult> DeleteAsync(ConntrackFlowFilter filter, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new ProcessRequest { FileName = "ip", Arguments = ["netns", "exec", networkNamespace, .. Arguments(filter)] }, cancellationToken);

        // conntrack exits 1 when nothing matched; its summary line tells the two apart.
        var summary = DeletedSummary().Match(result.StandardError + result.StandardOutput);
        if (summary.Success)
        {
            return new ConntrackDeleteResult(true, int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        return new ConntrackDeleteResult(false, 0, $"conntrack -D in {networkNamespace} exited {result.ExitCode}: {result.StandardError.Trim()}");
    }

    /// <summary>The conntrack command line for a filter (without the netns prefix).</summary>
    public static IReadOnlyList<string> Arguments(ConntrackFlowFilter filter)
    {
        var arguments = new List<string> { "conntrack", "-D", "-p", NftNames.Protocol(filter.Protocol) };
        if (filter.OriginalDestination is { } destination)
        {
            arguments.AddRange(["--orig-dst", destination.ToString()]);
        }

        if (filter.OriginalDestinationPort is { } port)
        {
            arguments.AddRange(["--orig-port-dst", port.ToString(CultureInfo.InvariantCulture)]);
        }

        if (filter.ReplySource is { } backend)
        {
            arguments.AddRange(["--reply-src", backend.ToString()]);
        }

        if (filter.ReplySourcePort is { } backendPort)
        {
            arguments.AddRange(["--reply-port-src", backendPort.ToString(CultureInfo.InvariantCulture)]);
        }

        return arguments;
    }

    [GeneratedRegex(@"(\d+) flow entries have been deleted")]
    private static partial Regex DeletedSummary();
}
