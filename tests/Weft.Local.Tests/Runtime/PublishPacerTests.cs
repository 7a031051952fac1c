using System.Threading.Channels;
using Weft.Local.Runtime;
using Weft.Local.Tests.Fakes;

namespace Weft.Local.Tests.Runtime;

public sealed class PublishPacerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Trigger_WhenIdle_PublishesWithoutWaitingForTheClock()
    {
        var time = new ManualTimeProvider();
        await using var run = Start(time);

        run.Pacer.Trigger();

        (await run.NextPublishAsync()).ShouldBe(time.GetUtcNow());
    }

    [Fact]
    public async Task Trigger_AfterAQuietSpell_PublishesAtOnceAgain()
    {
        var time = new ManualTimeProvider();
        await using var run = Start(time);
        run.Pacer.Trigger();
        await run.NextPublishAsync();

        time.Advance(TimeSpan.FromSeconds(1));
        run.Pacer.Trigger();

        (await run.NextPublishAsync()).ShouldBe(time.GetUtcNow());
        time.PendingTimers.ShouldBe(0);
    }

    [Fact]
    public async Task Triggers_WithinTheInterval_CoalesceIntoOnePublishWhenItHasPassed()
    {
        var time = new ManualTimeProvider();
        await using var run = Start(time);
        var start = time.GetUtcNow();
        run.Pacer.Trigger();
        await run.NextPublishAsync();

        time.Advance(TimeSpan.FromMilliseconds(10));
        run.Pacer.Trigger();
        run.Pacer.Trigger();
        run.Pacer.Trigger();
        SpinWait.SpinUntil(() => time.PendingTimers == 1, Patience).ShouldBeTrue("the burst waits for the interval");
        run.Published.ShouldBe(1);

        time.Advance(TimeSpan.FromMilliseconds(40));

        (await run.NextPublishAsync()).ShouldBe(start + Interval);
        run.Published.ShouldBe(2);
    }

    [Fact]
    public async Task Triggers_DuringAPublish_CostExactlyOneMorePublish()
    {
        var time = new ManualTimeProvider();
        using var release = new ManualResetEventSlim();
        await using var run = Start(time, blockFirst: release);
        run.Pacer.Trigger();
        SpinWait.SpinUntil(() => run.Entered == 1, Patience).ShouldBeTrue();

        for (var i = 0; i < 5; i++)
        {
            run.Pacer.Trigger();
        }

        time.Advance(Interval);
        release.Set();
        await run.NextPublishAsync();
        await run.NextPublishAsync();

        SpinWait.SpinUntil(() => time.PendingTimers == 0, Patience).ShouldBeTrue();
        run.Published.ShouldBe(2);
    }

    private static Run Start(ManualTimeProvider time, ManualResetEventSlim? blockFirst = null) => new(new PublishPacer(time, Interval), time, blockFirst);

    private sealed class Run : IAsyncDisposable
    {
        private readonly Channel<DateTimeOffset> publishes = Channel.CreateUnbounded<DateTimeOffset>();
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;
        private int entered;
        private int published;

        public Run(PublishPacer pacer, ManualTimeProvider time, ManualResetEventSlim? blockFirst)
        {
            Pacer = pacer;
            loop = Task.Run(() => pacer.RunAsync(
                () =>
                {
                    if (Interlocked.Increment(ref entered) == 1)
                    {
                        blockFirst?.Wait(Patience);
                    }

                    Interlocked.Increment(ref published);
                    publishes.Writer.TryWrite(time.GetUtcNow());
                },
                stop.Token));
        }

        public PublishPacer Pacer { get; }

        public int Entered => Volatile.Read(ref entered);

        public int Published => Volatile.Read(ref published);

        public async Task<DateTimeOffset> NextPublishAsync() => await publishes.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop.WaitAsync(Patience);
            stop.Dispose();
        }
    }
}
