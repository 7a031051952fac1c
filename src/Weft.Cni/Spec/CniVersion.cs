namespace Weft.Cni.Spec;

/// <summary>Spec versions Weft speaks, and comparisons between version strings.</summary>
public static class CniVersion
{
    public const string Latest = "1.1.0";

    public static IReadOnlyList<string> Supported { get; } = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    public static bool IsSupported(string? version) => version is not null && Supported.Contains(version);

    /// <summary>Compares two semantic versions; unparsable versions sort first.</summary>
    public static int Compare(string a, string b) => Key(a).CompareTo(Key(b));

    public static bool AtLeast(string version, string minimum) => Compare(version, minimum) >= 0;

    private static (int, int, int) Key(string version)
    {
        var parts = version.Split('.');
        return parts.Length == 3 && int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor)
            && int.TryParse(parts[2], out var patch)
            ? (major, minor, patch)
            : (-1, -1, -1);
    }
}
