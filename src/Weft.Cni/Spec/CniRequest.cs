using System.Text.Json;

namespace Weft.Cni.Spec;

/// <summary>One plugin invocation: the CNI_* environment and the network configuration from stdin.</summary>
public sealed record CniRequest
{
    public required CniCommand Command { get; init; }

    /// <summary>The configuration's cniVersion (a supported one once the request is accepted).</summary>
    public required string Version { get; init; }

    public string ContainerId { get; init; } = string.Empty;

    /// <summary>CNI_NETNS; may be empty for DEL.</summary>
    public string? NetnsPath { get; init; }

    public string IfName { get; init; } = string.Empty;

    /// <summary>CNI_ARGS as key/value pairs.</summary>
    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();

    /// <summary>CNI_PATH split on ':'.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>The full environment, passed unchanged to delegated plugins.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The exact configuration bytes (delegates get the same stdin).</summary>
    public required byte[] Stdin { get; init; }

    /// <summary>The parsed configuration object.</summary>
    public required JsonElement Config { get; init; }

    /// <summary>The network name (configuration "name").</summary>
    public string NetworkName => CniJson.String(Config, "name") ?? string.Empty;
}
