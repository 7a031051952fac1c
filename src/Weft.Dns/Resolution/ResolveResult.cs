using Weft.Dns.Protocol;

namespace Weft.Dns.Resolution;

/// <summary>The response to send, and whether it may be replaced by an upstream's answer.</summary>
public sealed record ResolveResult(DnsMessage Response, ResolveOutcome Outcome);
