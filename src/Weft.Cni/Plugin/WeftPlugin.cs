using Weft.Cni.Ipam;
using Weft.Cni.Spec;
using Weft.Datapath.Linux.Abstractions;

namespace Weft.Cni.Plugin;

/// <summary>
/// The <c>weft</c> main plugin: a veth pair between the node (the namespace this process runs in) and the pod,
/// addresses from the IPAM plugin, routes both ways (see <see cref="PodNetworkPlan"/>).
/// </summary>
public sealed class WeftPlugin(INetlink netlink, INetns netns, ISysctls sysctls, IIpamDelegate ipam)
{
    public async Task<CniOutcome> HandleAsync(CniRequest request, CancellationToken cancellationToken)
    {
        var (config, error) = WeftConfigParser.Parse(request.Config);
        if (error is not null)
        {
            return CniOutcome.Failure(error);
        }

        try
        {
            return request.Command switch
            {
                CniCommand.Add => await AddAsync(request, config!, cancellationToken),
                CniCommand.Del => await DelAsync(request, config!, cancellationToken),
                CniCommand.Check => await CheckAsync(request, config!, cancellationToken),
                CniCommand.Gc => await GcAsync(request, config!, cancellationToken),
                CniCommand.Status => await ipam.InvokeAsync(request, config!.IpamType, cancellationToken),
                _ => CniOutcome.Failure(new CniError(CniErrorCode.InvalidEnvironment, $"unsupported command {request.Command}")),
            };
        }
        catch (KernelOperationException e)
        {
            return CniOutcome.Failure(new CniError(CniErrorCode.KernelOperationFailed, $"{e.Operation} failed", e.Message));
        }
    }

    private async Task<CniOutcome> AddAsync(CniRequest request, WeftConfig config, CancellationToken cancellationToken)
    {
        var pod = NetnsRef.FromPath(request.NetnsPath!);
        if (!netns.Exists(pod))
        {
            return CniOutcome.Failure(new CniError(CniErrorCode.InvalidEnvironment, $"CNI_NETNS {request.NetnsPath} does not exist"));
        }

        var allocated = await ipam.InvokeAsync(request, config.IpamType, cancellationToken);
        if (!allocated.Succeeded)
        {
            return allocated;
        }

        if (allocated.Result!.Ips.Count == 0)
        {
            await ReleaseAsync(request, config, cancellationToken);
            return CniOutcome.Failure(new CniError(CniErrorCode.IpamDelegateFailed, $"IPAM plugin {config.IpamType} returned no addresses"));
        }

        CniTrace.Mark("ipam done");
        var plan = PodNetworkPlan.Create(config, request.ContainerId, request.IfName, pod, allocated.Result);
        try
        {
            try
            {
                await netlink.ApplyAsync(null, plan.HostOperations, cancellationToken);
            }
            catch (KernelOperationException e) when (e.StandardError.Contains("File exists", StringComparison.Ordinal))
            {
                // A retried ADD (the runtime retries after a crash or timeout): rebuild from scratch.
                await netlink.DeleteLinkAsync(null, plan.HostInterface, cancellationToken);
                await netlink.DeleteLinkAsync(pod, request.IfName, cancellationToken);
                await netlink.ApplyAsync(null, plan.HostOperations, cancellationToken);
            }

            CniTrace.Mark("host side done");
            CniFaults.From(request.Environment)?.Invoke("after-veth");
            await netlink.ApplyAsync(pod, plan.PodOperations, cancellationToken);
            CniTrace.Mark("pod side done");
            foreach (var (key, value) in plan.NodeSysctls)
            {
                if (await sysctls.ReadAsync(null, key, cancellationToken) != value)
                {
                    await sysctls.WriteAsync(null, key, value, cancellationToken);
                }
            }
        }
        catch (KernelOperationException)
        {
            // Undo so that a failed ADD leaves neither a link nor an address behind (the runtime may not DEL).
            await netlink.DeleteLinkAsync(null, plan.HostInterface, CancellationToken.None);
            await ReleaseAsync(request, config, CancellationToken.None);
            throw;
        }

        return CniOutcome.Success(plan.Result);
    }

    private async Task ReleaseAsync(CniRequest request, WeftConfig config, CancellationToken cancellationToken) =>
        await ipam.InvokeAsync(request with { Command = CniCommand.Del }, config.IpamType, cancellationToken);

