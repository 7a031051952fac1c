namespace Weft.Mesh.ControlPlane;

/// <summary>The outcome of one members long poll.</summary>
public abstract record MembersPoll
{
    private MembersPoll()
    {
    }

    /// <summary>A (new) members text and its tag.</summary>
    public sealed record Changed(MembersRevision Revision) : MembersPoll;

    /// <summary>The daemon held the request for its wait and nothing changed.</summary>
    public sealed record Unchanged : MembersPoll;

    /// <summary>The daemon could not be reached or answered with an error; <paramref name="Reason"/> says which.</summary>
    public sealed record Unavailable(string Reason) : MembersPoll;
}
