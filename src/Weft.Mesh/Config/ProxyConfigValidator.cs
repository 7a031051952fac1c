namespace Weft.Mesh.Config;

/// <summary>Checks a configuration against what the runtime can provide; every problem is reported.</summary>
public static class ProxyConfigValidator
{
    public static IReadOnlyList<string> Validate(ProxyConfig config, ProxyRuntime runtime)
    {
        var errors = new List<string>();
        if (config.Listeners.IsDefaultOrEmpty) errors.Add("listeners: at least one listener is required");
        var names = new HashSet<string>();
        var endpoints = new HashSet<System.Net.IPEndPoint>();
        for (var i = 0; i < (config.Listeners.IsDefault ? 0 : config.Listeners.Length); i++)
        {
            var l = config.Listeners[i];
            var path = $"listeners[{i}]";
            if (string.IsNullOrWhiteSpace(l.Name)) errors.Add($"{path}.name: must not be empty");
            else if (!names.Add(l.Name)) errors.Add($"{path}.name: duplicate listener name '{l.Name}'");
            if (l.Endpoint.Port != 0 && !endpoints.Add(l.Endpoint)) errors.Add($"{path}.endpoint: {l.Endpoint} is used twice");
            if (config.Admin is { Port: not 0 } admin && admin.Equals(l.Endpoint)) errors.Add($"{path}.endpoint: {l.Endpoint} is the admin endpoint");
            var needsCerts = l.Security != ListenerSecurity.Plain || l.Upstream.Security == UpstreamSecurity.MutualTls;
            if (needsCerts && runtime.Certificates is null) errors.Add($"{path}: mutual TLS needs a workload certificate");
            if (needsCerts && runtime.PeerValidator is null) errors.Add($"{path}: mutual TLS needs a trust root");
            if (!l.Transparent && runtime.Endpoints(l.Upstream.Name) is null) errors.Add($"{path}.upstream.name: no endpoints known for '{l.Upstream.Name}'");
            // Without a peer name every ClientHello would pass through: peers could never be terminated.
            if (l.Security == ListenerSecurity.Permissive && string.IsNullOrWhiteSpace(l.PeerServerName))
                errors.Add($"{path}.peerServerName: a permissive listener needs the SNI that marks peer proxies");
        }

        var limits = config.Limits;
        if (limits.MaxRequestHeadersTotalSize < 1024) errors.Add("limits.maxRequestHeadersTotalSize: must be at least 1024");
        if (limits.MaxConcurrentStreams < 1) errors.Add("limits.maxConcurrentStreams: must be positive");
        if (limits.RequestHeadersTimeout <= TimeSpan.Zero) errors.Add("limits.requestHeadersTimeout: must be positive");
        if (limits.DetectTimeout <= TimeSpan.Zero) errors.Add("limits.detectTimeout: must be positive");
        return errors;
    }
}
