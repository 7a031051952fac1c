namespace Weft.Api.Resources;

/// <summary>Kubernetes spelling of protocols ("TCP", "UDP", "SCTP").</summary>
public static class ProtocolNames
{
    public static string ToApiString(this Protocol protocol) => protocol switch
    {
        Protocol.Tcp => "TCP",
        Protocol.Udp => "UDP",
        Protocol.Sctp => "SCTP",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>Parses the API spelling; Kubernetes protocol names are case-sensitive upper case.</summary>
    public static bool TryParse(string? text, out Protocol protocol)
    {
        switch (text)
        {
            case "TCP": protocol = Protocol.Tcp; return true;
            case "UDP": protocol = Protocol.Udp; return true;
            case "SCTP": protocol = Protocol.Sctp; return true;
            default: protocol = default; return false;
        }
    }
}
