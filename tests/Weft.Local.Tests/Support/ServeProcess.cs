using System.Diagnostics;

namespace Weft.Local.Tests.Support;

/// <summary>A <c>weft app serve</c> child process, started and waited for until it prints that it listens; killed on dispose.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, string banner)
    {
        _process = process;
        Banner = banner;
    }

    public string Banner { get; }

    public static async Task<ServeProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var process = Process.Start(WeftCli.StartInfo(["app", "serve", .. arguments], environment))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var banner = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (banner is null || !banner.Contains("listening", StringComparison.Ordinal))
        {
            var errors = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"weft app serve did not start: {banner} {errors}");
        }

        return new ServeProcess(process, banner);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
