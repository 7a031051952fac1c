namespace Weft.Mesh.Identity;

/// <summary>Turns a pod token into the workload identity it proves, or null when the token is unknown.</summary>
public interface IPodTokenReview
{
    SpiffeId? Review(string token);
}
