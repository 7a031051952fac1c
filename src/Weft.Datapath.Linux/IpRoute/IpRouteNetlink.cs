using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Abstractions.Operations;

namespace Weft.Datapath.Linux.IpRoute;

/// <summary>
/// <see cref="INetlink"/> over iproute2: a batch of operations is one <c>ip -batch -</c> run, inside the target
/// namespace with <c>ip -n NAME</c> or, for a namespace known only by path, <c>nsenter --net=PATH ip</c>.
/// </summary>
public sealed class IpRouteNetlink(IProcessRunner runner) : INetlink
{
    public async Task ApplyAsync(NetnsRef? netns, IReadOnlyList<NetlinkOperation> operations, CancellationToken cancellationToken)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var request = Command(netns, ["-batch", "-"]) with { StandardInput = IpBatchRenderer.Render(operations) };
        var result = await runner.RunAsync(request, cancellationToken);
        if (!result.Succeeded)
        {
            throw new KernelOperationException(
                $"{request.Describe()} <<< {request.StandardInput!.Replace('\n', ';')}", result.ExitCode, result.StandardError);
        }
    }

    public async Task<bool> DeleteLinkAsync(NetnsRef? netns, string name, CancellationToken cancellationToken)
    {
        var request = Command(netns, [.. IpBatchRenderer.Line(new DeleteLink(name))]);
        var result = await runner.RunAsync(request, cancellationToken);
        if (result.Succeeded)
        {
            return true;
        }

        if (result.StandardError.Contains("Cannot find device", StringComparison.Ordinal)
            || result.StandardError.Contains("does not exist", StringComparison.Ordinal))
        {
            return false;
        }

        throw new KernelOperationException(request.Describe(), result.ExitCode, result.StandardError);
    }

    public async Task<IReadOnlyList<LinkInfo>> ListLinksAsync(NetnsRef? netns, string? prefix, CancellationToken cancellationToken) =>
        IpJsonParser.Links(await QueryAsync(netns, ["-json", "-details", "link", "show"], cancellationToken), prefix);

    public async Task<IReadOnlyList<AddressInfo>> ListAddressesAsync(NetnsRef? netns, string? device, CancellationToken cancellationToken) =>
        IpJsonParser.Addresses(await QueryAsync(netns, device is null ? ["-json", "addr", "show"] : ["-json", "addr", "show", "dev", device], cancellationToken));

    public async Task<IReadOnlyList<RouteInfo>> ListRoutesAsync(NetnsRef? netns, string? device, CancellationToken cancellationToken)
    {
        string[] filter = device is null ? [] : ["dev", device];
        var v4 = IpJsonParser.Routes(await QueryAsync(netns, ["-json", "-4", "route", "show", .. filter], cancellationToken), ipv6: false);
        var v6 = IpJsonParser.Routes(await QueryAsync(netns, ["-json", "-6", "route", "show", .. filter], cancellationToken), ipv6: true);
        return [.. v4, .. v6];
    }

    private async Task<string> QueryAsync(NetnsRef? netns, string[] arguments, CancellationToken cancellationToken)
    {
        var request = Command(netns, arguments);
        var result = await runner.RunAsync(request, cancellationToken);
        return result.Succeeded
            ? result.StandardOutput
            : throw new KernelOperationException(request.Describe(), result.ExitCode, result.StandardError);
    }

    internal static ProcessRequest Command(NetnsRef? netns, string[] arguments) => netns switch
    {
        null => new ProcessRequest { FileName = "ip", Arguments = arguments },
        { Name: { } name } => new ProcessRequest { FileName = "ip", Arguments = ["-n", name, .. arguments] },
        _ => new ProcessRequest { FileName = "nsenter", Arguments = [$"--net={netns.Path}", "ip", .. arguments] },
    };
}
