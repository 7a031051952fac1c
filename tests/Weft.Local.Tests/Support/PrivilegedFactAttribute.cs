namespace Weft.Local.Tests.Support;

/// <summary>A test that needs root (network namespaces). Reported as skipped, never as passed, when not root; CI runs as root.</summary>
internal sealed class PrivilegedFactAttribute : FactAttribute
{
    public PrivilegedFactAttribute()
    {
        if (Environment.UserName != "root" && !IsRoot())
        {
            Skip = "needs root (creates network namespaces)";
        }
    }

    private static bool IsRoot() => File.Exists("/proc/self/status") &&
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [_, "0", ..];
}
