using System.Net;

namespace Weft.Datapath.Linux.Abstractions.Operations;

public sealed record AddAddress(string Device, IPAddress Address, int PrefixLength) : NetlinkOperation;
