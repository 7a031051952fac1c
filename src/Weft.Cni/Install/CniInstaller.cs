using System.Text;
using System.Text.Json;
using Weft.Cni.Ipam;
using Weft.Cni.Plugin;
using Weft.Datapath.Linux.Abstractions;

namespace Weft.Cni.Install;

/// <summary>
/// Writes the plugin launchers <c>weft</c> and <c>weft-ipam</c> (and optionally a conflist), as a node's CNI
/// install step does. Each file is written to a temporary name and renamed, so a runtime executing a plugin
/// during an upgrade sees the old or the new file, never half of one.
/// </summary>
public static class CniInstaller
{
    public const string ConflistName = "10-weft.conflist";

    /// <summary>Installs; with <see cref="CniInstallOptions.ServerSocket"/> also compiles the thin clients.</summary>
    public static async Task<IReadOnlyList<string>> InstallAsync(CniInstallOptions options, IProcessRunner runner, CancellationToken cancellationToken)
    {
        if (options.ServerSocket is not { } socket)
        {
            return Install(options);
        }

        var written = new List<string>();
        Directory.CreateDirectory(options.BinDir);
        string source;
        using (var resource = typeof(CniInstaller).Assembly.GetManifestResourceStream("weft-cni-client.c")!)
        using (var reader = new StreamReader(resource))
        {
            source = await reader.ReadToEndAsync(cancellationToken);
        }

        foreach (var (name, role) in new[] { (WeftConfig.TypeName, "plugin"), (IpamPlugin.TypeName, "ipam") })
        {
            var fallback = Path.Combine(options.BinDir, $".{name}-direct");
            written.Add(WriteExecutable(fallback, Launcher(options, role)));
            var target = Path.Combine(options.BinDir, name);
            var temp = $"{target}.tmp-{Environment.ProcessId}";
            var request = new ProcessRequest
            {
                FileName = "cc",
                Arguments = ["-O2", "-o", temp, $"-DWEFT_SOCKET={CString(socket)}", $"-DWEFT_ROLE={CString(role)}",
                    $"-DWEFT_FALLBACK={CString(fallback)}", "-x", "c", "-"],
                StandardInput = source,
                Timeout = TimeSpan.FromMinutes(2),
            };
            var result = await runner.RunAsync(request, cancellationToken);
            if (!result.Succeeded)
            {
                throw new KernelOperationException(request.Describe(), result.ExitCode, result.StandardError);
            }

            File.Move(temp, target, overwrite: true);
            written.Add(target);
        }

        return written;
    }

    public static IReadOnlyList<string> Install(CniInstallOptions options)
    {
        var written = new List<string>();
        Directory.CreateDirectory(options.BinDir);
        written.Add(WriteExecutable(Path.Combine(options.BinDir, WeftConfig.TypeName), Launcher(options, "plugin")));
        written.Add(WriteExecutable(Path.Combine(options.BinDir, IpamPlugin.TypeName), Launcher(options, "ipam")));
        if (options.ConfDir is { } confDir)
        {
            Directory.CreateDirectory(confDir);
            var path = Path.Combine(confDir, ConflistName);
            WriteAtomically(path, Conflist(options), executable: false);
            written.Add(path);
        }

        return written;
    }

    public static string Launcher(CniInstallOptions options, string role)
    {
        var host = Path.GetFullPath(options.HostPath);
        var command = host.EndsWith(".dll", StringComparison.Ordinal) ? $"dotnet {Quote(host)}" : Quote(host);
        var text = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append($"# Written by `weft cni install`: the CNI plugin \"{(role == "plugin" ? WeftConfig.TypeName : IpamPlugin.TypeName)}\" (docs/cni.md).\n");
        if (options.DotnetRoot is { } root)
        {
            text.Append($"export DOTNET_ROOT={Quote(root)}\n");
        }

        // Runtimes may start plugins with a minimal environment; iproute2 and nsenter must still be found.
        text.Append("export PATH=\"${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}\"\n");

        // TieredCompilation quick JIT + no PGO instrumentation: a plugin run is a few hundred ms of cold code.
        text.Append("export DOTNET_TieredPGO=0\n");
        text.Append($"exec {command} {role} \"$@\"\n");
        return text.ToString();
    }

    public static string Conflist(CniInstallOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("cniVersion", options.CniVersion);
            json.WriteString("name", options.NetworkName);
            json.WriteStartArray("plugins");
            json.WriteStartObject();
            json.WriteString("type", WeftConfig.TypeName);
            json.WriteNumber("mtu", options.Mtu);
            json.WriteStartObject("ipam");
            json.WriteString("type", IpamPlugin.TypeName);
            json.WriteStartArray("ranges");
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("subnet", options.Subnet.ToString());
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteString("dataDir", options.DataDir);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject();
            json.WriteString("type", "portmap");
            json.WriteStartObject("capabilities");
            json.WriteBoolean("portMappings", true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string WriteExecutable(string path, string content)
    {
        WriteAtomically(path, content, executable: true);
        return path;
    }

    private static void WriteAtomically(string path, string content, bool executable)
    {
        var temp = $"{path}.tmp-{Environment.ProcessId}";
        File.WriteAllText(temp, content);
        if (executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string CString(string text) =>
        text.AsSpan().IndexOfAny("\"\\\n") >= 0
            ? throw new ArgumentException($"'{text}' cannot be compiled into the client", nameof(text))
            : $"\"{text}\"";

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
