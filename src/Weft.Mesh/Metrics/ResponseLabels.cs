namespace Weft.Mesh.Metrics;

/// <summary>Labels of response_total and response_latency_seconds: the request's plus the outcome.</summary>
public readonly record struct ResponseLabels(RequestLabels Request, int StatusCode, string GrpcStatus, string Error)
{
    /// <summary>failure for 5xx, a non-zero gRPC status, or a proxy error; success otherwise (Linkerd's classification).</summary>
    public string Classification =>
        StatusCode >= 500 || (GrpcStatus.Length > 0 && GrpcStatus != "0") || Error.Length > 0 ? "failure" : "success";

    public string StatusClass => StatusCode switch
    {
        >= 100 and < 200 => "1xx",
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "none",
    };
}
