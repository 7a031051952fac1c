namespace Weft.Mesh.Forwarding;

/// <summary>Metric label and status code for each <see cref="ForwarderError"/>.</summary>
internal static class ForwarderErrorText
{
    public static string Label(ForwarderError error) => error switch
    {
        ForwarderError.None => "",
        ForwarderError.NoEndpoints => "no_endpoints",
        ForwarderError.Connect => "connect",
        ForwarderError.Request => "request",
        ForwarderError.ResponseHeadersTimeout => "timeout",
        ForwarderError.RequestBody => "request_body",
        ForwarderError.ResponseBody => "response_body",
        ForwarderError.ClientCanceled => "client_canceled",
        _ => "unknown",
    };

    public static int StatusCode(ForwarderError error) => error switch
    {
        ForwarderError.NoEndpoints => 503,
        ForwarderError.ResponseHeadersTimeout => 504,
        ForwarderError.ClientCanceled => 499,
        ForwarderError.RequestBody => 400,
        _ => 502,
    };
}
