using System.Collections.Immutable;
using Weft.Api.Resources;

namespace Weft.Services.Model;

/// <summary>One port of a compiled service and the backends that EndpointSlices give it.</summary>
public sealed record ServicePortEntry
{
    /// <summary>The port name; empty for the single unnamed port Kubernetes allows.</summary>
    public string Name { get; init; } = "";

    public Protocol Protocol { get; init; } = Protocol.Tcp;

    public required int Port { get; init; }

    /// <summary>The allocated or requested node port, for NodePort and LoadBalancer services.</summary>
    public int? NodePort { get; init; }

    /// <summary>Backends sorted by address then port, without duplicates.</summary>
    public ImmutableArray<Backend> Backends { get; init; } = [];

    public override string ToString() => NodePort is { } node ? $"{Port}:{node}/{Protocol.ToString().ToUpperInvariant()}" : $"{Port}/{Protocol.ToString().ToUpperInvariant()}";
}
