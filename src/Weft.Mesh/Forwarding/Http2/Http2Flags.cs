namespace Weft.Mesh.Forwarding.Http2;

/// <summary>Frame flags (RFC 9113 §6): the same bit means different things per frame type.</summary>
internal static class Http2Flags
{
    public const byte None = 0x0;
    public const byte EndStream = 0x1;
    public const byte Ack = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Padded = 0x8;
    public const byte Priority = 0x20;
}
