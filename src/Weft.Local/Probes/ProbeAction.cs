using System.Collections.Immutable;

namespace Weft.Local.Probes;

/// <summary>
/// A resolved probe handler: exactly one of a TCP connect, an HTTP GET or a command, with named ports already
/// turned into numbers. Built from the API's <c>Probe</c> by <see cref="ReadinessProbeSpec.TryCreate"/>.
/// </summary>
public sealed record ProbeAction
{
    public ProbeActionKind Kind { get; init; }

    /// <summary>Where tcpSocket and httpGet connect, inside the pod's network namespace (the pod IP or 127.0.0.1).</summary>
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; }

    public string Path { get; init; } = "/";

    public ImmutableArray<string> Command { get; init; } = [];
}
