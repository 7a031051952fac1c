using Weft.Api.Resources;

namespace Weft.Policy.Compilation;

/// <summary>
/// One compiled port entry: a protocol with a port range (a single port is a range of one; "all ports" is
/// 1..65535), or a named port resolved against the destination pod's container ports at verdict time.
/// A named port with no protocol (ANP namedPort) matches a container port of that name in any protocol.
/// </summary>
internal readonly struct PortMatcher(Protocol? protocol, int start, int end, string? name)
{
    public Protocol? Protocol { get; } = protocol;

    public int Start { get; } = start;

    public int End { get; } = end;

    public string? Name { get; } = name;

    public static PortMatcher Range(Protocol protocol, int start, int end) => new(protocol, start, end, null);

    public static PortMatcher AllPorts(Protocol protocol) => new(protocol, 1, 65535, null);

    public static PortMatcher Named(Protocol? protocol, string name) => new(protocol, 0, 0, name);

    public bool Matches(Protocol protocol, int port, CompiledPod? destination)
    {
        if (Protocol is { } own && own != protocol)
        {
            return false;
        }

        if (Name is null)
        {
            return port >= Start && port <= End;
        }

        // Named ports resolve on the destination pod, for ingress and egress rules alike; an address outside
        // the cluster has no named ports.
        if (destination is null)
        {
            return false;
        }

        foreach (var containerPort in destination.NamedPorts)
        {
            if (containerPort.Port == port && containerPort.Protocol == protocol
                && string.Equals(containerPort.Name, Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
