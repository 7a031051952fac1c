using System.Text;
using Weft.Local.Apps.Probing;

namespace Weft.Local.Tests.Apps;

public sealed class ProbeBatchTests
{
    private static bool Load(string json, out System.Collections.Immutable.ImmutableArray<ProbeRequest> requests, out System.Collections.Immutable.ImmutableArray<string> errors) =>
        ProbeBatch.TryLoad("targets.json", Encoding.UTF8.GetBytes(json), TimeSpan.FromSeconds(1), out requests, out errors);

    [Fact]
    public void TryLoad_ValidList_ReturnsRequests()
    {
        Load("""[{"id":"x/a->x/b","protocol":"udp","target":"10.0.0.2:81","timeout":"250ms","expect":"b"}, {"protocol":"tcp","target":"10.0.0.3:80"}]""", out var requests, out _).ShouldBeTrue();

        requests[0].ShouldBe(new ProbeRequest { Id = "x/a->x/b", Protocol = ProbeProtocol.Udp, Host = "10.0.0.2", Port = 81, Timeout = TimeSpan.FromMilliseconds(250), Expect = "b" });
        requests[1].Timeout.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void TryLoad_BadEntries_ReportsEveryProblemWithPosition()
    {
        var json = "[\n  {\"protocol\":\"tcp\",\"target\":\"10.0.0.1:80\"},\n  {\"protocol\":\"icmp\",\"target\":\"10.0.0.1:80\"},\n  {\"protocol\":\"tcp\",\"target\":\"nope\"}\n]";

        Load(json, out var requests, out var errors).ShouldBeFalse();

        requests.ShouldBeEmpty();
        errors.ShouldBe([
            "targets.json:3:3: [1].protocol: must be tcp, udp or http",
            "targets.json:4:3: [2].target: 'nope': expected HOST:PORT",
        ]);
    }

    [Fact]
    public void TryLoad_NotAnArray_Fails()
    {
        Load("{}", out _, out var errors).ShouldBeFalse();

        errors.ShouldBe(["targets.json:1:1: expected a JSON array of targets"]);
    }
}
