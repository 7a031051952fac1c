namespace Weft.Datapath.Linux.Abstractions;

/// <summary>A program to run: arguments are passed as a vector, never through a shell.</summary>
public sealed record ProcessRequest
{
    public required string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Written to standard input, which is then closed; null leaves standard input empty.</summary>
    public string? StandardInput { get; init; }

    /// <summary>The whole environment of the child when set (nothing inherited); null inherits this process's.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Extra variables added to the inherited environment (ignored when <see cref="Environment"/> is set).</summary>
    public IReadOnlyDictionary<string, string>? ExtraEnvironment { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string Describe() => Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}
