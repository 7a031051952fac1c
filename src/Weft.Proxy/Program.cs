using System.CommandLine;
using Weft.Mesh.Standalone;

var root = new RootCommand(StandaloneProxyCommand.Description);
return await StandaloneProxyCommand.Configure(root).Parse(args).InvokeAsync();
