using System.Diagnostics;

namespace Weft.Datapath.Tests.Privileged;

/// <summary>A long-lived TCP connection held by a client process in the testbed; disposed by killing that process.</summary>
public sealed class TcpSession(Process process) : IDisposable
{
    /// <summary>Sends one line on the connection and returns the backend's answer (its name), or null if it broke.</summary>
    public async Task<string?> AskAsync()
    {
        await process.StandardInput.WriteLineAsync("ping");
        await process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await process.StandardOutput.ReadLineAsync(timeout.Token);
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.Dispose();
    }
}
