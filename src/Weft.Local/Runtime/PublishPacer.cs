using System.Threading.Channels;

namespace Weft.Local.Runtime;

/// <summary>
/// Turns change triggers into publishes: a trigger after a quiet spell publishes at once (a single
/// <c>weft apply</c> pays no settle delay), and triggers arriving while a publish runs, or within
/// <see cref="MinimumInterval"/> of the last one's start, coalesce into one more publish when that interval
/// has passed (a deployment's pods turning ready together cost two publishes, not one per pod).
/// </summary>
internal sealed class PublishPacer(TimeProvider time, TimeSpan minimumInterval)
{
    // One slot: any number of triggers while a publish is pending or running cost exactly one more publish.
    private readonly Channel<bool> triggers = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public TimeSpan MinimumInterval { get; } = minimumInterval;

    public void Trigger() => triggers.Writer.TryWrite(true);

    /// <summary>Calls <paramref name="publish"/> per coalesced trigger until cancelled.</summary>
    public async Task RunAsync(Action publish, CancellationToken cancellationToken)
    {
        long? lastStart = null;
        try
        {
            while (await triggers.Reader.WaitToReadAsync(cancellationToken))
            {
                if (lastStart is { } last && time.GetElapsedTime(last) is var since && since < MinimumInterval)
                {
                    await Task.Delay(MinimumInterval - since, time, cancellationToken);
                }

                triggers.Reader.TryRead(out _);
                lastStart = time.GetTimestamp();
                publish();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
