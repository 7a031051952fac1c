using System.Collections.Immutable;
using Weft.Api.Resources;

namespace Weft.Local.Apps;

/// <summary>
/// What process a container runs. The image is ignored except for Weft's built-in images: <c>weft/echo[:tag]</c>
/// without a command runs <c>weft app serve</c> on the container's ports (passed as WEFT_PORTS), and a command
/// whose first word is <c>weft</c> runs this weft binary. Otherwise command + args run as given (Kubernetes
/// semantics without an image: there is no entrypoint to fall back to, so a container needs a command).
/// </summary>
public static class ContainerCommand
{
    public const string EchoImage = "weft/echo";

    /// <summary>Resolves the command line; false with a message when there is nothing to run.</summary>
    public static bool TryResolve(Container container, WeftCommandLine weft, out string fileName, out ImmutableArray<string> arguments, out ImmutableDictionary<string, string> extraEnvironment, out string? error)
    {
        extraEnvironment = ImmutableDictionary<string, string>.Empty;
        error = null;
        var words = container.Command.AddRange(container.Args);
        if (container.Command.IsDefaultOrEmpty && IsEchoImage(container.Image))
        {
            words = ["weft", "app", "serve", .. container.Args];
            if (container.Args.IsDefaultOrEmpty)
            {
                extraEnvironment = extraEnvironment.Add(ServePortList.EnvironmentVariable, EchoPorts(container));
            }
        }

        if (words.IsDefaultOrEmpty)
        {
            fileName = "";
            arguments = [];
            error = $"container {container.Name}: no command given (the local runtime runs commands, not images; use image {EchoImage} for the built-in echo app)";
            return false;
        }

        if (words[0] == "weft")
        {
            fileName = weft.FileName;
            arguments = weft.LeadingArguments.AddRange(words.RemoveAt(0));
        }
        else
        {
            fileName = words[0];
            arguments = words.RemoveAt(0);
        }

        return true;
    }

    /// <summary>True for <c>weft/echo</c>, <c>weft/echo:TAG</c> and registry-qualified forms ending in <c>/weft/echo</c>.</summary>
    public static bool IsEchoImage(string? image)
    {
        if (image is null)
        {
            return false;
        }

        var colon = image.LastIndexOf(':');
        var name = colon > image.LastIndexOf('/') ? image[..colon] : image;
        return name == EchoImage || name.EndsWith("/" + EchoImage, StringComparison.Ordinal);
    }

    /// <summary>
    /// The echo app's ports from the container's ports, by the rule the runtime uses (Runtime/PodContainerStarter):
    /// UDP ports echo datagrams; TCP ports whose name starts with <c>tcp</c> echo lines, with <c>grpc</c> serve the gRPC
    /// echo service (as Kubernetes' appProtocol naming convention); other TCP ports answer HTTP.
    /// No ports: HTTP on 80.
    /// </summary>
    public static string EchoPorts(Container container)
    {
        if (container.Ports.IsDefaultOrEmpty)
        {
            return "http:80";
        }

        var ports = container.Ports.Select(p => p.Protocol switch
        {
            Protocol.Udp => new ServePort(ServeProtocol.Udp, p.Port),
            _ when p.Name?.StartsWith("tcp", StringComparison.Ordinal) == true => new ServePort(ServeProtocol.Tcp, p.Port),
            _ when p.Name?.StartsWith("grpc", StringComparison.Ordinal) == true => new ServePort(ServeProtocol.Grpc, p.Port),
            _ => new ServePort(ServeProtocol.Http, p.Port),
        });
        return ServePortList.Format(ports.Distinct());
    }
}
