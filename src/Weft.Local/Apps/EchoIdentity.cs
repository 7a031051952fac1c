namespace Weft.Local.Apps;

/// <summary>Who the echo app says it is: set by the local runtime through WEFT_POD_NAME and friends.</summary>
public sealed record EchoIdentity(string Pod, string Namespace, string Node)
{
    public const string PodVariable = "WEFT_POD_NAME";
    public const string NamespaceVariable = "WEFT_POD_NAMESPACE";
    public const string NodeVariable = "WEFT_NODE_NAME";

    /// <summary>Reads the identity from environment variables, falling back to the host name.</summary>
    public static EchoIdentity From(Func<string, string?> environment, string hostName) => new(
        NonEmpty(environment(PodVariable)) ?? hostName,
        NonEmpty(environment(NamespaceVariable)) ?? "default",
        NonEmpty(environment(NodeVariable)) ?? "");

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
