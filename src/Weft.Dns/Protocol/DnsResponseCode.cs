namespace Weft.Dns.Protocol;

/// <summary>
/// Response codes. Values above 15 are extended codes (RFC 6891 §6.1.3): their upper eight bits travel in the OPT
/// record's TTL, so they can only be sent to a client that sent EDNS.
/// </summary>
public enum DnsResponseCode : ushort
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
}
