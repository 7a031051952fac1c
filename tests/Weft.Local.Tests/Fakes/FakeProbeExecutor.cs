using System.Collections.Concurrent;
using Weft.Local.Probes;

namespace Weft.Local.Tests.Fakes;

/// <summary>Answers probes from a scripted queue of verdicts (then the default); counts calls.</summary>
internal sealed class FakeProbeExecutor : IProbeExecutor
{
    private readonly ConcurrentQueue<bool> _script = new();
    private int _calls;

    public bool Default { get; set; } = true;

    public int Calls => Volatile.Read(ref _calls);

    public void Enqueue(params bool[] results)
    {
        foreach (var result in results)
        {
            _script.Enqueue(result);
        }
    }

    public Task<ProbeVerdict> RunAsync(ProbeAction action, string? networkNamespace, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var success = _script.TryDequeue(out var scripted) ? scripted : Default;
        return Task.FromResult(success ? ProbeVerdict.Succeeded : new ProbeVerdict(false, "scripted failure"));
    }
}
