namespace Weft.Datapath.Policy;

/// <summary>The user-facing names of <see cref="PolicyMode"/>: <c>enforce</c> and <c>audit</c>.</summary>
public static class PolicyModeText
{
    /// <summary>For error messages: the accepted values.</summary>
    public const string Allowed = "audit or enforce";

    public static string Format(PolicyMode mode) => mode == PolicyMode.Audit ? "audit" : "enforce";

    /// <summary>Accepts <c>audit</c> or <c>enforce</c> in any case; nothing else (numbers included).</summary>
    public static bool TryParse(string? text, out PolicyMode mode)
    {
        mode = PolicyMode.Enforce;
        if (string.Equals(text, "enforce", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "audit", StringComparison.OrdinalIgnoreCase))
        {
            mode = PolicyMode.Audit;
            return true;
        }

        return false;
    }
}
