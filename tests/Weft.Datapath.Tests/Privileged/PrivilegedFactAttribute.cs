namespace Weft.Datapath.Tests.Privileged;

/// <summary>
/// A fact that needs root and the real kernel (network namespaces, nftables). CI runs as root; elsewhere the
/// test is reported as skipped — never as passed.
/// </summary>
public sealed class PrivilegedFactAttribute : FactAttribute
{
    public PrivilegedFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "needs root on Linux (network namespaces and nftables)";
        }
    }
}
