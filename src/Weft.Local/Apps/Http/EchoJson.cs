namespace Weft.Local.Apps.Http;

/// <summary>The JSON form of an echo reply (<c>Accept: application/json</c> or <c>?format=json</c>).</summary>
internal sealed record EchoJson(string Pod, string Namespace, string Node, string Client, string Request, int Status);
