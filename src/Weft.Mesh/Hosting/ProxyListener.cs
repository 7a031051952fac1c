using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Forwarding;
using Weft.Mesh.Identity;
using Weft.Mesh.Metrics;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Hosting;

/// <summary>
/// One listener at run time: its configuration, the balancer over its upstream's endpoint watch and the pooled
/// clients towards it. HTTP requests and opaque streams both come through here (partials by concern).
/// </summary>
internal sealed partial class ProxyListener : IDisposable
{
    private static readonly TimeSpan FailurePenalty = TimeSpan.FromSeconds(1);
    private readonly ProxyMetrics _metrics;
    private readonly ProxyLimits _limits;
    private readonly TimeProvider _time;
    private readonly ProxyRuntime _runtime;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<System.Net.IPEndPoint, PowerOfTwoChoices> _byDestination = new();
    private readonly string? _expectedIdentity;
    private LocalId? _localIdentity;

    public ProxyListener(ListenerConfig config, ProxyLimits limits, ProxyRuntime runtime, ProxyMetrics metrics)
    {
        Config = config;
        _expectedIdentity = config.Upstream.ExpectedIdentity?.ToString();
        _limits = limits;
        _runtime = runtime;
        _time = runtime.Time;
        _metrics = metrics;
        var endpoints = runtime.Endpoints(config.Upstream.Name)
            ?? (config.Transparent ? new LatestValue<EndpointSet>(EndpointSet.Of()) : throw new InvalidOperationException($"no endpoints for {config.Upstream.Name}"));
        Balancer = new PowerOfTwoChoices(endpoints, runtime.Time, runtime.Random);
        Clients = new UpstreamClients(config.Upstream, limits, runtime.Certificates, runtime.PeerValidator, metrics, runtime.SocketMark, time: runtime.Time);
        if (config.Direction == TrafficDirection.Outbound && runtime.IsMeshed is not null && runtime.Certificates is not null)
        {
            // Each meshed pod must prove the identity the control plane names for its address (fail closed without one).
            MeshClients = new UpstreamClients(
                config.Upstream with { Security = UpstreamSecurity.MutualTls }, limits, runtime.Certificates, runtime.PeerValidator, metrics, runtime.SocketMark,
                identityAt: runtime.MeshIdentity ?? (static _ => null),
                time: runtime.Time);
        }
    }

    /// <summary>mTLS clients towards meshed endpoints (outbound listeners of a runtime that knows meshed pods: the sidecar), else null.</summary>
    public UpstreamClients? MeshClients { get; }

    /// <summary>The clients for one endpoint: mTLS when it is a meshed pod and this listener may originate it.</summary>
    private UpstreamClients ClientsFor(BalancedEndpoint endpoint) =>
        MeshClients is { } mesh && _runtime.IsMeshed!(endpoint.Address.Address) ? mesh : Clients;

    public ListenerConfig Config { get; }

    public PowerOfTwoChoices Balancer { get; }

    public UpstreamClients Clients { get; }

    public TrafficDirection Direction => Config.Direction;

    /// <summary>This proxy's own SPIFFE ID, or "" when it has no certificate.</summary>
    /// <remarks>Read per request: the string is built once per certificate, not per call (SpiffeId.ToString concatenates).</remarks>
    public string LocalIdentity
    {
        get
        {
            var current = _runtime.Certificates?.Current;
            if (current is null) return "";
            var cached = Volatile.Read(ref _localIdentity);
            if (cached is not null && ReferenceEquals(cached.Certificate, current)) return cached.Text;
            var text = current.Identity.ToString();
            Volatile.Write(ref _localIdentity, new LocalId(current, text));
            return text;
        }
    }

    /// <summary>
    /// The dst_id of an outbound request on <paramref name="connection"/>: the configured peer identity; for a
    /// sidecar, the control plane's identity of the destination's meshed endpoints, "" when they are plain (no
    /// proxy, no identity); for a standalone mTLS client, the last identity validated.
    /// </summary>
    public string DestinationIdentity(ConnectionState? connection)
    {
        if (_expectedIdentity is not null) return _expectedIdentity;
        if (MeshClients is null) return Clients.UsesTls ? Clients.LastPeerIdentity : "";
        var endpoints = BalancerFor(connection).Endpoints;
        for (var i = 0; i < endpoints.Count; i++)
        {
            var address = endpoints[i].Address.Address;
            if (_runtime.IsMeshed!(address)) return _runtime.MeshIdentity?.Invoke(address) is { Length: > 0 } id ? id : MeshClients.LastPeerIdentity;
        }

        return "";
    }

    /// <summary>A span's weft.dst_id: the request's destination label, or for outbound the identity the upstream proved.</summary>
    private string SpanPeerIdentity(in RequestLabels labels, BalancedEndpoint? used) =>
        Direction == TrafficDirection.Inbound || used is null ? labels.DestinationId : _expectedIdentity ?? ClientsFor(used).LastPeerIdentity;

    /// <summary>Where the upstream clients log refused server identities.</summary>
    public void UseLogger(Microsoft.Extensions.Logging.ILogger logger)
    {
        Clients.Logger = logger;
        if (MeshClients is not null) MeshClients.Logger = logger;
    }

    public void Dispose()
    {
        Clients.Dispose();
        MeshClients?.Dispose();
    }

    /// <summary>
    /// The balancer for one connection: the listener's own, or for a transparent listener the one of the original
    /// destination — its endpoint watch ("ADDR:PORT") when the runtime knows it, else the destination itself.
    /// </summary>
    private PowerOfTwoChoices BalancerFor(ConnectionState? connection)
    {
        if (!Config.Transparent || connection?.OriginalDestination is not { } destination) return Balancer;
        return _byDestination.GetOrAdd(destination, static (d, self) =>
            new PowerOfTwoChoices(
                self._runtime.Endpoints(d.ToString()) ?? new LatestValue<EndpointSet>(EndpointSet.Of(d)),
                self._runtime.Time,
                self._runtime.Random),
            this);
    }

    private sealed record LocalId(WorkloadCertificate Certificate, string Text);
}
