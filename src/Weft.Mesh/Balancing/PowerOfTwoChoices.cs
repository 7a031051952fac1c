using System.Net;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Balancing;

/// <summary>
/// Power-of-two-choices over peak-EWMA cost (as linkerd2-proxy and YARP's PowerOfTwoChoices policy do): pick two
/// distinct endpoints at random, take the cheaper. The endpoint set is a latest-value watch; per-endpoint latency
/// state survives updates for endpoints that stay. Randomness and time are injected so tests are deterministic.
/// </summary>
internal sealed class PowerOfTwoChoices
{
    private static readonly TimeSpan DefaultRtt = TimeSpan.FromMilliseconds(30);
    private readonly LatestValue<EndpointSet> _source;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private State _state;

    public PowerOfTwoChoices(LatestValue<EndpointSet> source, TimeProvider time, Random random)
    {
        _source = source;
        _time = time;
        _random = random;
        _state = Build(source.Current, source.Version, []);
    }

    /// <summary>The endpoints as of the newest set.</summary>
    public IReadOnlyList<BalancedEndpoint> Endpoints => Refresh().Endpoints;

    /// <summary>Picks an endpoint, skipping <paramref name="exclude"/> (ones that just failed); null when none is left.</summary>
    public BalancedEndpoint? Pick(BalancedEndpoint? exclude = null)
    {
        var endpoints = Refresh().Endpoints;
        var n = endpoints.Length;
        if (n == 0) return null;
        if (n == 1) return endpoints[0] == exclude ? null : endpoints[0];
        if (n == 2 && exclude is not null) return endpoints[0] == exclude ? endpoints[1] : endpoints[0];

        int a, b;
        lock (_randomGate)
        {
            a = _random.Next(n);
            b = _random.Next(n - 1);
        }

        if (b >= a) b++;
        var first = endpoints[a];
        var second = endpoints[b];
        if (first == exclude) return second;
        if (second == exclude) return first;
        return first.Load.Cost() <= second.Load.Cost() ? first : second;
    }

    private State Refresh()
    {
        var state = Volatile.Read(ref _state);
        var version = _source.Version;
        if (state.Version == version) return state;
        var next = Build(_source.Current, version, state.Endpoints);
        Volatile.Write(ref _state, next);
        return next;
    }

    private State Build(EndpointSet set, long version, BalancedEndpoint[] previous)
    {
        var byAddress = new Dictionary<IPEndPoint, BalancedEndpoint>();
        foreach (var e in previous) byAddress[e.Address] = e;
        var endpoints = new BalancedEndpoint[set.Endpoints.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            var address = set.Endpoints[i];
            endpoints[i] = byAddress.TryGetValue(address, out var kept) ? kept : new BalancedEndpoint(address, new PeakEwma(_time, DefaultRtt));
        }

        return new State(endpoints, version);
    }

    private sealed record State(BalancedEndpoint[] Endpoints, long Version);
}
