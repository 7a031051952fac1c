namespace Weft.Mesh.ControlPlane;

/// <summary>
/// One version of the members text. <paramref name="Tag"/> is opaque to clients: <c>&lt;epoch&gt;-&lt;n&gt;</c>, where
/// the epoch is new with every daemon start, so a tag from before a restart never matches and the client gets the
/// whole text at once.
/// </summary>
public sealed record MembersRevision(string Tag, string Text);
