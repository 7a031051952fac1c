using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Local.Processes;

namespace Weft.Local.Apps;

/// <summary>
/// A container process's whole environment: PATH and HOSTNAME as container runtimes set them, the WEFT_POD_*
/// identity the echo app prints, then the container's own env (which wins), then the runtime's extras.
/// </summary>
public static class ContainerEnvironment
{
    public static ImmutableDictionary<string, string> Build(string @namespace, string pod, string node, string? podIp, Container container, ImmutableDictionary<string, string>? extra = null)
    {
        var env = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        env["PATH"] = ProcessStartSpec.DefaultPath;
        env["HOME"] = "/root";
        env["HOSTNAME"] = pod;
        env[EchoIdentity.PodVariable] = pod;
        env[EchoIdentity.NamespaceVariable] = @namespace;
        env[EchoIdentity.NodeVariable] = node;
        if (podIp is not null)
        {
            env["WEFT_POD_IP"] = podIp;
        }

        // The built-in apps are .NET: keep ~100 of them light. A 2 MiB gen0 budget takes the echo app from ~60 to
        // ~44 MiB RSS under load; workstation non-concurrent GC and no tiered PGO trim threads and start-up (bench/apps).
        env["DOTNET_gcServer"] = "0";
        env["DOTNET_gcConcurrent"] = "0";
        env["DOTNET_GCgen0size"] = "0x200000";
        env["DOTNET_TieredPGO"] = "0";
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var variable in container.Env)
        {
            env[variable.Name] = variable.Value;
        }

        foreach (var (name, value) in extra ?? ImmutableDictionary<string, string>.Empty)
        {
            env[name] = value;
        }

        return env.ToImmutable();
    }
}
