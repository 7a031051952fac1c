using System.Collections.Immutable;
using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Weft.Local.Apps;

namespace Weft.Cli.Commands.App;

/// <summary><c>weft app serve</c>: run the echo app until SIGTERM or Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var http = new Option<string[]>("--http") { Description = "Serve HTTP on PORT (repeatable).", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var grpc = new Option<string[]>("--grpc") { Description = "Serve the gRPC echo service (h2c: weft.echo.Echo/Echo and /Status) on PORT (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var tcp = new Option<string[]>("--tcp") { Description = "Serve TCP line echo on PORT (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var udp = new Option<string[]>("--udp") { Description = "Serve UDP echo on PORT (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var bind = new Option<string>("--bind") { Description = "Address to listen on (default: all addresses, IPv4 and IPv6)." };
        var command = new Command("serve", "Serve HTTP, gRPC, TCP and UDP echo, answering with pod name, namespace, node and client address. Without port flags, serves WEFT_PORTS (http:80,tcp:81,udp:81).");
        command.Options.Add(http);
        command.Options.Add(grpc);
        command.Options.Add(tcp);
        command.Options.Add(udp);
        command.Options.Add(bind);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var ports = ImmutableArray.CreateBuilder<ServePort>();
            var errors = new List<string>();
            Collect(parseResult.GetValue(http), ServeProtocol.Http, "--http", ports, errors);
            Collect(parseResult.GetValue(grpc), ServeProtocol.Grpc, "--grpc", ports, errors);
            Collect(parseResult.GetValue(tcp), ServeProtocol.Tcp, "--tcp", ports, errors);
            Collect(parseResult.GetValue(udp), ServeProtocol.Udp, "--udp", ports, errors);
            if (ports.Count == 0 && errors.Count == 0)
            {
                var fromEnvironment = Environment.GetEnvironmentVariable(ServePortList.EnvironmentVariable) ?? "";
                if (!ServePortList.TryParse(fromEnvironment, out var listed, out var error))
                {
                    errors.Add($"{ServePortList.EnvironmentVariable}: {error}");
                }
                else
                {
                    ports.AddRange(listed);
                }
            }

            if (ports.Count == 0 && errors.Count == 0)
            {
                errors.Add($"no ports: give --http/--grpc/--tcp/--udp PORT or set {ServePortList.EnvironmentVariable} (for example http:80,tcp:81,udp:81)");
            }

            var address = IPAddress.IPv6Any;
            var bindText = parseResult.GetValue(bind);
            if (bindText is not null && !IPAddress.TryParse(bindText, out address!))
            {
                errors.Add($"--bind: '{bindText}' is not an IP address");
            }

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"weft app serve: {error}");
                }

                return 2;
            }

            var options = new EchoServerOptions
            {
                Ports = ports.ToImmutable(),
                Bind = address,
                Identity = EchoIdentity.From(Environment.GetEnvironmentVariable, Environment.MachineName),
            };
            if (!EchoServer.TryStart(options, TimeProvider.System, out var server, out var startError))
            {
                Console.Error.WriteLine($"weft app serve: {startError}");
                return 1;
            }

            await using (server!)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                // SIGTERM is how the supervisor stops a pod; exit 0 on it like a well-behaved container. Registered
                // before the banner: whoever waits for "listening" may signal at once (it did, as exit 143).
                using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
                {
                    context.Cancel = true;
                    stop.Cancel();
                });
                Console.Out.WriteLine($"weft app serve: pod={options.Identity.Pod} namespace={options.Identity.Namespace} node={options.Identity.Node} listening on {string.Join(' ', options.Ports.Zip(server!.Endpoints, (p, e) => $"{p.Protocol.ToString().ToLowerInvariant()}:{e}"))}");
                Console.Out.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stopping.
                }
            }

            return 0;
        });
        return command;
    }

    private static void Collect(string[]? values, ServeProtocol protocol, string flag, ImmutableArray<ServePort>.Builder ports, List<string> errors)
    {
        foreach (var value in values ?? [])
        {
            if (ServePortList.TryParsePort(value, out var port))
            {
                ports.Add(new ServePort(protocol, port));
            }
            else
            {
                errors.Add($"{flag}: '{value}' is not a port (1-65535)");
            }
        }
    }
}
