namespace Weft.Datapath.Linux.Abstractions;

/// <summary>Kernel parameters under /proc/sys, per network namespace for the net.* tree.</summary>
public interface ISysctls
{
    /// <summary>Writes <paramref name="value"/> to the sysctl <paramref name="key"/> (dotted, e.g. net.ipv4.ip_forward).</summary>
    Task WriteAsync(NetnsRef? netns, string key, string value, CancellationToken cancellationToken);

    Task<string> ReadAsync(NetnsRef? netns, string key, CancellationToken cancellationToken);
}
