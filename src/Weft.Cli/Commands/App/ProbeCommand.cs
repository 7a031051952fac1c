using System.CommandLine;
using System.Text.Json;
using Weft.Local.Apps.Probing;

namespace Weft.Cli.Commands.App;

/// <summary><c>weft app probe tcp|udp|http|grpc HOST:PORT</c>: one connectivity check; exit 0 ok, 1 failed, 2 bad input.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        // Optional to the parser so a missing one is reported by us with exit code 2 (bad input), not the parser's 1,
        // which a probe's caller would read as "not connected".
        var protocol = new Argument<string>("protocol") { Description = "tcp, udp, http or grpc.", Arity = ArgumentArity.ZeroOrOne };
        var target = new Argument<string>("target") { Description = "HOST:PORT, [IPv6]:PORT; for http also HOST:PORT/path, for grpc HOST:PORT/package.Service/Method.", Arity = ArgumentArity.ZeroOrOne };
        var timeout = new Option<string>("--timeout") { Description = "Give up after this long (1s, 500ms).", DefaultValueFactory = _ => "1s" };
        var expect = new Option<string?>("--expect") { Description = "The reply must contain TEXT (HTTP body, TCP/UDP echo)." };
        var send = new Option<string?>("--send") { Description = "Payload to send (TCP: a line; UDP: the datagram, default 'ping')." };
        var grpcStatus = new Option<int?>("--grpc-status") { Description = "grpc: call the echo app's Status method asking for this grpc-status (0-16) and expect it back." };
        var output = new Option<string>("--output", "-o") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        var command = new Command("probe", "Check connectivity to HOST:PORT over TCP (connect), UDP (reply within timeout), HTTP (2xx/3xx) or gRPC (h2c prior knowledge; a unary call to the echo app, grpc-status as expected). Exit 0 ok, 1 failed, 2 bad input.");
        command.Arguments.Add(protocol);
        command.Arguments.Add(target);
        command.Options.Add(timeout);
        command.Options.Add(expect);
        command.Options.Add(send);
        command.Options.Add(grpcStatus);
        command.Options.Add(output);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var errors = new List<string>();
            if (!ProbeInput.TryParseProtocol(parseResult.GetValue(protocol) ?? "", out var parsedProtocol))
            {
                errors.Add(parseResult.GetValue(protocol) is { } given ? $"protocol: '{given}' must be tcp, udp, http or grpc" : "usage: weft app probe tcp|udp|http|grpc HOST:PORT");
            }

            if (!ProbeInput.TryParseTarget(parseResult.GetValue(target) ?? "", out var host, out var port, out var path, out var targetError))
            {
                errors.Add(parseResult.GetValue(target) is null ? "target: HOST:PORT is required" : $"target: {targetError}");
            }

            if (!ProbeInput.TryParseDuration(parseResult.GetValue(timeout)!, out var parsedTimeout))
            {
                errors.Add($"--timeout: '{parseResult.GetValue(timeout)}' is not a duration (for example 1s or 500ms)");
            }

            if (parseResult.GetValue(grpcStatus) is { } code && (code is < 0 or > 16 || parsedProtocol != ProbeProtocol.Grpc))
            {
                errors.Add($"--grpc-status: {code} must be a gRPC status code 0-16, with protocol grpc");
            }

            var format = parseResult.GetValue(output);
            if (format is not ("text" or "json"))
            {
                errors.Add($"--output: '{format}' must be text or json");
            }

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine($"weft app probe: {error}");
                }

                return 2;
            }

            var request = new ProbeRequest
            {
                Protocol = parsedProtocol,
                Host = host,
                Port = port,
                Path = path,
                Timeout = parsedTimeout,
                Expect = parseResult.GetValue(expect),
                Send = parseResult.GetValue(send),
                GrpcStatus = parseResult.GetValue(grpcStatus),
            };
            var result = await new Prober(HostSocketFactory.Instance, TimeProvider.System).RunAsync(request, cancellationToken);
            Console.Out.WriteLine(format == "json" ? ToJson(result) : ToText(result));
            return result.Connected ? 0 : 1;
        });
        return command;
    }

    public static string ToJson(ProbeResult result) => JsonSerializer.Serialize(result, ProbeOutputJsonContext.Default.ProbeResult);

    public static string ToText(ProbeResult result)
    {
        var verdict = result.Connected ? "ok" : $"FAILED ({result.Error})";
        var status = result.Status is { } code ? $" status={code}" : "";
        var reply = result.Reply is { Length: > 0 } line ? $" reply=\"{line}\"" : "";
        var grpc = result.GrpcStatus is { } grpcCode ? $" grpc-status={grpcCode}" + (result.GrpcMessage is { Length: > 0 } m ? $" grpc-message=\"{m}\"" : "") : "";
        return $"{result.Protocol} {result.Target} {verdict} {result.LatencyMs:0.###}ms{status}{grpc}{reply}";
    }
}
