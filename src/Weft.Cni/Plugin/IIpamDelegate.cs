using Weft.Cni.Spec;

namespace Weft.Cni.Plugin;

/// <summary>Runs the IPAM plugin named in the configuration for the request's verb.</summary>
public interface IIpamDelegate
{
    Task<CniOutcome> InvokeAsync(CniRequest request, string type, CancellationToken cancellationToken);
}
