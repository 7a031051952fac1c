using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Weft.Mesh.Detection;
using Weft.Mesh.Tests.Http1;

namespace Weft.Mesh.Tests.Detection;

public sealed class ClientHelloParserTests
{
    private static ClientHelloRead Read(byte[] data, out ClientHello? hello) => ClientHelloParser.TryRead(new ReadOnlySequence<byte>(data), out hello);

    [Fact]
    public void TryRead_PeerProxyClientHelloFromSslStream_ReadsSniAndAlpn()
    {
        var bytes = ClientHellos.FromSslStream("weft.mesh", "h2", "http/1.1");

        Read(bytes, out var hello).ShouldBe(ClientHelloRead.Parsed);

        hello!.ServerName.ShouldBe("weft.mesh");
        hello.ApplicationProtocols.ShouldBe(["h2", "http/1.1"]);
    }

    [Fact]
    public void TryRead_ClientHelloToAnIpAddress_HasNoServerName()
    {
        // RFC 6066 §3: literal IP addresses are not sent as SNI.
        var bytes = ClientHellos.FromSslStream("10.244.1.5");

        Read(bytes, out var hello).ShouldBe(ClientHelloRead.Parsed);

        hello!.ServerName.ShouldBeNull();
        hello.ApplicationProtocols.ShouldBeEmpty();
    }

    [Fact]
    public void TryRead_EveryProperPrefix_NeedsMore()
    {
        var bytes = ClientHellos.FromSslStream("weft.mesh", "weft.opaque/1");

        for (var length = 0; length < bytes.Length; length++)
        {
            Read(bytes[..length], out _).ShouldBe(ClientHelloRead.NeedMore, $"prefix of {length} bytes");
        }
    }

    [Fact]
    public void TryRead_HandshakeSplitAcrossRecordsAndSegments_IsReassembled()
    {
        var bytes = ClientHellos.Build([ClientHellos.Sni("db.shop.svc"), ClientHellos.Alpn("postgresql")], recordSize: 7);

        ClientHelloParser.TryRead(Segments.Split(bytes, [1, 3, 5, 6, 40, 41, 100]), out var hello).ShouldBe(ClientHelloRead.Parsed);

        hello!.ServerName.ShouldBe("db.shop.svc");
        hello.ApplicationProtocols.ShouldBe(["postgresql"]);
    }

    [Fact]
    public void TryRead_WithoutExtensions_IsParsedWithNoServerName()
    {
        Read(ClientHellos.Build([], omitExtensions: true), out var hello).ShouldBe(ClientHelloRead.Parsed);

        hello!.ServerName.ShouldBeNull();
    }

    [Fact]
    public void TryRead_HandshakeLongerThanTheBound_IsTooLargeWithoutWaitingForIt()
    {
        var handshake = new byte[] { 1, 0x01, 0x00, 0x00 }; // a 64 KiB ClientHello announced

        Read(ClientHellos.Records(handshake, 16384), out _).ShouldBe(ClientHelloRead.TooLarge);
    }

    [Theory]
    [InlineData(new byte[] { 23, 3, 3, 0, 4, 1, 0, 0, 0 })]     // application data record
    [InlineData(new byte[] { 22, 2, 0, 0, 4, 1, 0, 0, 0 })]     // SSL 2 version byte
    [InlineData(new byte[] { 22, 3, 1, 0, 0 })]                 // empty handshake record
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 2, 0, 0, 0 })]     // ServerHello, not ClientHello
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 1, 0, 0, 0 })]     // ClientHello with an empty body
    public void TryRead_NotAClientHello_IsMalformed(byte[] bytes)
    {
        Read(bytes, out _).ShouldBe(ClientHelloRead.Malformed);
    }

    [Fact]
    public void TryRead_ExtensionLengthPastTheEnd_IsMalformed()
    {
        var bytes = ClientHellos.Build([(0, [0, 40, 0, 0, 3, (byte)'a'])]);

        Read(bytes, out _).ShouldBe(ClientHelloRead.Malformed);
    }

    [Fact]
    public void TryRead_TwoServerNameExtensions_IsMalformed()
    {
        var bytes = ClientHellos.Build([ClientHellos.Sni("app.example"), ClientHellos.Sni("weft.mesh")]);

        Read(bytes, out _).ShouldBe(ClientHelloRead.Malformed);
    }

    [Fact]
    public void TryRead_AnyBytes_NeverThrows()
    {
        var valid = ClientHellos.Build([ClientHellos.Sni("weft.mesh"), ClientHellos.Alpn("h2", "weft.opaque/1")], recordSize: 20);
        // Random bytes behind a handshake record header, and single-byte corruptions of a valid hello, split anywhere.
        var random = ArbMap.Default.GeneratorFor<byte[]>().Select(b => (byte[])[22, 3, 1, .. b]);
        var corrupted = from index in Gen.Choose(0, valid.Length - 1)
                        from value in Gen.Choose(0, 255)
                        select valid.Select((b, i) => i == index ? (byte)value : b).ToArray();
        var inputs = from data in Gen.OneOf(random, corrupted)
                     from cuts in Gen.Choose(0, 200).ListOf()
                     select (data, cuts);
        Prop.ForAll(inputs.ToArbitrary(), input =>
            {
                var result = ClientHelloParser.TryRead(Segments.Split(input.data, input.cuts), out var hello);
                return Enum.IsDefined(result) && (result == ClientHelloRead.Parsed) == (hello is not null);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryRead_ValidHelloSplitAnywhere_AlwaysGivesTheSameAnswer()
    {
        var valid = ClientHellos.Build([ClientHellos.Sni("weft.mesh"), ClientHellos.Alpn("h2")], recordSize: 13);
        Prop.ForAll(Gen.Choose(0, valid.Length).ListOf().ToArbitrary(), cuts =>
                ClientHelloParser.TryRead(Segments.Split(valid, cuts), out var hello) == ClientHelloRead.Parsed && hello!.ServerName == "weft.mesh")
            .QuickCheckThrowOnFailure();
    }
}
