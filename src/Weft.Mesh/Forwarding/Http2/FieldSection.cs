namespace Weft.Mesh.Forwarding.Http2;

/// <summary>Which header section is being re-encoded (pseudo-fields differ).</summary>
internal enum FieldSection : byte
{
    Request,
    Response,
    Trailers,
}
