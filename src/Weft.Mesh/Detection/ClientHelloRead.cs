namespace Weft.Mesh.Detection;

/// <summary>How far <see cref="ClientHelloParser"/> got with the first bytes of a TLS connection.</summary>
public enum ClientHelloRead
{
    /// <summary>The ClientHello is not complete yet.</summary>
    NeedMore,

    /// <summary>A whole, well-formed ClientHello was read.</summary>
    Parsed,

    /// <summary>Not a well-formed ClientHello (wrong record or handshake type, lengths that do not add up).</summary>
    Malformed,

    /// <summary>Longer than <see cref="ClientHelloParser.MaxClientHelloLength"/>: not a peer proxy's, whatever it says.</summary>
    TooLarge,
}
