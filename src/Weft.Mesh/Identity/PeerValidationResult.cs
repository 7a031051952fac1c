namespace Weft.Mesh.Identity;

/// <summary>The peer's proven identity, or why it is refused.</summary>
public sealed record PeerValidationResult(SpiffeId? Identity, PeerValidationFailure Failure, string Message)
{
    public bool Succeeded => Failure == PeerValidationFailure.None;

    public static PeerValidationResult Ok(SpiffeId id) => new(id, PeerValidationFailure.None, "");

    public static PeerValidationResult Fail(PeerValidationFailure failure, string message) => new(null, failure, message);
}
