using Weft.Flows.Bench;

// Flow pipeline benchmarks (bench/flows/run.sh drives them):
//   ingest [events] [capacity]                      synthetic events through enricher + ring store, in process
//   send-udp <dst-ip> <first-port> <ports> <count>  UDP sender; run it inside a namespace with `ip netns exec`
//   read-nflog <netns> <group> <expect> <seconds>   NFLOG reader in a namespace, through enricher + store
//   read-conntrack <netns> <expect> <seconds>       conntrack NEW/DESTROY reader in a namespace, through enricher + store
return args.Length == 0 ? Usage() : args[0] switch
{
    "ingest" => IngestBench.Run(args.Length > 1 ? int.Parse(args[1]) : 2_000_000, args.Length > 2 ? int.Parse(args[2]) : 65_536),
    "send-udp" => UdpSender.Run(args[1], int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4])),
    "read-nflog" => KernelReadBench.RunNflog(args[1], ushort.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4])),
    "read-conntrack" => KernelReadBench.RunConntrack(args[1], int.Parse(args[2]), int.Parse(args[3])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FlowBench ingest|send-udp|read-nflog|read-conntrack ...");
    return 2;
}
