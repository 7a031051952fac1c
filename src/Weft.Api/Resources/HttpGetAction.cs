namespace Weft.Api.Resources;

public sealed record HttpGetAction
{
    public string Path { get; init; } = "/";

    public required IntOrString Port { get; init; }
}
