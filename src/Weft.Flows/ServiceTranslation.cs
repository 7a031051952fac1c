using System.Net;

namespace Weft.Flows;

/// <summary>For service traffic: the service the client addressed and the backend the datapath chose (DNAT).</summary>
public sealed record ServiceTranslation
{
    /// <summary><c>namespace/name</c> of the service; null when the frontend address is not a known service.</summary>
    public string? ServiceName { get; init; }

    public required IPAddress FrontendAddress { get; init; }

    public required int FrontendPort { get; init; }

    public required IPAddress BackendAddress { get; init; }

    public required int BackendPort { get; init; }
}
