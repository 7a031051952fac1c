using System.CommandLine;
using Weft.Mesh.Standalone;

namespace Weft.Cli.Commands.Proxy;

/// <summary><c>weft proxy</c>: the standalone mesh proxy (the same command as the <c>weft-proxy</c> binary).</summary>
internal static class ProxyCommand
{
    public static Command Create() => StandaloneProxyCommand.Configure(new Command("proxy", StandaloneProxyCommand.Description));
}
