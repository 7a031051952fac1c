using System.Net;
using Weft.Dns.Protocol;
using Weft.Dns.Resolution;
using Weft.Dns.Zone;

namespace Weft.Dns.Tests.Zone;

/// <summary>The records of the Kubernetes DNS-based service discovery specification, section by section.</summary>
public class ClusterDnsResolverTests
{
    [Fact]
    public void Txt_DnsVersion_IsTheSchemaVersion()
    {
        var response = ClusterFixture.Ask("dns-version.cluster.local", DnsType.TXT);

        response.Data().ShouldBe(["\"1.1.0\""]);
    }

    [Fact]
    public void A_ClusterIPService_IsTheClusterIP()
    {
        var response = ClusterFixture.Ask("kubernetes.default.svc.cluster.local", DnsType.A);

        response.ResponseCode.ShouldBe(DnsResponseCode.NoError);
        response.AuthoritativeAnswer.ShouldBeTrue();
        response.Data().ShouldBe(["10.96.0.1"]);
        response.Answers[0].Ttl.ShouldBe(5u);
    }

    [Fact]
    public void Aaaa_DualStackService_IsTheIPv6ClusterIP()
    {
        ClusterFixture.Ask("web.shop.svc.cluster.local", DnsType.AAAA).Data().ShouldBe(["fd00:96::20"]);
    }

    [Fact]
    public void A_MixedCaseQuestion_MatchesAndAnswersInTheQuestionsCase()
    {
        var response = ClusterFixture.Ask("WeB.Shop.SVC.cluster.LOCAL", DnsType.A);

        response.Data().ShouldBe(["10.96.0.20"]);
        response.Answers[0].Name.ShouldBe("WeB.Shop.SVC.cluster.LOCAL");
    }

    [Fact]
    public void Srv_NamedPort_PointsAtTheServiceWithItsAddressesAsAdditional()
    {
        var response = ClusterFixture.Ask("_http._tcp.web.shop.svc.cluster.local", DnsType.SRV);

        response.Data().ShouldBe(["0 100 80 web.shop.svc.cluster.local."]);
        response.Additionals.Select(r => r.Data.ToString()).ShouldBe(["10.96.0.20", "fd00:96::20"], ignoreOrder: true);
    }

    [Fact]
    public void Srv_UdpPort_UsesTheUdpLabel()
    {
        ClusterFixture.Ask("_dns._udp.web.shop.svc.cluster.local", DnsType.SRV).Data().ShouldBe(["0 100 53 web.shop.svc.cluster.local."]);
    }

    [Fact]
    public void Srv_WrongProtocol_IsNXDomain()
    {
        ClusterFixture.Ask("_http._udp.web.shop.svc.cluster.local", DnsType.SRV).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
    }

    [Fact]
    public void Ptr_ClusterIP_IsTheServiceName()
    {
        ClusterFixture.Ask("20.0.96.10.in-addr.arpa", DnsType.PTR).Data().ShouldBe(["web.shop.svc.cluster.local."]);
    }

    [Fact]
    public void Ptr_IPv6ClusterIP_IsTheServiceNameUnderIp6Arpa()
    {
        var name = "0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.0.d.f.ip6.arpa";

        ClusterFixture.Ask(name, DnsType.PTR).Data().ShouldBe(["web.shop.svc.cluster.local."]);
    }

    [Fact]
    public void A_HeadlessService_IsEveryReadyEndpoint()
    {
        ClusterFixture.Ask("db.shop.svc.cluster.local", DnsType.A).Data().ShouldBe(["10.244.1.10", "10.244.2.11"]);
    }

    [Fact]
    public void A_HeadlessServicePublishingNotReady_IncludesNotReadyEndpoints()
    {
        ClusterFixture.Ask("queue.shop.svc.cluster.local", DnsType.A).Data().ShouldBe(["10.244.3.5"]);
    }

    [Fact]
    public void A_HeadlessServiceWithoutReadyEndpoints_IsNXDomain()
    {
        ClusterFixture.Ask("empty.shop.svc.cluster.local", DnsType.A).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
    }

    [Fact]
    public void A_EndpointHostname_IsThatEndpoint()
    {
        ClusterFixture.Ask("db-0.db.shop.svc.cluster.local", DnsType.A).Data().ShouldBe(["10.244.1.10"]);
    }

    [Fact]
    public void A_NotReadyEndpointHostname_IsNXDomain()
    {
        ClusterFixture.Ask("db-2.db.shop.svc.cluster.local", DnsType.A).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
    }

