using System.Net;

namespace Weft.Dns.Bench;

internal sealed record BenchArguments(IPEndPoint Endpoint, int Services, TimeSpan Duration, int Concurrency, long MaxQueries)
{
    public static BenchArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        var endpoint = values.GetValueOrDefault("--listen") ?? values.GetValueOrDefault("--server") ?? "127.0.0.1:5353";
        var parsed = IPEndPoint.Parse(endpoint);
        if (!IPAddress.IsLoopback(parsed.Address))
        {
            throw new ArgumentException("the benchmark runs on loopback only");
        }

        return new BenchArguments(
            parsed,
            int.Parse(values.GetValueOrDefault("--services") ?? "1000"),
            TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("--duration") ?? "10")),
            int.Parse(values.GetValueOrDefault("--concurrency") ?? "16"),
            long.Parse(values.GetValueOrDefault("--max-queries") ?? "5000000"));
    }
}
