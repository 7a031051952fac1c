namespace Weft.Cni.Spec;

/// <summary>An error as the spec's JSON error object: code, a short message, and details for humans.</summary>
public sealed record CniError(CniErrorCode Code, string Message, string? Details = null)
{
    /// <summary>An error returned verbatim by a delegated plugin (its code may be one we do not know).</summary>
    public int RawCode { get; init; } = -1;

    public int NumericCode => RawCode >= 0 ? RawCode : (int)Code;

    public static CniError InvalidConfig(string message, string? details = null) => new(CniErrorCode.InvalidConfig, message, details);
}
