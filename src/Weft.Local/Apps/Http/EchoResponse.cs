namespace Weft.Local.Apps.Http;

/// <summary>What the echo app answers: status, body, content type and how long to wait first.</summary>
internal sealed record EchoResponse(int Status, string Body, string ContentType)
{
    public TimeSpan Delay { get; init; }
}