    [Fact]
    public void Srv_HeadlessNamedPort_IsOnePerReadyEndpoint_WithHostnameOrDashedAddress()
    {
        var response = ClusterFixture.Ask("_pg._tcp.db.shop.svc.cluster.local", DnsType.SRV);

        response.Data().ShouldBe(["0 100 5432 10-244-2-11.db.shop.svc.cluster.local.", "0 100 5432 db-0.db.shop.svc.cluster.local."]);
        response.Additionals.Select(r => $"{r.Name} {r.Data}").ShouldBe(
            ["db-0.db.shop.svc.cluster.local 10.244.1.10", "10-244-2-11.db.shop.svc.cluster.local 10.244.2.11"],
            ignoreOrder: true);
    }

    [Fact]
    public void A_SystemAssignedEndpointName_ResolvesToItsEndpoint()
    {
        ClusterFixture.Ask("10-244-2-11.db.shop.svc.cluster.local", DnsType.A).Data().ShouldBe(["10.244.2.11"]);
    }

    [Fact]
    public void Srv_EndpointPodNamesOption_UsesThePodNameWhenThereIsNoHostname()
    {
        var zone = ClusterFixture.Zone(new ClusterDnsOptions { EndpointPodNames = true });

        ClusterFixture.Ask("_pg._tcp.db.shop.svc.cluster.local", DnsType.SRV, zone).Data()
            .ShouldBe(["0 100 5432 db-0.db.shop.svc.cluster.local.", "0 100 5432 db-1.db.shop.svc.cluster.local."]);
    }

    [Fact]
    public void Ptr_HeadlessEndpoint_IsItsHostnameName()
    {
        ClusterFixture.Ask("10.1.244.10.in-addr.arpa", DnsType.PTR).Data().ShouldBe(["db-0.db.shop.svc.cluster.local."]);
    }

    [Fact]
    public void Cname_ExternalNameService_IsTheExternalName()
    {
        var response = ClusterFixture.Ask("search.shop.svc.cluster.local", DnsType.A);

        response.ResponseCode.ShouldBe(DnsResponseCode.NoError);
        response.Answers.Single().Data.ShouldBe(new NameRecordData(DnsType.CNAME, "search.example.com"));
    }

    [Fact]
    public void Cname_ExternalNameInsideTheZone_IsFollowed()
    {
        var response = ClusterFixture.Ask("alias.shop.svc.cluster.local", DnsType.A);

        response.Answers.Select(r => $"{r.Name} {r.Type} {r.Data}").ShouldBe(
            ["alias.shop.svc.cluster.local CNAME web.shop.svc.cluster.local.", "web.shop.svc.cluster.local A 10.96.0.20"]);
    }

    [Fact]
    public void A_PodName_IsThePodAddress()
    {
        ClusterFixture.Ask("10-244-1-7.shop.pod.cluster.local", DnsType.A).Data().ShouldBe(["10.244.1.7"]);
    }

    [Fact]
    public void A_UnknownPodAddressWhenVerified_IsNXDomain()
    {
        ClusterFixture.Ask("10-244-9-9.shop.pod.cluster.local", DnsType.A).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
    }

    [Fact]
    public void A_PodAddressInWrongNamespaceWhenVerified_IsNXDomain()
    {
        ClusterFixture.Ask("10-244-1-7.default.pod.cluster.local", DnsType.A).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
    }

    [Fact]
    public void A_AnyPodAddressWhenInsecure_IsThatAddress()
    {
        var zone = ClusterFixture.Zone(new ClusterDnsOptions { PodRecords = PodRecordMode.Insecure });

        ClusterFixture.Ask("1-2-3-4.anything.pod.cluster.local", DnsType.A, zone).Data().ShouldBe(["1.2.3.4"]);
        ClusterFixture.Ask("fd00-1--5.anything.pod.cluster.local", DnsType.AAAA, zone).Data().ShouldBe(["fd00:1::5"]);
        ClusterFixture.Ask("1-2-3.anything.pod.cluster.local", DnsType.A, zone).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
        ClusterFixture.Ask("1-2-3-400.anything.pod.cluster.local", DnsType.A, zone).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
    }

    [Fact]
    public void A_PodRecordsDisabled_IsNXDomain()
    {
        var zone = ClusterFixture.Zone(new ClusterDnsOptions { PodRecords = PodRecordMode.Disabled });

        ClusterFixture.Ask("10-244-1-7.shop.pod.cluster.local", DnsType.A, zone).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
    }

