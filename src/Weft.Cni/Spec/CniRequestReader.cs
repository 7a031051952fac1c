using System.Text.Json;

namespace Weft.Cni.Spec;

/// <summary>Validates the calling convention the way libcni's skel does and builds a <see cref="CniRequest"/>.</summary>
public static class CniRequestReader
{
    /// <summary>Reads the request; on failure returns the error and the version to report it in.</summary>
    public static (CniRequest? Request, CniError? Error, string ErrorVersion) Read(
        IReadOnlyDictionary<string, string> environment, byte[] stdin)
    {
        var version = CniVersion.Latest;
        if (!environment.TryGetValue("CNI_COMMAND", out var verb) || !TryParseCommand(verb, out var command))
        {
            return (null, new CniError(CniErrorCode.InvalidEnvironment, $"unknown CNI_COMMAND '{verb}'",
                "CNI_COMMAND must be ADD, DEL, CHECK, VERSION, GC or STATUS"), version);
        }

        JsonElement config;
        try
        {
            using var document = JsonDocument.Parse(stdin.Length == 0 && command == CniCommand.Version ? "{}"u8.ToArray() : stdin);
            config = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, new CniError(CniErrorCode.DecodeFailure, "cannot decode the network configuration", e.Message), version);
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            return (null, new CniError(CniErrorCode.DecodeFailure, "the network configuration must be a JSON object"), version);
        }

        var requested = CniJson.String(config, "cniVersion");
        if (command == CniCommand.Version)
        {
            var replyVersion = CniVersion.IsSupported(requested) ? requested! : CniVersion.Latest;
            return (new CniRequest { Command = command, Version = replyVersion, Stdin = stdin, Config = config }, null, replyVersion);
        }

        if (!CniVersion.IsSupported(requested))
        {
            return (null, new CniError(CniErrorCode.IncompatibleVersion, $"incompatible CNI version '{requested}'",
                $"supported versions: {string.Join(", ", CniVersion.Supported)}"), version);
        }

        version = requested!;
        var minimum = command switch
        {
            CniCommand.Check => "0.4.0",
            CniCommand.Gc or CniCommand.Status => "1.1.0",
            _ => "0.1.0",
        };
        if (!CniVersion.AtLeast(version, minimum))
        {
            return (null, new CniError(CniErrorCode.IncompatibleVersion,
                $"config version {version} does not allow {command.ToString().ToUpperInvariant()}", $"needs cniVersion {minimum} or later"), version);
        }

        string[] required = command switch
        {
            CniCommand.Add or CniCommand.Check => ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"],
            CniCommand.Del => ["CNI_CONTAINERID", "CNI_IFNAME"],
            _ => [],
        };
        var missing = required.Where(name => !environment.TryGetValue(name, out var value) || value.Length == 0).ToList();
        if (missing.Count > 0)
        {
            return (null, new CniError(CniErrorCode.InvalidEnvironment, $"required env variables [{string.Join(",", missing)}] missing"), version);
        }

        var containerId = environment.GetValueOrDefault("CNI_CONTAINERID", string.Empty);
        if (required.Length > 0 && !IsValidContainerId(containerId))
        {
            return (null, new CniError(CniErrorCode.InvalidEnvironment, $"invalid CNI_CONTAINERID '{containerId}'",
                "must start with a letter or digit and contain only letters, digits, '_', '.' and '-'"), version);
        }

        var ifName = environment.GetValueOrDefault("CNI_IFNAME", string.Empty);
        if (required.Length > 0 && (ifName.Length > 15 || ifName is "." or ".." || ifName.AsSpan().IndexOfAny("/: \t\n") >= 0))
        {
            return (null, new CniError(CniErrorCode.InvalidEnvironment, $"invalid CNI_IFNAME '{ifName}'",
                "an interface name has at most 15 characters and no '/', ':' or whitespace"), version);
        }

        var request = new CniRequest
        {
            Command = command,
            Version = version,
            ContainerId = containerId,
            NetnsPath = environment.GetValueOrDefault("CNI_NETNS") is { Length: > 0 } netns ? netns : null,
            IfName = ifName,
            Args = ParseArgs(environment.GetValueOrDefault("CNI_ARGS")),
            Path = (environment.GetValueOrDefault("CNI_PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries),
            Environment = environment,
            Stdin = stdin,
            Config = config,
        };
        return (request, null, version);
    }

    internal static Dictionary<string, string> ParseArgs(string? text)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                args[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return args;
    }

    private static bool TryParseCommand(string? verb, out CniCommand command)
    {
        command = verb switch
        {
            "ADD" => CniCommand.Add,
            "DEL" => CniCommand.Del,
            "CHECK" => CniCommand.Check,
            "VERSION" => CniCommand.Version,
            "GC" => CniCommand.Gc,
            "STATUS" => CniCommand.Status,
            _ => (CniCommand)(-1),
        };
        return (int)command >= 0;
    }

    /// <summary>libcni's rule, ^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$, checked by hand: Regex costs start-up time on every run.</summary>
    private static bool IsValidContainerId(string id)
    {
        if (id.Length == 0 || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
