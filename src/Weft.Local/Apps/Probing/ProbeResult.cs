namespace Weft.Local.Apps.Probing;

/// <summary>
/// The outcome of one probe. <see cref="Connected"/> is the verdict: TCP connected (and the expected reply came),
/// UDP got a reply, HTTP answered 2xx/3xx (and the body matched), gRPC ended with the expected grpc-status. <see cref="Error"/> names the failure otherwise.
/// </summary>
public sealed record ProbeResult
{
    public required string Target { get; init; }

    public required string Protocol { get; init; }

    public required bool Connected { get; init; }

    public double LatencyMs { get; init; }

    public string? Error { get; init; }

    /// <summary>HTTP status code, when one came back.</summary>
    public int? Status { get; init; }

    /// <summary>First line of the reply (HTTP body, TCP or UDP payload), when one came back.</summary>
    public string? Reply { get; init; }

    /// <summary>gRPC: the grpc-status the call ended with (from the trailers, or the headers of a trailers-only answer).</summary>
    public string? GrpcStatus { get; init; }

    /// <summary>gRPC: the grpc-message, percent-decoded.</summary>
    public string? GrpcMessage { get; init; }

    /// <summary>The caller's label from the targets file (probe-many), else null.</summary>
    public string? Id { get; init; }
}