    /// <summary>
    /// Idempotent: deleting the host veth removes the pod end and the /32 route with it; a missing link or
    /// namespace (already deleted, unknown container) is fine. Then the IPAM plugin releases the address.
    /// </summary>
    private async Task<CniOutcome> DelAsync(CniRequest request, WeftConfig config, CancellationToken cancellationToken)
    {
        var host = HostInterfaceName.For(config.HostInterfacePrefix, request.ContainerId, request.IfName);
        await netlink.DeleteLinkAsync(null, host, cancellationToken);
        return await ipam.InvokeAsync(request, config.IpamType, cancellationToken);
    }

    private async Task<CniOutcome> CheckAsync(CniRequest request, WeftConfig config, CancellationToken cancellationToken)
    {
        if (!request.Config.TryGetProperty("prevResult", out var prevElement))
        {
            return CniOutcome.Failure(CniError.InvalidConfig("prevResult: CHECK needs the result of the ADD"));
        }

        if (!CniJson.TryReadResult(prevElement, out var prev, out var why))
        {
            return CniOutcome.Failure(CniError.InvalidConfig("prevResult: " + why));
        }

        var checkedIpam = await ipam.InvokeAsync(request, config.IpamType, cancellationToken);
        if (!checkedIpam.Succeeded)
        {
            return checkedIpam;
        }

        var pod = NetnsRef.FromPath(request.NetnsPath!);
        if (!netns.Exists(pod))
        {
            return Failed($"network namespace {request.NetnsPath} does not exist");
        }

        var host = HostInterfaceName.For(config.HostInterfacePrefix, request.ContainerId, request.IfName);
        var hostLinks = await netlink.ListLinksAsync(null, host, cancellationToken);
        if (!hostLinks.Any(l => l.Name == host && l.IsUp))
        {
            return Failed($"host interface {host} is missing or down");
        }

        var sandboxIndex = prev!.Interfaces.Select((i, index) => (i, index))
            .Where(x => x.i.Name == request.IfName && x.i.Sandbox is not null).Select(x => (int?)x.index).FirstOrDefault();
        var expected = prev.Ips.Where(ip => ip.Interface is null || ip.Interface == sandboxIndex).ToList();
        var present = await netlink.ListAddressesAsync(pod, request.IfName, cancellationToken);
        var routes = await netlink.ListRoutesAsync(null, host, cancellationToken);
        foreach (var ip in expected)
        {
            if (!present.Any(a => a.Address.Equals(ip.Address.Address)))
            {
                return Failed($"{ip.Address.Address} is not on {request.IfName} in {request.NetnsPath}");
            }

            if (!routes.Any(r => r.Destination.Length == r.Destination.MaxLength && r.Destination.Contains(ip.Address.Address)))
            {
                return Failed($"the node has no route to {ip.Address.Address} via {host}");
            }
        }

        return CniOutcome.Empty;
    }

    /// <summary>GC (spec 1.1.0): the IPAM plugin releases leaked addresses; host veths of invalid attachments go too.</summary>
    private async Task<CniOutcome> GcAsync(CniRequest request, WeftConfig config, CancellationToken cancellationToken)
    {
        var (valid, error) = IpamPlugin.ReadValidAttachments(request.Config);
        if (error is not null)
        {
            return CniOutcome.Failure(error);
        }

        var collected = await ipam.InvokeAsync(request, config.IpamType, cancellationToken);
        if (!collected.Succeeded)
        {
            return collected;
        }

        var keep = valid!.Select(a => HostInterfaceName.For(config.HostInterfacePrefix, a.ContainerId, a.IfName)).ToHashSet();
        foreach (var link in await netlink.ListLinksAsync(null, config.HostInterfacePrefix, cancellationToken))
        {
            if (link.Kind == "veth" && HostInterfaceName.Matches(config.HostInterfacePrefix, link.Name) && !keep.Contains(link.Name))
            {
                await netlink.DeleteLinkAsync(null, link.Name, cancellationToken);
            }
        }

        return CniOutcome.Empty;
    }

    private static CniOutcome Failed(string message) =>
        CniOutcome.Failure(new CniError(CniErrorCode.CheckFailed, "CHECK failed: " + message));
}
