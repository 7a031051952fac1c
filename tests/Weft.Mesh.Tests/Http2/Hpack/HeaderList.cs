using System.Buffers;
using System.Text;
using Weft.Mesh.Forwarding.Http2.Hpack;

namespace Weft.Mesh.Tests.Http2.Hpack;

/// <summary>A header sink that keeps what it was given, and encoding helpers for the HPACK tests.</summary>
internal sealed class HeaderList : IHeaderSink
{
    public List<(string Name, string Value)> Fields { get; } = [];

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        Fields.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static byte[] EncodeBlock(HpackEncoder encoder, params (string Name, string Value)[] fields)
    {
        var output = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(output);
        foreach (var (name, value) in fields) encoder.Encode(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value), output);
        return output.WrittenSpan.ToArray();
    }

    public static (HpackStatus Status, List<(string Name, string Value)> Fields) Decode(HpackDecoder decoder, byte[] block)
    {
        var sink = new HeaderList();
        var status = decoder.Decode(new ReadOnlySequence<byte>(block), sink);
        return (status, sink.Fields);
    }
}
