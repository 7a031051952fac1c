using System.Collections;
using Weft.Cni.Ipam;
using Weft.Cni.Plugin;
using Weft.Cni.Spec;
using Weft.Datapath.Linux.IpRoute;
using Weft.Datapath.Linux.Netlink;
using Weft.Datapath.Linux.Netns;
using Weft.Datapath.Linux.Processes;
using Weft.Datapath.Linux.Sysctl;

namespace Weft.Cni;

/// <summary>
/// The process entry of both plugins: environment and stdin in, the spec's JSON on stdout, exit code 0 on
/// success and 1 on error (the error object says why).
/// </summary>
public static class CniProgram
{
    public static async Task<int> RunAsync(CniRole role, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        using var stdin = Console.OpenStandardInput();
        using var stdout = Console.OpenStandardOutput();
        return await RunAsync(role, environment, stdin, stdout, cancellationToken);
    }

    public static async Task<int> RunAsync(
        CniRole role, IReadOnlyDictionary<string, string> environment, Stream stdin, Stream stdout, CancellationToken cancellationToken)
    {
        CniTrace.Mark("main");
        using var input = new MemoryStream();
        await stdin.CopyToAsync(input, cancellationToken);
        var (request, readError, version) = CniRequestReader.Read(environment, input.ToArray());
        if (readError is not null)
        {
            await stdout.WriteAsync(CniJson.WriteError(readError, version), cancellationToken);
            return 1;
        }

        CniTrace.Mark("request read");
        if (request!.Command == CniCommand.Version)
        {
            await stdout.WriteAsync(CniJson.WriteVersion(request.Version), cancellationToken);
            return 0;
        }

        CniOutcome outcome;
        try
        {
            outcome = role == CniRole.Ipam ? IpamPlugin.Handle(request) : await CreatePlugin().HandleAsync(request, cancellationToken);
        }
#pragma warning disable CA1031 // The plugin must always answer with a spec error object, even for a bug.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = CniOutcome.Failure(new CniError(CniErrorCode.InternalError, $"internal error: {e.GetType().Name}: {e.Message}", e.ToString()));
        }

        CniTrace.Mark("handled");
        if (outcome.Error is { } error)
        {
            await stdout.WriteAsync(CniJson.WriteError(error, request.Version), cancellationToken);
            return 1;
        }

        if (outcome.Result is { } result)
        {
            await stdout.WriteAsync(CniJson.WriteResult(result, request.Version), cancellationToken);
        }

        return 0;
    }

    private static WeftPlugin CreatePlugin()
    {
        var runner = SystemProcessRunner.Instance;
        var netns = new LinuxNetns(runner);
        return new WeftPlugin(new RtNetlink(new IpRouteNetlink(runner)), netns, new ProcSysctls(netns), new InProcessIpamDelegate(new ExecIpamDelegate(runner)));
    }
}
