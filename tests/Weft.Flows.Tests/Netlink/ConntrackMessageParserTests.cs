using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Weft.Datapath.Linux.Netlink;

namespace Weft.Flows.Tests.Netlink;

public sealed class ConntrackMessageParserTests
{
    private static ConntrackEvent ParseOne(byte[] datagram)
    {
        ReadOnlySpan<byte> rest = datagram;
        NetlinkMessageReader.TryRead(ref rest, out var header, out var payload).ShouldBeTrue();
        rest.IsEmpty.ShouldBeTrue();
        ConntrackMessageParser.TryParse(header, payload, out var parsed).ShouldBeTrue();
        return parsed!;
    }

    private static ConntrackTuple Tcp(string src, string dst, ushort sport, ushort dport) => new()
    {
        Source = IPAddress.Parse(src), Destination = IPAddress.Parse(dst), Protocol = 6, SourcePort = sport, DestinationPort = dport,
    };

    [Fact]
    public void Parse_NewIpv4TcpEvent_ReadsTuplesMarkIdAndZone()
    {
        var sent = new ConntrackEvent
        {
            Type = ConntrackEventType.New,
            Original = Tcp("10.244.1.2", "10.96.0.10", 43210, 80),
            Reply = Tcp("10.244.2.3", "10.244.1.2", 8080, 43210),
            Status = 0x8,
            Mark = 7,
            Id = 0xDEADBEEF,
            Zone = 3,
        };

        ParseOne(NetlinkTestEncoder.Conntrack(sent)).ShouldBe(sent);
    }

    [Fact]
    public void Parse_DestroyWithCountersAndTimestamps_ReadsThem()
    {
        var start = new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
        var sent = new ConntrackEvent
        {
            Type = ConntrackEventType.Destroy,
            Original = Tcp("10.0.0.1", "10.0.0.2", 1000, 53) with { Protocol = 17 },
            Reply = Tcp("10.0.0.2", "10.0.0.1", 53, 1000) with { Protocol = 17 },
            CountersOriginal = new ConntrackCounters(3, 180),
            CountersReply = new ConntrackCounters(2, 5_000_000_000),
            Start = start,
            Stop = start.AddSeconds(30),
        };

        var parsed = ParseOne(NetlinkTestEncoder.Conntrack(sent));
        parsed.Type.ShouldBe(ConntrackEventType.Destroy);
        parsed.CountersOriginal.ShouldBe(new ConntrackCounters(3, 180));
        parsed.CountersReply.ShouldBe(new ConntrackCounters(2, 5_000_000_000));
        parsed.Start.ShouldBe(start);
        parsed.Stop.ShouldBe(start.AddSeconds(30));
    }

    [Fact]
    public void Parse_NewWithoutCreateFlag_IsUpdate()
    {
        var bytes = NetlinkTestEncoder.Conntrack(new ConntrackEvent { Type = ConntrackEventType.Update, Original = Tcp("10.0.0.1", "10.0.0.2", 1, 2) });
        ParseOne(bytes).Type.ShouldBe(ConntrackEventType.Update);
    }

    [Fact]
    public void Parse_Ipv6IcmpTuple_ReadsTypeCodeAndId()
    {
        var sent = new ConntrackEvent
        {
            Type = ConntrackEventType.New,
            Original = new ConntrackTuple
            {
                Source = IPAddress.Parse("fd00::1"), Destination = IPAddress.Parse("fd00::2"), Protocol = 58, IcmpType = 128, IcmpCode = 0, IcmpId = 99,
            },
        };

        ParseOne(NetlinkTestEncoder.Conntrack(sent)).Original.ShouldBe(sent.Original);
    }

    [Fact]
    public void Parse_UnknownAttributes_AreSkipped()
    {
        var bytes = NetlinkTestEncoder.Message(0x0100, 0x600, 2, 0, a => a
            .Bytes(30, [1, 2, 3])
            .Nested(1, t => t
                .Nested(1, ip => ip.Address(1, IPAddress.Parse("10.0.0.1")).Address(2, IPAddress.Parse("10.0.0.2")))
                .Nested(2, p => p.U8(1, 17).U16(2, 5).U16(3, 6).Bytes(40, [9])))
            .U32(8, 42));

        var parsed = ParseOne(bytes);
        parsed.Original.DestinationPort.ShouldBe((ushort)6);
        parsed.Mark.ShouldBe(42u);
    }