    [Fact]
    public void Ptr_PodAddress_IsThePodName()
    {
        ClusterFixture.Ask("7.1.244.10.in-addr.arpa", DnsType.PTR).Data().ShouldBe(["10-244-1-7.shop.pod.cluster.local."]);
    }

    [Fact]
    public void NXDomain_UnknownService_CarriesTheZoneSoaWithTheNegativeTtl()
    {
        var zone = ClusterFixture.Zone(new ClusterDnsOptions { NegativeTtl = 17 });

        var response = ClusterFixture.Ask("nope.shop.svc.cluster.local", DnsType.A, zone);

        response.ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
        response.AuthoritativeAnswer.ShouldBeTrue();
        response.Answers.ShouldBeEmpty();
        var soa = response.Authorities.Single();
        soa.Name.ShouldBe("cluster.local");
        soa.Ttl.ShouldBe(17u);
        soa.Data.ShouldBe(new SoaRecordData("ns.dns.cluster.local", "hostmaster.cluster.local", 7, 7200, 1800, 86400, 17));
    }

    [Fact]
    public void NoData_ExistingNameOfAnotherType_IsNoErrorWithSoa()
    {
        var response = ClusterFixture.Ask("kubernetes.default.svc.cluster.local", DnsType.AAAA);

        response.ResponseCode.ShouldBe(DnsResponseCode.NoError);
        response.Answers.ShouldBeEmpty();
        response.Authorities.Single().Type.ShouldBe(DnsType.SOA);
    }

    [Theory]
    [InlineData("shop.svc.cluster.local")]
    [InlineData("quiet.svc.cluster.local")]
    [InlineData("svc.cluster.local")]
    [InlineData("_tcp.web.shop.svc.cluster.local")]
    [InlineData("shop.pod.cluster.local")]
    public void NoData_EmptyNonTerminal_IsNoErrorNotNXDomain(string name)
    {
        var response = ClusterFixture.Ask(name, DnsType.A);

        response.ResponseCode.ShouldBe(DnsResponseCode.NoError);
        response.Authorities.Single().Type.ShouldBe(DnsType.SOA);
    }

    [Fact]
    public void NXDomain_UnknownNamespace_IsNXDomain()
    {
        ClusterFixture.Ask("ghost.svc.cluster.local", DnsType.A).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
    }

    [Fact]
    public void Soa_Apex_IsTheZoneSoa()
    {
        ClusterFixture.Ask("cluster.local", DnsType.SOA).Answers.Single().Data.ShouldBeOfType<SoaRecordData>().Serial.ShouldBe(7u);
    }

    [Fact]
    public void Ns_Apex_NamesTheServerWithItsAddressAsGlue()
    {
        var zone = ClusterFixture.Zone(new ClusterDnsOptions { NameServerAddresses = [IPAddress.Parse("10.96.0.10")] });

        var response = ClusterFixture.Ask("cluster.local", DnsType.NS, zone);

        response.Data().ShouldBe(["ns.dns.cluster.local."]);
        response.Additionals.Single().Data.ToString().ShouldBe("10.96.0.10");
    }

    [Fact]
    public void Refused_NameOutsideTheZone_IsOutside()
    {
        var result = ClusterFixture.Resolve(new DnsMessage { Questions = [new DnsQuestion("example.com", DnsType.A)] });

        result.Outcome.ShouldBe(ResolveOutcome.Outside);
        result.Response.ResponseCode.ShouldBe(DnsResponseCode.Refused);
        result.Response.AuthoritativeAnswer.ShouldBeFalse();
    }

    [Fact]
    public void Refused_UnknownReverseName_IsOutside()
    {
        ClusterFixture.Resolve(new DnsMessage { Questions = [new DnsQuestion("8.8.8.8.in-addr.arpa", DnsType.PTR)] })
            .Outcome.ShouldBe(ResolveOutcome.Outside);
    }

    [Fact]
    public void Refused_NameThatOnlyEndsLikeTheZone_IsOutside()
    {
        ClusterFixture.Resolve(new DnsMessage { Questions = [new DnsQuestion("notcluster.local", DnsType.A)] })
            .Outcome.ShouldBe(ResolveOutcome.Outside);
    }

