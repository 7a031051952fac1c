using Weft.Mesh.ControlPlane;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.ControlPlane;

public sealed class MembersFeedTests
{
    [Fact]
    public async Task WaitChanged_UnknownOrMissingTag_AnswersAtOnceWithCurrent()
    {
        var feed = new MembersFeed("e1", new ManualTimeProvider());
        feed.Publish("pod 10.244.1.5\n");

        (await feed.WaitChangedAsync(null, TimeSpan.FromSeconds(30), CancellationToken.None))!.Text.ShouldBe("pod 10.244.1.5\n");
        (await feed.WaitChangedAsync("e1-0", TimeSpan.FromSeconds(30), CancellationToken.None))!.Tag.ShouldBe("e1-1");
    }

    [Fact]
    public async Task WaitChanged_CurrentTag_CompletesWhenSomethingIsPublished()
    {
        var feed = new MembersFeed("e1", new ManualTimeProvider());
        feed.Publish("pod 10.244.1.5\n");
        var waiting = feed.WaitChangedAsync("e1-1", TimeSpan.FromSeconds(30), CancellationToken.None);
        waiting.IsCompleted.ShouldBeFalse("nothing changed yet");

        feed.Publish("pod 10.244.1.5\npod 10.244.2.7\n");

        var revision = (await waiting.WaitAsync(TimeSpan.FromSeconds(10)))!;
        revision.Tag.ShouldBe("e1-2");
        revision.Text.ShouldContain("10.244.2.7");
    }

    [Fact]
    public async Task WaitChanged_CurrentTagAndNoChange_ReturnsNullWhenTheWaitEnds()
    {
        var time = new ManualTimeProvider();
        var feed = new MembersFeed("e1", time);
        feed.Publish("pod 10.244.1.5\n");
        var waiting = feed.WaitChangedAsync("e1-1", TimeSpan.FromSeconds(30), CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(29));
        waiting.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeNull();
    }

    [Fact]
    public async Task WaitChanged_ServerStopping_EndsTheHeldPollAsUnchanged()
    {
        var feed = new MembersFeed("e1", new ManualTimeProvider());
        feed.Publish("pod 10.244.1.5\n");
        using var stopping = new CancellationTokenSource();
        var waiting = feed.WaitChangedAsync("e1-1", TimeSpan.FromSeconds(30), CancellationToken.None, stopping.Token);

        await stopping.CancelAsync();

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeNull();
    }

    [Fact]
    public void Publish_SameText_KeepsTheTag()
    {
        var feed = new MembersFeed("e1", new ManualTimeProvider());
        feed.Publish("pod 10.244.1.5\n").ShouldBeTrue();

        feed.Publish("pod 10.244.1.5\n").ShouldBeFalse();

        feed.Current.Tag.ShouldBe("e1-1");
    }

    [Fact]
    public async Task WaitChanged_TagFromAnotherEpoch_AnswersAtOnce()
    {
        // A restarted daemon counts from 1 again; the epoch keeps an old "1" from matching its new "1".
        var restarted = new MembersFeed("e2", new ManualTimeProvider());
        restarted.Publish("pod 10.244.1.9\n");

        var revision = await restarted.WaitChangedAsync("e1-1", TimeSpan.FromSeconds(30), CancellationToken.None);

        revision!.Tag.ShouldBe("e2-1");
    }

    [Theory]
    [InlineData("wait=30", 30)]
    [InlineData("respond-async, wait=5", 5)]
    [InlineData("wait=600", 60)]
    [InlineData("", 0)]
    [InlineData("wait=soon", 0)]
    public void RequestedWait_PreferHeader_IsParsedAndCapped(string prefer, int seconds)
    {
        MembersFeed.RequestedWait(prefer).ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void ReconnectBackOff_DoublesUpToTheCapAndResets()
    {
        var backOff = new ReconnectBackOff();
        var delays = Enumerable.Range(0, 8).Select(_ => backOff.Next().TotalMilliseconds).ToList();

        delays.ShouldBe([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
        backOff.Reset();
        backOff.Next().ShouldBe(ReconnectBackOff.Initial);
    }
}
