using System.Net;
using Weft.Datapath.Linux.Abstractions;

namespace Weft.Agent;

/// <summary>Where a node agent works and how it retries.</summary>
public sealed record NodeAgentOptions
{
    public required string NodeName { get; init; }

    /// <summary>The node's network namespace: the DNS sockets are created inside it.</summary>
    public required NetnsRef Netns { get; init; }

    /// <summary>Cluster DNS listens here (UDP and TCP), e.g. 10.96.0.10:53; null serves no DNS.</summary>
    public IPEndPoint? DnsEndpoint { get; init; }

    /// <summary>UDP receive loops of the DNS server; a node serves only its own pods, so a few suffice.</summary>
    public int DnsUdpWorkers { get; init; } = 2;

    /// <summary>First wait after a failed sync; doubled per consecutive failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle agent checks that the kernel still holds its datapaths; zero turns checks off.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(30);
}
