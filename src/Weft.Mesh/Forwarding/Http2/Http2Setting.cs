namespace Weft.Mesh.Forwarding.Http2;

/// <summary>SETTINGS parameters (RFC 9113 §6.5.2); unknown identifiers are ignored.</summary>
internal enum Http2Setting : ushort
{
    HeaderTableSize = 0x1,
    EnablePush = 0x2,
    MaxConcurrentStreams = 0x3,
    InitialWindowSize = 0x4,
    MaxFrameSize = 0x5,
    MaxHeaderListSize = 0x6,
}
