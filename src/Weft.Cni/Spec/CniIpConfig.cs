using System.Net;

namespace Weft.Cni.Spec;

/// <summary>A result's ips[] entry; <see cref="Interface"/> indexes interfaces[].</summary>
public sealed record CniIpConfig(CidrAddress Address, IPAddress? Gateway = null, int? Interface = null);
