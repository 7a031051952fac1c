namespace Weft.Dns.Resolution;

/// <summary>What the resolver made of a query.</summary>
public enum ResolveOutcome
{
    /// <summary>The response is final (an answer, NXDOMAIN, NODATA, FORMERR, NOTIMP, BADVERS…).</summary>
    Answered,

    /// <summary>The name is outside every zone served here; the response is REFUSED unless an upstream takes it.</summary>
    Outside,
}
