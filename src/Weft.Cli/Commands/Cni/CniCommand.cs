using System.CommandLine;
using Weft.Api.Net;
using Weft.Cni;
using Weft.Cni.Install;

namespace Weft.Cli.Commands.Cni;

/// <summary>
/// <c>weft cni install</c>, plus the hidden <c>weft cni plugin</c> / <c>weft cni ipam</c> entries (the same
/// plugins as the lean <c>weft-cni</c> executable the installed launchers use).
/// </summary>
internal static class CniCommand
{
    public static Command Create()
    {
        var cni = new Command("cni", "The CNI plugins weft and weft-ipam: install them on a node.");
        cni.Subcommands.Add(CreateInstall());
        cni.Subcommands.Add(CreatePluginEntry("plugin", CniRole.Plugin));
        cni.Subcommands.Add(CreatePluginEntry("ipam", CniRole.Ipam));
        return cni;
    }

    private static Command CreateInstall()
    {
        var binDir = new Option<string>("--bin-dir") { Description = "CNI bin directory for the weft and weft-ipam executables", DefaultValueFactory = _ => CniInstallOptions.DefaultBinDir };
        var confDir = new Option<string?>("--conf-dir") { Description = "also write 10-weft.conflist (weft + portmap) into this CNI config directory" };
        var subnet = new Option<string>("--subnet") { Description = "this node's pod range for weft-ipam in the conflist", DefaultValueFactory = _ => "10.244.0.0/24" };
        var name = new Option<string>("--network-name") { Description = "network name in the conflist", DefaultValueFactory = _ => "weft" };
        var version = new Option<string>("--cni-version") { Description = "cniVersion of the conflist (1.0.0 suits the reference portmap plugin)", DefaultValueFactory = _ => "1.0.0" };
        var server = new Option<string?>("--server-socket") { Description = "make weft/weft-ipam thin native clients of `weft-cni serve SOCKET` (needs a C compiler; falls back to the exec'd plugin when no server answers)" };
        var install = new Command("install", "Write the weft and weft-ipam plugin executables into a CNI bin directory (and a conflist with --conf-dir).")
        {
            binDir, confDir, subnet, name, version, server,
        };
        install.SetAction(async (parse, cancellationToken) =>
        {
            if (!IpPrefix.TryParse(parse.GetValue(subnet), out var prefix, out var why))
            {
                Console.Error.WriteLine($"--subnet: {why}");
                return 2;
            }

            if (!Weft.Cni.Spec.CniVersion.IsSupported(parse.GetValue(version)))
            {
                Console.Error.WriteLine($"--cni-version: '{parse.GetValue(version)}' is not one of {string.Join(", ", Weft.Cni.Spec.CniVersion.Supported)}");
                return 2;
            }

            var host = Path.Combine(AppContext.BaseDirectory, "weft-cni");
            if (!File.Exists(host))
            {
                host += ".dll";
            }

            var options = new CniInstallOptions
            {
                BinDir = Path.GetFullPath(parse.GetValue(binDir)!),
                ConfDir = parse.GetValue(confDir) is { } dir ? Path.GetFullPath(dir) : null,
                HostPath = host,
                DotnetRoot = DotnetRoot(),
                NetworkName = parse.GetValue(name)!,
                Subnet = prefix,
                CniVersion = parse.GetValue(version)!,
                ServerSocket = parse.GetValue(server) is { } socket ? Path.GetFullPath(socket) : null,
            };
            foreach (var path in await CniInstaller.InstallAsync(options, Weft.Datapath.Linux.Processes.SystemProcessRunner.Instance, cancellationToken))
            {
                Console.WriteLine($"wrote {path}");
            }

            return 0;
        });
        return install;
    }

    private static Command CreatePluginEntry(string name, CniRole role)
    {
        var command = new Command(name, $"Run as the CNI plugin ({role}); used by the container runtime.") { Hidden = true };
        command.SetAction((_, cancellationToken) => CniProgram.RunAsync(role, cancellationToken));
        return command;
    }

    /// <summary>The running .NET's root (…/shared/Microsoft.NETCore.App/&lt;version&gt;/ is three levels below it).</summary>
    private static string? DotnetRoot()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var root = runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        return root is not null && File.Exists(Path.Combine(root, "dotnet")) ? root : null;
    }
}
