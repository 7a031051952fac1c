using Weft.Cni.Ipam;
using Weft.Cni.Spec;

namespace Weft.Cni.Plugin;

/// <summary>
/// Runs <c>weft-ipam</c> inside the <c>weft</c> process instead of starting a second runtime: the same code
/// and the same on-disk store and lock as the separate binary, without a second process start-up on every
/// pod. Any other IPAM type goes through <see cref="ExecIpamDelegate"/>.
/// </summary>
public sealed class InProcessIpamDelegate(IIpamDelegate fallback) : IIpamDelegate
{
    public Task<CniOutcome> InvokeAsync(CniRequest request, string type, CancellationToken cancellationToken) =>
        type == IpamPlugin.TypeName
            ? Task.FromResult(IpamPlugin.Handle(request))
            : fallback.InvokeAsync(request, type, cancellationToken);
}
