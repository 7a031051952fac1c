using Weft.Mesh.Forwarding.Http2.Hpack;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>Decodes a header block nobody wants (a refused or already closed stream): HPACK state must still advance (§4.3).</summary>
internal sealed class DiscardingHeaderSink : IHeaderSink
{
    public static readonly DiscardingHeaderSink Instance = new();

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
    }
}
