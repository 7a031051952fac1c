namespace Weft.Mesh.Forwarding.Http1;

/// <summary>How copying one message body ended.</summary>
internal enum BodyCopy : byte
{
    Completed,

    /// <summary>The sending side failed, closed early or broke the framing.</summary>
    SourceFailed,

    /// <summary>The receiving side went away.</summary>
    DestinationFailed,
}
