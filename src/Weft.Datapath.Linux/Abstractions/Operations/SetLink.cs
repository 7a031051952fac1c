namespace Weft.Datapath.Linux.Abstractions.Operations;

/// <summary>Changes attributes of an existing link; unset members are left as they are.</summary>
public sealed record SetLink(string Name) : NetlinkOperation
{
    public bool? Up { get; init; }

    public int? Mtu { get; init; }

    public string? Mac { get; init; }

    /// <summary>Enslaves the link to this bridge.</summary>
    public string? Master { get; init; }

    /// <summary>Moves the link into this namespace (last, so other changes apply first).</summary>
    public NetnsRef? MoveTo { get; init; }
}
