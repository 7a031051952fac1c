using System.Collections.Frozen;
using System.Net;

namespace Weft.Flows.Enrichment;

/// <summary>A frozen-dictionary <see cref="IFlowLookup"/>: build once per model revision, read lock-free.</summary>
public sealed class FlowLookupSnapshot : IFlowLookup
{
    private readonly FrozenDictionary<IPAddress, FlowEndpoint> _pods;
    private readonly FrozenDictionary<uint, PolicyRuleRef> _rules;
    private readonly FrozenDictionary<(IPAddress, int, IpProtocol), string> _services;

    public FlowLookupSnapshot(
        IEnumerable<FlowEndpoint> pods,
        IEnumerable<KeyValuePair<uint, PolicyRuleRef>> rules,
        IEnumerable<ServiceFrontend> services)
    {
        _pods = pods.ToFrozenDictionary(p => Normalize(p.Address));
        _rules = rules.ToFrozenDictionary();
        _services = services.ToFrozenDictionary(s => (Normalize(s.Address), s.Port, s.Protocol), s => s.ServiceName);
    }

    public static FlowLookupSnapshot Empty { get; } = new([], [], []);

    public FlowEndpoint? FindPod(IPAddress address) => _pods.GetValueOrDefault(Normalize(address));

    public PolicyRuleRef? FindRule(uint ruleId) => _rules.GetValueOrDefault(ruleId);

    public string? FindService(IPAddress address, int port, IpProtocol protocol) =>
        _services.GetValueOrDefault((Normalize(address), port, protocol));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
