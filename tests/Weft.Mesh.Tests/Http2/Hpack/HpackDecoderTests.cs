using Weft.Mesh.Forwarding.Http2.Hpack;
using static Weft.Mesh.Tests.Http2.Hpack.HeaderList;

namespace Weft.Mesh.Tests.Http2.Hpack;

/// <summary>The decoder against RFC 7541 Appendix C's examples and malformed input.</summary>
public sealed class HpackDecoderTests
{
    [Fact]
    public void Decode_RfcC3RequestsWithoutHuffman_YieldsTheFieldsAndFillsTheTable()
    {
        var decoder = new HpackDecoder();
        var (status, fields) = Decode(decoder, Hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        status.ShouldBe(HpackStatus.Ok);
        fields.ShouldBe([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")]);
        decoder.TableCount.ShouldBe(1);

        (status, fields) = Decode(decoder, Hex("8286 84be 5808 6e6f 2d63 6163 6865"));
        status.ShouldBe(HpackStatus.Ok);
        fields.ShouldBe([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")]);
        decoder.TableCount.ShouldBe(2);
    }

    [Fact]
    public void Decode_RfcC4RequestsWithHuffman_YieldsTheFields()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, Hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")).Fields
            .ShouldBe([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")]);
        Decode(decoder, Hex("8286 84be 5886 a8eb 1064 9cbf")).Fields
            .ShouldBe([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")]);
        var (status, fields) = Decode(decoder, Hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
        status.ShouldBe(HpackStatus.Ok);
        fields.ShouldBe([(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")]);
        decoder.TableCount.ShouldBe(3);
    }

    [Fact]
    public void Decode_SizeUpdateToZero_EmptiesTheTable()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, Hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        Decode(decoder, Hex("20 82")).Status.ShouldBe(HpackStatus.Ok);
        decoder.TableCount.ShouldBe(0);
        Decode(decoder, Hex("be")).Status.ShouldBe(HpackStatus.CompressionError); // index 62 no longer exists
    }

    [Theory]
    [InlineData("80")]                    // index 0
    [InlineData("ff 00")]                 // index 127 + 0: beyond the tables
    [InlineData("82 20")]                 // size update after a field
    [InlineData("3f e2 1f")]              // size update to 4,097, above the advertised 4,096
    [InlineData("41 8c f1 e3")]           // string shorter than its length
    [InlineData("41 81 ff")]              // Huffman padding of 8 bits
    [InlineData("41 81 00")]              // Huffman padding not all ones
    [InlineData("41 84 ff ff ff ff")]     // EOS inside a string
    [InlineData("ff ff ff ff ff ff 01")]  // integer overflow
    public void Decode_MalformedBlock_IsACompressionError(string hex)
    {
        Decode(new HpackDecoder(), Hex(hex)).Status.ShouldBe(HpackStatus.CompressionError);
    }

    [Fact]
    public void Decode_ListOverTheLimit_StopsDeliveringButKeepsTheTableInStep()
    {
        var encoder = new HpackEncoder();
        var big = new string('v', 200);
        var first = EncodeBlock(encoder, (":method", "GET"), ("x-a", big), ("x-b", big));
        var second = EncodeBlock(encoder, ("x-b", big));
        var decoder = new HpackDecoder(maxHeaderListSize: 300);

        var (status, fields) = Decode(decoder, first);
        status.ShouldBe(HpackStatus.HeaderListTooLarge);
        fields.Count.ShouldBe(2);
        decoder.TableCount.ShouldBe(encoder.TableCount);

        (status, fields) = Decode(decoder, second);
        status.ShouldBe(HpackStatus.Ok);
        fields.ShouldBe([("x-b", big)]);
    }
}
