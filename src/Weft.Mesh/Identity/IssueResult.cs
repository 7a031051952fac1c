using System.Security.Cryptography.X509Certificates;

namespace Weft.Mesh.Identity;

/// <summary>The outcome of signing a CSR: a leaf plus the chain up to (not including) the trust root, or a failure.</summary>
public sealed record IssueResult
{
    public X509Certificate2? Leaf { get; init; }

    public IReadOnlyList<X509Certificate2> Intermediates { get; init; } = [];

    public IssueFailure Failure { get; init; }

    public string Message { get; init; } = "";

    public bool Succeeded => Failure == IssueFailure.None && Leaf is not null;

    public static IssueResult Fail(IssueFailure failure, string message) => new() { Failure = failure, Message = message };
}
