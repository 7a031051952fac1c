using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Weft.Api.Manifests;
using Weft.Dns.Server;
using Weft.Dns.Zone;

namespace Weft.Cli.Commands.Dns;

/// <summary><c>weft dns serve</c>: a development command that serves cluster DNS for manifests, to try it with dig.</summary>
internal static class DnsCommand
{
    public static Command Create()
    {
        var command = new Command("dns", "Cluster DNS tools (development).") { Hidden = true };
        command.Subcommands.Add(Serve());
        return command;
    }

    private static Command Serve()
    {
        var files = new Option<string[]>("--filename", "-f")
        {
            Description = "Manifest file or directory (recursive: .yaml, .yml, .json); '-' reads standard input. Repeatable.",
            Required = true,
        };
        var listen = new Option<string>("--listen")
        {
            Description = "IP:PORT for UDP and TCP.",
            DefaultValueFactory = _ => "127.0.0.1:5353",
        };
        var zone = new Option<string>("--zone") { Description = "Cluster domain.", DefaultValueFactory = _ => "cluster.local" };
        var ttl = new Option<uint>("--ttl") { Description = "TTL of every record, in seconds.", DefaultValueFactory = _ => 5 };
        var upstream = new Option<string?>("--upstream") { Description = "IP:PORT of a resolver for names outside the zone (default: refuse them)." };
        var command = new Command(
            "serve",
            """
            Serve cluster DNS for the services (with clusterIP set), EndpointSlices, pods (with status podIPs) and
            namespaces in the manifests, until interrupted.

            Example:
              ./weft dns serve -f examples/shop --listen 127.0.0.1:5353 &
              dig @127.0.0.1 -p 5353 frontend.shop.svc.cluster.local
            """);
        command.Options.Add(files);
        command.Options.Add(listen);
        command.Options.Add(zone);
        command.Options.Add(ttl);
        command.Options.Add(upstream);
        command.SetAction(async (parse, ct) =>
        {
            var loaded = ManifestReader.Load(parse.GetValue(files) ?? [], Console.In);
            foreach (var diagnostic in loaded.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            if (loaded.HasErrors)
            {
                return 2;
            }

            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endpoint)
                || (parse.GetValue(upstream) is { } u && !IPEndPoint.TryParse(u, out _)))
            {
                Console.Error.WriteLine("weft dns serve: --listen and --upstream take IP:PORT");
                return 2;
            }

            var options = new ClusterDnsOptions { Zone = parse.GetValue(zone)!, Ttl = parse.GetValue(ttl) };
            var zones = new ClusterDnsZoneSource(ClusterDnsZoneBuilder.Build(ManifestDnsInput.From(loaded.Resources), options, 1));
            IDnsUpstream? forwarder = parse.GetValue(upstream) is { } up ? new UdpDnsUpstream(IPEndPoint.Parse(up), TimeSpan.FromSeconds(2)) : null;
            await using var server = new DnsServer(new DnsServerOptions { Endpoint = endpoint }, zones, forwarder);
            server.Start();
            Console.WriteLine($"serving {zones.Current.NameCount} names of {options.Zone} on {server.UdpEndPoint} (udp, tcp); Ctrl-C stops");

            var stop = new TaskCompletionSource();
            using var registration = ct.Register(() => stop.TrySetResult());
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
            await stop.Task;
            return 0;
        });
        return command;
    }
}
