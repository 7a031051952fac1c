using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Weft.Local.Apps;
using Weft.Local.Apps.Http;
using Weft.Local.Apps.Probing;

namespace Weft.Local.Tests.Apps;

public sealed class ParserPropertyTests
{
    [Fact]
    public void ServePortList_FormatThenParse_RoundTrips()
    {
        var port = Gen.Choose(1, 65535);
        var protocol = Gen.Elements(ServeProtocol.Http, ServeProtocol.Tcp, ServeProtocol.Udp);
        var entry = protocol.SelectMany(p => port, (p, n) => new ServePort(p, n));
        Prop.ForAll(entry.ArrayOf().ToArbitrary(), ports =>
        {
            var distinct = ports.Distinct().ToArray();
            return ServePortList.TryParse(ServePortList.Format(distinct), out var parsed, out _) && parsed.SequenceEqual(distinct);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void HttpRequestParser_ArbitraryBytes_NeverThrowsAndConsumesNothingUnlessComplete()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            var status = HttpRequestParser.TryRead(ref reader, out _);
            return status == HttpParseStatus.Complete || status == HttpParseStatus.Invalid || reader.Consumed == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ProbeRequestTarget_ParsesBackToHostAndPort()
    {
        var octet = Gen.Choose(0, 255);
        var address = octet.ArrayOf(4).Select(o => string.Join('.', o));
        var port = Gen.Choose(1, 65535);
        Prop.ForAll(address.ToArbitrary(), port.ToArbitrary(), (host, number) =>
        {
            var request = new ProbeRequest { Protocol = ProbeProtocol.Tcp, Host = host, Port = number };
            return ProbeInput.TryParseTarget(request.Target, out var parsedHost, out var parsedPort, out _, out _) && parsedHost == host && parsedPort == number;
        }).QuickCheckThrowOnFailure();
    }
}
