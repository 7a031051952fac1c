namespace Weft.Api.Resources;

/// <summary>v1 Namespace.</summary>
public sealed record Namespace : Resource
{
    public override string Kind => "Namespace";

    public override string ApiVersion => "v1";
}
