using System.Net;
using Weft.Mesh.ControlPlane;

namespace Weft.Mesh.Tests.ControlPlane;

public sealed class MembersWatchTests
{
    private const string TwoEndpoints = "pod 10.244.1.5\nsvc 10.96.0.12:80 10.244.1.5:8080 10.244.2.3:8080\n";

    [Fact]
    public async Task PollOnce_NewText_IsAppliedAndItsTagSentWithTheNextPoll()
    {
        var source = new ScriptedSource(Changed("e1-1", TwoEndpoints), new MembersPoll.Unchanged());
        var members = new MeshMembers();
        var watch = new MembersWatch(source, members, TimeProvider.System);

        (await watch.PollOnceAsync(CancellationToken.None)).ShouldBeTrue();
        (await watch.PollOnceAsync(CancellationToken.None)).ShouldBeTrue();

        source.SeenTags.ShouldBe([null, "e1-1"]);
        watch.Tag.ShouldBe("e1-1");
        watch.Applied.ShouldBe(1);
        members.Endpoints("10.96.0.12:80")!.Current.Endpoints.Length.ShouldBe(2);
        members.IsMeshed(IPAddress.Parse("10.244.1.5")).ShouldBeTrue();
    }

    [Fact]
    public async Task PollOnce_DaemonAway_KeepsTheLastMembersAndTag()
    {
        var source = new ScriptedSource(Changed("e1-1", TwoEndpoints), new MembersPoll.Unavailable("connection refused"), new MembersPoll.Unavailable("connection refused"));
        var members = new MeshMembers();
        var watch = new MembersWatch(source, members, TimeProvider.System);
        await watch.PollOnceAsync(CancellationToken.None);

        (await watch.PollOnceAsync(CancellationToken.None)).ShouldBeFalse();
        (await watch.PollOnceAsync(CancellationToken.None)).ShouldBeFalse();

        watch.Tag.ShouldBe("e1-1");
        source.SeenTags.ShouldBe([null, "e1-1", "e1-1"], "reconnects ask for changes since the last applied text");
        members.Endpoints("10.96.0.12:80")!.Current.Endpoints.Length.ShouldBe(2);
        members.IsMeshed(IPAddress.Parse("10.244.1.5")).ShouldBeTrue();
    }

    [Fact]
    public async Task PollOnce_RestartedDaemon_ReplacesTheViewWithItsFullText()
    {
        var source = new ScriptedSource(
            Changed("e1-4", TwoEndpoints),
            new MembersPoll.Unavailable("connection refused"),
            Changed("e2-1", "pod 10.244.1.5\nsvc 10.96.0.12:80 10.244.1.5:8080\n"));
        var members = new MeshMembers();
        var watch = new MembersWatch(source, members, TimeProvider.System);

        for (var i = 0; i < 3; i++) await watch.PollOnceAsync(CancellationToken.None);

        watch.Tag.ShouldBe("e2-1");
        members.Endpoints("10.96.0.12:80")!.Current.Endpoints.ShouldBe([IPEndPoint.Parse("10.244.1.5:8080")]);
    }

    [Fact]
    public async Task PollOnce_SameTagAgain_DoesNotRepublish()
    {
        var source = new ScriptedSource(Changed("e1-1", TwoEndpoints), Changed("e1-1", TwoEndpoints));
        var members = new MeshMembers();
        var watch = new MembersWatch(source, members, TimeProvider.System);
        await watch.PollOnceAsync(CancellationToken.None);
        var version = members.Endpoints("10.96.0.12:80")!.Version;

        await watch.PollOnceAsync(CancellationToken.None);

        watch.Applied.ShouldBe(1);
        members.Endpoints("10.96.0.12:80")!.Version.ShouldBe(version);
    }

    private static MembersPoll.Changed Changed(string tag, string text) => new(new MembersRevision(tag, text));

    private sealed class ScriptedSource(params MembersPoll[] script) : IMembersSource
    {
        private int _next;

        public List<string?> SeenTags { get; } = [];

        public Task<MembersPoll> PollAsync(string? seenTag, TimeSpan wait, CancellationToken cancellationToken)
        {
            SeenTags.Add(seenTag);
            return Task.FromResult(script[_next++]);
        }
    }
}
