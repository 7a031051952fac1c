namespace Weft.Datapath.Linux.Nftables;

/// <summary>The exit code and captured output of one finished process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The first lines of stderr, for error messages.</summary>
    public string ErrorExcerpt => StandardError.Length <= 600 ? StandardError.Trim() : StandardError[..600].Trim() + " …";
}
