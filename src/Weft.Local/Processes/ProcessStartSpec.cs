using System.Collections.Immutable;

namespace Weft.Local.Processes;

/// <summary>What to run for one container: a command, its complete environment, and where its output goes.</summary>
public sealed record ProcessStartSpec
{
    /// <summary>The executable: an absolute path, or a name looked up in the PATH of <see cref="Environment"/>.</summary>
    public required string FileName { get; init; }

    public ImmutableArray<string> Arguments { get; init; } = [];

    /// <summary>The process's whole environment (nothing is inherited from weft).</summary>
    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The named network namespace (<c>/var/run/netns/NAME</c>) to run in, or null for the caller's own.
    /// Launched through <c>ip netns exec</c>, which also bind-mounts <c>/etc/netns/NAME/*</c> (the pod's resolv.conf) over <c>/etc</c>.
    /// </summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>File that receives stdout and stderr (appended, created if missing). Standard input is /dev/null.</summary>
    public required string LogPath { get; init; }

    /// <summary>The PATH used when <see cref="Environment"/> has none, as container runtimes default it.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}
