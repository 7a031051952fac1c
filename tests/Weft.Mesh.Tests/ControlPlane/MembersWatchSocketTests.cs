using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Weft.Mesh.ControlPlane;

namespace Weft.Mesh.Tests.ControlPlane;

/// <summary>
/// The members watch end to end over a real Unix socket: a Kestrel "daemon" serving <see cref="MembersFeed"/>, the
/// sidecar's <see cref="DaemonMembersSource"/> and <see cref="MembersWatch"/> running as in the sidecar.
/// </summary>
public sealed class MembersWatchSocketTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wtmesh-watch-").FullName;

    private string Socket => Path.Combine(_dir, "weft.sock");

    [Fact]
    public async Task Watch_ChangePublishedByTheDaemon_ReachesTheSidecarWhileItsPollIsHeld()
    {
        var feed = new MembersFeed("e1", TimeProvider.System);
        feed.Publish("svc 10.96.0.12:80 10.244.1.5:8080\n");
        await using var daemon = await StartDaemonAsync(feed);
        using var source = new DaemonMembersSource(Socket);
        var members = new MeshMembers();
        var watch = new MembersWatch(source, members, TimeProvider.System);
        var endpoints = members.Endpoints("10.96.0.12:80")!;
        using var stop = new CancellationTokenSource();
        var running = watch.RunAsync(stop.Token);
        await endpoints.WaitNewerAsync(0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        var seen = endpoints.Version;

        // The watch now holds a 30 s poll; the scale-up must arrive through it, not after an interval.
        feed.Publish("svc 10.96.0.12:80 10.244.1.5:8080 10.244.2.3:8080\n");

        var set = await endpoints.WaitNewerAsync(seen, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        set.Endpoints.ShouldBe([IPEndPoint.Parse("10.244.1.5:8080"), IPEndPoint.Parse("10.244.2.3:8080")]);
        await stop.CancelAsync();
        await running;
        // Read once the watch has stopped: it records the tag just after applying the view the wait above saw.
        watch.Tag.ShouldBe("e1-2");
    }

    [Fact]
    public async Task Watch_DaemonStoppedAndRestarted_KeepsLastViewThenReconnects()
    {
        var feed = new MembersFeed("e1", TimeProvider.System);
        feed.Publish("pod 10.244.1.5\nsvc 10.96.0.12:80 10.244.1.5:8080\n");
        var daemon = await StartDaemonAsync(feed);
        using var source = new DaemonMembersSource(Socket);
        var members = new MeshMembers();
        var watch = new MembersWatch(source, members, TimeProvider.System);
        (await watch.PollOnceAsync(CancellationToken.None)).ShouldBeTrue();
        var endpoints = members.Endpoints("10.96.0.12:80")!;
        var applied = endpoints.Version;

        await daemon.DisposeAsync();
        (await source.PollAsync(watch.Tag, TimeSpan.Zero, CancellationToken.None)).ShouldBeOfType<MembersPoll.Unavailable>();
        (await watch.PollOnceAsync(CancellationToken.None)).ShouldBeFalse();
        endpoints.Current.Endpoints.ShouldBe([IPEndPoint.Parse("10.244.1.5:8080")], "the last view is kept while the daemon is away");
        members.IsMeshed(IPAddress.Parse("10.244.1.5")).ShouldBeTrue();

        using var stop = new CancellationTokenSource();
        var running = watch.RunAsync(stop.Token); // backing off and retrying now
        var restarted = new MembersFeed("e2", TimeProvider.System);
        restarted.Publish("pod 10.244.1.5\nsvc 10.96.0.12:80 10.244.3.4:8080\n");
        await using var again = await StartDaemonAsync(restarted);

        var set = await endpoints.WaitNewerAsync(applied, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        set.Endpoints.ShouldBe([IPEndPoint.Parse("10.244.3.4:8080")]);
        await stop.CancelAsync();
        await running;
        // Read once the watch has stopped: it records the tag just after applying the view the wait above saw.
        watch.Tag.ShouldBe("e2-1");
    }

    [Fact]
    public async Task Source_CurrentTagWithoutWait_AnswersNotModified()
    {
        var feed = new MembersFeed("e1", TimeProvider.System);
        feed.Publish("pod 10.244.1.5\n");
        await using var daemon = await StartDaemonAsync(feed);
        using var source = new DaemonMembersSource(Socket);

        (await source.PollAsync("e1-1", TimeSpan.Zero, CancellationToken.None)).ShouldBeOfType<MembersPoll.Unchanged>();
        var changed = (await source.PollAsync("e1-0", TimeSpan.Zero, CancellationToken.None)).ShouldBeOfType<MembersPoll.Changed>();
        changed.Revision.ShouldBe(new MembersRevision("e1-1", "pod 10.244.1.5\n"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<WebApplication> StartDaemonAsync(MembersFeed feed)
    {
        File.Delete(Socket);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.ListenUnixSocket(Socket));
        var app = builder.Build();
        app.Run(context => feed.HandleAsync(context));
        await app.StartAsync();
        return app;
    }
}
