using System.Net;

namespace Weft.Datapath.Linux.Abstractions;

public sealed record AddressInfo(string Device, IPAddress Address, int PrefixLength);
