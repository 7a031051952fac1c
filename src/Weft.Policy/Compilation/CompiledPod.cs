using Weft.Api.Net;
using Weft.Api.Resources;

namespace Weft.Policy.Compilation;

/// <summary>A pod in the compiled model: its identity, its addresses as host prefixes, and its named container ports.</summary>
internal sealed class CompiledPod(int index, Pod source, int identityId, IpPrefix[] addresses, ContainerPort[] namedPorts)
{
    public int Index { get; } = index;

    public Pod Source { get; } = source;

    public string Key { get; } = source.Key;

    public int IdentityId { get; } = identityId;

    public IpPrefix[] Addresses { get; } = addresses;

    /// <summary>Container ports that carry a name, from all containers of the pod.</summary>
    public ContainerPort[] NamedPorts { get; } = namedPorts;
}
