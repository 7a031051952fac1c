using System.Collections.Immutable;
using System.Net;

namespace Weft.Local.Apps;

/// <summary>Everything <c>weft app serve</c> needs: listeners, the address to bind and the identity to print.</summary>
public sealed record EchoServerOptions
{
    public required ImmutableArray<ServePort> Ports { get; init; }

    /// <summary>The address every listener binds; <see cref="IPAddress.IPv6Any"/> (dual-stack) by default.</summary>
    public IPAddress Bind { get; init; } = IPAddress.IPv6Any;

    public required EchoIdentity Identity { get; init; }
}
