namespace Weft.Local.Supervision;

/// <summary>What to do after a container ended: restart at a time (maybe now), or leave it terminated.</summary>
public sealed record RestartDecision(DateTimeOffset? RestartAt)
{
    public static readonly RestartDecision Stay = new((DateTimeOffset?)null);

    public bool Restarts => RestartAt is not null;
}
