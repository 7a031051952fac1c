using Weft.Flows.Output;

namespace Weft.Flows.Query;

/// <summary>
/// The raw <c>weft observe</c> options as typed by the user, validated into a <see cref="FlowQuery"/> and an output
/// format. Every problem is reported (one message per bad option), none is guessed around.
/// </summary>
public sealed record ObserveArguments
{
    public string? FromPod { get; init; }

    public string? ToPod { get; init; }

    public string? Namespace { get; init; }

    public string? Verdict { get; init; }

    public int? Port { get; init; }

    public string? Protocol { get; init; }

    public string? Since { get; init; }

    public int? Last { get; init; }

    public bool Follow { get; init; }

    public string? Output { get; init; }

    public bool TryBuild(TimeProvider time, out FlowQuery query, out FlowOutputFormat format, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        PodRef? from = null, to = null;
        if (FromPod is not null && !PodRef.TryParse(FromPod, out from))
        {
            problems.Add($"--from-pod: '{FromPod}' is not NAMESPACE/POD");
        }

        if (ToPod is not null && !PodRef.TryParse(ToPod, out to))
        {
            problems.Add($"--to-pod: '{ToPod}' is not NAMESPACE/POD");
        }

        if (Namespace is { Length: 0 })
        {
            problems.Add("--namespace: must not be empty");
        }

        FlowVerdict? verdict = null;
        if (Verdict is not null)
        {
            if (RuleText.TryParseVerdict(Verdict, out var parsed))
            {
                verdict = parsed;
            }
            else
            {
                problems.Add($"--verdict: '{Verdict}' is not one of FORWARDED, DROPPED, AUDIT");
            }
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"--port: {Port} is not between 1 and 65535");
        }

        IpProtocol? protocol = null;
        if (Protocol is not null)
        {
            if (IpProtocolNames.TryParse(Protocol, out var parsed))
            {
                protocol = parsed;
            }
            else
            {
                problems.Add($"--protocol: '{Protocol}' is not TCP, UDP, SCTP, ICMP, ICMPv6 or a protocol number");
            }
        }

        DateTimeOffset? since = null;
        if (Since is not null)
        {
            if (DurationText.TryParse(Since, out var duration))
            {
                since = time.GetUtcNow() - duration;
            }
            else
            {
                problems.Add($"--since: '{Since}' is not a duration such as 30s, 5m, 2h, 1d");
            }
        }

        if (Last is < 1)
        {
            problems.Add($"--last: {Last} must be at least 1");
        }

        format = FlowOutputFormat.Compact;
        switch (Output)
        {
            case null or "compact": break;
            case "json": format = FlowOutputFormat.Json; break;
            default: problems.Add($"-o: '{Output}' is not compact or json"); break;
        }

        query = new FlowQuery
        {
            Filter = new FlowFilter
            {
                FromPod = from,
                ToPod = to,
                Namespace = Namespace,
                Verdict = verdict,
                Port = Port,
                Protocol = protocol,
                Since = since,
            },
            Last = Last,
            Follow = Follow,
        };
        errors = problems;
        return problems.Count == 0;
    }
}
