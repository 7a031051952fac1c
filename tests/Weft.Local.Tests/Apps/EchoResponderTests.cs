using System.Net;
using Weft.Local.Apps;
using Weft.Local.Apps.Http;

namespace Weft.Local.Tests.Apps;

public sealed class EchoResponderTests
{
    private static readonly EchoIdentity Identity = new("web-0", "shop", "node1");
    private static readonly IPEndPoint Client = new(IPAddress.Parse("::ffff:10.244.1.7"), 43210);

    private static EchoResponse Respond(string target, bool json = false) =>
        EchoResponder.Respond(new HttpRequestHead("GET", target, "HTTP/1.1") { WantsJson = json }, Identity, Client);

    [Fact]
    public void Respond_AnyPath_EchoesIdentityClientAndRequestLine()
    {
        var response = Respond("/anything");

        response.Status.ShouldBe(200);
        response.Body.ShouldBe("pod=web-0 namespace=shop node=node1 client=10.244.1.7:43210 request=\"GET /anything HTTP/1.1\"\n");
    }

    [Fact]
    public void Respond_JsonRequested_ReturnsJsonBody()
    {
        var response = Respond("/x?format=json");

        response.ContentType.ShouldBe("application/json");
        response.Body.ShouldBe("{\"pod\":\"web-0\",\"namespace\":\"shop\",\"node\":\"node1\",\"client\":\"10.244.1.7:43210\",\"request\":\"GET /x?format=json HTTP/1.1\",\"status\":200}\n");
    }

    [Fact]
    public void Respond_Healthz_IsOk()
    {
        Respond("/healthz").ShouldSatisfyAllConditions(r => r.Status.ShouldBe(200), r => r.Body.ShouldBe("ok\n"));
    }

    [Theory]
    [InlineData("/status/503", 503)]
    [InlineData("/status/201", 201)]
    [InlineData("/status/99", 400)]
    [InlineData("/status/abc", 400)]
    public void Respond_StatusPath_ReturnsThatStatus(string target, int status)
    {
        Respond(target).Status.ShouldBe(status);
    }

    [Fact]
    public void Respond_DelayPath_AsksForTheDelay()
    {
        Respond("/delay/250").Delay.ShouldBe(TimeSpan.FromMilliseconds(250));
        Respond("/delay/600000").Status.ShouldBe(400);
    }
}
