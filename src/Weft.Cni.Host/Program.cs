using Weft.Cni;

// weft-cni plugin | weft-cni ipam: the CNI plugins `weft` and `weft-ipam` (see docs/cni.md).
return args switch
{
    ["plugin"] => await CniProgram.RunAsync(CniRole.Plugin, CancellationToken.None),
    ["ipam"] => await CniProgram.RunAsync(CniRole.Ipam, CancellationToken.None),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: weft-cni plugin|ipam   (CNI plugins; run by the container runtime, see docs/cni.md)");
    return 2;
}
