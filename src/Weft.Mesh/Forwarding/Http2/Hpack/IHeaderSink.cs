namespace Weft.Mesh.Forwarding.Http2.Hpack;

/// <summary>Receives the fields of a decoded header block in order.</summary>
/// <remarks>The spans are valid only during the call: they point into the decoder's scratch buffers or table.</remarks>
internal interface IHeaderSink
{
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
