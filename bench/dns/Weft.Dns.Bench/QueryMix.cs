using Weft.Dns.Protocol;

namespace Weft.Dns.Bench;

/// <summary>
/// What a busy cluster asks: mostly service A lookups (including the search-path misses that ndots:5 causes, which
/// end in NXDOMAIN), some AAAA (NODATA), SRV, PTR and a headless lookup.
/// </summary>
internal static class QueryMix
{
    public static IReadOnlyList<DnsQuestion> Create(int services)
    {
        var random = new Random(1);
        var questions = new List<DnsQuestion>();
        for (var i = 0; i < 1000; i++)
        {
            var s = random.Next(services);
            var name = $"svc-{s}.ns-{s % 10}.svc.cluster.local";
            questions.Add((i % 20) switch
            {
                < 10 => new DnsQuestion(name, DnsType.A),
                < 13 => new DnsQuestion(name, DnsType.AAAA),
                < 16 => new DnsQuestion($"svc-{s}.ns-{s % 10}.svc.cluster.local.ns-{s % 10}.svc.cluster.local", DnsType.A),
                < 17 => new DnsQuestion($"_http._tcp.{name}", DnsType.SRV),
                < 18 => new DnsQuestion($"{1 + (s % 250)}.{1 + (s / 250)}.96.10.in-addr.arpa", DnsType.PTR),
                < 19 => new DnsQuestion("db.ns-0.svc.cluster.local", DnsType.A),
                _ => new DnsQuestion($"10-244-{1 + (s / 250)}-{1 + (s % 250)}.ns-{s % 10}.pod.cluster.local", DnsType.A),
            });
        }

        return questions;
    }

    public static int PrintDnsperfFile(BenchArguments arguments)
    {
        foreach (var q in Create(arguments.Services))
        {
            Console.WriteLine($"{q.Name} {q.Type}");
        }

        return 0;
    }
}
