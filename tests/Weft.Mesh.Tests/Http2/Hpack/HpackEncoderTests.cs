using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Weft.Mesh.Forwarding.Http2.Hpack;
using static Weft.Mesh.Tests.Http2.Hpack.HeaderList;

namespace Weft.Mesh.Tests.Http2.Hpack;

/// <summary>The encoder: compact repeated fields, per-request and secret fields kept out of the table, round trips.</summary>
public sealed class HpackEncoderTests
{
    private static readonly Gen<(string, string)> Fields =
        from name in Gen.Elements(":authority", ":path", "user-agent", "content-type", "x-custom", "authorization", "cookie", "grpc-status", "accept")
        from value in Gen.Elements("", "a", "GET", "/index.html", "application/grpc", "www.example.com", new string('x', 300), "ü\u00ff\0\r")
        select (name, value);

    [Fact]
    public void Encode_RepeatedRequest_IsOneOctetPerRepeatedField()
    {
        var encoder = new HpackEncoder();
        (string, string)[] request = [(":method", "GET"), (":scheme", "http"), (":authority", "shop.example"), ("user-agent", "h2load nghttp2/1.52.0")];
        var first = EncodeBlock(encoder, request);
        var second = EncodeBlock(encoder, request);
        second.Length.ShouldBe(4);
        first.Length.ShouldBeGreaterThan(second.Length);
    }

    [Fact]
    public void Encode_StaticMatch_IsTheIndex()
    {
        EncodeBlock(new HpackEncoder(), (":method", "GET"), (":path", "/"), (":status", "200")).ShouldBe(Hex("82 84 88"));
    }

    [Fact]
    public void Encode_PathAndCredentials_StayOutOfTheTable()
    {
        var encoder = new HpackEncoder();
        var block = EncodeBlock(encoder, (":path", "/orders/17"), ("authorization", "Bearer secret"));
        encoder.TableCount.ShouldBe(0);
        block[0].ShouldBe((byte)0x04);            // without indexing, name :path (4)
        (block.AsSpan().IndexOf((byte)0x1f) >= 0).ShouldBeTrue(); // never indexed, name authorization (23 = 0x10 | 15, 8)
    }

    [Fact]
    public void Encode_PeerShrinksTable_SignalsTheSizeAndEvicts()
    {
        var encoder = new HpackEncoder();
        EncodeBlock(encoder, ("x-a", "1"), ("x-b", "2"));
        encoder.SetPeerTableSize(0);
        encoder.TableCount.ShouldBe(0);
        var block = EncodeBlock(encoder, ("x-a", "1"));
        block[0].ShouldBe((byte)0x20);
        var decoder = new HpackDecoder();
        Decode(decoder, EncodeBlock(new HpackEncoder(), ("x-a", "1")));
        Decode(decoder, block).Fields.ShouldBe([("x-a", "1")]);
    }

    [Fact]
    public void RoundTrip_AnySequenceOfBlocks_DecodesToTheSameFields()
    {
        Prop.ForAll(Fields.ListOf().ListOf().ToArbitrary(), Gen.Elements(0, 64, 256, 4096).ToArbitrary(), (blocks, tableSize) =>
            {
                var encoder = new HpackEncoder();
                var decoder = new HpackDecoder();
                encoder.SetPeerTableSize(tableSize);
                foreach (var block in blocks)
                {
                    var fields = block.ToArray();
                    var (status, decoded) = Decode(decoder, EncodeBlock(encoder, fields));
                    if (status != HpackStatus.Ok || !decoded.SequenceEqual(fields)) return false;
                    if (decoder.TableCount != encoder.TableCount) return false;
                }

                return true;
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decode_AnyBytes_NeverThrows()
    {
        Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), bytes =>
            {
                var decoder = new HpackDecoder(maxHeaderListSize: 1024);
                var status = decoder.Decode(new ReadOnlySequence<byte>(bytes), new HeaderList());
                return Enum.IsDefined(status);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Huffman_AnyBytes_RoundTrip()
    {
        Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), bytes =>
            {
                var encoded = new byte[Huffman.EncodedLength(bytes)];
                Huffman.Encode(bytes, encoded).ShouldBe(encoded.Length);
                var decoded = new byte[(encoded.Length * 8 / 5) + 1];
                var n = Huffman.Decode(encoded, decoded);
                return n == bytes.Length && decoded.AsSpan(0, n).SequenceEqual(bytes);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Huffman_Codes_MatchTheRfcAndFormACompleteCode()
    {
        Huffman.CodeOf('0').ShouldBe((0x0u, 5));
        Huffman.CodeOf(' ').ShouldBe((0x14u, 6));
        Huffman.CodeOf('A').ShouldBe((0x21u, 6));
        Huffman.CodeOf('X').ShouldBe((0xfcu, 8));
        Huffman.CodeOf(0).ShouldBe((0x1ff8u, 13));
        Huffman.CodeOf(255).ShouldBe((0x3ffffeeu, 26));
        Huffman.CodeOf(256).ShouldBe((0x3fffffffu, 30));
        // Kraft: a complete prefix code's lengths sum to exactly 1 as Σ 2^-length.
        Enumerable.Range(0, 257).Sum(s => 1L << (30 - Huffman.CodeOf(s).Length)).ShouldBe(1L << 30);
        var encoded = new byte[Huffman.EncodedLength("www.example.com"u8)];
        Huffman.Encode("www.example.com"u8, encoded);
        encoded.ShouldBe(Hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff"));
        Encoding.ASCII.GetString(encoded).ShouldNotBeEmpty();
    }
}
