namespace Weft.Api.Resources;

/// <summary>IP protocols that Kubernetes ports name. Values are the IANA protocol numbers.</summary>
public enum Protocol : byte
{
    Tcp = 6,
    Udp = 17,
    Sctp = 132,
}
