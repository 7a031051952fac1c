using System.Threading.Channels;
using Weft.Local.Processes;

namespace Weft.Local.Tests.Fakes;

/// <summary>Hands out fake processes; tests end them with <see cref="FakeProcessHandle.Exit"/> and read every launch.</summary>
internal sealed class FakeProcessLauncher : IProcessLauncher
{
    private readonly Channel<FakeProcessHandle> _launches = Channel.CreateUnbounded<FakeProcessHandle>();
    private int _nextPid = 1000;

    /// <summary>Commands that do not exist: launching them is a CannotRun.</summary>
    public HashSet<string> Missing { get; } = [];

    public int Attempts { get; private set; }

    public LaunchResult Launch(ProcessStartSpec spec)
    {
        Attempts++;
        if (Missing.Contains(spec.FileName))
        {
            return LaunchResult.CannotRun($"exec: \"{spec.FileName}\": executable file not found in $PATH");
        }

        var handle = new FakeProcessHandle(spec, new ProcessIdentity(Interlocked.Increment(ref _nextPid), 42));
        _launches.Writer.TryWrite(handle);
        return LaunchResult.Started(handle);
    }

    /// <summary>The next process started (waits for the supervisor to launch it).</summary>
    public async Task<FakeProcessHandle> NextLaunchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _launches.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTakeLaunch(out FakeProcessHandle? handle) => _launches.Reader.TryRead(out handle);
}
