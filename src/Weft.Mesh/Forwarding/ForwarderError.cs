namespace Weft.Mesh.Forwarding;

/// <summary>How forwarding one request failed (after YARP's ForwarderError): a value, never an exception.</summary>
public enum ForwarderError
{
    None,

    /// <summary>No ready endpoint (503).</summary>
    NoEndpoints,

    /// <summary>Could not connect to the endpoint, or TLS to it failed (502).</summary>
    Connect,

    /// <summary>The upstream failed before sending response headers (502).</summary>
    Request,

    /// <summary>The upstream did not send response headers in time (504).</summary>
    ResponseHeadersTimeout,

    /// <summary>The client went away or failed sending the request body.</summary>
    RequestBody,

    /// <summary>The upstream failed while streaming the response body (the client connection is aborted).</summary>
    ResponseBody,

    /// <summary>The client aborted while we were forwarding.</summary>
    ClientCanceled,
}
