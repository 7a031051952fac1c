using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Weft.Dns.Protocol;

namespace Weft.Dns.Bench;

/// <summary>
/// A closed-loop UDP load generator: C clients, each with its own socket, one query in flight at a time, for a fixed
/// duration or a maximum number of queries, whichever comes first. Reports throughput and latency percentiles.
/// </summary>
internal static class LoadGenerator
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var packets = QueryMix.Create(arguments.Services)
            .Select(q => Encode(new DnsMessage { RecursionDesired = true, Questions = [q], Additionals = [EdnsInfo.CreateRecord(1232, DnsResponseCode.NoError)] }))
            .ToArray();
        var budget = arguments.MaxQueries;
        var deadline = Stopwatch.GetTimestamp() + (long)(arguments.Duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var clients = Enumerable.Range(0, arguments.Concurrency)
            .Select(c => Task.Run(() => ClientAsync(c, arguments, packets, deadline, () => Interlocked.Decrement(ref budget) >= 0)))
            .ToArray();
        var results = await Task.WhenAll(clients);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var lost = results.Sum(r => r.Lost);
        var answered = latencies.Length;
        Console.WriteLine($"clients {arguments.Concurrency}, services {arguments.Services}, {elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"answered {answered}, lost {lost}, qps {answered / elapsed.TotalSeconds:F0}");
        if (answered > 0)
        {
            Console.WriteLine($"latency us: p50 {Percentile(latencies, 0.50):F0} p90 {Percentile(latencies, 0.90):F0} p99 {Percentile(latencies, 0.99):F0} p99.9 {Percentile(latencies, 0.999):F0} max {latencies[^1]:F0}");
        }

        return lost > answered / 100 ? 1 : 0;
    }

    private static async Task<ClientResult> ClientAsync(int index, BenchArguments arguments, byte[][] packets, long deadline, Func<bool> take)
    {
        using var socket = new Socket(arguments.Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(arguments.Endpoint);
        var latencies = new List<double>(1 << 16);
        var lost = 0;
        var reply = new byte[65535];
        var query = new byte[512];
        var id = (ushort)(index * 4099);
        var next = index * 37;
        while (Stopwatch.GetTimestamp() < deadline && take())
        {
            var packet = packets[next++ % packets.Length];
            packet.CopyTo(query, 0);
            id++;
            BinaryPrimitives.WriteUInt16BigEndian(query, id);
            var sent = Stopwatch.GetTimestamp();
            await socket.SendAsync(query.AsMemory(0, packet.Length), SocketFlags.None);
            using var timeout = new CancellationTokenSource(QueryTimeout);
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(reply, SocketFlags.None, timeout.Token);
                    if (n >= 12 && BinaryPrimitives.ReadUInt16BigEndian(reply) == id)
                    {
                        break;
                    }
                }

                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
            }
            catch (OperationCanceledException)
            {
                lost++;
            }
        }

        return new ClientResult(latencies, lost);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static byte[] Encode(DnsMessage message)
    {
        var buffer = new byte[512];
        var result = DnsMessageWriter.Write(message, buffer, buffer.Length);
        return buffer[..result.Length];
    }

    private sealed record ClientResult(List<double> Latencies, int Lost);
}
