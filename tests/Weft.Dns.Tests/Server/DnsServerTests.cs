using System.Net;
using System.Net.Sockets;
using Weft.Dns.Protocol;
using Weft.Dns.Server;
using Weft.Dns.Tests.Protocol;
using Weft.Dns.Zone;

namespace Weft.Dns.Tests.Server;

public class DnsServerTests
{
    [Fact]
    public async Task Udp_ServiceQuery_IsAnswered()
    {
        await using var server = TestServer.Start();

        var response = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A));

        response.Id.ShouldBe((ushort)7);
        response.Answers.Single().Data.ToString().ShouldBe("10.96.0.20");
    }

    [Fact]
    public async Task Start_PortZero_BindsUdpAndTcpToTheSamePort()
    {
        await using var server = TestServer.Start();

        server.Tcp.Port.ShouldBe(server.Udp.Port);
    }

    [Fact]
    public async Task Start_WithCallersSockets_ServesOnThem()
    {
        var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        tcp.Listen();
        var zones = new ClusterDnsZoneSource(ClusterDnsZoneBuilder.Build(TestServer.Input, new ClusterDnsOptions(), 1));
        await using var server = new DnsServer(new DnsServerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), UdpWorkers = 1 }, zones);

        server.Start(udp, tcp);

        (await DnsTestClient.AskUdpAsync((IPEndPoint)udp.LocalEndPoint!, DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A))).Answers.Length.ShouldBe(1);
        (await DnsTestClient.AskTcpAsync((IPEndPoint)tcp.LocalEndPoint!, DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A))).Answers.Length.ShouldBe(1);
    }

    [Fact]
    public async Task Tcp_SeveralPipelinedQueriesOnOneConnection_AreAnsweredInOrder()
    {
        await using var server = TestServer.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Tcp);

        // Three queries in one write: the frames arrive together and must be split by their length prefixes.
        var batch = new List<byte>();
        foreach (var (name, id) in new[] { ("web.shop.svc.cluster.local", (ushort)1), ("kubernetes.default.svc.cluster.local", (ushort)2), ("nope.shop.svc.cluster.local", (ushort)3) })
        {
            var bytes = DnsMessageGenerators.Encode(DnsTestClient.Query(name, DnsType.A, id: id));
            batch.Add((byte)(bytes.Length >> 8));
            batch.Add((byte)bytes.Length);
            batch.AddRange(bytes);
        }

        await socket.SendAsync(batch.ToArray(), SocketFlags.None);

        var first = (await DnsTestClient.ReceiveFramedAsync(socket)).ShouldNotBeNull();
        var second = (await DnsTestClient.ReceiveFramedAsync(socket)).ShouldNotBeNull();
        var third = (await DnsTestClient.ReceiveFramedAsync(socket)).ShouldNotBeNull();
        (first.Id, first.Answers.Single().Data.ToString()).ShouldBe(((ushort)1, "10.96.0.20"));
        (second.Id, second.Answers.Single().Data.ToString()).ShouldBe(((ushort)2, "10.96.0.1"));
        (third.Id, third.ResponseCode).ShouldBe(((ushort)3, DnsResponseCode.NXDomain));
    }

    [Fact]
    public async Task Udp_AnswerLargerThanClientBuffer_IsTruncated_AndTcpGivesItAll()
    {
        await using var server = TestServer.Start();
        var query = DnsTestClient.Query("big.shop.svc.cluster.local", DnsType.A, ednsPayload: 1232);

        var udp = await DnsTestClient.AskUdpAsync(server.Udp, query);
        var tcp = await DnsTestClient.AskTcpAsync(server.Tcp, query);

        udp.Truncated.ShouldBeTrue();
        udp.Answers.Length.ShouldBeLessThan(200);
        udp.Opt.ShouldNotBeNull();
        tcp.Truncated.ShouldBeFalse();
        tcp.Answers.Length.ShouldBe(200);
    }

    [Fact]
    public async Task Udp_QueryWithoutEdns_IsLimitedTo512Bytes()
    {
        await using var server = TestServer.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server.Udp);

        await socket.SendAsync(DnsMessageGenerators.Encode(DnsTestClient.Query("big.shop.svc.cluster.local", DnsType.A)), SocketFlags.None);
        var buffer = new byte[65535];
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None);

        length.ShouldBeLessThanOrEqualTo(512);
        (buffer[2] & 0x02).ShouldBe(0x02);
    }

    [Fact]
    public async Task Udp_ClientOffersMoreThanTheServerMaximum_GetsTheServerMaximum()
    {
        await using var server = TestServer.Start(o => o with { MaxUdpPayloadSize = 1400 });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server.Udp);

        await socket.SendAsync(DnsMessageGenerators.Encode(DnsTestClient.Query("big.shop.svc.cluster.local", DnsType.A, ednsPayload: 65000)), SocketFlags.None);
        var buffer = new byte[65535];
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None);

        length.ShouldBeInRange(1200, 1400);
    }

    [Fact]
    public async Task Udp_MalformedAndTruncatedPackets_DoNotStopTheServer()
    {
        await using var server = TestServer.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server.Udp);
        var valid = DnsMessageGenerators.Encode(DnsTestClient.Query("_pg._tcp.db.shop.svc.cluster.local", DnsType.SRV, ednsPayload: 1232));
        var random = new Random(4);

        // Every truncation of a valid query, then random garbage; after each batch of 20 a valid query must be
        // answered (which also paces the sender so the kernel's socket buffers never drop the probe).
        var packets = new List<byte[]>();
        for (var length = 0; length < valid.Length; length++)
        {
            packets.Add(valid[..length]);
        }

        for (var i = 0; i < 300; i++)
        {
            var garbage = new byte[random.Next(0, 700)];
            random.NextBytes(garbage);
            garbage.AsSpan(0, Math.Min(2, garbage.Length)).Clear();
            packets.Add(garbage);
        }

        ushort probe = 1000;
        foreach (var batch in packets.Chunk(20))
        {
            foreach (var packet in batch)
            {
                await socket.SendAsync(packet, SocketFlags.None);
            }

            probe++;
            await socket.SendAsync(DnsMessageGenerators.Encode(DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A, id: probe)), SocketFlags.None);

            // Garbage with a readable header gets FORMERR (IDs are zeroed above so they never collide with a probe).
            DnsMessage response;
            do
            {
                response = await DnsTestClient.ReceiveUdpAsync(socket);
            }
            while (response.Id != probe);

            response.Answers.Single().Data.ToString().ShouldBe("10.96.0.20");
        }
    }

    [Fact]
    public async Task Udp_ResponsePacket_IsDropped()
    {
        await using var server = TestServer.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server.Udp);

        await socket.SendAsync(DnsMessageGenerators.Encode(DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A, id: 1) with { IsResponse = true }), SocketFlags.None);
        await socket.SendAsync(DnsMessageGenerators.Encode(DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A, id: 2)), SocketFlags.None);

        (await DnsTestClient.ReceiveUdpAsync(socket)).Id.ShouldBe((ushort)2);
    }

    [Fact]
    public async Task Tcp_GarbageFrames_ThenAValidQuery_IsAnswered()
    {
        await using var server = TestServer.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Tcp);

        await DnsTestClient.SendFramedAsync(socket, [1, 2, 3]);
        await DnsTestClient.SendFramedAsync(socket, [0, 9, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0xC0]);
        await DnsTestClient.SendFramedAsync(socket, DnsMessageGenerators.Encode(DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A, id: 5)));

        var formErr = (await DnsTestClient.ReceiveFramedAsync(socket)).ShouldNotBeNull();
        var answer = (await DnsTestClient.ReceiveFramedAsync(socket)).ShouldNotBeNull();
        (formErr.Id, formErr.ResponseCode).ShouldBe(((ushort)9, DnsResponseCode.FormErr));
        answer.Id.ShouldBe((ushort)5);
        answer.Answers.Single().Data.ToString().ShouldBe("10.96.0.20");
    }

    [Fact]
    public async Task Tcp_RandomByteStreams_DoNotStopTheServer()
    {
        await using var server = TestServer.Start();
        var random = new Random(11);
        for (var i = 0; i < 20; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(server.Tcp);
            var garbage = new byte[random.Next(1, 3000)];
            random.NextBytes(garbage);
            await socket.SendAsync(garbage, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        }

        var response = await DnsTestClient.AskTcpAsync(server.Tcp, DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A));

        response.Answers.Single().Data.ToString().ShouldBe("10.96.0.20");
    }

    [Fact]
    public async Task Tcp_IdleConnection_IsClosedAfterTheIdleTimeout()
    {
        var clock = new ManualTimeProvider();
        await using var server = TestServer.Start(o => o with { TcpIdleTimeout = TimeSpan.FromSeconds(10) }, timeProvider: clock);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Tcp);
        await DnsTestClient.SendFramedAsync(socket, DnsMessageGenerators.Encode(DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A)));
        (await DnsTestClient.ReceiveFramedAsync(socket)).ShouldNotBeNull();

        // Armed once before the first read and again after answering: now the server waits, idle.
        await clock.WaitUntilArmedAsync(2);
        clock.Advance(TimeSpan.FromSeconds(9));
        clock.Advance(TimeSpan.FromSeconds(2));

        (await DnsTestClient.ReceiveFramedAsync(socket)).ShouldBeNull();
    }

    [Fact]
    public async Task Tcp_ConnectionsBeyondTheLimit_AreClosed()
    {
        await using var server = TestServer.Start(o => o with { MaxTcpConnections = 1 });
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await first.ConnectAsync(server.Tcp);
        await DnsTestClient.SendFramedAsync(first, DnsMessageGenerators.Encode(DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A)));
        (await DnsTestClient.ReceiveFramedAsync(first)).ShouldNotBeNull();

        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await second.ConnectAsync(server.Tcp);

        (await DnsTestClient.ReceiveFramedAsync(second)).ShouldBeNull();
    }

    [Fact]
    public async Task Publish_NewSnapshot_IsServedToTheNextQuery()
    {
        await using var server = TestServer.Start();
        var moved = TestServer.Input with
        {
            Services = [new DnsService { Name = "web", Namespace = "shop", ClusterIPs = [IPAddress.Parse("10.96.7.7")] }],
        };

        server.Zones.Publish(ClusterDnsZoneBuilder.Build(moved, new ClusterDnsOptions(), 2));
        var response = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A));

        response.Answers.Single().Data.ToString().ShouldBe("10.96.7.7");
    }

    [Fact]
    public async Task Udp_OutsideNameWithoutUpstream_IsRefused()
    {
        await using var server = TestServer.Start();

        var response = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("example.com", DnsType.A));

        response.ResponseCode.ShouldBe(DnsResponseCode.Refused);
        response.RecursionAvailable.ShouldBeFalse();
    }

    [Fact]
    public async Task Udp_OutsideNameWithUpstream_RelaysTheUpstreamAnswer()
    {
        await using var upstream = FakeUpstream.Start();
        await using var server = TestServer.Start(upstream: new UdpDnsUpstream(upstream.Endpoint, TimeSpan.FromSeconds(5)));

        var response = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("example.com", DnsType.A, ednsPayload: 1232, id: 77));

        response.Id.ShouldBe((ushort)77);
        response.ResponseCode.ShouldBe(DnsResponseCode.NoError);
        response.RecursionAvailable.ShouldBeTrue();
        response.Answers.Single().ToString().ShouldBe("example.com. 60 IN A 192.0.2.53");
        EdnsInfo.FromRecord(response.Opt.ShouldNotBeNull()).UdpPayloadSize.ShouldBe((ushort)1232);
    }

    [Fact]
    public async Task Tcp_OutsideNameWithUpstream_RelaysTheUpstreamAnswer()
    {
        await using var upstream = FakeUpstream.Start();
        await using var server = TestServer.Start(upstream: new UdpDnsUpstream(upstream.Endpoint, TimeSpan.FromSeconds(5)));

        var response = await DnsTestClient.AskTcpAsync(server.Tcp, DnsTestClient.Query("example.com", DnsType.A));

        response.Answers.Single().Data.ToString().ShouldBe("192.0.2.53");
    }

    [Fact]
    public async Task Udp_ClusterNameWithUpstream_IsStillAnsweredLocally()
    {
        await using var upstream = FakeUpstream.Start();
        await using var server = TestServer.Start(upstream: new UdpDnsUpstream(upstream.Endpoint, TimeSpan.FromSeconds(5)));

        var response = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A));

        response.Answers.Single().Data.ToString().ShouldBe("10.96.0.20");
        upstream.Queries.ShouldBe(0);
    }

    [Fact]
    public async Task Udp_ExternalNameWithUpstream_AnswersTheCnameAndItsTarget()
    {
        await using var upstream = FakeUpstream.Start();
        await using var server = TestServer.Start(upstream: new UdpDnsUpstream(upstream.Endpoint, TimeSpan.FromSeconds(5)));

        var response = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("search.shop.svc.cluster.local", DnsType.A));

        response.ResponseCode.ShouldBe(DnsResponseCode.NoError);
        response.Answers.Select(r => r.ToString()).ShouldBe(
            ["search.shop.svc.cluster.local. 5 IN CNAME search.example.com.", "search.example.com. 60 IN A 192.0.2.53"]);
    }

    [Fact]
    public async Task Udp_ExternalNameWhenUpstreamFails_IsStillTheCname()
    {
        await using var server = TestServer.Start(upstream: new FailingUpstream());

        var response = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("search.shop.svc.cluster.local", DnsType.A));

        response.ResponseCode.ShouldBe(DnsResponseCode.NoError);
        response.Answers.Single().Data.ShouldBe(new NameRecordData(DnsType.CNAME, "search.example.com"));
    }

    [Fact]
    public async Task Udp_UpstreamFails_IsServFail()
    {
        await using var server = TestServer.Start(upstream: new FailingUpstream());

        var response = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("example.com", DnsType.A));

        response.ResponseCode.ShouldBe(DnsResponseCode.ServFail);
    }

    [Fact]
    public async Task Udp_UpstreamThrows_IsServFailAndTheServerCarriesOn()
    {
        await using var server = TestServer.Start(upstream: new ThrowingUpstream());

        var failed = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("example.com", DnsType.A));
        var local = await DnsTestClient.AskUdpAsync(server.Udp, DnsTestClient.Query("web.shop.svc.cluster.local", DnsType.A));

        failed.ResponseCode.ShouldBe(DnsResponseCode.ServFail);
        local.Answers.Single().Data.ToString().ShouldBe("10.96.0.20");
    }

    private sealed class ThrowingUpstream : IDnsUpstream
    {
        public ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> query, Memory<byte> reply, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("upstream bug");
    }

    private sealed class FailingUpstream : IDnsUpstream
    {
        public ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> query, Memory<byte> reply, CancellationToken cancellationToken) => ValueTask.FromResult(0);
    }
}
