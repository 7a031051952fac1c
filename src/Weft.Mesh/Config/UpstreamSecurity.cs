namespace Weft.Mesh.Config;

/// <summary>How the proxy connects to its upstream.</summary>
public enum UpstreamSecurity
{
    /// <summary>As the application sent it (to an unmeshed destination or the local application).</summary>
    Plain,

    /// <summary>Originate mutual TLS with the workload certificate (to a peer proxy).</summary>
    MutualTls,
}