    [Fact]
    public void Zone_ConfiguredDomain_ServesThatDomainOnly()
    {
        var zone = ClusterFixture.Zone(new ClusterDnsOptions { Zone = "weft.test." });

        ClusterFixture.Ask("web.shop.svc.weft.test", DnsType.A, zone).Data().ShouldBe(["10.96.0.20"]);
        ClusterFixture.Ask("web.shop.svc.cluster.local", DnsType.A, zone).ResponseCode.ShouldBe(DnsResponseCode.Refused);
    }

    [Fact]
    public void Ttl_Configured_AppliesToAnswers()
    {
        var zone = ClusterFixture.Zone(new ClusterDnsOptions { Ttl = 30 });

        ClusterFixture.Ask("web.shop.svc.cluster.local", DnsType.A, zone).Answers.Single().Ttl.ShouldBe(30u);
    }

    [Fact]
    public void Edns_Query_GetsOneOptWithTheServersPayloadSize()
    {
        var query = new DnsMessage { Questions = [new DnsQuestion("web.shop.svc.cluster.local", DnsType.A)], Additionals = [EdnsInfo.CreateRecord(4096, DnsResponseCode.NoError)] };

        var response = ClusterFixture.Resolve(query).Response;

        EdnsInfo.FromRecord(response.Opt.ShouldNotBeNull()).UdpPayloadSize.ShouldBe((ushort)1232);
        response.Additionals.Count(r => r.Type == DnsType.OPT).ShouldBe(1);
    }

    [Fact]
    public void Edns_NoOptInQuery_NoOptInResponse()
    {
        ClusterFixture.Ask("web.shop.svc.cluster.local", DnsType.A).Opt.ShouldBeNull();
    }

    [Fact]
    public void Edns_Version1_IsBadVers()
    {
        var opt = EdnsInfo.CreateRecord(4096, DnsResponseCode.NoError) with { Ttl = 1u << 16 };
        var query = new DnsMessage { Questions = [new DnsQuestion("web.shop.svc.cluster.local", DnsType.A)], Additionals = [opt] };

        var response = ClusterFixture.Resolve(query).Response;

        response.ResponseCode.ShouldBe(DnsResponseCode.BadVers);
        response.Answers.ShouldBeEmpty();
    }

    [Fact]
    public void FormErr_TwoQuestions()
    {
        var query = new DnsMessage { Questions = [new DnsQuestion("a.cluster.local", DnsType.A), new DnsQuestion("b.cluster.local", DnsType.A)] };

        ClusterFixture.Resolve(query).Response.ResponseCode.ShouldBe(DnsResponseCode.FormErr);
    }

    [Fact]
    public void NotImp_UpdateOpcode()
    {
        var query = new DnsMessage { Opcode = DnsOpcode.Update, Questions = [new DnsQuestion("cluster.local", DnsType.SOA)] };

        ClusterFixture.Resolve(query).Response.ResponseCode.ShouldBe(DnsResponseCode.NotImp);
    }

    [Fact]
    public void Refused_ZoneTransfer()
    {
        ClusterFixture.Ask("cluster.local", DnsType.AXFR).ResponseCode.ShouldBe(DnsResponseCode.Refused);
    }

    [Fact]
    public void Build_ServiceNameThatIsNotALabel_IsLeftOut()
    {
        var input = new ClusterDnsInput
        {
            Services =
            [
                new DnsService { Name = "bad.name", Namespace = "shop", ClusterIPs = [IPAddress.Parse("10.96.9.9")] },
                new DnsService { Name = "good", Namespace = "shop", ClusterIPs = [IPAddress.Parse("10.96.9.8")] },
            ],
        };
        var zone = ClusterFixture.Zone(input: input);

        ClusterFixture.Ask("bad.name.shop.svc.cluster.local", DnsType.A, zone).ResponseCode.ShouldBe(DnsResponseCode.NXDomain);
        ClusterFixture.Ask("9.9.96.10.in-addr.arpa", DnsType.PTR, zone).Answers.ShouldBeEmpty();
        ClusterFixture.Ask("good.shop.svc.cluster.local", DnsType.A, zone).Data().ShouldBe(["10.96.9.8"]);
    }

    [Fact]
    public void Response_EchoesIdQuestionAndRecursionDesired()
    {
        var response = ClusterFixture.Ask("web.shop.svc.cluster.local", DnsType.A);

        response.Id.ShouldBe((ushort)42);
        response.IsResponse.ShouldBeTrue();
        response.RecursionDesired.ShouldBeTrue();
        response.RecursionAvailable.ShouldBeFalse();
        response.Questions.Single().Name.ShouldBe("web.shop.svc.cluster.local");
    }
}
