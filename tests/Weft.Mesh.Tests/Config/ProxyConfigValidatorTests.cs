using System.Net;
using Weft.Mesh.Config;

namespace Weft.Mesh.Tests.Config;

public sealed class ProxyConfigValidatorTests
{
    [Fact]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var listener = new ListenerConfig
        {
            Name = "a",
            Endpoint = new IPEndPoint(IPAddress.Loopback, 4140),
            Security = ListenerSecurity.MutualTls,
            Upstream = new UpstreamConfig { Name = "missing" },
        };
        var config = new ProxyConfig
        {
            Listeners = [listener, listener],
            Limits = new ProxyLimits { MaxConcurrentStreams = 0 },
        };

        var errors = ProxyConfigValidator.Validate(config, new ProxyRuntime { Endpoints = _ => null });

        errors.ShouldContain("listeners[1].name: duplicate listener name 'a'");
        errors.ShouldContain("listeners[1].endpoint: 127.0.0.1:4140 is used twice");
        errors.ShouldContain("listeners[0]: mutual TLS needs a workload certificate");
        errors.ShouldContain("listeners[0].upstream.name: no endpoints known for 'missing'");
        errors.ShouldContain("limits.maxConcurrentStreams: must be positive");
    }

    [Fact]
    public void Validate_PermissiveListenerWithoutPeerServerName_IsRejected()
    {
        var listener = new ListenerConfig
        {
            Name = "inbound",
            Endpoint = new IPEndPoint(IPAddress.Loopback, 4143),
            Security = ListenerSecurity.Permissive,
            PeerServerName = " ",
            Upstream = new UpstreamConfig { Name = "app" },
        };

        var errors = ProxyConfigValidator.Validate(new ProxyConfig { Listeners = [listener] }, new ProxyRuntime { Endpoints = _ => null });

        errors.ShouldContain("listeners[0].peerServerName: a permissive listener needs the SNI that marks peer proxies");
    }

    [Fact]
    public void Create_InvalidConfig_ReturnsErrorsAndNoServer()
    {
        var config = new ProxyConfig { Listeners = [] };

        var (server, errors) = Weft.Mesh.Hosting.ProxyServer.Create(config, new ProxyRuntime { Endpoints = _ => null });

        server.ShouldBeNull();
        errors.ShouldNotBeEmpty();
    }
}
