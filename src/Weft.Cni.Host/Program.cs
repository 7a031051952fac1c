using Weft.Cni;

// weft-cni plugin | weft-cni ipam: the CNI plugins `weft` and `weft-ipam`; weft-cni serve SOCKET: their resident form (docs/cni.md).
return args switch
{
    ["plugin"] => await CniProgram.RunAsync(CniRole.Plugin, CancellationToken.None),
    ["ipam"] => await CniProgram.RunAsync(CniRole.Ipam, CancellationToken.None),
    ["serve", var socket] => await Serve(socket),
    _ => Usage(),
};

static async Task<int> Serve(string socket)
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
        System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
    await Weft.Cni.Server.CniServer.RunAsync(socket, stop.Token);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: weft-cni plugin|ipam | weft-cni serve SOCKET   (CNI plugins; see docs/cni.md)");
    return 2;
}
