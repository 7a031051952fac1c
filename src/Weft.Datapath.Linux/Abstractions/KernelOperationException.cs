namespace Weft.Datapath.Linux.Abstractions;

/// <summary>
/// A kernel or kernel-tool operation failed. Carries what was attempted, the exit code (or errno) and an
/// excerpt of the tool's standard error, so a failure report names the exact step.
/// </summary>
public sealed class KernelOperationException : Exception
{
    private const int MaxExcerpt = 400;

    public KernelOperationException(string operation, int exitCode, string? stderr)
        : base($"{operation} failed (exit {exitCode}): {Excerpt(stderr)}")
    {
        Operation = operation;
        ExitCode = exitCode;
        StandardError = Excerpt(stderr);
    }

    public KernelOperationException(string operation, int exitCode, string? stderr, Exception inner)
        : base($"{operation} failed (exit {exitCode}): {Excerpt(stderr)}", inner)
    {
        Operation = operation;
        ExitCode = exitCode;
        StandardError = Excerpt(stderr);
    }

    public KernelOperationException()
        : this("kernel operation", -1, null)
    {
    }

    public KernelOperationException(string message)
        : this(message, -1, null)
    {
    }

    public KernelOperationException(string message, Exception innerException)
        : this(message, -1, null, innerException)
    {
    }

    /// <summary>The attempted operation, e.g. <c>ip link add weft0 type veth …</c> or <c>setns(/var/run/netns/x)</c>.</summary>
    public string Operation { get; }

    /// <summary>Process exit code, or errno for a system call.</summary>
    public int ExitCode { get; }

    /// <summary>The first few hundred characters of standard error (or the strerror text).</summary>
    public string StandardError { get; }

    private static string Excerpt(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        return trimmed.Length <= MaxExcerpt ? trimmed : string.Concat(trimmed.AsSpan(0, MaxExcerpt), "…");
    }
}
