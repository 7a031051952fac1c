using System.CommandLine;
using Weft.Mesh.Standalone;

// Socket completions inline on the epoll threads (read once, at the first socket operation, so set before any):
// with Kestrel's inline scheduling the proxy's request path runs without thread-pool hops — ~25 % less CPU per
// request and 1.5 instead of 5–9 context switches per request in bench/mesh (RESULTS.md). An explicit setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

var root = new RootCommand(StandaloneProxyCommand.Description);
// `weft-proxy sidecar`: the injected proxy of a meshed pod (what the local runtime launches when this binary is
// published; `weft mesh sidecar` is the same code in the framework-dependent CLI).
root.Subcommands.Add(Weft.Mesh.ControlPlane.SidecarCommand.Create());
return await StandaloneProxyCommand.Configure(root).Parse(args).InvokeAsync();
