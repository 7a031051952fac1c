namespace Weft.Local.Cni;

/// <summary>A CNI error result (spec: code, msg, details) from a plugin the runtime called.</summary>
public sealed record CniError(string Plugin, int Code, string Message, string? Details)
{
    public override string ToString() =>
        Details is { Length: > 0 } ? $"{Plugin}: CNI error {Code}: {Message} ({Details})" : $"{Plugin}: CNI error {Code}: {Message}";
}
