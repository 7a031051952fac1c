namespace Weft.Flows.Tests.Privileged;

/// <summary>
/// A test that needs root (network namespaces, nftables, netlink multicast). CI runs as root; elsewhere the test is
/// reported as skipped, never as passed.
/// </summary>
public sealed class PrivilegedFactAttribute : FactAttribute
{
    public PrivilegedFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "needs root on Linux (network namespaces, nftables)";
        }
    }
}
