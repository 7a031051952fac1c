using Weft.Api.Manifests;

namespace Weft.Policy.Lint;

/// <summary>
/// A lint finding about one policy, printed like every Weft diagnostic:
/// <c>file:line:column: Kind name field.path: message</c> (without a file when the policy was built in code).
/// </summary>
public sealed record LintWarning(SourceLocation? Source, string Policy, string Field, string Message)
{
    public override string ToString()
    {
        var subject = Field.Length == 0 ? Policy : $"{Policy} {Field}";
        return Source is null ? $"{subject}: {Message}" : $"{Source}: {subject}: {Message}";
    }
}
