using Weft.Dns.Tests.Server;

namespace Weft.Dns.Tests.Functional;

/// <summary>The real dig against the server on 127.0.0.1, as a pod's tools would see it.</summary>
public sealed class DigTests : IAsyncLifetime
{
    private TestServer? _server;

    private TestServer Server => _server!;

    public Task InitializeAsync()
    {
        _server = TestServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task Dig_ServiceA_IsTheClusterIP()
    {
        var dig = await Dig.RunAsync(Server.Udp, "web.shop.svc.cluster.local", "A");

        dig.Status.ShouldBe("NOERROR");
        dig.Flags.ShouldContain("aa");
        dig.Answer.ShouldBe(["web.shop.svc.cluster.local. 5 IN A 10.96.0.20"]);
    }

    [Fact]
    public async Task Dig_ServiceAaaa_IsTheIPv6ClusterIP()
    {
        var dig = await Dig.RunAsync(Server.Udp, "web.shop.svc.cluster.local", "AAAA");

        dig.Answer.ShouldBe(["web.shop.svc.cluster.local. 5 IN AAAA fd00:96::20"]);
    }

    [Fact]
    public async Task Dig_HeadlessService_IsOneAPerReadyEndpoint()
    {
        var dig = await Dig.RunAsync(Server.Udp, "db.shop.svc.cluster.local", "A");

        dig.Answer.ShouldBe(["db.shop.svc.cluster.local. 5 IN A 10.244.1.10", "db.shop.svc.cluster.local. 5 IN A 10.244.2.11"], ignoreOrder: true);
    }

    [Fact]
    public async Task Dig_HeadlessSrv_IsOnePerEndpointWithAddressesAsAdditional()
    {
        var dig = await Dig.RunAsync(Server.Udp, "_pg._tcp.db.shop.svc.cluster.local", "SRV");

        dig.Answer.ShouldBe(
            ["_pg._tcp.db.shop.svc.cluster.local. 5 IN SRV 0 100 5432 db-0.db.shop.svc.cluster.local.", "_pg._tcp.db.shop.svc.cluster.local. 5 IN SRV 0 100 5432 10-244-2-11.db.shop.svc.cluster.local."],
            ignoreOrder: true);
        dig.Additional.ShouldContain("db-0.db.shop.svc.cluster.local. 5 IN A 10.244.1.10");
    }

    [Fact]
    public async Task Dig_ServiceSrv_PointsAtTheService()
    {
        var dig = await Dig.RunAsync(Server.Udp, "_https._tcp.kubernetes.default.svc.cluster.local", "SRV");

        dig.Answer.ShouldBe(["_https._tcp.kubernetes.default.svc.cluster.local. 5 IN SRV 0 100 443 kubernetes.default.svc.cluster.local."]);
    }

    [Fact]
    public async Task Dig_ReverseOfClusterIP_IsTheServiceName()
    {
        var dig = await Dig.RunAsync(Server.Udp, "-x", "10.96.0.20");

        dig.Answer.ShouldBe(["20.0.96.10.in-addr.arpa. 5 IN PTR web.shop.svc.cluster.local."]);
    }

    [Fact]
    public async Task Dig_ReverseOfPodIP_IsThePodName()
    {
        var dig = await Dig.RunAsync(Server.Udp, "-x", "10.244.1.7");

        dig.Answer.ShouldBe(["7.1.244.10.in-addr.arpa. 5 IN PTR 10-244-1-7.shop.pod.cluster.local."]);
    }

    [Fact]
    public async Task Dig_PodName_IsThePodIP()
    {
        var dig = await Dig.RunAsync(Server.Udp, "10-244-1-7.shop.pod.cluster.local", "A");

        dig.Answer.ShouldBe(["10-244-1-7.shop.pod.cluster.local. 5 IN A 10.244.1.7"]);
    }

    [Fact]
    public async Task Dig_ExternalNameService_IsACname()
    {
        var dig = await Dig.RunAsync(Server.Udp, "search.shop.svc.cluster.local", "A");

        dig.Status.ShouldBe("NOERROR");
        dig.Answer.ShouldBe(["search.shop.svc.cluster.local. 5 IN CNAME search.example.com."]);
    }

    [Fact]
    public async Task Dig_DnsVersion_IsTheSchemaVersion()
    {
        var dig = await Dig.RunAsync(Server.Udp, "dns-version.cluster.local", "TXT");

        dig.Answer.ShouldBe(["dns-version.cluster.local. 5 IN TXT \"1.1.0\""]);
    }

    [Fact]
    public async Task Dig_UnknownService_IsNXDomainWithSoa()
    {
        var dig = await Dig.RunAsync(Server.Udp, "nope.shop.svc.cluster.local", "A");

        dig.Status.ShouldBe("NXDOMAIN");
        dig.Answer.ShouldBeEmpty();
        dig.Authority.ShouldBe(["cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 5"]);
    }

    [Fact]
    public async Task Dig_ExistingNameOtherType_IsNoDataWithSoa()
    {
        var dig = await Dig.RunAsync(Server.Udp, "kubernetes.default.svc.cluster.local", "AAAA");

        dig.Status.ShouldBe("NOERROR");
        dig.Answer.ShouldBeEmpty();
        dig.Authority.Single().ShouldStartWith("cluster.local. 5 IN SOA ");
    }

    [Fact]
    public async Task Dig_OutsideName_IsRefused()
    {
        var dig = await Dig.RunAsync(Server.Udp, "example.com", "A");

        dig.Status.ShouldBe("REFUSED");
        dig.Answer.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dig_LargeAnswerOverUdp_IsTruncated()
    {
        var dig = await Dig.RunAsync(Server.Udp, "+notcp", "+ignore", "big.shop.svc.cluster.local", "A");

        dig.Flags.ShouldContain("tc");
        dig.Answer.Length.ShouldBeInRange(1, 199);
    }

    [Fact]
    public async Task Dig_LargeAnswer_RetriesOverTcpAndGetsEverything()
    {
        var dig = await Dig.RunAsync(Server.Udp, "big.shop.svc.cluster.local", "A");

        dig.Output.ShouldContain("Truncated, retrying in TCP mode");
        dig.Flags.ShouldNotContain("tc");
        dig.Answer.Length.ShouldBe(200);
    }

    [Fact]
    public async Task Dig_LargeAnswerOverTcp_IsComplete()
    {
        var dig = await Dig.RunAsync(Server.Tcp, "+tcp", "big.shop.svc.cluster.local", "A");

        dig.Answer.Length.ShouldBe(200);
    }

    [Fact]
    public async Task Dig_Edns_EchoesOptWithTheServerPayloadSize()
    {
        var dig = await Dig.RunAsync(Server.Udp, "+bufsize=4096", "web.shop.svc.cluster.local", "A");

        dig.Output.ShouldContain("; EDNS: version: 0, flags:; udp: 1232");
    }

    [Fact]
    public async Task Dig_NoEdns_GetsNoOpt()
    {
        var dig = await Dig.RunAsync(Server.Udp, "+noedns", "web.shop.svc.cluster.local", "A");

        dig.Output.ShouldNotContain("OPT PSEUDOSECTION");
        dig.Answer.Length.ShouldBe(1);
    }

    [Fact]
    public async Task Dig_Bufsize512_TruncatesWhatFits()
    {
        var small = await Dig.RunAsync(Server.Udp, "+notcp", "+ignore", "+bufsize=512", "big.shop.svc.cluster.local", "A");
        var large = await Dig.RunAsync(Server.Udp, "+notcp", "+ignore", "+bufsize=1232", "big.shop.svc.cluster.local", "A");

        small.Flags.ShouldContain("tc");
        small.Answer.Length.ShouldBeLessThan(large.Answer.Length);
    }

    [Fact]
    public async Task Dig_EdnsVersion1_IsBadVers()
    {
        var dig = await Dig.RunAsync(Server.Udp, "+edns=1", "+noednsneg", "web.shop.svc.cluster.local", "A");

        dig.Status.ShouldBe("BADVERS");
    }

    [Fact]
    public async Task Dig_MixedCaseName_IsAnsweredInTheSameCase()
    {
        var dig = await Dig.RunAsync(Server.Udp, "Web.Shop.Svc.Cluster.Local", "A");

        dig.Answer.ShouldBe(["Web.Shop.Svc.Cluster.Local. 5 IN A 10.96.0.20"]);
    }
}
