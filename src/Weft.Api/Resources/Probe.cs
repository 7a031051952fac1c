using System.Collections.Immutable;

namespace Weft.Api.Resources;

/// <summary>v1 Probe with exactly one handler set.</summary>
public sealed record Probe
{
    public IntOrString? TcpSocketPort { get; init; }

    public HttpGetAction? HttpGet { get; init; }

    public ImmutableArray<string> ExecCommand { get; init; } = [];

    public int InitialDelaySeconds { get; init; }

    public int PeriodSeconds { get; init; } = 10;

    public int TimeoutSeconds { get; init; } = 1;

    public int SuccessThreshold { get; init; } = 1;

    public int FailureThreshold { get; init; } = 3;
}
