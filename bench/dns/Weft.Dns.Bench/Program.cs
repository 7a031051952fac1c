using Weft.Dns.Bench;

// weft-dns-bench serve --listen 127.0.0.1:5353 --services 1000
// weft-dns-bench load --server 127.0.0.1:5353 --services 1000 --duration 10 --concurrency 16 [--max-queries N]
return args.FirstOrDefault() switch
{
    "serve" => await BenchServer.RunAsync(BenchArguments.Parse(args[1..])),
    "load" => await LoadGenerator.RunAsync(BenchArguments.Parse(args[1..])),
    "queries" => QueryMix.PrintDnsperfFile(BenchArguments.Parse(args[1..])),
    "micro" => Micro(args[1..]),
    _ => Usage(),
};

static int Micro(string[] rest)
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(QueryPathBenchmarks).Assembly).Run(rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Weft.Dns.Bench serve|load|queries|micro [--listen|--server IP:PORT] [--services N] [--duration S] [--concurrency C] [--max-queries N]");
    return 2;
}
