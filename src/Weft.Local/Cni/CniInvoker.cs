using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Datapath.Linux.Abstractions;

namespace Weft.Local.Cni;

/// <summary>
/// Runs a CNI network configuration list the way libcni (containerd, CRI-O) does: each plugin is exec'd from
/// CNI_PATH with the CNI_* environment and its configuration on standard input, inside the node's network
/// namespace (the "host" namespace from the plugin's point of view). ADD runs the plugins in order, passing each
/// one's result to the next as <c>prevResult</c>; DEL runs them in reverse with the cached ADD result.
/// </summary>
public sealed class CniInvoker(IProcessRunner runner, IReadOnlyList<string> pluginPath)
{
    public Task<CniOutcome> AddAsync(JsonObject confList, string hostNetns, CniAttachment attachment, CancellationToken cancellationToken) =>
        RunListAsync("ADD", confList, hostNetns, attachment, prevResult: null, cancellationToken);

    public Task<CniOutcome> CheckAsync(JsonObject confList, string hostNetns, CniAttachment attachment, JsonObject? cachedResult, CancellationToken cancellationToken) =>
        RunListAsync("CHECK", confList, hostNetns, attachment, cachedResult, cancellationToken);

    public Task<CniOutcome> DeleteAsync(JsonObject confList, string hostNetns, CniAttachment attachment, JsonObject? cachedResult, CancellationToken cancellationToken) =>
        RunListAsync("DEL", confList, hostNetns, attachment, cachedResult, cancellationToken);

    private async Task<CniOutcome> RunListAsync(
        string command, JsonObject confList, string hostNetns, CniAttachment attachment, JsonObject? prevResult, CancellationToken cancellationToken)
    {
        var plugins = (confList["plugins"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (command == "DEL")
        {
            plugins.Reverse();
        }

        JsonObject? result = prevResult;
        CniError? firstError = null;
        foreach (var plugin in plugins)
        {
            var config = (JsonObject)plugin.DeepClone();
            config["name"] = confList["name"]?.DeepClone();
            config["cniVersion"] = confList["cniVersion"]?.DeepClone();
            if (result is not null)
            {
                config["prevResult"] = result.DeepClone();
            }

            var type = config["type"]?.GetValue<string>() ?? "";
            var outcome = await ExecAsync(command, type, config, hostNetns, attachment, cancellationToken);
            if (outcome.Error is not null)
            {
                // DEL keeps going so that one failing plugin does not leak what the others hold (libcni does the same).
                if (command != "DEL")
                {
                    return outcome;
                }

                firstError ??= outcome.Error;
                continue;
            }

            if (command == "ADD")
            {
                result = outcome.Result;
            }
        }

        return new CniOutcome(result, firstError);
    }

    private async Task<CniOutcome> ExecAsync(
        string command, string type, JsonObject config, string hostNetns, CniAttachment attachment, CancellationToken cancellationToken)
    {
        var binary = pluginPath.Select(dir => Path.Combine(dir, type)).FirstOrDefault(File.Exists);
        if (binary is null)
        {
            return new CniOutcome(null, new CniError(type, 2, $"plugin \"{type}\" not found in CNI_PATH", string.Join(':', pluginPath)));
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = attachment.ContainerId,
            ["CNI_NETNS"] = attachment.NetnsPath,
            ["CNI_IFNAME"] = attachment.IfName,
            ["CNI_PATH"] = string.Join(':', pluginPath),
        };
        if (attachment.Args is { Length: > 0 } args)
        {
            environment["CNI_ARGS"] = args;
        }

        var result = await runner.RunAsync(new ProcessRequest
        {
            FileName = "ip",
            Arguments = ["netns", "exec", hostNetns, binary],
            StandardInput = config.ToJsonString(),
            ExtraEnvironment = environment,
            Timeout = TimeSpan.FromSeconds(60),
        }, cancellationToken);

        var output = result.StandardOutput.Trim();
        if (result.ExitCode == 0)
        {
            return new CniOutcome(output.Length == 0 ? null : ParseObject(output), null);
        }

        var error = output.Length > 0 ? ParseObject(output) : null;
        return new CniOutcome(null, new CniError(
            type,
            error?["code"]?.GetValue<int>() ?? 999,
            error?["msg"]?.GetValue<string>() ?? $"exited with code {result.ExitCode}: {result.StandardError.Trim()}",
            error?["details"]?.GetValue<string>()));
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
