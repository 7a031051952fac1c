namespace Weft.Local.Apps.Probing;

/// <summary>
/// One entry of a <c>weft app probe-many --targets FILE</c> list:
/// <c>{"id":"x/a->x/b","protocol":"tcp","target":"10.244.1.5:80","timeout":"1s","expect":"x-b"}</c>.
/// </summary>
internal sealed record ProbeTargetSpec
{
    public string? Id { get; init; }

    public string? Protocol { get; init; }

    public string? Target { get; init; }

    public string? Timeout { get; init; }

    public string? Expect { get; init; }

    public string? Send { get; init; }
}