    [Fact]
    public void Parse_MessageOfOtherSubsystem_IsRejected()
    {
        var bytes = NetlinkTestEncoder.Message(0x0400, 0, 2, 0, a => a.U32(8, 1));
        ReadOnlySpan<byte> rest = bytes;
        NetlinkMessageReader.TryRead(ref rest, out var header, out var payload).ShouldBeTrue();
        ConntrackMessageParser.TryParse(header, payload, out _).ShouldBeFalse();
    }

    [Fact]
    public void Reader_TwoMessagesInOneDatagram_ReadsBoth()
    {
        var one = NetlinkTestEncoder.Conntrack(new ConntrackEvent { Type = ConntrackEventType.New, Original = Tcp("10.0.0.1", "10.0.0.2", 1, 2) });
        var two = NetlinkTestEncoder.Conntrack(new ConntrackEvent { Type = ConntrackEventType.Destroy, Original = Tcp("10.0.0.1", "10.0.0.2", 1, 2) });
        ReadOnlySpan<byte> rest = [.. one, .. two];
        var types = new List<ConntrackEventType>();
        while (NetlinkMessageReader.TryRead(ref rest, out var header, out var payload))
        {
            ConntrackMessageParser.TryParse(header, payload, out var parsed).ShouldBeTrue();
            types.Add(parsed!.Type);
        }

        types.ShouldBe([ConntrackEventType.New, ConntrackEventType.Destroy]);
    }

    [Fact]
    public void EncodeThenParse_RandomEvents_RoundTrip()
    {
        Prop.ForAll<int>(seed =>
        {
            var sent = RandomEvent(new Random(seed));
            return ParseOne(NetlinkTestEncoder.Conntrack(sent)) == sent;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_TruncatedOrCorruptedMessages_NeverThrow()
    {
        Prop.ForAll<int, int, byte>((seed, cut, flip) =>
        {
            var bytes = NetlinkTestEncoder.Conntrack(RandomEvent(new Random(seed)));
            var index = Math.Abs(cut % bytes.Length);
            bytes[index] ^= flip;
            ReadOnlySpan<byte> rest = bytes.AsSpan(0, Math.Max(index, 1));
            while (NetlinkMessageReader.TryRead(ref rest, out var header, out var payload))
            {
                ConntrackMessageParser.TryParse(header, payload, out _);
            }

            rest = bytes;
            while (NetlinkMessageReader.TryRead(ref rest, out var header, out var payload))
            {
                ConntrackMessageParser.TryParse(header, payload, out _);
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static ConntrackEvent RandomEvent(Random random)
    {
        var v6 = random.Next(2) == 0;
        IPAddress Address()
        {
            var bytes = new byte[v6 ? 16 : 4];
            random.NextBytes(bytes);
            return new IPAddress(bytes);
        }

        ConntrackTuple Tuple(byte protocol) => new()
        {
            Source = Address(), Destination = Address(), Protocol = protocol,
            SourcePort = (ushort)random.Next(65536), DestinationPort = (ushort)random.Next(65536),
        };

        var protocol = new byte[] { 6, 17, 132 }[random.Next(3)];
        ConntrackCounters? Counters() => random.Next(2) == 0 ? null : new ConntrackCounters((ulong)random.NextInt64(), (ulong)random.NextInt64());
        var start = random.Next(2) == 0 ? (DateTimeOffset?)null : DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(1, 20_000_000_000_000_000));
        return new ConntrackEvent
        {
            Type = (ConntrackEventType)random.Next(3),
            Original = Tuple(protocol),
            Reply = random.Next(3) == 0 ? null : Tuple(protocol),
            Status = (uint)random.Next(),
            Mark = (uint)random.Next(),
            Id = random.Next(2) == 0 ? null : (uint)random.Next(),
            Zone = (ushort)random.Next(65536),
            CountersOriginal = Counters(),
            CountersReply = Counters(),
            Start = start,
            Stop = start?.AddTicks(random.Next(1, 1_000_000) * 100L),
        };
    }
}
