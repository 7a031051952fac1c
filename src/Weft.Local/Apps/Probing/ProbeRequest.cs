namespace Weft.Local.Apps.Probing;

/// <summary>One connectivity check: what to reach, how, and what counts as an answer.</summary>
public sealed record ProbeRequest
{
    public required ProbeProtocol Protocol { get; init; }

    /// <summary>An IP address or a host name.</summary>
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>HTTP request path (with query), <c>/</c> by default; for gRPC the method (<c>/</c>: the echo app's Echo).</summary>
    public string Path { get; init; } = "/";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Text the reply must contain (HTTP body, TCP or UDP reply); null accepts any reply.</summary>
    public string? Expect { get; init; }

    /// <summary>Payload to send: UDP always sends one (<c>ping</c> by default); TCP sends a line only when set or when <see cref="Expect"/> is.</summary>
    public string? Send { get; init; }

    /// <summary>
    /// gRPC: ask the echo app's <c>Status</c> method for this grpc-status and expect it back (null: call <c>Echo</c>
    /// and expect 0).
    /// </summary>
    public int? GrpcStatus { get; init; }

    /// <summary>Caller's label, echoed in the result (probe-many).</summary>
    public string? Id { get; init; }

    /// <summary>The target as written: <c>host:port</c>, IPv6 in brackets.</summary>
    public string Target => (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host) + ":" + Port;
}
